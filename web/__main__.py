"""`python -m web`: run the phone companion web server."""

from web.cli import main

raise SystemExit(main())
