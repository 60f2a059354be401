"""The counter app's look: one stylesheet, a calm palette with strong contrast (WCAG AA+)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

INK = "#1B2430"
MUTED = "#5B6675"
LINE = "#D5DBE3"
PAPER = "#F4F6F9"
CARD = "#FFFFFF"
NAVY = "#15355C"
BLUE = "#1F5FA8"
GREEN = "#1E7A3C"
AMBER = "#8A5A00"
RED = "#B3261E"
PRIORITY = "#7A2E8E"

STYLESHEET = f"""
QWidget {{ font-family: "DejaVu Sans"; font-size: 14px; color: {INK}; }}
QMainWindow, #page {{ background: {PAPER}; }}
#header {{ background: {NAVY}; }}
#header QLabel {{ color: white; }}
#headerTitle {{ font-size: 20px; font-weight: bold; }}
#headerSub {{ color: #C9D6E8; font-size: 14px; }}
#header QPushButton {{
    background: transparent; color: white; border: 1px solid #6F89AD; border-radius: 6px;
    padding: 6px 14px;
}}
#header QPushButton:hover {{ background: #22497A; }}
#card {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 10px; }}
#cardTitle {{ color: {MUTED}; font-size: 12px; font-weight: bold; letter-spacing: 1px; }}
#ticketNumber {{ color: {NAVY}; }}
#ticketNumber[idle="true"] {{ color: #AAB4C2; }}
#ticketService {{ font-size: 18px; }}
#ticketMeta {{ color: {MUTED}; font-size: 15px; }}
#ticketTimer {{ font-size: 30px; font-weight: bold; color: {GREEN}; }}
#statusChip {{ border-radius: 12px; padding: 3px 12px; font-weight: bold; color: white;
    background: {BLUE}; }}
#statusChip[status="serving"] {{ background: {GREEN}; }}
#statusChip[status="paused"] {{ background: {AMBER}; }}
#priorityChip {{ border-radius: 12px; padding: 3px 12px; font-weight: bold; color: white;
    background: {PRIORITY}; }}
#appointmentChip {{ border-radius: 12px; padding: 3px 12px; font-weight: bold; color: white;
    background: {NAVY}; }}
#card QPushButton {{ padding: 3px 12px; }}
#ticketStep {{ font-size: 17px; font-weight: bold; color: {NAVY}; }}
QPushButton#action {{
    background: {CARD}; border: 1px solid #AEB8C6; border-radius: 8px; min-height: 50px;
}}
QPushButton#action:hover {{ border-color: {BLUE}; background: #EEF4FB; }}
QPushButton#action:pressed {{ background: #DCE8F6; }}
QPushButton#action:disabled {{ background: #EEF1F5; border-color: #DDE2E8; }}
QPushButton#action[primary="true"] {{ background: {BLUE}; border-color: {BLUE}; }}
QPushButton#action[primary="true"]:hover {{ background: #184F8E; }}
QPushButton#action[primary="true"]:disabled {{ background: #B8C7DA; border-color: #B8C7DA; }}
#actionLabel {{ font-size: 15px; font-weight: bold; }}
#actionKey {{ color: {MUTED}; font-size: 12px; }}
QPushButton#action[primary="true"] QLabel {{ color: white; }}
QLabel#actionLabel:disabled, QLabel#actionKey:disabled {{ color: #9AA5B4; }}
#message {{ border-radius: 6px; padding: 8px 12px; font-size: 14px; }}
#message[level="error"] {{ background: #FBE9E7; color: {RED}; border: 1px solid #F1B8B0; }}
#message[level="ok"] {{ background: #E7F4EA; color: {GREEN}; border: 1px solid #B5DDC0; }}
#message[level="info"] {{ background: #E8F0FA; color: {NAVY}; border: 1px solid #B9CDE6; }}
#banner {{ background: {RED}; color: white; font-size: 15px; font-weight: bold; padding: 10px; }}
#figure {{ font-size: 26px; font-weight: bold; color: {NAVY}; }}
#figureLabel {{ color: {MUTED}; font-size: 12px; }}
#countChip {{
    background: #EEF2F7; border: 1px solid {LINE}; border-radius: 8px; padding: 6px 10px;
}}
QTableWidget {{
    background: {CARD}; border: none; gridline-color: transparent;
    selection-background-color: #DCE8F6; selection-color: {INK};
}}
QTableWidget::item {{ padding: 4px 8px; border-bottom: 1px solid #EDF0F4; }}
QHeaderView::section {{
    background: {CARD}; color: {MUTED}; border: none; border-bottom: 1px solid {LINE};
    padding: 6px 8px; font-size: 12px; font-weight: bold;
}}
QLineEdit {{
    background: white; border: 1px solid #AEB8C6; border-radius: 6px; padding: 6px 8px;
    min-height: 22px;
}}
QLineEdit:focus {{ border: 2px solid {BLUE}; padding: 5px 7px; }}
QComboBox, QSpinBox {{ min-height: 34px; }}
QPushButton {{
    background: white; border: 1px solid #AEB8C6; border-radius: 6px; padding: 7px 14px;
}}
QPushButton:hover {{ border-color: {BLUE}; }}
QPushButton:disabled {{ color: #9AA5B4; border-color: #DDE2E8; }}
QPushButton#primary {{ background: {BLUE}; color: white; border-color: {BLUE}; font-weight: bold; }}
QPushButton#primary:disabled {{ background: #B8C7DA; border-color: #B8C7DA; }}
QPushButton#danger {{ color: {RED}; border-color: #E2A59F; }}
QTabWidget::pane {{ border: none; }}
QTabBar::tab {{
    background: transparent; padding: 8px 18px; color: {MUTED}; font-weight: bold;
    border-bottom: 3px solid transparent;
}}
QTabBar::tab:selected {{ color: {NAVY}; border-bottom: 3px solid {BLUE}; }}
#signInCard {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 12px; }}
#signInTitle {{ font-size: 24px; font-weight: bold; color: {NAVY}; }}
#signInError {{ color: {RED}; font-size: 14px; }}
#muted {{ color: {MUTED}; }}
#fieldLabel {{ color: {MUTED}; font-size: 13px; font-weight: bold; }}
"""


def apply(app: QApplication) -> None:
    """The application-wide part of the look: Fusion draws the combo and spin boxes cleanly."""
    app.setStyle("Fusion")
    app.setFont(QFont("DejaVu Sans", 11))
