"""Reading the booking system's CSV export: good rows load, bad rows are named by line."""

from __future__ import annotations

from datetime import date, time

import pytest

from db.errors import BookingFileError
from db.rules.booking_file import parse_bookings

SERVICES = ("A", "B", "C")


def test_reads_the_columns_by_name_in_any_order() -> None:
    text = (
        "service,booking_code,session_end,session_start,date,priority\n"
        "a,mp-0001,10:00,09:00,2026-11-27,\n"
        "B,MP-0002,11:00,10:00,2026-11-27,Lansia\n"
    )
    parsed = parse_bookings(text, SERVICES)
    assert [(b.code, b.service, b.priority) for b in parsed.bookings] == [
        ("MP-0001", "A", None),
        ("MP-0002", "B", "lansia"),
    ]
    assert parsed.bookings[0].day == date(2026, 11, 27)
    assert (parsed.bookings[0].session_start, parsed.bookings[0].session_end) == (time(9), time(10))
    assert parsed.problems == ()


def test_each_bad_row_is_reported_with_its_line_and_the_rest_still_load() -> None:
    text = (
        "booking_code,date,session_start,session_end,service\n"
        "MP-0001,2026-11-27,09:00,10:00,A\n"
        "MP-0002,27/11/2026,09:00,10:00,A\n"
        "MP-0003,2026-11-27,10:00,09:00,A\n"
        "MP-0004,2026-11-27,09:00,10:00,Z\n"
        "x,2026-11-27,09:00,10:00,A\n"
        "MP-0001,2026-11-27,11:00,12:00,B\n"
        "MP-0005,2026-11-27,25:00,26:00,B\n"
        "MP-0006,2026-11-27,13:00,14:00,C\n"
    )
    parsed = parse_bookings(text, SERVICES)
    assert [b.code for b in parsed.bookings] == ["MP-0001", "MP-0006"]
    lines = {problem.line: problem.problem for problem in parsed.problems}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8]
    assert "YYYY-MM-DD" in lines[3]
    assert "not after" in lines[4]
    assert "'Z'" in lines[5]
    assert "booking_code" in lines[6]
    assert "already on line 2" in lines[7]
    assert "HH:MM" in lines[8]


def test_personal_columns_are_never_read() -> None:
    text = (
        "booking_code,nama,nik,date,session_start,session_end,service,telepon\n"
        "MP-0001,Siti Aminah,1271000000000001,2026-11-27,09:00,10:00,A,0812000000\n"
    )
    parsed = parse_bookings(text, SERVICES)
    assert parsed.ignored_columns == ("nama", "nik", "telepon")
    kept = repr(parsed.bookings)
    for personal in ("Siti", "1271", "0812"):
        assert personal not in kept


def test_a_header_without_a_required_column_is_refused_whole() -> None:
    with pytest.raises(BookingFileError, match="lacks session_end"):
        parse_bookings("booking_code,date,session_start,service\n", SERVICES)
    with pytest.raises(BookingFileError, match="empty"):
        parse_bookings("", SERVICES)


def test_blank_lines_and_a_byte_order_mark_are_harmless() -> None:
    text = (
        "\ufeffbooking_code,date,session_start,session_end,service\n"
        "\nMP-0001,2026-11-27,9:00,10:00,A\n,,,,\n"
    )
    parsed = parse_bookings(text, SERVICES)
    assert [b.code for b in parsed.bookings] == ["MP-0001"]
    assert parsed.problems == ()
