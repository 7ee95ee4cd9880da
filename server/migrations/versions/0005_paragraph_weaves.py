"""paragraph weaves: who wrote each character of a paragraph, kept with its text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

A version used to be the whole paragraph text at the end of someone's burst of typing, so it
held the words of whoever else typed in the paragraph meanwhile, under the wrong name. The live
room now keeps a ``negotiation.authorship.Weave`` per paragraph (which person and delegation
typed each character, in which version) and writes versions holding only their author's own
changes; the weave is stored here, with the working text (``server.tables.ParagraphWeaveRecord``).
Paragraphs without a row get one rebuilt from their versions when first read.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paragraph_weaves",
        sa.Column("document_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("paragraph_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("version_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("weave", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id", "paragraph_id"],
                                ["paragraphs.document_id", "paragraphs.id"]),
        sa.PrimaryKeyConstraint("document_id", "paragraph_id"),
    )


def downgrade() -> None:
    op.drop_table("paragraph_weaves")
