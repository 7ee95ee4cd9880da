"""The tables of accounts (SQLModel, migration 0004): negotiations, the documents they hold,
their members with a role each, one-time invitations and login sessions. Users are
``server.tables.UserRecord``. Only server/store/accounts.py and server/store/negotiations.py
read and write them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Text
from sqlmodel import Field, SQLModel

ID_LENGTH = 64


def _time(nullable: bool = False):
    return Field(sa_type=DateTime(timezone=True), nullable=nullable)


class NegotiationRecord(SQLModel, table=True):
    """A negotiation: "Permanent Council working group on democracy", organisation "OAS"."""

    __tablename__ = "negotiations"

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    name: str = Field(sa_type=Text)
    organisation: str  # negotiation.registries.ORGANISATIONS
    created_at: datetime = _time()
    created_by: str = Field(foreign_key="users.id", max_length=ID_LENGTH)


class NegotiationDocumentRecord(SQLModel, table=True):
    """A document of a negotiation; ``adopted_at`` set once the secretariat adopts it."""

    __tablename__ = "negotiation_documents"

    document_id: str = Field(primary_key=True, foreign_key="documents.id",
                             max_length=ID_LENGTH)
    negotiation_id: str = Field(foreign_key="negotiations.id", index=True,
                                max_length=ID_LENGTH)
    adopted_at: datetime | None = _time(nullable=True)
    adopted_by: str | None = Field(default=None, max_length=ID_LENGTH)


class MembershipRecord(SQLModel, table=True):
    """One person's role in one negotiation; a delegate speaks for ``delegation`` (a registry
    key such as "venezuela" or "g77-china") and for the groups of ``speaks_for``, when the
    secretariat named them to."""

    __tablename__ = "memberships"

    negotiation_id: str = Field(primary_key=True, foreign_key="negotiations.id",
                                max_length=ID_LENGTH)
    user_id: str = Field(primary_key=True, foreign_key="users.id", max_length=ID_LENGTH)
    role: str  # negotiation.permissions.Role value
    delegation: str | None = Field(default=None, max_length=ID_LENGTH)
    # the negotiating groups the delegate also speaks for, registry keys as a JSON list
    # ('["g77-china"]'); None: none (migration 0010)
    speaks_for: str | None = Field(default=None, sa_type=Text)


class InvitationRecord(SQLModel, table=True):
    """A one-time invitation: the signed link carries ``id``; ``used_at`` makes it spent."""

    __tablename__ = "invitations"

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    login: str = Field(max_length=254)
    name: str
    negotiation_id: str = Field(foreign_key="negotiations.id", max_length=ID_LENGTH)
    role: str
    delegation: str | None = Field(default=None, max_length=ID_LENGTH)
    created_by: str = Field(foreign_key="users.id", max_length=ID_LENGTH)
    created_at: datetime = _time()
    expires_at: datetime = _time()
    used_at: datetime | None = _time(nullable=True)


class SessionRecord(SQLModel, table=True):
    """A login session; the signed cookie holds ``id``. Ended at log out or removal."""

    __tablename__ = "sessions"

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=ID_LENGTH)
    created_at: datetime = _time()
    expires_at: datetime = _time()
    ended_at: datetime | None = _time(nullable=True)
