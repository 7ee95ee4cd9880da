"""What the account repositories hand out: frozen dataclasses, never table rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from negotiation.permissions import Role


@dataclass(frozen=True)
class User:
    id: str
    login: str
    name: str
    secretariat: bool  # may create negotiations (the installation's secretariat)


@dataclass(frozen=True)
class Negotiation:
    id: str
    name: str
    organisation: str


@dataclass(frozen=True)
class Member:
    negotiation_id: str
    user: User
    role: Role
    delegation: str | None  # registry key, for delegates
    speaks_for: tuple[str, ...] = ()  # registry keys of the groups they also speak for


@dataclass(frozen=True)
class Invitation:
    id: str
    login: str
    name: str
    negotiation_id: str
    role: Role
    delegation: str | None
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class DocumentPlace:
    """Where a document stands: its negotiation (None when in none) and whether adopted."""

    document_id: str
    negotiation_id: str | None
    adopted: bool
