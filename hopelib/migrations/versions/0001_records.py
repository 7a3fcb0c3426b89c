"""The workshop records: participants, ratings, interests, notes, actions, withdrawals.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _common() -> list[sa.Column[Any]]:
    """Return the columns every record has (DATA_MODEL.md, "The session store")."""
    return [
        sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session", sa.String(100), nullable=False, index=True),
        sa.Column("partner", sa.String(100), nullable=False),
        sa.Column("participant", sa.String(200), nullable=False),
    ]


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "participants",
        *_common(),
        sa.Column("pseudonym", sa.String(200), nullable=False),
        sa.UniqueConstraint("session", "participant", name="uq_participants_session_key"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "ratings",
        *_common(),
        sa.Column("practice", sa.String(100), nullable=False),
        sa.Column("criterion", sa.String(100), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("visibility", sa.String(10), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "interests",
        *_common(),
        sa.Column("practice", sa.String(100), nullable=False),
        sa.Column("level", sa.String(100), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("visibility", sa.String(10), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "notes",
        *_common(),
        sa.Column("practice", sa.String(100), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("visibility", sa.String(10), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "actions",
        *_common(),
        sa.Column("practice", sa.String(100), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due", sa.Date, nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "action_events",
        *_common(),
        sa.Column("action", sa.String(36), nullable=False, index=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "withdrawals",
        *_common(),
        sa.Column("record", sa.String(36), nullable=False, index=True),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Revert this revision."""
    for table in (
        "withdrawals",
        "action_events",
        "actions",
        "notes",
        "interests",
        "ratings",
        "participants",
    ):
        op.drop_table(table)
