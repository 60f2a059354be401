"""How big the wall display's letters must be to be read from the back of the room (no Qt).

A capital letter is legible when it subtends at least 0.7 degrees at the reader's eye: about
37 mm at 3 m, 61 mm at 5 m and 98 mm at 8 m. On a screen that is a number of pixels, found from
the panel's physical size (its diagonal in inches and its resolution) and from the font's cap
height as a share of its pixel size (0.73 for DejaVu Sans; 0.7 is a safe guess for other fonts).

Worked example, the office's default: a 55-inch 1920x1080 panel is 1218 mm wide, so one pixel is
0.63 mm; a 98 mm capital is 154 pixels tall, so read from 8 m a text needs a font of at least
211 pixels (DejaVu Sans), 221 with the 0.7 guess. The same panel turned to portrait has the same
pixels, so the same rule. On a 4K panel every figure in pixels doubles.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

VISUAL_ANGLE_DEGREES = 0.7
DEFAULT_CAP_RATIO = 0.7
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Panel:
    """A screen: its diagonal in inches and the pixels it shows (either orientation)."""

    diagonal_inches: float
    width_px: int
    height_px: int

    @property
    def mm_per_px(self) -> float:
        return self.diagonal_inches * MM_PER_INCH / math.hypot(self.width_px, self.height_px)


def min_cap_height_mm(distance_m: float, angle_degrees: float = VISUAL_ANGLE_DEGREES) -> float:
    """The height a capital letter needs to be read from `distance_m` metres."""
    return 2 * distance_m * 1000 * math.tan(math.radians(angle_degrees) / 2)


def min_cap_height_px(distance_m: float, panel: Panel) -> float:
    """The same height in the panel's pixels."""
    return min_cap_height_mm(distance_m) / panel.mm_per_px


def min_font_px(distance_m: float, panel: Panel, cap_ratio: float = DEFAULT_CAP_RATIO) -> int:
    """The smallest font pixel size whose capitals can be read from `distance_m` on `panel`.

    Args:
        distance_m: how far the farthest reader sits, in metres.
        panel: the screen the text is shown on.
        cap_ratio: the font's cap height divided by its pixel size.
    """
    if distance_m <= 0 or cap_ratio <= 0:
        raise ValueError("the distance and the cap ratio must be positive")
    return math.ceil(min_cap_height_px(distance_m, panel) / cap_ratio - 1e-9)


def wrap_words(text: str, width: float, advance: Callable[[str], float]) -> list[str]:
    """Break `text` into lines no wider than `width` (as measured by `advance`).

    Lines break between words; a single word wider than a line is cut with a hyphen, since a
    letter too small to read is worse than a word split in two.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if advance(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _hyphenate(word, width, advance)
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines or [""]


def _hyphenate(word: str, width: float, advance: Callable[[str], float]) -> list[str]:
    pieces: list[str] = []
    while advance(word) > width and len(word) > 2:
        cut = len(word) - 1
        while cut > 1 and advance(word[:cut] + "-") > width:
            cut -= 1
        pieces.append(word[:cut] + "-")
        word = word[cut:]
    return [*pieces, word]


def elide_lines(
    lines: list[str], max_lines: int, width: float, advance: Callable[[str], float]
) -> list[str]:
    """At most `max_lines` of `lines`, the last one ending in "…" when some were left out."""
    if len(lines) <= max_lines:
        return lines
    kept = lines[: max(max_lines, 1)]
    last = kept[-1].rstrip("-")
    while last and advance(last + "…") > width:
        last = last[:-1].rstrip()
    return [*kept[:-1], last + "…"]
