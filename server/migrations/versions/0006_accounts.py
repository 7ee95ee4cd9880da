"""accounts: users log in; negotiations, their documents, members, invitations, sessions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Users gain an e-mail-like ``login``, an argon2 ``password_hash`` and the ``secretariat`` flag
(may create negotiations). A negotiation holds documents (``negotiation_documents``, adopted
or not) and members (``memberships``: a role each, a delegation key for delegates). An
invitation is spent when used (``used_at``); a session ends at log out (``ended_at``).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _id(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=64), nullable=nullable)


def _time(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=254),
                                   nullable=True))
        users.add_column(sa.Column("password_hash", sa.Text(), nullable=True))
        users.add_column(sa.Column("secretariat", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_index("ix_users_login", "users", ["login"], unique=True)
    op.create_table(
        "negotiations",
        _id("id"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        _time("created_at"),
        _id("created_by"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "negotiation_documents",
        _id("document_id"),
        _id("negotiation_id"),
        _time("adopted_at", nullable=True),
        _id("adopted_by", nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.ForeignKeyConstraint(["negotiation_id"], ["negotiations.id"]),
        sa.PrimaryKeyConstraint("document_id"),
    )
    op.create_index("ix_negotiation_documents_negotiation_id", "negotiation_documents",
                    ["negotiation_id"])
    op.create_table(
        "memberships",
        _id("negotiation_id"),
        _id("user_id"),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        _id("delegation", nullable=True),
        sa.ForeignKeyConstraint(["negotiation_id"], ["negotiations.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("negotiation_id", "user_id"),
    )
    op.create_table(
        "invitations",
        _id("id"),
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        _id("negotiation_id"),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        _id("delegation", nullable=True),
        _id("created_by"),
        _time("created_at"),
        _time("expires_at"),
        _time("used_at", nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["negotiation_id"], ["negotiations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sessions",
        _id("id"),
        _id("user_id"),
        _time("created_at"),
        _time("expires_at"),
        _time("ended_at", nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_user_id", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("invitations")
    op.drop_table("memberships")
    op.drop_index("ix_negotiation_documents_negotiation_id", table_name="negotiation_documents")
    op.drop_table("negotiation_documents")
    op.drop_table("negotiations")
    op.drop_index("ix_users_login", table_name="users")
    with op.batch_alter_table("users") as users:
        users.drop_column("secretariat")
        users.drop_column("password_hash")
        users.drop_column("login")
