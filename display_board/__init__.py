"""The waiting-room wall display that shows and speaks every call (PySide6); not built yet."""
