"""A service retired from the configuration is told apart from one a supervisor closed.

Both are inactive (no tickets). A closed service stays on the screens, marked closed with the
tickets still waiting for it, until it is reopened; a retired one leaves them once nobody
waits for it. Services inactive before this revision count as retired, as they behaved so far.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 22:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    services = sa.table("services", sa.column("active", sa.Boolean), sa.column("retired"))
    op.execute(services.update().where(services.c.active.is_(False)).values(retired=True))


def downgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("retired")
