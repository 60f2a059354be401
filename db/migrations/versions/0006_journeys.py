"""Journeys: a service's steps, step outcomes, and a row per call of a ticket (its history).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 19:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.store.models import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("step_count", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "next_step_queue", sa.String(length=16), nullable=False, server_default="arrival"
            )
        )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("waiting_since", UtcDateTime(), nullable=True))
    with op.batch_alter_table("counter_services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step", sa.Integer(), nullable=False, server_default="0"))
        batch_op.drop_constraint("pk_counter_services", type_="primary")
        batch_op.create_primary_key("pk_counter_services", ["counter_id", "service_id", "step"])
    op.create_table(
        "service_steps",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_id", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_steps_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "step", name=op.f("pk_service_steps")),
    )
    op.create_table(
        "outcomes",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_id", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("ends_visit", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_outcomes")),
    )
    _create_ticket_steps()


def _create_ticket_steps() -> None:
    op.create_table(
        "ticket_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("queued_at", UtcDateTime(), nullable=False),
        sa.Column("called_at", UtcDateTime(), nullable=False),
        sa.Column("serving_at", UtcDateTime(), nullable=True),
        sa.Column("ended_at", UtcDateTime(), nullable=True),
        sa.Column("ended", sa.String(length=16), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("recalls", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counters.id"], name=op.f("fk_ticket_steps_counter_id_counters")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_ticket_steps_officer_id_officers")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_ticket_steps_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_steps_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_steps")),
    )
    op.create_index("ix_ticket_steps_ticket", "ticket_steps", ["ticket_id"])
    op.create_index("ix_ticket_steps_day", "ticket_steps", ["business_date", "service_id", "step"])
    op.create_index(
        "ix_ticket_steps_line_finished",
        "ticket_steps",
        ["service_id", "step", "ended_at"],
        sqlite_where=sa.text("ended = 'finished'"),
        postgresql_where=sa.text("ended = 'finished'"),
    )
    op.create_index(
        "ux_ticket_steps_one_open_per_ticket",
        "ticket_steps",
        ["ticket_id"],
        unique=True,
        sqlite_where=sa.text("ended IS NULL"),
        postgresql_where=sa.text("ended IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ux_ticket_steps_one_open_per_ticket", table_name="ticket_steps")
    op.drop_index("ix_ticket_steps_line_finished", table_name="ticket_steps")
    op.drop_index("ix_ticket_steps_day", table_name="ticket_steps")
    op.drop_index("ix_ticket_steps_ticket", table_name="ticket_steps")
    op.drop_table("ticket_steps")
    op.drop_table("outcomes")
    op.drop_table("service_steps")
    with op.batch_alter_table("counter_services", schema=None) as batch_op:
        batch_op.drop_constraint("pk_counter_services", type_="primary")
        batch_op.create_primary_key("pk_counter_services", ["counter_id", "service_id"])
        batch_op.drop_column("step")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("waiting_since")
        batch_op.drop_column("outcome")
        batch_op.drop_column("step")
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.drop_column("next_step_queue")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("step_count")
