"""The demo office's fixed settings: its configuration file, the officers' PIN, the web port.

Apart from `db.ops.setup`, which loads the demo, so that the `walkin` parser can show the port
without loading the database layer.
"""

from __future__ import annotations

from pathlib import Path

DEMO_CONFIG = Path(__file__).with_name("data") / "demo_office.toml"
DEMO_PIN = "1234"
DEMO_WEB_PORT = 8080
DEMO_PUBLIC_URL = f"http://localhost:{DEMO_WEB_PORT}"
