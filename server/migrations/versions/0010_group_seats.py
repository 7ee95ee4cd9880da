"""a delegate may speak for negotiating groups besides their own delegation

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

``memberships.speaks_for``: the negotiating groups (registry keys, a JSON list such as
``["g77-china"]``) the secretariat named this delegate to speak for besides the delegation they
are seated for (docs/accounts.md). NULL, as on every membership made before, is none.

``bracket_events.on_behalf_of``: the group a delegate acted in the name of (None: their own
delegation, which ``delegation`` records in any case), hashed with the event when set
(server/store/ledger.py, ``OPTIONAL_FIELDS``), so events written before keep their hashes.

Columns only, no table rebuilt: the append-only triggers of ``bracket_events`` stay.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("memberships", sa.Column("speaks_for", sa.Text(), nullable=True))
    op.add_column("bracket_events", sa.Column(
        "on_behalf_of", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL), as in 0009: a table
    # rebuild would drop the append-only triggers of bracket_events
    op.execute("ALTER TABLE bracket_events DROP COLUMN on_behalf_of")
    op.execute("ALTER TABLE memberships DROP COLUMN speaks_for")
