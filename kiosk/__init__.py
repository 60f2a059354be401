"""The ticket kiosk: a touchscreen at the entrance that issues and prints queue tickets.

`walkin kiosk` / `python -m kiosk` start it. `printer/` (no Qt) lays tickets out and sends them to
ESC/POS printers or renders PNG previews; `window` holds the flow between the screens (`home`,
`screens`); `jobs` issues and prints off the GUI thread; `texts` has every translated string.
"""
