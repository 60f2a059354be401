"""An index of the tickets still in the office, for the counts every issue and check-in makes,
and one of the waiting priority tickets, for a call's priority head; `ix_tickets_service_finished`
goes.

An issue counted the day's open tickets through `ix_tickets_day_called`, reading every ticket
of the day (the finished ones too) from the table, and its line's waiting tickets one table
row at a time. This partial index holds only waiting, called and serving tickets, with every
column those counts read, so both come from the index alone.

A call takes the head of each class of its lines with a `LIMIT 1` in queue order. Through
`ix_tickets_waiting`, the priority class's head, when no priority ticket waited (most of the
day), was found missing only at the end of the line. `ix_tickets_waiting_priority` holds
only waiting priority tickets: the head is its first entry.

`ix_tickets_service_finished` served the wait estimate's medians when they were taken from
tickets; they come from `ticket_steps` since migration 0006 and no query reads it any more,
while every issue and finish still had to update it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 15:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_OPEN = sa.text("status IN ('waiting', 'called', 'serving')")
_WAITING_PRIORITY = sa.text("status = 'waiting' AND priority IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_tickets_service_finished", table_name="tickets")
    op.create_index(
        "ix_tickets_open",
        "tickets",
        ["business_date", "service_id", "step", "status", "priority", "kind", "queued_at", "id"],
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )
    op.create_index(
        "ix_tickets_waiting_priority",
        "tickets",
        ["service_id", "queued_at", "id"],
        sqlite_where=_WAITING_PRIORITY,
        postgresql_where=_WAITING_PRIORITY,
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_waiting_priority", table_name="tickets")
    op.drop_index("ix_tickets_open", table_name="tickets")
    op.create_index("ix_tickets_service_finished", "tickets", ["service_id", "finished_at"])
