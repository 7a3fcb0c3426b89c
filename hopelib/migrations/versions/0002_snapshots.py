"""Snapshots: what a session rated (criteria, agenda, catalogue hash) at its first write.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "snapshots",
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
    with op.batch_alter_table("ratings") as batch:
        batch.create_index("ix_ratings_session_seq", ["session", "seq"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("ratings") as batch:
        batch.drop_index("ix_ratings_session_seq")
    op.drop_table("snapshots")
