"""Phone companion: an unguessable token per ticket, the office's public URL, survey answers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.store.models import SKM_ITEMS, UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Tickets of earlier days keep no token: their pages are gone anyway.
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_tickets_token"), ["token"])
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_url", sa.String(length=200), nullable=True))
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("answered_at", UtcDateTime(), nullable=False),
        *(sa.Column(item, sa.SmallInteger(), nullable=False) for item in SKM_ITEMS),
        *(
            sa.CheckConstraint(
                f"{item} BETWEEN 1 AND 4", name=op.f(f"ck_survey_responses_{item}_range")
            )
            for item in SKM_ITEMS
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_survey_responses_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_survey_responses_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_survey_responses_ticket_id")),
    )
    op.create_index("ix_survey_responses_day", "survey_responses", ["business_date", "service_id"])


def downgrade() -> None:
    op.drop_index("ix_survey_responses_day", table_name="survey_responses")
    op.drop_table("survey_responses")
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.drop_column("public_url")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_tickets_token"), type_="unique")
        batch_op.drop_column("token")
