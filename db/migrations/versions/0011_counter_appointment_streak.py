"""The counter role may update `counters.appointment_streak`, as it does `priority_streak`.

Migration 0005 added the column for the call order of bookings and walk-ins, but `walkin db
grant` gave the counter role UPDATE on `priority_streak` only: on PostgreSQL, under that role,
a call that changed the appointment streak was refused. The grant now names both columns, and
this migration gives the new column to every role that may update the old one, so an office
need not run `walkin db grant` again after upgrading.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 09:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_STREAK_UPDATERS = sa.text(
    """
    SELECT r.rolname FROM pg_attribute a
    CROSS JOIN LATERAL aclexplode(a.attacl) AS x
    JOIN pg_roles r ON r.oid = x.grantee
    WHERE a.attrelid = 'counters'::regclass AND a.attname = 'priority_streak'
      AND x.privilege_type = 'UPDATE'
    """
)


def upgrade() -> None:
    _for_each_updater("GRANT UPDATE (appointment_streak) ON counters TO {role}")


def downgrade() -> None:
    _for_each_updater("REVOKE UPDATE (appointment_streak) ON counters FROM {role}")


def _for_each_updater(statement: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite has no roles
    for role in bind.execute(_STREAK_UPDATERS).scalars():
        op.execute(statement.format(role='"' + role.replace('"', '""') + '"'))
