"""`python -m kiosk [--db URL] [--printer URL] [--windowed] [--config FILE]`."""

from kiosk.cli import add_arguments, run
from qtshared.entry import main

raise SystemExit(main("kiosk", "Walk-in ticket kiosk", add_arguments, run))
