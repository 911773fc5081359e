"""Outlines for the offline map background (issue 5): `conflictmap boundaries import`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "boundaries",
        sa.Column("boundary_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("boundary_id"),
    )
    with op.batch_alter_table("boundaries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_boundaries_source"), ["source"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("boundaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_boundaries_source"))

    op.drop_table("boundaries")
