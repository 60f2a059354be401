"""Backing up and restoring the queue database (`walkin backup` / `walkin restore`).

SQLite goes through sqlite3's online backup API, which copies a consistent snapshot while the
apps keep running (WAL readers and writers are not blocked). PostgreSQL goes through `pg_dump -Fc`
and `pg_restore --clean --if-exists`, found on PATH; the connection is passed through a libpq URI
without the password (that goes in `PGPASSWORD`), so no password shows in `ps` or in a message.
A URL with `options=-csearch_path=NAME` backs up and restores only the schema NAME.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing, nullcontext
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc, inspect, text
from sqlalchemy.engine import URL

from db.errors import UserError
from db.store.engine import SQLITE_BUSY_TIMEOUT_MS, Database, translate_error
from db.store.faults import RESTORE_HINT, check_summary

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
_IGNORED_TABLES = frozenset({"alembic_version"})
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([^\s]+)")
PG_CLIENT_PACKAGE = "postgresql-client-{major}"


class BackupError(UserError):
    """A backup or restore that cannot be done; the message says why and what to do."""


class TargetNotEmpty(BackupError):
    """The restore target already holds queue data (pass --force to replace it)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tickets: int


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    tickets: int
    replaced: bool


def url_schema(url: URL) -> str | None:
    """The schema a PostgreSQL URL confines its connections to, from `options=-csearch_path=S`."""
    options = url.query.get("options")
    raw = options if isinstance(options, str) else " ".join(options or ())
    found = _SEARCH_PATH.search(raw)
    if found is None:
        return None
    first = found.group(1).split(",")[0].strip().strip('"')
    return first or None


def row_counts(db: Database) -> dict[str, int]:
    """Rows in each queue table (the Alembic bookkeeping table left out)."""
    schema = url_schema(db.url) if db.dialect == "postgresql" else None
    try:
        with db.reader.connect() as conn:
            names = inspect(conn).get_table_names(schema=schema)
            prefix = f'"{schema}".' if schema else ""
            return {
                name: int(conn.execute(text(f'SELECT count(*) FROM {prefix}"{name}"')).scalar_one())
                for name in sorted(names)
                if name not in _IGNORED_TABLES
            }
    except exc.DBAPIError as error:
        raise translate_error(db, error) from error


def backup(db: Database, dest: Path) -> BackupResult:
    """Write a consistent copy of the database to `dest` (replaced atomically if it exists)."""
    dest = dest.expanduser()
    if dest.is_dir():
        raise BackupError(f"{dest} is a folder: give the backup file's name")
    if not dest.parent.is_dir():
        raise BackupError(f"the folder {dest.parent} does not exist")
    partial = dest.with_name(dest.name + ".partial")
    try:
        # The count comes from the finished copy itself: a count taken before or after the
        # copy would include or miss tickets issued meanwhile.
        if db.dialect == "sqlite":
            _sqlite_backup(_sqlite_path(db), partial)
            tickets = _sqlite_backup_tickets(_sqlite_path(db), partial, dest)
        else:
            _pg_dump(db, partial)
            tickets = _dump_tickets(partial, url_schema(db.url) or "public")
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(dest, dest.stat().st_size, tickets)


def restore(db: Database, src: Path, *, force: bool = False) -> RestoreResult:
    """Replace the database's contents with the backup `src`.

    Refuses a database that already holds queue rows unless `force`.
    """
    src = src.expanduser()
    kind = _backup_kind(src)
    wanted = "sqlite" if db.dialect == "sqlite" else "pg_dump"
    if kind != wanted:
        raise BackupError(
            f"{src} is a {kind} backup, but {db.label} is a {db.dialect} database: "
            f"restore it into a database of the same kind"
        )
    counts = row_counts(db)
    filled = sum(counts.values())
    if filled and not force:
        raise TargetNotEmpty(
            f"the database {db.label} is not empty ({counts.get('tickets', 0)} tickets, "
            f"{filled} rows): pass --force to replace it with {src}"
        )
    if db.dialect == "sqlite":
        _sqlite_restore(db, src)
    else:
        _pg_restore(db, src)
    return RestoreResult(src, row_counts(db).get("tickets", 0), replaced=bool(filled))


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_path(db: Database) -> Path:
    name = db.url.database
    if not name or name == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(name).expanduser()


def _sqlite_connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    mode = "ro" if readonly else "rwc"
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode={mode}",
            uri=True,
            timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
        )
    except sqlite3.Error as error:
        raise BackupError(f"cannot open the SQLite file {path}: {error}") from None
    conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    return conn


def _sqlite_backup(source: Path, dest: Path) -> None:
    if not source.is_file():
        raise BackupError(f"there is no database file {source}: check --db or WALKIN_DB")
    try:
        with (
            closing(_sqlite_connect(source, readonly=True)) as src,
            closing(sqlite3.connect(dest)) as out,
        ):
            src.backup(out)
            # A self-contained single file: no -wal/-shm companions next to the backup.
            out.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"backup of {source} failed: {error}") from None


