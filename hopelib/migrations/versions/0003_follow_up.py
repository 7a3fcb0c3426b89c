"""Follow-up: a note on each action status change, and transfer plans.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("action_events") as batch:
        batch.add_column(sa.Column("note", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "transfer_plans",
        sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session", sa.String(100), nullable=False, index=True),
        sa.Column("partner", sa.String(100), nullable=False),
        sa.Column("participant", sa.String(200), nullable=False),
        sa.Column("practice", sa.String(100), nullable=False),
        sa.Column("keep", sa.Text, nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        sa.Column("resources", sa.Text, nullable=False),
        sa.Column("risks", sa.Text, nullable=False),
        sa.Column("first_steps", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("milestones", sa.Text, nullable=False),
        sa.Index("ix_transfer_plans_partner_practice", "partner", "practice"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("transfer_plans")
    with op.batch_alter_table("action_events") as batch:
        batch.drop_column("note")
