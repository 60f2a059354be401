"""The touchscreen ticket kiosk (PySide6); not built yet, see the kiosk issue."""
