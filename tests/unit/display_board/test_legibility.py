"""The reading-distance rule, word wrapping, the board's items and its pages (no window)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.results import CounterView
from db.rules.hours import Availability, ClosedReason
from db.views.queries import CallRecord, ServiceStatus
from display_board.board import paginate
from display_board.items import counter_items, recent_items, sections, waiting_items
from display_board.labels import Labels
from display_board.legibility import (
    Panel,
    elide_lines,
    min_cap_height_mm,
    min_font_px,
    wrap_words,
)

FULL_HD_55 = Panel(55, 1920, 1080)


@pytest.mark.parametrize(("metres", "mm"), [(3, 37), (5, 61), (8, 98)])
def test_a_capital_must_subtend_0_7_degrees(metres: float, mm: float) -> None:
    assert min_cap_height_mm(metres) == pytest.approx(mm, abs=0.5)


def test_a_55_inch_1080p_pixel_is_0_63_mm_in_either_orientation() -> None:
    assert FULL_HD_55.mm_per_px == pytest.approx(0.634, abs=0.001)
    assert Panel(55, 1080, 1920).mm_per_px == FULL_HD_55.mm_per_px


def test_the_minimum_font_for_8_m_on_a_55_inch_screen() -> None:
    # 97.7 mm / 0.634 mm = 154 px of capital; DejaVu Sans capitals are 0.73 of the font size.
    assert min_font_px(8, FULL_HD_55) == 221  # the safe guess, capitals at 0.7
    assert min_font_px(8, FULL_HD_55, cap_ratio=0.73) == 212
    assert min_font_px(3, FULL_HD_55, cap_ratio=0.73) == 80
    assert min_font_px(8, Panel(55, 3840, 2160), cap_ratio=0.73) == 423  # 4K: twice the pixels
    assert min_font_px(8, Panel(75, 1920, 1080), cap_ratio=0.73) == 155  # a bigger screen


def test_the_rule_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="positive"):
        min_font_px(0, FULL_HD_55)


def width_of(text: str) -> float:
    return 10.0 * len(text)  # a monospaced stand-in: 10 pixels a character


def test_words_wrap_between_words_and_a_word_too_long_is_hyphenated() -> None:
    assert wrap_words("Paspor Hilang atau Rusak", 130, width_of) == ["Paspor Hilang", "atau Rusak"]
    assert wrap_words("Pengambilan Paspor", 80, width_of) == ["Pengamb-", "ilan", "Paspor"]
    assert wrap_words("A001", 80, width_of) == ["A001"]
    assert wrap_words("", 80, width_of) == [""]


# Words of letters only: a hyphen in the output is then always one the wrapping put there.
texts = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30)).map(
    " ".join
)
widths = st.integers(min_value=30, max_value=400)  # three characters at least


def unwrap(lines: list[str]) -> str:
    """The text the lines came from: a line cut with a hyphen runs on into the next."""
    joined = ""
    for line in lines:
        joined += line[:-1] if line.endswith("-") else line + " "
    return joined.strip()


@given(text=texts, width=widths)
def test_wrapped_lines_fit_and_keep_every_word_in_order(text: str, width: int) -> None:
    lines = wrap_words(text, width, width_of)
    assert all(width_of(line) <= width for line in lines)
    assert unwrap(lines) == text
    assert lines != []


@given(text=texts, width=widths, max_lines=st.integers(min_value=1, max_value=4))
def test_elided_lines_are_at_most_the_maximum_and_say_when_text_was_left_out(
    text: str, width: int, max_lines: int
) -> None:
    lines = wrap_words(text, width, width_of)
    kept = elide_lines(lines, max_lines, width, width_of)
    assert len(kept) == min(len(lines), max_lines)
    assert kept[-1].endswith("…") == (len(lines) > max_lines)
    assert all(width_of(line) <= width for line in kept)


@given(
    heights=st.lists(st.integers(min_value=1, max_value=400), max_size=30),
    room=st.integers(min_value=50, max_value=1000),
    spacing=st.integers(min_value=0, max_value=40),
)
def test_pages_keep_every_item_once_in_order_and_only_an_item_too_tall_overflows(
    heights: list[int], room: int, spacing: int
) -> None:
    pages = paginate(heights, room, spacing)

    def used(page: list[int]) -> int:
        return sum(heights[i] for i in page) + spacing * (len(page) - 1)

    assert [index for page in pages for index in page] == list(range(len(heights)))
    assert all(used(page) <= room or len(page) == 1 for page in pages)
    for page, following in itertools.pairwise(pages):  # no page ends too early
        assert used(page) + spacing + heights[following[0]] > room


def test_items_go_on_pages_of_the_room_they_have() -> None:
    assert paginate([100, 100, 200, 50], room=210, spacing=10) == [[0, 1], [2], [3]]
    assert paginate([300, 50], room=210, spacing=10) == [[0], [1]]  # too tall: a page alone
    assert paginate([], room=210, spacing=10) == []


NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def service(code: str, waiting: int, *, closed: bool = False) -> ServiceStatus:
    state = Availability(False, ClosedReason.INACTIVE) if closed else Availability(True)
    return ServiceStatus(
        code, f"Layanan {code}", f"Service {code}", "#1F5FA8", waiting, 0, None, state
    )


def test_a_closed_service_is_marked_closed_with_the_people_still_waiting() -> None:
    labels = Labels(("id",))
    items = waiting_items(
        labels, [service("A", 3), service("B", 2, closed=True), service("C", 0, closed=True)]
    )
    assert [(i.name, i.value, i.value_role) for i in items] == [
        ("Layanan A", "3", ""),
        ("Layanan B", "TUTUP · 2", "closed"),
        ("Layanan C", "TUTUP", "closed"),
    ]
    assert items[0].badge == ("A", "#1F5FA8")
    english = waiting_items(Labels(("en", "id")), [service("B", 2, closed=True)])
    assert (english[0].name, english[0].value) == ("Service B", "CLOSED · 2")


def test_counters_pair_each_counter_with_its_number_or_its_state() -> None:
    labels = Labels(("id",))
    views = [
        CounterView(1, "Loket 1", "open", None, None),
        CounterView(2, "Loket 2", "paused", None, None),
    ]
    assert [(i.name, i.value, i.value_role) for i in counter_items(labels, views)] == [
        ("LOKET 1", "—", ""),
        ("LOKET 2", "ISTIRAHAT", "closed"),
    ]
    calls = [CallRecord("A002", 1, NOW, 0), CallRecord("A001", 2, NOW, 0)]
    assert [(i.name, i.value) for i in recent_items(labels, calls, views)] == [
        ("A002", "LOKET 1"),
        ("A001", "LOKET 2"),
    ]
    assert [s.kind for s in sections(labels, views, [], [])] == ["counters"]  # empty ones left out
