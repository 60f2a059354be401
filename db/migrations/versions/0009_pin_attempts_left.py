"""walkin_check_pin also says how many wrong PINs are left before the login locks.

The sign-in page tells an officer "3 attempts left"; the count lives in `officers.failed_pins`,
which the app roles may not read, so the PostgreSQL function returns it (the SQLite path in
db/store/pins.py computes the same). A function's result columns cannot be changed in place: it is
dropped and created again, and whoever could EXECUTE it before (the counter role, after
`walkin db grant`) is given EXECUTE again, so an upgrade does not lock the counters out.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 21:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

MAX_WRONG_PINS = 5  # the same figures as db/store/pins.py
LOCKOUT = "5 minutes"
SIGNATURE = "walkin_check_pin(text, text)"

_GRANTEES = sa.text(
    f"""
    SELECT r.rolname FROM pg_proc p
    CROSS JOIN LATERAL aclexplode(p.proacl) AS a
    JOIN pg_roles r ON r.oid = a.grantee
    WHERE p.oid = '{SIGNATURE}'::regprocedure
      AND a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner
    """
)


def upgrade() -> None:
    _replace(_CHECK_PIN_WITH_COUNT)


def downgrade() -> None:
    _replace(_CHECK_PIN_0007)


def _replace(body: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite has no roles and no functions: db/store/pins.py does the work there
    grantees = list(bind.execute(_GRANTEES).scalars())
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    path = f'"{schema.replace(chr(34), chr(34) * 2)}", pg_temp'
    op.execute(f"DROP FUNCTION {SIGNATURE}")
    op.execute(body.replace("@PATH@", path))
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
    for role in grantees:
        quoted = role.replace('"', '""')
        op.execute(f'GRANT EXECUTE ON FUNCTION {SIGNATURE} TO "{quoted}"')


_HEAD = """
CREATE FUNCTION walkin_check_pin(p_login text, p_digest text)
RETURNS TABLE (outcome text, officer_id integer, officer_role text, lock_end timestamptz@EXTRA@)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @PATH@ AS $$
DECLARE
    found_officer officers%ROWTYPE;
    failures integer;
    lock_until timestamptz;
BEGIN
    SELECT * INTO found_officer FROM officers o WHERE o.login = p_login AND o.active FOR UPDATE;
"""

# Each RETURN QUERY row; @LEFT@ is the extra column (attempts left) where the version has it.
_BODY = rf"""
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown'::text, NULL::integer, NULL::text, NULL::timestamptz@NONE@;
        RETURN;
    END IF;
    IF found_officer.locked_until > now() THEN
        RETURN QUERY SELECT 'locked'::text, found_officer.id, NULL::text,
            found_officer.locked_until@ZERO@;
        RETURN;
    END IF;
    IF split_part(found_officer.pin_hash, '$', 6) = p_digest AND p_digest <> '' THEN
        UPDATE officers o SET failed_pins = 0, locked_until = NULL WHERE o.id = found_officer.id;
        RETURN QUERY SELECT 'ok'::text, found_officer.id, found_officer.role::text,
            NULL::timestamptz@FULL@;
        RETURN;
    END IF;
    UPDATE officers o SET failed_pins = o.failed_pins + 1 WHERE o.id = found_officer.id
        RETURNING o.failed_pins INTO failures;
    IF failures < {MAX_WRONG_PINS} THEN
        RETURN QUERY SELECT 'wrong'::text, found_officer.id, NULL::text, NULL::timestamptz@LEFT@;
        RETURN;
    END IF;
    lock_until := now() + interval '{LOCKOUT}';
    UPDATE officers o SET failed_pins = 0, locked_until = lock_until
        WHERE o.id = found_officer.id;
    RETURN QUERY SELECT 'locked_now'::text, found_officer.id, NULL::text, lock_until@ZERO@;
END
$$
"""


def _version(extra: str, values: dict[str, str]) -> str:
    text = (_HEAD + _BODY).replace("@EXTRA@", extra)
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text


_CHECK_PIN_WITH_COUNT = _version(
    ", attempts_left integer",
    {
        "@NONE@": ", NULL::integer",
        "@ZERO@": ", 0",
        "@FULL@": f", {MAX_WRONG_PINS}",
        "@LEFT@": f", {MAX_WRONG_PINS} - failures",
    },
)
_CHECK_PIN_0007 = _version("", {"@NONE@": "", "@ZERO@": "", "@FULL@": "", "@LEFT@": ""})
