from walkin.cli import main

raise SystemExit(main())
