"""`walkin doctor` on a damaged or read-only SQLite file, or broken language catalogues."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.rules import words
from db.store.engine import open_database
from tests.helpers.damage import damage_table, filled_sqlite, immutable
from walkin import doctor
from walkin.cli import main


def test_doctor_finds_a_damaged_file_and_gives_the_restore_command(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled_sqlite(sqlite_template, tmp_path)
    damage_table(path, "events")
    code = main(["--db", f"sqlite:///{path}", "doctor", "--no-qt", "--printer", "none"])
    lines = capsys.readouterr().out.splitlines()
    intact = next(line for line in lines if "database intact" in line)
    assert code == 1
    assert intact.startswith("FAIL")
    assert "walkin restore BACKUP --force" in intact
    assert lines[-1] == "1 problem(s) found"


def test_doctor_passes_a_sound_file(sqlite_template: Path, tmp_path: Path) -> None:
    path = filled_sqlite(sqlite_template, tmp_path, tickets_count=1)
    db = open_database(f"sqlite:///{path}")
    try:
        assert doctor.database_intact(db).ok
        assert doctor.database_writable(db).ok
    finally:
        db.dispose()


@pytest.mark.skipif(shutil.which("chattr") is None, reason="chattr (e2fsprogs) is not installed")
def test_doctor_names_a_folder_sqlite_cannot_write_in(
    sqlite_template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = filled_sqlite(sqlite_template, folder, tickets_count=1)
    db = open_database(f"sqlite:///{path}")
    try:
        with immutable(folder):
            check = doctor.database_writable(db)
    finally:
        db.dispose()
    assert not check.ok
    assert f"the folder {folder} is read-only" in check.detail


def test_doctor_checks_the_language_catalogues(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert doctor.language_catalogues().ok
    words.catalogue.cache_clear()
    monkeypatch.setenv("WALKIN_I18N_DIR", str(tmp_path))
    (tmp_path / "texts.toml").write_text('[web]\nretry.id = "Coba lagi"\n', encoding="utf-8")
    try:
        check = doctor.language_catalogues()
    finally:
        words.catalogue.cache_clear()
    assert not check.ok
    assert "web.retry: needs exactly the languages id, en" in check.detail
