"""Colours, sizes and the style sheet: calm, high-contrast (>= 4.5:1) and large.

Sizes are in pixels for a 1080-pixel short side; touch targets are also checked in
millimetres against the configured screen diagonal.
"""

from __future__ import annotations

import math

NAVY = "#0B2545"
INK = "#1A1A1A"
PAPER = "#F4F6F8"
WHITE = "#FFFFFF"
MUTED = "#4A5560"
OPEN_GREEN = "#1B5E20"
CLOSED_RED = "#8E1B1B"
DISABLED_BG = "#E3E6EA"
DISABLED_INK = "#3D434A"
DISABLED_BAND = "#5F6670"
WARN_BG = "#FFF1C7"
WARN_INK = "#5C3B00"
FAULT_BG = "#8E1B1B"
FONT = "DejaVu Sans"
MIN_TARGET_MM = 15.0
BUTTON_HEIGHT = 150
SERVICE_HEIGHT = 140  # five services in three rows leave room for notices on a 1080p screen


def luminance(colour: str) -> float:
    """Relative luminance of "#RRGGBB" (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(background: str) -> str:
    """White or near-black, whichever reads better on `background`."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def pixels_per_mm(width_px: int, height_px: int, diagonal_inches: float) -> float:
    return math.hypot(width_px, height_px) / (diagonal_inches * 25.4)


def min_target_px(width_px: int, height_px: int, diagonal_inches: float) -> int:
    """The smallest touch target, in pixels, that is MIN_TARGET_MM on this screen."""
    return math.ceil(MIN_TARGET_MM * pixels_per_mm(width_px, height_px, diagonal_inches))


# (text, background) pairs used by the style sheet; tests check each is >= 4.5:1.
TEXT_PAIRS = (
    (WHITE, NAVY),
    (INK, PAPER),
    (INK, WHITE),
    (MUTED, WHITE),
    (MUTED, PAPER),
    (OPEN_GREEN, WHITE),
    (CLOSED_RED, WHITE),
    (DISABLED_INK, DISABLED_BG),
    (CLOSED_RED, DISABLED_BG),  # why a service cannot be chosen, on its greyed button
    (WHITE, DISABLED_BAND),
    (WARN_INK, WARN_BG),
    (WHITE, FAULT_BG),
    (NAVY, WHITE),
    (NAVY, PAPER),
)

SHEET = f"""
QWidget {{ font-family: "{FONT}"; color: {INK}; }}
#KioskRoot, #Home, #Priority, #Confirm, #Keypad, #Message {{ background: {PAPER}; }}
#Header {{ background: {NAVY}; }}
#Header QLabel {{ color: {WHITE}; }}
#OfficeName {{ font-size: 34px; font-weight: bold; }}
#Clock {{ font-size: 46px; font-weight: bold; }}
#Date {{ font-size: 24px; }}
#Title {{ font-size: 52px; font-weight: bold; color: {NAVY}; }}
#Hint {{ font-size: 28px; color: {MUTED}; }}
QPushButton {{ font-size: 30px; border-radius: 14px; }}
#Language {{ background: {WHITE}; color: {NAVY}; font-size: 26px; font-weight: bold;
             padding: 0 28px; border: none; }}
#Secondary {{ background: {WHITE}; color: {NAVY}; border: 3px solid {NAVY};
              font-weight: bold; padding: 0 36px; }}
#PriorityEntry {{ background: {WHITE}; color: {NAVY}; border: 3px solid {NAVY};
                  font-weight: bold; padding: 0 30px; text-align: center; }}
#BookingEntry {{ background: {NAVY}; color: {WHITE}; font-weight: bold; border: none;
                 padding: 0 30px; }}
#Key {{ background: {WHITE}; color: {NAVY}; border: 3px solid {NAVY}; font-size: 44px;
        font-weight: bold; }}
#Key:pressed, #KeySecondary:pressed {{ background: {NAVY}; color: {WHITE}; }}
#KeySecondary {{ background: {WHITE}; color: {NAVY}; border: 3px solid {NAVY}; font-size: 26px;
                 font-weight: bold; padding: 0 6px; }}
#CodeField {{ background: {WHITE}; color: {INK}; border: 4px solid {NAVY}; border-radius: 14px;
              font-weight: bold; padding: 16px; min-height: 90px; }}
#MessageText {{ font-size: 44px; }}
#Desk {{ font-size: 44px; font-weight: bold; color: {NAVY}; }}
#Booking {{ background: {WARN_BG}; color: {WARN_INK}; font-size: 30px; font-weight: bold;
            padding: 14px 24px; border-radius: 14px; }}
#Primary:disabled {{ background: {DISABLED_BG}; color: {DISABLED_INK}; }}
#Primary {{ background: {NAVY}; color: {WHITE}; font-weight: bold; border: none;
            padding: 0 60px; }}
#Banner {{ background: {NAVY}; color: {WHITE}; font-size: 30px; font-weight: bold;
           padding: 18px 28px; border-radius: 14px; }}
#Notice {{ background: {WARN_BG}; color: {WARN_INK}; font-size: 28px; font-weight: bold;
           padding: 16px 28px; border-radius: 14px; }}
#NumberCaption {{ font-size: 40px; color: {MUTED}; }}
#Number {{ font-size: 230px; font-weight: bold; color: {NAVY}; }}
#ServiceName {{ font-size: 46px; font-weight: bold; }}
#Detail {{ font-size: 36px; }}
#Valid {{ font-size: 34px; font-weight: bold; color: {CLOSED_RED}; }}
#PrintOk {{ font-size: 32px; font-weight: bold; color: {OPEN_GREEN}; }}
#PrintFail {{ background: {WARN_BG}; color: {WARN_INK}; font-size: 34px; font-weight: bold;
              padding: 20px 28px; border-radius: 14px; }}
#QrCaption {{ font-size: 26px; font-weight: bold; color: {NAVY}; }}
#QrLink {{ font-size: 24px; color: {MUTED}; }}
#Footer {{ background: {WHITE}; border-top: 2px solid {DISABLED_BG}; }}
#Countdown {{ font-size: 26px; font-weight: bold; color: {NAVY}; }}
#StaffNote {{ font-size: 18px; font-weight: bold; color: {CLOSED_RED}; }}
#OutOfService {{ background: {NAVY}; }}
#OutOfService QLabel {{ color: {WHITE}; }}
#OosTitle {{ font-size: 54px; font-weight: bold; }}
#OosText {{ font-size: 36px; }}
#OosSmall {{ font-size: 26px; }}
"""
