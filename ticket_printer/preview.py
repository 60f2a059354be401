"""The ticket rendered as the thermal printer would print it: a PNG at 203 dpi."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from ticket_printer import codepage
from ticket_printer.ticket import Element, Paper, Qr, Rule, Text, TicketContent, layout

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LINE_DOTS = 30  # a font-A line: 24 dots of glyph and 6 of spacing
MARGIN_DOTS = 24
_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(scale: int, bold: bool) -> _Font:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), 20 * scale)
    except OSError:
        return ImageFont.load_default(20 * scale)


def render(
    content: TicketContent, paper: Paper, code_page: str = codepage.DEFAULT_CODE_PAGE
) -> Image.Image:
    """The ticket as a white strip `paper.dots` wide, black print, QR as printed."""
    parts = [_part(element, paper, code_page) for element in layout(content, paper)]
    height = sum(part.height for part in parts) + 2 * MARGIN_DOTS
    strip = Image.new("L", (paper.dots, height), 255)
    top = MARGIN_DOTS
    for part in parts:
        strip.paste(part, ((paper.dots - part.width) // 2, top))
        top += part.height
    return strip


def save(
    content: TicketContent, paper: Paper, path: Path, code_page: str = codepage.DEFAULT_CODE_PAGE
) -> Path:
    render(content, paper, code_page).save(path, "PNG")
    return path


def _part(element: Element, paper: Paper, code_page: str) -> Image.Image:
    if isinstance(element, Text):
        text = codepage.printable(element.text, code_page)
        return _text(text, _font(element.scale, element.bold), element.scale)
    if isinstance(element, Rule):
        return _text("-" * paper.columns, _font(1, False), 1)
    if isinstance(element, Qr):
        return _qr(element.payload, element.module_dots)
    return Image.new("L", (1, LINE_DOTS * element.lines), 255)


def _text(text: str, font: _Font, scale: int) -> Image.Image:
    box = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text or " ", font=font)
    image = Image.new("L", (max(int(box[2]), 1), LINE_DOTS * scale), 255)
    ImageDraw.Draw(image).text((0, (LINE_DOTS * scale - 24 * scale) // 2), text, font=font, fill=0)
    return image


def _qr(payload: str, module_dots: int) -> Image.Image:
    code = qrcode.QRCode(box_size=module_dots, border=4)
    code.add_data(payload)
    code.make(fit=True)
    image: Image.Image = code.make_image().get_image()
    return image.convert("L")
