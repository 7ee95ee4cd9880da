"""bracket events hash the paragraph layout after them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

A bracket action changes the paragraph's details (who holds which bracket, the proposals
tabled), which the chain covers through the layout (negotiation/chain_state.py). Like a
structure change, a status change and a revision, a bracket event now records the layout
after it, so that `negotiation verify` can tell an action's details from altered ones.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("bracket_events", sa.Column("layout", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bracket_events") as batch:
        batch.drop_column("layout")
