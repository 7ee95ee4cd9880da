"""The log is append-only: triggers refuse UPDATE and DELETE on versions and events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Belt and braces: the store has no code path that updates or deletes a version, a bracket event,
a status or structure change, or a revision; these triggers make the database itself refuse it.
Tampering behind the application's back (dropping a trigger first) is what
``negotiation verify`` catches.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LOG_TABLES = ("versions", "bracket_events", "status_changes", "structure_changes", "revisions",
              "revision_entries")  # as in server.tables.LOG_TABLES at this migration


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("""
            CREATE OR REPLACE FUNCTION plenary_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
            END;
            $$ LANGUAGE plpgsql
        """)
    for table in LOG_TABLES:
        if dialect == "sqlite":
            for operation in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); "
                    "END")
        elif dialect == "postgresql":
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION plenary_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in LOG_TABLES:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS plenary_append_only()")
