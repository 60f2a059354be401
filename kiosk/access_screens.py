"""The accessibility bar at the bottom of every screen, and the voice guide's screen.

The bar's two buttons are marked so that they are found: a drawn loudspeaker and "Aa", on a
yellow band with black text (16:1) in both modes. The voice guide's screen shows, in large
text, what the guide is saying; on a kiosk without sound it is the guide.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk import texts
from kiosk.widgets import button, label, vbox

ICON_PX = 72
BAR_HEIGHT = 100  # buttons 76 px: 19 mm on a 21.5-inch 1080p screen (15 mm asked)
CAPTION_LINES = 2


def speaker_icon(size: int = ICON_PX, colour: str = "#000000") -> QIcon:
    """A loudspeaker with two sound waves, drawn (no image file to lose)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    s = size / 24
    body = [(2, 9), (7, 9), (13, 3), (13, 21), (7, 15), (2, 15)]
    painter.drawPolygon(QPolygonF([QPointF(x * s, y * s) for x, y in body]))
    pen = QPen(QColor(colour), 2.2 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (4.5, 8.5):
        painter.drawArc(
            round((12 - radius) * s),
            round((12 - radius) * s),
            round(2 * radius * s),
            round(2 * radius * s),
            -50 * 16,
            100 * 16,
        )
    painter.end()
    return QIcon(pixmap)


class AccessBar(QWidget):
    """The voice guide and large-text buttons, and (in voice mode) the caption of what is said.

    Signals:
        voice_requested(): the voice guide button was tapped.
        contrast_toggled(): the large-text button was tapped.
    """

    voice_requested = Signal()
    contrast_toggled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("AccessBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.caption = label("VoiceCaption")
        self.caption.hide()
        self.voice = button("AccessVoice", height=BAR_HEIGHT - 24)
        self.voice.setIcon(speaker_icon())
        self.voice.setIconSize(QSize(ICON_PX, ICON_PX))
        self.voice.clicked.connect(self.voice_requested)
        self.contrast = button("AccessContrast", height=BAR_HEIGHT - 24)
        self.contrast.clicked.connect(self.contrast_toggled)
        column = vbox(self, margins=12, spacing=10)
        column.addWidget(self.caption)
        row = QHBoxLayout()
        row.setSpacing(20)
        row.addWidget(self.voice, 2)
        row.addWidget(self.contrast, 1)
        column.addLayout(row)
        self.high_contrast = False

    def show_caption(self, lines: tuple[str, ...] | None) -> None:
        """The last lines said (two, to leave the screen above its room)."""
        self.caption.setVisible(bool(lines))
        self.caption.setText("\n".join((lines or ())[-CAPTION_LINES:]))

    def retranslate(self) -> None:
        self.voice.setText(f"{texts.voice_button()}\n{texts.voice_button_hint()}")
        large = texts.large_text_off() if self.high_contrast else texts.large_text_on()
        self.contrast.setText(f"Aa   {large}")


class VoiceScreen(QWidget):
    """What the voice guide says, large, and a button to leave it.

    Signals:
        stop(): the applicant (or a companion) leaves the voice guide by touch.
    """

    stop = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Voice")
        self.title = label("Title")
        self.silent = label("Notice")
        self.silent.hide()
        self.lines = label("VoiceLines")
        self.lines.setTextFormat(Qt.TextFormat.PlainText)
        self.stop_button = button("Secondary", height=120)
        self.stop_button.clicked.connect(self.stop)
        page = vbox(self, margins=48, spacing=24)
        page.addWidget(self.title)
        page.addWidget(self.silent)
        page.addWidget(self.lines, 1)
        row = QHBoxLayout()
        row.addWidget(self.stop_button)
        row.addStretch(1)
        page.addLayout(row)

    def show_lines(self, lines: tuple[str, ...]) -> None:
        self.lines.setText("\n".join(lines))

    def set_silent(self, silent: bool) -> None:
        self.silent.setVisible(silent)

    def retranslate(self) -> None:
        self.title.setText(texts.voice_title())
        self.silent.setText(texts.voice_silent())
        self.stop_button.setText(texts.voice_stop())


# The bar and the caption are high-contrast (16:1) and large in both modes: the same sheet.
BAR_SHEET = """
#AccessBar { background: #000000; }
#AccessVoice, #AccessContrast { background: #FFE14D; color: #000000; font-size: 30px;
    font-weight: bold; border: 3px solid #FFE14D; border-radius: 14px; padding: 0 12px; }
#AccessVoice:pressed, #AccessContrast:pressed { background: #FFFFFF; }
#VoiceCaption { background: #000000; color: #FFE14D; font-size: 40px; font-weight: bold;
    padding: 6px 8px; }
"""
# The voice guide's screen follows the mode like the other screens.
SHEET = """
#Voice { background: #F4F6F8; }
#VoiceLines { font-size: 44px; font-weight: bold; color: #0B2545; }
"""
