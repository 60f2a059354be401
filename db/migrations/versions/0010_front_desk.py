"""The front-desk role: the officer at the entrance who issues tickets on someone's behalf,
checks bookings in and looks tickets up (the counter app's front desk).

Only the CHECK constraint of `officers.role` changes; no data moves.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 21:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _role_type(*values: str) -> sa.Enum:
    return sa.Enum(*values, name="role", native_enum=False, create_constraint=True, length=16)


BEFORE = _role_type("officer", "supervisor")
AFTER = _role_type("officer", "supervisor", "front_desk")


def upgrade() -> None:
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=BEFORE, type_=AFTER, existing_nullable=False)


def downgrade() -> None:
    # A front-desk officer becomes a plain officer: the old constraint knows no other role.
    op.execute("UPDATE officers SET role = 'officer' WHERE role = 'front_desk'")
    with op.batch_alter_table("officers", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=AFTER, type_=BEFORE, existing_nullable=False)
