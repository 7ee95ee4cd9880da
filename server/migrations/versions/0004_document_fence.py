"""the document's fence: one writer of a live document at a time

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

``documents.fence`` is a fencing token. A room takes a new one when it opens or reloads a
document (``Store.claim_document``) and every write it makes is conditional on it (checked
in the write's own transaction); any other write of the document (the command line's import
of a revision, a page's action, another room claiming the document) moves it, so the room's
next write writes nothing and raises ``HeadMoved`` instead of overwriting what it never saw
(docs/fencing.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("fence", sa.Integer(), nullable=False,
                                         server_default="0"))


def downgrade() -> None:
    # plain ALTER TABLE on both (SQLite >= 3.35): a batch copy of ``documents`` would drop
    # a table other tables' foreign keys point to
    op.execute("ALTER TABLE documents DROP COLUMN fence")
