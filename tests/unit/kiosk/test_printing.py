"""Ticket printing without Qt: printer URLs, code pages, the ESC/POS job and the PNG preview."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import pytest
from escpos.printer import Dummy

from db.ops.setup import apply_config
from db.services.tickets import issue_ticket
from db.store.engine import Database
from tests.conftest import SMALL_OFFICE
from tests.helpers.printers import fake_printer
from ticket_printer import codepage, preview
from ticket_printer.job import (
    Outcome,
    PaperState,
    PrinterError,
    PrintSettings,
    print_ticket,
    write_ticket,
)
from ticket_printer.service import preview_ticket, print_issued, printer_settings
from ticket_printer.target import Kind, PrinterUrlError, parse_printer_url
from ticket_printer.ticket import Paper, Qr, Text, TicketContent, layout, qr_payload

NATIVE_QR = b"\x1d(k"
CONTENT = TicketContent(
    office_name="Kantor Imigrasi Kelas I TPI Polonia",
    code="A007",
    service_id="Paspor Baru",
    service_en="New passport",
    issued_local=datetime(2026, 11, 27, 9, 5),
    people_ahead=6,
    wait=(10, 20),
    priority="lansia",
    qr_payload="WALKIN|2026-11-27|A007",
    footer="Terima kasih – sampai jumpa",
)


def settings(url: str = "none", **changes: object) -> PrintSettings:
    return PrintSettings(parse_printer_url(url), timeout_s=1.0, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "kind", "shown"),
    [
        ("tcp://192.168.1.50", Kind.TCP, "tcp://192.168.1.50:9100"),
        ("tcp://printer.lan:9101", Kind.TCP, "tcp://printer.lan:9101"),
        ("usb://04b8:0E15", Kind.USB, "usb://04b8:0e15"),
        ("serial:///dev/ttyUSB0?baudrate=19200", Kind.SERIAL, "serial:///dev/ttyUSB0"),
        ("file:///dev/usb/lp0", Kind.FILE, "file:///dev/usb/lp0"),
        ("preview:///tmp/tickets", Kind.PREVIEW, "preview:///tmp/tickets"),
        ("preview", Kind.PREVIEW, "preview://walkin-tickets"),
        ("none", Kind.NONE, "none"),
    ],
)
def test_printer_urls_of_every_kind_parse(raw: str, kind: Kind, shown: str) -> None:
    target = parse_printer_url(raw)
    assert (target.kind, str(target)) == (kind, shown)


def test_serial_url_keeps_its_baudrate() -> None:
    assert parse_printer_url("serial:///dev/ttyS0?baudrate=38400").baudrate == 38400


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("lpt://1", "unknown kind 'lpt'"),
        ("tcp://", "expected tcp://HOST"),
        ("tcp://host:99999", "port must be 1-65535"),
        ("usb://1234", "expected usb://VID:PID"),
        ("serial://dev/ttyUSB0", "three slashes"),
        ("serial:///dev/ttyUSB0?baud=9600", "unknown option 'baud'"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate must be a positive number"),
        ("file://", "expected file:///PATH"),
    ],
)
def test_bad_printer_urls_get_one_clear_line(raw: str, problem: str) -> None:
    with pytest.raises(PrinterUrlError) as raised:
        parse_printer_url(raw)
    assert problem in str(raised.value)
    assert "\n" not in str(raised.value)


def test_text_goes_out_in_the_code_page_and_the_rest_is_transliterated() -> None:
    assert codepage.encode("Café – “Ō”", "cp437") == b'Caf\x82 - "O"'
    assert codepage.encode("Łódź", "cp852") == "Łódź".encode("cp852")
    assert codepage.encode("漢", "cp437") == b"?"


def test_the_job_has_the_number_the_native_qr_and_a_cut_but_no_utf8() -> None:
    printer = Dummy()
    write_ticket(printer, settings(), CONTENT)
    job = printer.output
    assert b"A007" in job
    assert NATIVE_QR in job
    assert b"WALKIN|2026-11-27|A007" in job
    assert job.rstrip(b"\n").endswith(b"\x1dVA\x00") or b"\x1dV" in job[-8:]
    assert "–".encode() not in job
    assert b"\x1bt\x00" in job  # the code page is selected


def test_the_image_qr_fallback_sends_a_raster_instead() -> None:
    printer = Dummy()
    write_ticket(printer, settings(native_qr=False), CONTENT)
    assert NATIVE_QR not in printer.output
    assert b"\x1dv0" in printer.output


def test_58mm_paper_wraps_to_32_columns() -> None:
    for paper, columns in ((Paper.MM58, 32), (Paper.MM80, 48)):
        texts = [e.text for e in layout(CONTENT, paper) if hasattr(e, "text") and e.scale == 1]
        assert max(len(t) for t in texts) <= columns


def test_under_the_qr_the_ticket_says_what_it_is_for_and_prints_the_link_to_type() -> None:
    link = "http://192.168.10.20:8080/t/Xq3vK9pL2mN8rT5wZ7yB4cD6fG1hJ0aE"
    for paper in Paper:
        elements = layout(replace(CONTENT, qr_payload=link), paper)
        after_qr = elements[[isinstance(e, Qr) for e in elements].index(True) + 1 :]
        lines = [e.text for e in after_qr if isinstance(e, Text)]
        assert lines[:2] == ["Pindai untuk memantau antrean", "Scan to follow the queue"]
        typed = "".join(lines[2 : lines.index("BERLAKU HARI INI SAJA")])
        assert typed == link.removeprefix("http://")  # wrapped to the paper, nothing lost
        assert max(len(line) for line in lines) <= paper.columns


def _printed_text(content: TicketContent, paper: Paper) -> str:
    return " ".join(" ".join(e.text for e in layout(content, paper) if isinstance(e, Text)).split())


def test_a_booking_ticket_prints_its_session_and_when_an_early_one_is_called() -> None:
    booked = replace(CONTENT, session=(time(9), time(10)))
    for paper in Paper:
        on_time = _printed_text(booked, paper)
        assert "Jadwal Anda pukul 09:00-10:00 Booked session 09:00-10:00" in on_time
        assert "Called from" not in on_time
        early = _printed_text(replace(booked, early=True), paper)
        assert "Dipanggil mulai pukul 09:00 Called from 09:00" in early
    walk_in = _printed_text(CONTENT, Paper.MM80)
    assert "Jadwal" not in walk_in
    assert "Called from" not in walk_in


def test_a_qr_that_is_no_link_gets_no_scanning_caption() -> None:
    texts = [e.text for e in layout(CONTENT, Paper.MM80) if isinstance(e, Text)]
    assert "Pindai untuk memantau antrean" not in texts
    assert "Kode tiket" not in texts


def test_qr_payload_is_the_template_else_the_phone_page_else_a_reference(db: Database) -> None:
    issued = issue_ticket(db, "A")
    day = issued.ticket.business_date.isoformat()
    assert qr_payload("http://q.lan/t/{code}", issued) == "http://q.lan/t/A001"
    assert qr_payload("http://q.lan/p/{token}", issued) == f"http://q.lan/p/{issued.token}"
    assert qr_payload(None, issued) == f"WALKIN|{day}|A001"
    apply_config(db, replace(SMALL_OFFICE, public_url="http://10.0.0.5:8080"))
    linked = issue_ticket(db, "A")
    assert qr_payload(None, linked) == f"http://10.0.0.5:8080/t/{linked.token}"


def test_a_network_printer_receives_the_whole_job() -> None:
    with fake_printer() as printer:
        result = print_ticket(settings(printer.url), CONTENT)
        assert _wait_for(lambda: printer.jobs)
    assert (result.outcome, result.paper) == (Outcome.CONFIRMED, PaperState.OK)
    assert b"A007" in printer.jobs[0]
    assert NATIVE_QR in printer.jobs[0]


def test_a_file_printer_gets_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    result = print_ticket(settings(f"file://{target}"), CONTENT)
    assert b"A007" in target.read_bytes()
    assert result.outcome is Outcome.SENT  # a file cannot answer: sent, never "confirmed"


def test_the_preview_target_writes_a_png(tmp_path: Path) -> None:
    print_ticket(settings(f"preview://{tmp_path}"), CONTENT)
    assert [p.name for p in tmp_path.iterdir()] == ["2026-11-27-A007.png"]


@pytest.mark.parametrize("paper", [Paper.MM58, Paper.MM80])
def test_the_preview_qr_decodes_to_the_payload(tmp_path: Path, paper: Paper) -> None:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (Debian zbar-tools) is not installed")
    image = preview.save(CONTENT, paper, tmp_path / "ticket.png")
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == CONTENT.qr_payload
    assert preview.render(CONTENT, paper).width == paper.dots


def test_walkin_preview_and_print_use_the_issued_ticket(db: Database, tmp_path: Path) -> None:
    issued = issue_ticket(db, "B")
    content = preview_ticket(db, "b001", tmp_path / "b.png", paper=58)
    assert (content.code, content.office_name) == ("B001", "Kantor Uji")
    target = tmp_path / "job.bin"
    print_issued(db, issued, printer_settings(f"file://{target}"))
    assert b"B001" in target.read_bytes()


def test_printing_needs_a_printer_url() -> None:
    with pytest.raises(PrinterError, match="WALKIN_PRINTER"):
        printer_settings(None, environ={})


def _wait_for(check: object, seconds: float = 3.0) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return True
        time.sleep(0.01)
    return False
