"""`python -m display_board`: run the wall display."""

from display_board.cli import main

raise SystemExit(main())
