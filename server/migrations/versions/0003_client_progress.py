"""client progress: each live client's count of merged edits, durable with the text

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

The room counts, per client id (the protocol's ``hello``) and paragraph, how many of that
client's edits it has merged, so that an edit sent twice is merged once. Kept only in memory,
that count was lost in a crash: an edit committed but never acknowledged was resent after the
restart and merged a second time. ``Store.record_edits`` now writes the count in the same
transaction as the text (``server.tables.ClientProgressRecord``).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_progress",
        sa.Column("document_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("paragraph_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("document_id", "client_id", "paragraph_id"),
    )


def downgrade() -> None:
    op.drop_table("client_progress")
