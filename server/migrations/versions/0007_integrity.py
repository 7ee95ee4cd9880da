"""integrity: the state checked against the chain, and anchored by a key outside the database

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

A structure change, a status change and a revision now hash the whole paragraph layout after
them (``layout``), so a changed order, deleted flag or status is caught; the document's head
carries an HMAC under the server's integrity key (``head_signature``), and so do working texts
typed since the last version (``working_seal``) and client counts (``seal``). ``checkpoints``
keeps signed heads for the record; like the log it is append-only. Columns are added with plain
``ALTER TABLE ... ADD COLUMN`` (no table rebuild), so the append-only triggers stay. Rows
written before this migration carry NULLs and keep their hashes (see docs/integrity.md).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

HASH = sqlmodel.sql.sqltypes.AutoString(length=64)
LAYOUT_TABLES = ("structure_changes", "status_changes", "revisions")


def upgrade() -> None:
    op.add_column("documents", sa.Column("head_signature", HASH, nullable=True))
    op.add_column("paragraphs", sa.Column("working_seal", HASH, nullable=True))
    op.add_column("client_progress", sa.Column("seal", HASH, nullable=True))
    for table in LAYOUT_TABLES:
        op.add_column(table, sa.Column("layout", sa.Text(), nullable=True))
    op.create_table(
        "checkpoints",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("document_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", HASH, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", HASH, nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_checkpoints_document", "checkpoints", ["document_id", "seq"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER checkpoints_no_{operation.lower()} BEFORE {operation} "
                       f"ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: "
                       f"{operation} refused'); END")
    elif dialect == "postgresql":
        op.execute("CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON "
                   "checkpoints FOR EACH ROW EXECUTE FUNCTION plenary_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS checkpoints_no_update")
        op.execute("DROP TRIGGER IF EXISTS checkpoints_no_delete")
    op.drop_index("ix_checkpoints_document", table_name="checkpoints")
    op.drop_table("checkpoints")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL): a table rebuild would drop
    # the append-only triggers and trip the foreign keys of the log
    for table, column in (*((t, "layout") for t in reversed(LAYOUT_TABLES)),
                          ("client_progress", "seal"), ("paragraphs", "working_seal"),
                          ("documents", "head_signature")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
