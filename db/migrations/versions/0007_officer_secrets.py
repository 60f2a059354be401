"""Officer secrets behind a narrow path; the office's minimum PIN length.

On PostgreSQL the app roles get no privilege on `officers.pin_hash`, `failed_pins`,
`locked_until` or `role` (see db/ops/grants.py): they check a PIN, and read an officer's role,
only through these SECURITY DEFINER functions, which run as the schema's owner with a fixed
search_path. EXECUTE is revoked from PUBLIC; `walkin db grant` gives it to the counter role.

- walkin_pin_setting(login): the stored hash without its digest ("scrypt$N$r$p$salt"), so
  the app can run scrypt itself; the salt alone is of no use to anyone.
- walkin_check_pin(login, digest): compares, and counts a wrong PIN under the officer's row
  lock, so that parallel attempts cannot lose a count. The clock is the server's: a caller
  cannot pass a time that makes a lock expire. Five wrong PINs lock the login for five minutes
  (the same figures as db/services/officers.py).
- walkin_officer_role(login): an active officer's role (the supervisor check).

SQLite has no roles: there db/store/pins.py runs the same logic in Python.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MAX_WRONG_PINS = 5
LOCKOUT = "5 minutes"
FUNCTIONS = (
    "walkin_pin_setting(text)",
    "walkin_check_pin(text, text)",
    "walkin_officer_role(text)",
)


def upgrade() -> None:
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pin_min_length", sa.Integer(), nullable=False, server_default="4")
        )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    path = f'"{schema.replace(chr(34), chr(34) * 2)}", pg_temp'
    for body in (_PIN_SETTING, _CHECK_PIN, _OFFICER_ROLE):
        op.execute(body.replace("@PATH@", path))
    for function in FUNCTIONS:
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for function in FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.drop_column("pin_min_length")


_PIN_SETTING = r"""
CREATE OR REPLACE FUNCTION walkin_pin_setting(p_login text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @PATH@ AS $$
    SELECT regexp_replace(pin_hash, '\$[^$]*$', '') FROM officers
    WHERE login = p_login AND active AND pin_hash IS NOT NULL
$$
"""

_CHECK_PIN = rf"""
CREATE OR REPLACE FUNCTION walkin_check_pin(p_login text, p_digest text)
RETURNS TABLE (outcome text, officer_id integer, officer_role text, lock_end timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @PATH@ AS $$
DECLARE
    found_officer officers%ROWTYPE;
    failures integer;
    lock_until timestamptz;
BEGIN
    SELECT * INTO found_officer FROM officers o WHERE o.login = p_login AND o.active FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown'::text, NULL::integer, NULL::text, NULL::timestamptz;
        RETURN;
    END IF;
    IF found_officer.locked_until > now() THEN
        RETURN QUERY SELECT 'locked'::text, found_officer.id, NULL::text,
            found_officer.locked_until;
        RETURN;
    END IF;
    IF split_part(found_officer.pin_hash, '$', 6) = p_digest AND p_digest <> '' THEN
        UPDATE officers o SET failed_pins = 0, locked_until = NULL WHERE o.id = found_officer.id;
        RETURN QUERY SELECT 'ok'::text, found_officer.id, found_officer.role::text,
            NULL::timestamptz;
        RETURN;
    END IF;
    UPDATE officers o SET failed_pins = o.failed_pins + 1 WHERE o.id = found_officer.id
        RETURNING o.failed_pins INTO failures;
    IF failures < {MAX_WRONG_PINS} THEN
        RETURN QUERY SELECT 'wrong'::text, found_officer.id, NULL::text, NULL::timestamptz;
        RETURN;
    END IF;
    lock_until := now() + interval '{LOCKOUT}';
    UPDATE officers o SET failed_pins = 0, locked_until = lock_until
        WHERE o.id = found_officer.id;
    RETURN QUERY SELECT 'locked_now'::text, found_officer.id, NULL::text, lock_until;
END
$$
"""

_OFFICER_ROLE = r"""
CREATE OR REPLACE FUNCTION walkin_officer_role(p_login text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @PATH@ AS $$
    SELECT role::text FROM officers WHERE login = p_login AND active
$$
"""
