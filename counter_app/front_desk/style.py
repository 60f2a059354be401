"""The front desk's few styles of its own, over the counter app's stylesheet."""

from __future__ import annotations

from counter_app.style import NAVY, RED

STYLESHEET = f"""
#deskNumber {{ color: {NAVY}; font-size: 34px; font-weight: bold; min-width: 120px; }}
#deskResult {{ color: {NAVY}; font-size: 15px; font-weight: bold; }}
QPushButton#danger {{ color: {RED}; }}
QPushButton#danger:disabled {{ color: #9AA5B4; }}
"""
