"""Sign-in: the right PIN opens the desk, wrong PINs are refused, five lock the login."""

from __future__ import annotations

from sqlalchemy import select

from db.services.counters import list_counters
from db.store import engine
from db.store.engine import Database
from db.store.models import Event
from tests.unit.counter_app.conftest import OFFSCREEN_NOISE, SQLITE_ONLY, MakeWindow, sign_in

pytestmark = OFFSCREEN_NOISE


def officer_events(db: Database) -> list[str]:
    with engine.read(db) as session:
        return list(session.scalars(select(Event.kind).order_by(Event.id)))


def test_the_right_pin_opens_the_desk_and_seats_the_officer(
    office: Database, make_window: MakeWindow
) -> None:
    window = make_window(office, 2)
    assert not window.signin.counter.isEnabled()  # fixed by --counter
    sign_in(window, "Budi")
    assert window.page is not None
    assert window.stack.currentWidget() is window.page
    assert window.page.supervisor is None  # an officer sees no supervisor tab
    assert [c.officer_login for c in list_counters(office)] == [None, "budi", None]
    assert officer_events(office)[-2:] == ["officer_signed_in", "counter_signed_in"]


@SQLITE_ONLY
def test_the_counter_is_chosen_at_sign_in_when_not_fixed(
    office: Database, make_window: MakeWindow
) -> None:
    window = make_window(office, None)
    assert window.signin.counter.count() == 3
    window.signin.counter.setCurrentIndex(2)
    sign_in(window, "siti")
    assert window.controller is not None
    assert window.controller.desk.counter == 3


def test_a_wrong_pin_is_refused_in_one_line(office: Database, make_window: MakeWindow) -> None:
    window = make_window(office)
    sign_in(window, "budi", "9999")
    assert window.page is None
    assert window.signin.error.text() == (
        "Wrong PIN: 4 attempts left before budi is locked for 5 minutes"
    )
    assert window.signin.pin.text() == ""
    assert officer_events(office)[-1] == "officer_pin_wrong"


def test_five_wrong_pins_lock_the_login(office: Database, make_window: MakeWindow) -> None:
    window = make_window(office)
    for _ in range(4):
        sign_in(window, "budi", "9999")
    assert window.signin.error.text().startswith("Wrong PIN: 1 attempt left")
    sign_in(window, "budi", "9999")
    assert officer_events(office)[-1] == "officer_locked"
    assert window.signin.error.text().startswith("Wrong PIN: budi is now locked until")
    assert window.signin.error.text().endswith(" WIB")  # the office's clock, not UTC
    sign_in(window, "budi")  # even the right PIN, now
    assert window.page is None
    assert window.signin.error.text().startswith("Too many wrong PINs: budi is locked until")


def test_sign_out_then_another_officer_signs_in_without_restart(
    office: Database, make_window: MakeWindow
) -> None:
    window = make_window(office)
    sign_in(window, "budi")
    assert window.sign_out()
    assert window.page is None
    assert window.stack.currentWidget() is window.signin
    assert window.signin.login.text() == ""
    sign_in(window, "kepala")
    assert window.page is not None
    assert window.page.supervisor is not None
    assert [c.officer_login for c in list_counters(office)] == ["kepala", None, None]
