"""attribution in the hash chain; the weave stored when a version is sealed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

``versions.weave``: the digest (``Weave.digest()``) of the paragraph's attribution right
after the version was sealed, hashed with the version (server/store/ledger.py,
``OPTIONAL_FIELDS``), so that `negotiation verify` can tell the stored weave
(``paragraph_weaves``) from an altered one. Versions written before carry none and keep their
hashes.

``paragraphs.working_ops``: the edits (with their authors) made to the paragraph's weave since
the stored one, written with the working text at every group commit and covered by its working
seal; the live room no longer rewrites the whole weave at every commit, only when it seals a
version (docs/attribution.md).

Columns only, no table rebuilt: the append-only triggers of ``versions`` stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("versions", sa.Column("weave", sa.String(length=64), nullable=True))
    op.add_column("paragraphs", sa.Column("working_ops", sa.Text(), nullable=True))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL): a table rebuild would drop
    # the append-only triggers and trip the foreign keys of the log (as in 0007)
    op.execute("ALTER TABLE paragraphs DROP COLUMN working_ops")
    op.execute("ALTER TABLE versions DROP COLUMN weave")
