"""The waiting-room wall display: shows every call and speaks it (PySide6).

`walkin display` (or `python -m display_board`) runs it. The parts: `model` (the latest snapshot,
kept current from change notifications), `view` with `sections` and `widgets` (the screen),
`announcer` and `player` (the queue of spoken calls), `speech` and `voices` (what is said and the
clip set), `config` (the `[display]` settings).
"""
