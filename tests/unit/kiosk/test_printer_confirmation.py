"""A ticket counts as printed only when the printer confirms it, over a real TCP socket.

Each misbehaving printer of `tests.helpers.printers` must end in a `PrinterError`, never in a
result, and within a bound set by the timeouts (no hang).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest

from tests.helpers.printers import Mode, fake_printer, refused_url
from ticket_printer.channel import DeviceChannel, TcpChannel
from ticket_printer.job import (
    Outcome,
    PaperState,
    PrinterError,
    PrintResult,
    PrintSettings,
    print_ticket,
    send_confirmed,
)
from ticket_printer.status import PrinterStatus, query
from ticket_printer.target import parse_printer_url
from ticket_printer.ticket import TicketContent

TIMEOUT_S = 0.5
HANG_S = 30.0  # far beyond the few timeouts a job can spend: only a hang gets there
CONTENT = TicketContent(
    office_name="Kantor Uji",
    code="A042",
    service_id="Paspor Baru",
    service_en="New passport",
    issued_local=datetime(2026, 11, 27, 9, 5),
    people_ahead=3,
    wait=None,
    priority=None,
    qr_payload="WALKIN|2026-11-27|A042",
)


def settings(url: str) -> PrintSettings:
    return PrintSettings(parse_printer_url(url), timeout_s=TIMEOUT_S)


def failure(url: str) -> PrinterError:
    """The error that printing to `url` ends in; a job that never ends fails the test."""
    outcome: list[object] = []

    def job() -> None:
        try:
            outcome.append(print_ticket(settings(url), CONTENT))
        except PrinterError as error:
            outcome.append(error)

    worker = threading.Thread(target=job, daemon=True)
    worker.start()
    worker.join(HANG_S)
    assert outcome, f"printing to {url} hung"
    assert isinstance(outcome[0], PrinterError), f"reported printed: {outcome[0]}"
    return outcome[0]


def test_a_good_printer_confirms_the_ticket() -> None:
    with fake_printer(Mode.GOOD) as printer:
        result = print_ticket(settings(printer.url), CONTENT)
    assert result.outcome is Outcome.CONFIRMED
    assert result.paper is PaperState.OK


def test_a_printer_low_on_paper_confirms_and_says_so() -> None:
    with fake_printer(Mode.PAPER_LOW) as printer:
        result = print_ticket(settings(printer.url), CONTENT)
    assert (result.outcome, result.paper) == (Outcome.CONFIRMED, PaperState.LOW)


def test_a_refused_connection_is_not_printed() -> None:
    error = failure(refused_url())
    assert "not reachable" in str(error)


def test_a_black_hole_printer_is_not_printed() -> None:
    with fake_printer(Mode.BLACK_HOLE) as printer:
        error = failure(printer.url)
    assert "did not confirm" in str(error) or "timed out" in str(error)


def test_a_printer_that_resets_mid_job_is_never_printed() -> None:
    for _ in range(6):  # the reset races the sender: every run must fail
        with fake_printer(Mode.RESET_MID_JOB, reset_after=64) as printer:
            failure(printer.url)


def test_paper_out_stops_the_job_before_it_is_sent() -> None:
    with fake_printer(Mode.PAPER_OUT) as printer:
        error = failure(printer.url)
        _wait(lambda: bool(printer.jobs))
    assert error.paper is PaperState.OUT
    assert "out of paper" in str(error)
    assert b"A042" not in printer.jobs[0]  # only the status queries went out


def test_a_printer_that_never_answers_the_status_query_is_unconfirmed() -> None:
    with fake_printer(Mode.SILENT) as printer:
        error = failure(printer.url)
        _wait(lambda: bool(printer.jobs))
    assert "did not confirm" in str(error)
    assert b"A042" in printer.jobs[0]  # it may print without answering: it got the ticket


def test_sending_to_a_printer_that_stopped_reading_times_out() -> None:
    with fake_printer(Mode.BLACK_HOLE) as printer:
        channel = TcpChannel("127.0.0.1", int(printer.url.rsplit(":", 1)[1]), TIMEOUT_S)
        try:
            with pytest.raises(TimeoutError):
                channel.send(b"\n" * 20_000_000)  # more than every buffer on the way can hold
        finally:
            channel.close()


def test_status_replies_without_the_fixed_bits_count_as_no_answer() -> None:
    replies = iter([0x16, 0x12])
    assert query(lambda _: next(replies)) == PrinterStatus(online=True, paper=PaperState.OK)
    assert query(lambda _: 0xFF) is None
    assert query(lambda _: None) is None


def test_an_offline_printer_with_its_cover_open_is_not_ready() -> None:
    replies = {b"\x10\x04\x01": 0x1E, b"\x10\x04\x04": 0x12, b"\x10\x04\x02": 0x16}
    found = query(replies.get)
    assert found is not None
    assert not found.ready
    assert found.problem() == "cover open"


def _wait(check: object, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and callable(check) and not check():
        time.sleep(0.01)


class FakeUsbDevice:
    """A python-escpos device as USB and serial printers are: `_raw`, `query_status`, `close`."""

    def __init__(self, replies: dict[int, bytes] | None, failure: Exception | None = None) -> None:
        self.written = b""
        self.replies = replies
        self.failure = failure

    def _raw(self, data: bytes) -> None:
        self.written += data

    def query_status(self, command: bytes) -> bytes:
        self._raw(command)
        if self.failure is not None:
            raise self.failure
        return (self.replies or {}).get(command[2], b"")

    def close(self) -> None:
        pass


def test_a_usb_or_serial_printer_that_answers_confirms_the_ticket() -> None:
    device = FakeUsbDevice({1: b"\x16", 4: b"\x12"})
    result = send_confirmed(DeviceChannel(device), b"JOB A042", "usb://0416:5011")
    assert result == PrintResult(Outcome.CONFIRMED, PaperState.OK)
    assert b"JOB A042" in device.written


@pytest.mark.parametrize(
    "device",
    [
        FakeUsbDevice(None),  # a serial read that times out returns nothing
        FakeUsbDevice(None, OSError("[Errno 110] Operation timed out")),  # a USB read timeout
        FakeUsbDevice({1: b"\x16", 4: b"\x7e"}),  # the paper ran out during the ticket
    ],
)
def test_a_usb_or_serial_printer_that_does_not_confirm_is_not_printed(
    device: FakeUsbDevice,
) -> None:
    with pytest.raises(PrinterError):
        send_confirmed(DeviceChannel(device), b"JOB A042", "usb://0416:5011")
