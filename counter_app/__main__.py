"""`python -m counter_app [--db URL] [--counter N] [--windowed]`."""

from counter_app.cli import main

raise SystemExit(main())
