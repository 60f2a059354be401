"""Any valid [kiosk] table, written out as a settings file, reads back as the same settings."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import MAX_IDLE_FACTOR, MIN_RETURN_SECONDS, KioskConfig, load_kiosk_config
from tests.helpers.office_toml import table, texts
from ticket_printer.codepage import CODE_PAGES
from ticket_printer.ticket import PAPER_WIDTHS

seconds = st.integers(MIN_RETURN_SECONDS, 3600)
kiosk_configs = st.builds(
    KioskConfig,
    printer=st.sampled_from(["none", "tcp://10.0.0.5:9100", "preview:///tmp/tickets"]),
    paper=st.sampled_from(PAPER_WIDTHS),
    code_page=st.sampled_from(list(CODE_PAGES)),
    native_qr=st.booleans(),
    check_paper=st.booleans(),
    qr_url=texts,
    footer=texts,
    return_seconds=seconds,
    idle_seconds=seconds,
    hide_cursor=st.booleans(),
    screen_inches=st.floats(5, 100),
    device=texts,
    high_contrast=st.booleans(),
    large_ticket_number=st.booleans(),
    voice_folder=texts,
    voice_volume=st.floats(0, 1),
    voice_idle_factor=st.floats(1, MAX_IDLE_FACTOR),
)


@given(kiosk_configs)
@settings(max_examples=40, deadline=None)
def test_valid_kiosk_settings_written_to_toml_read_back_unchanged(config: KioskConfig) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kiosk.toml"
        path.write_text(table("[kiosk]", vars(config)), encoding="utf-8")
        assert load_kiosk_config(path) == config