def _sqlite_backup_tickets(source: Path, copy: Path, dest: Path) -> int:
    """The tickets in a fresh copy, once `quick_check` finds it sound (else nothing is kept).

    The online backup copies pages as they are, so a damaged database gives a damaged copy;
    refusing it keeps the last good backup at `dest` instead of overwriting it.
    """
    try:
        with closing(_sqlite_connect(copy, readonly=True)) as conn:
            check = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
            if check != ["ok"]:
                raise BackupError(
                    f"the database {source} is damaged ({check_summary(check)}); "
                    f"{dest} was left as it was. {RESTORE_HINT}"
                )
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "tickets" not in tables:
                return 0
            return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"the copy of {source} cannot be read ({error}); {dest} was left as it was. "
            f"{RESTORE_HINT}"
        ) from None


def _sqlite_restore(db: Database, src: Path) -> None:
    target = _sqlite_path(db)
    try:
        with closing(_sqlite_connect(src, readonly=True)) as backup_conn:
            check = backup_conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise BackupError(f"{src} is damaged (quick_check: {check and check[0]})")
            tables = {row[0] for row in backup_conn.execute("SELECT name FROM sqlite_master")}
            if "tickets" not in tables:
                raise BackupError(f"{src} is not a walk-in queue database (it has no tickets)")
            db.engine.dispose()  # no pooled connection of ours keeps the old pages cached
            lock = db.write_lock.held() if db.write_lock else nullcontext()
            with lock, closing(_sqlite_connect(target, readonly=False)) as out:
                backup_conn.backup(out)
                out.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise BackupError(f"restore of {src} into {target} failed: {error}") from None


# --- PostgreSQL -----------------------------------------------------------------------------


def _backup_kind(src: Path) -> str:
    try:
        with src.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"there is no backup file {src}") from None
    except OSError as error:
        raise BackupError(f"cannot read {src}: {error.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pg_dump"
    raise BackupError(f"{src} is not a walkin backup (neither SQLite nor pg_dump -Fc)")


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a one-line error naming the package."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: sudo apt-get install -y postgresql-client "
            f"(the major version must match the server's, e.g. postgresql-client-15)"
        )
    return found


def tool_major(tool: str) -> int:
    """The major version of a PostgreSQL client program (`pg_dump (PostgreSQL) 15.20` -> 15)."""
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"\)\s*(\d+)", out)
    if found is None:
        raise BackupError(f"cannot tell the version of {tool}: {out.strip()!r}")
    return int(found.group(1))


def server_major(db: Database) -> int:
    try:
        with db.reader.connect() as conn:
            return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10_000
    except exc.DBAPIError as error:
        raise translate_error(db, error) from error


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment carrying the password."""
    bare = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )  # `url.set(password=None)` would keep the password
    uri = bare.render_as_string(hide_password=False)
    env = dict(os.environ)
    env.setdefault("PGCONNECT_TIMEOUT", "5")
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return uri, env


def _run_pg(db: Database, args: list[str], what: str) -> None:
    uri, env = _libpq(db.url)
    result = subprocess.run(
        [*args, f"--dbname={uri}"], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit status {result.returncode}"
        raise BackupError(f"{what} {db.label} failed: {reason}")


def _pg_dump(db: Database, dest: Path) -> None:
    tool = pg_tool("pg_dump")
    server, client = server_major(db), tool_major(tool)
    if client < server:
        raise BackupError(
            f"pg_dump {client} cannot dump a PostgreSQL {server} server: "
            f"sudo apt-get install -y {PG_CLIENT_PACKAGE.format(major=server)}"
        )
    schema = url_schema(db.url)
    args = [tool, "--format=custom", f"--file={dest}"]
    if schema:
        args.append(f"--schema={schema}")
    _run_pg(db, args, "pg_dump of")


def _dump_tickets(dump: Path, schema: str) -> int:
    """The rows of the tickets table in a pg_dump archive (its COPY block, as pg_restore
    writes it out)."""
    tool = pg_tool("pg_restore")
    out = subprocess.run(
        [tool, "--data-only", f"--schema={schema}", "--table=tickets", "--file=-", str(dump)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise BackupError(f"cannot read back {dump}: {out.stderr.strip()}")
    rows, inside = 0, False
    for line in out.stdout.splitlines():
        if line.startswith("COPY "):
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside:
            rows += 1
    return rows


def _pg_restore(db: Database, src: Path) -> None:
    tool = pg_tool("pg_restore")
    schema = url_schema(db.url) or "public"
    dumped = _dumped_schemas(tool, src)
    if dumped and schema not in dumped:
        raise BackupError(
            f"{src} holds schema {', '.join(sorted(dumped))}, but {db.label} uses schema "
            f"{schema}: restore into a URL with options=-csearch_path={sorted(dumped)[0]}"
        )
    args = [tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    if dumped != {schema}:
        # Only this schema of a wider dump (a dump of just this schema is restored whole, so
        # that its CREATE SCHEMA runs too).
        args.append(f"--schema={schema}")
    db.engine.dispose()
    _run_pg(db, [*args, str(src)], f"pg_restore of {src} into")


def _dumped_schemas(tool: str, src: Path) -> set[str]:
    """The schemas whose tables a pg_dump archive holds (from `pg_restore --list`)."""
    listing = subprocess.run(
        [tool, "--list", str(src)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(f"{src} is not a readable pg_dump archive: {listing.stderr.strip()}")
    found = re.findall(
        r"^\d+;.*?\bTABLE\s+(?!DATA\s)(\S+)\s+\S+", listing.stdout, flags=re.MULTILINE
    )
    return set(found)
