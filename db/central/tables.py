"""What leaves an office: the published tables and columns, and their copies on the central side.

Only what the reports read is published. Left out: the officers' PIN hash, wrong-PIN count, lock
and role, the tickets' phone tokens and idempotency keys, the booking codes, the events' details
and device names, and the tables the reports never read (device health, number series, counter
assignments). On the central side each published table exists with every column of the office
model, so the report's queries run unchanged; columns that are not published stay NULL there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import JSON, Column, Enum, Index, Integer, MetaData, String, Table
from sqlalchemy.types import TypeEngine

from db.store.models import Base

PUBLICATION = "walkin_central"
# The office's identity, created by `walkin central publish` and published with the rest.
IDENTITY_TABLE = "central_office"

# table -> published columns; the primary key is always among them (PostgreSQL needs the
# replica identity in a column list to replicate updates and deletes).
PUBLISHED: Mapping[str, tuple[str, ...]] = {
    IDENTITY_TABLE: ("id", "code", "name"),
    "office_settings": ("id", "name", "timezone"),
    "services": (
        "id",
        "code",
        "name_id",
        "name_en",
        "daily_quota",
        "target_wait_minutes",
        "sort_order",
        "active",
        "step_count",
    ),
    "service_hours": ("id", "service_id", "weekday", "opens", "issue_until", "closes", "quota"),
    "daily_quotas": ("business_date", "service_id", "quota"),
    "service_steps": ("service_id", "step", "code", "name_id", "name_en"),
    "outcomes": ("code", "name_id", "name_en", "ends_visit", "sort_order", "active"),
    "counters": ("id", "number", "name", "active"),
    "officers": ("id", "login", "name", "active"),
    "tickets": (
        "id",
        "business_date",
        "series_service_id",
        "number",
        "code",
        "service_id",
        "priority",
        "status",
        "source",
        "kind",
        "issued_at",
        "queued_at",
        "called_at",
        "serving_at",
        "finished_at",
        "counter_id",
        "officer_id",
        "recall_count",
        "transfer_count",
        "step",
        "waiting_since",
        "outcome",
    ),
    "ticket_steps": (
        "id",
        "ticket_id",
        "business_date",
        "service_id",
        "step",
        "queued_at",
        "called_at",
        "serving_at",
        "ended_at",
        "ended",
        "outcome",
        "counter_id",
        "officer_id",
        "recalls",
    ),
    "appointments": (
        "id",
        "business_date",
        "session_start",
        "session_end",
        "service_id",
        "priority",
        "trusted",
        "imported_at",
        "checked_in_at",
        "punctuality",
        "ticket_id",
        "released_at",
    ),
    "released_slots": ("business_date", "service_id", "slots"),
    "survey_responses": (
        "id",
        "ticket_id",
        "service_id",
        "business_date",
        "answered_at",
        "requirements",
        "procedure",
        "timeliness",
        "cost",
        "product",
        "competence",
        "behaviour",
        "complaints",
        "facilities",
    ),
    # The no-show marks the report counts, and the newest activity `central status` shows.
    "events": ("id", "at", "kind", "ticket_id", "counter_id", "officer_id"),
}

_IDENTITY = Table(
    IDENTITY_TABLE,
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False),
    Column("name", String(200), nullable=False),
)


def identity_table() -> Table:
    """The office's identity row (id 1): its code and name, for the central side to check."""
    return _IDENTITY


def central_metadata() -> MetaData:
    """The published tables as the central side keeps them: every column, no constraint but the
    primary key (rows arrive in the office's commit order; the office already checked them)."""
    metadata = MetaData()
    tables = {t.name: t for t in Base.metadata.sorted_tables} | {IDENTITY_TABLE: _IDENTITY}
    for name in PUBLISHED:
        source = tables[name]
        table = Table(
            name,
            metadata,
            *(
                Column(c.name, _plain(c.type), primary_key=c.primary_key, nullable=True)
                for c in source.columns
            ),
        )
        _indexes(source, table)
    return metadata


def _indexes(source: Table, table: Table) -> None:
    """The office's indexes, which the report's queries lean on (the per-ticket step sums read
    a ticket's steps by index), none of them unique: the office enforces uniqueness."""
    for index in source.indexes:
        if index.unique:
            continue  # what keeps one active ticket per counter: nothing a report reads
        where = index.dialect_options["postgresql"].get("where")
        columns = [table.c[c.name] for c in index.columns]
        Index(f"ix_central_{index.name}", *columns, postgresql_where=where)


def _plain(kind: TypeEngine[Any]) -> TypeEngine[Any]:
    """The column type without the CHECK constraints an enum would add."""
    if isinstance(kind, Enum):
        return String(kind.length or 16)
    if isinstance(kind, JSON):
        return JSON()
    return kind
