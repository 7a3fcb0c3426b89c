"""The tables of the session store and the constants that name its values.

Every record table has ``seq`` (database-assigned, the order of truth), ``id`` (a UUID),
``created_at`` (UTC), ``session``, ``partner`` and ``participant`` (the folded pseudonym).
A change here needs an Alembic migration in ``hopelib/migrations/versions`` and a new
:data:`SCHEMA_VERSION` (CONTRIBUTING.md, "Change the store's schema").
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.schema import SchemaItem

__all__ = [
    "ACTION_STATUSES",
    "PLAN_FIELDS",
    "RECORD_KINDS",
    "SCHEMA_VERSION",
    "SESSION_EVENTS",
    "TABLES",
    "VISIBILITIES",
    "action_events_table",
    "actions_table",
    "interests_table",
    "metadata",
    "notes_table",
    "participants_table",
    "ratings_table",
    "session_events_table",
    "snapshots_table",
    "transfer_plans_table",
    "withdrawals_table",
]

VISIBILITIES = ("shared", "private")
#: What can happen to a session's participant view: closed, then opened again.
SESSION_EVENTS = ("closed", "reopened")
ACTION_STATUSES = ("open", "doing", "done", "dropped")
#: The parts of a transfer plan, in the Understand → Adapt → Re-use order.
PLAN_FIELDS = ("keep", "change", "resources", "risks", "first_steps", "owner", "milestones")
#: The record kinds, in the order they are archived and loaded.
RECORD_KINDS = (
    "participants",
    "snapshots",
    "ratings",
    "interests",
    "notes",
    "actions",
    "action_events",
    "transfer_plans",
    "withdrawals",
)
#: The Alembic revision this code writes (``hopelib/migrations/versions``).
SCHEMA_VERSION = "0004"

metadata = sa.MetaData()


def _table(name: str, *columns: SchemaItem, **options: Any) -> sa.Table:
    """Define a record table with the columns every record has."""
    return sa.Table(
        name,
        metadata,
        sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session", sa.String(100), nullable=False, index=True),
        sa.Column("partner", sa.String(100), nullable=False),
        sa.Column("participant", sa.String(200), nullable=False),
        *columns,
        sqlite_autoincrement=True,
        **options,
    )


participants_table = _table(
    "participants",
    sa.Column("pseudonym", sa.String(200), nullable=False),
    sa.UniqueConstraint("session", "participant", name="uq_participants_session_key"),
)
ratings_table = _table(
    "ratings",
    sa.Column("practice", sa.String(100), nullable=False),
    sa.Column("criterion", sa.String(100), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("visibility", sa.String(10), nullable=False),
    sa.Index("ix_ratings_session_seq", "session", "seq"),
)
interests_table = _table(
    "interests",
    sa.Column("practice", sa.String(100), nullable=False),
    sa.Column("level", sa.String(100), nullable=False),
    sa.Column("rationale", sa.Text, nullable=False),
    sa.Column("visibility", sa.String(10), nullable=False),
)
notes_table = _table(
    "notes",
    sa.Column("practice", sa.String(100), nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("visibility", sa.String(10), nullable=False),
)
actions_table = _table(
    "actions",
    sa.Column("practice", sa.String(100), nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("due", sa.Date, nullable=True),
)
action_events_table = _table(
    "action_events",
    sa.Column("action", sa.String(36), nullable=False, index=True),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)
transfer_plans_table = _table(
    "transfer_plans",
    sa.Column("practice", sa.String(100), nullable=False),
    sa.Column("keep", sa.Text, nullable=False),
    sa.Column("change", sa.Text, nullable=False),
    sa.Column("resources", sa.Text, nullable=False),
    sa.Column("risks", sa.Text, nullable=False),
    sa.Column("first_steps", sa.Text, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("milestones", sa.Text, nullable=False),  # JSON: [{"due": ISO date, "text": …}]
    sa.Index("ix_transfer_plans_partner_practice", "partner", "practice"),
)
withdrawals_table = _table(
    "withdrawals",
    sa.Column("record", sa.String(36), nullable=False, index=True),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)
snapshots_table = sa.Table(
    "snapshots",
    metadata,
    sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("id", sa.String(36), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("session", sa.String(100), nullable=False, unique=True),
    sa.Column("partner", sa.String(100), nullable=False),
    sa.Column("participant", sa.String(200), nullable=False),
    sa.Column("criteria", sa.Text, nullable=False),
    sa.Column("agenda", sa.Text, nullable=False),
    sa.Column("practice_hashes", sa.Text, nullable=False),
    sa.Column("catalogue_hash", sa.String(64), nullable=False),
    sqlite_autoincrement=True,
)
#: When a session's participant view was closed or reopened (``hope session close``): the
#: latest event tells its state. Not a record kind: archives and reports leave it out.
session_events_table = sa.Table(
    "session_events",
    metadata,
    sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("id", sa.String(36), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("session", sa.String(100), nullable=False, index=True),
    sa.Column("event", sa.String(20), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sqlite_autoincrement=True,
)
#: Record kind → its table.
TABLES: dict[str, sa.Table] = {name: metadata.tables[name] for name in RECORD_KINDS}
