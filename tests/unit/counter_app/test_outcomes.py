"""Finish with an outcome (one tap), the visit's step and the appointment mark on the card."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from counter_app.desk_page import DeskPage
from counter_app.window import CounterWindow
from db.office_config import (
    AppointmentsConfig,
    JourneyConfig,
    OutcomeConfig,
    ServiceConfig,
    StepConfig,
)
from db.ops.setup import apply_config
from db.services import officers
from db.services.checkin import check_in
from db.services.tickets import issue_ticket
from db.store import engine
from db.store.engine import Database
from db.store.models import Ticket
from tests.conftest import SMALL_OFFICE
from tests.unit.counter_app.conftest import (
    OFFSCREEN_NOISE,
    PIN,
    MakeWindow,
    refresh,
    settle,
    sign_in,
)

pytestmark = OFFSCREEN_NOISE

JOURNEY = replace(
    SMALL_OFFICE,
    journey=JourneyConfig(
        outcomes=(
            OutcomeConfig("selesai", "Selesai", "Done"),
            OutcomeConfig("berkas_kurang", "Berkas kurang", "Documents incomplete", True),
            OutcomeConfig("ditunda", "Ditunda", "Postponed"),
        )
    ),
    appointments=replace(AppointmentsConfig(), trust_unlisted=True),
    services=(
        ServiceConfig(
            "A",
            "Paspor Baru",
            "New passport",
            steps=(
                StepConfig("berkas", "Pemeriksaan Berkas", "Document check"),
                StepConfig("biometrik", "Foto & Wawancara", "Photo & interview"),
            ),
        ),
        *SMALL_OFFICE.services[1:],
    ),
)


@pytest.fixture
def office(db: Database) -> Database:
    """The small office with two-step passports, three outcomes and trusted booking codes."""
    apply_config(db, JOURNEY)
    officers.add_officer(db, "budi", "Budi Santoso", "officer")
    officers.set_pin(db, "budi", PIN)
    return db


@pytest.fixture
def page(office: Database, make_window: MakeWindow) -> DeskPage:
    window: CounterWindow = make_window(office)
    sign_in(window, "budi")
    assert window.page is not None, window.signin.error.text()
    return window.page


def ticket_row(db: Database, code: str) -> tuple[object, ...]:
    with engine.read(db) as session:
        query = select(Ticket.status, Ticket.step, Ticket.outcome).where(Ticket.code == code)
        return tuple(session.execute(query).one())


def call(page: DeskPage) -> None:
    refresh(page)
    page.action_panel.buttons["call_next"].click()
    settle(page)


def test_the_other_outcomes_are_one_tap_each_and_pass_their_code(
    office: Database, page: DeskPage
) -> None:
    issue_ticket(office, "A")
    call(page)
    assert list(page.outcomes.buttons) == ["berkas_kurang", "ditunda"]
    assert page.outcomes.isVisibleTo(page)
    page.outcomes.buttons["berkas_kurang"].click()
    settle(page)
    assert ticket_row(office, "A001") == ("finished", 1, "berkas_kurang")
    assert page.message.text() == "A001 finished: Documents incomplete."
    assert not page.outcomes.buttons["ditunda"].isEnabled()  # no ticket at the counter now


def test_finish_takes_the_default_and_the_card_shows_the_next_step(
    office: Database, page: DeskPage
) -> None:
    issue_ticket(office, "A")
    call(page)
    card = page.ticket_card
    assert card.step.text() == "Step 1 of 2: Document check"  # English: no translator
    assert page.action_panel.buttons["finish"].caption.text() == "Finish: Done"
    page.action_panel.buttons["finish"].click()
    settle(page)
    assert ticket_row(office, "A001") == ("waiting", 2, "selesai")
    call(page)
    assert card.step.text() == "Step 2 of 2: Photo & interview"
    assert not card.appointment.isVisibleTo(card)


def test_an_appointment_ticket_is_marked_on_the_card(office: Database, page: DeskPage) -> None:
    check_in(office, "XY-1234", service_code="B")
    call(page)
    card = page.ticket_card
    assert card.number.text() == "B001"
    assert card.appointment.isVisibleTo(card)
    assert not card.step.isVisibleTo(card)  # a one-step service says nothing of steps
