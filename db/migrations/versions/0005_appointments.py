"""Appointments: M-Paspor bookings checked in beside walk-ins, and the places they release.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.store.models import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_KIND = sa.Enum(
    "walk_in",
    "appointment",
    name="ticket_kind",
    native_enum=False,
    create_constraint=True,
    length=16,
)


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", _KIND, nullable=False, server_default="walk_in"))
    with op.batch_alter_table("number_series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counted", sa.Integer(), nullable=False, server_default="0"))
    # Every number handed out so far was a walk-in's, so each counted against the quota.
    op.execute("UPDATE number_series SET counted = last_number")
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        for name, default in (("early", "60"), ("grace", "30")):
            batch_op.add_column(
                sa.Column(
                    f"appointment_{name}_minutes",
                    sa.Integer(),
                    nullable=False,
                    server_default=default,
                )
            )
        batch_op.add_column(
            sa.Column(
                "appointment_late_rule",
                sa.String(length=16),
                nullable=False,
                server_default="refuse",
            )
        )
        batch_op.add_column(
            sa.Column(
                "appointment_trust_unlisted",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
        batch_op.add_column(sa.Column("appointment_release_at", sa.Time(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "call_order_mode", sa.String(length=20), nullable=False, server_default="by_time"
            )
        )
        batch_op.add_column(
            sa.Column("call_order_max_in_row", sa.Integer(), nullable=False, server_default="3")
        )
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("appointment_streak", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_code", sa.String(length=32), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("session_start", sa.Time(), nullable=True),
        sa.Column("session_end", sa.Time(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=True),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("imported_at", UtcDateTime(), nullable=True),
        sa.Column("checked_in_at", UtcDateTime(), nullable=True),
        sa.Column("punctuality", sa.String(length=16), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("released_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_appointments_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_appointments_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
        sa.UniqueConstraint("booking_code", name=op.f("uq_appointments_booking_code")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_appointments_ticket_id")),
    )
    op.create_index("ix_appointments_day_service", "appointments", ["business_date", "service_id"])
    op.create_table(
        "released_slots",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("slots", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_released_slots_service_id_services")
        ),
        sa.PrimaryKeyConstraint("business_date", "service_id", name=op.f("pk_released_slots")),
    )


def downgrade() -> None:
    op.drop_table("released_slots")
    op.drop_index("ix_appointments_day_service", table_name="appointments")
    op.drop_table("appointments")
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        for column in (
            "call_order_max_in_row",
            "call_order_mode",
            "appointment_release_at",
            "appointment_trust_unlisted",
            "appointment_late_rule",
            "appointment_grace_minutes",
            "appointment_early_minutes",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.drop_column("appointment_streak")
    with op.batch_alter_table("number_series", schema=None) as batch_op:
        batch_op.drop_column("counted")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("kind")
