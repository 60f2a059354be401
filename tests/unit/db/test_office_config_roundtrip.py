"""Any valid office configuration, written out as a file, reads back as the same configuration."""

from __future__ import annotations

from hypothesis import given, settings

from db.config_schema.files import parse_toml
from db.office_config import OfficeConfig, demo_config, parse_config
from tests.helpers.office_toml import office_configs, office_toml


def read_back(config: OfficeConfig) -> OfficeConfig:
    return parse_config(parse_toml(office_toml(config), "office.toml"), "office.toml")


@given(office_configs())
@settings(max_examples=60, deadline=None)
def test_a_valid_config_written_to_toml_reads_back_unchanged(config: OfficeConfig) -> None:
    assert read_back(config) == config


def test_the_demo_office_written_out_reads_back_unchanged() -> None:
    assert read_back(demo_config()) == demo_config()
