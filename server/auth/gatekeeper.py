"""``Gatekeeper``: who a session is, and which seat (role, delegation, the groups they also
speak for) they hold for a document or a negotiation. Identity always comes from here, never
from what a client says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from negotiation.permissions import Role, Situation
from negotiation.registries import all_delegations, registry_for
from server.auth.sessions import LiveSockets, current_user
from server.people.accounts import Accounts
from server.people.negotiations import Negotiations
from server.people.types import Negotiation, User


@dataclass(frozen=True)
class Seat:
    """A person as they act on one document or negotiation."""

    user: User
    role: Role | None  # None: not a member
    negotiation: Negotiation | None
    delegation: str | None  # the delegation's name as its organisation writes it
    document_id: str | None = None
    adopted: bool = False
    # the negotiating groups the secretariat named this delegate to speak for besides their
    # delegation (their names, "Group of 77 and China"); server/people/negotiations.py
    speaks_for: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.user.name

    def situation(self, **changes: Any) -> Situation:
        fields: dict[str, Any] = {"adopted": self.adopted, "own_delegation": self.delegation,
                                  "speaks_for": frozenset(self.speaks_for)}
        return Situation(**{**fields, **changes})


class Gatekeeper:
    def __init__(self, accounts: Accounts, negotiations: Negotiations,
                 sockets: LiveSockets | None = None) -> None:
        self.accounts, self.negotiations = accounts, negotiations
        self.sockets = sockets or LiveSockets()
        self._adopted: dict[str, bool] = {}

    def user(self, session: dict[str, Any] | None) -> User | None:
        return current_user(session, self.accounts)

    def seat_for_negotiation(self, user: User, negotiation_id: str) -> Seat:
        negotiation = self.negotiations.get(negotiation_id)
        if negotiation is None:
            return Seat(user, None, None, None)
        member = self.negotiations.membership(negotiation_id, user.id)
        role = member.role if member else (Role.SECRETARIAT if user.secretariat else None)
        delegation, groups = None, ()
        if member and member.delegation:
            found = registry_for(negotiation.organisation).get(member.delegation)
            delegation = found.name if found else member.delegation
            groups = tuple(_name(negotiation.organisation, key) for key in member.speaks_for)
        return Seat(user, role, negotiation, delegation, speaks_for=groups)

    def seat_for_document(self, user: User, document_id: str) -> Seat:
        place = self.negotiations.place(document_id)
        self._adopted[document_id] = place.adopted
        if place.negotiation_id is None:
            role = Role.SECRETARIAT if user.secretariat else None
            return Seat(user, role, None, None, document_id, place.adopted)
        seat = self.seat_for_negotiation(user, place.negotiation_id)
        return Seat(user, seat.role, seat.negotiation, seat.delegation, document_id,
                    place.adopted, seat.speaks_for)

    def adopted(self, document_id: str) -> bool:
        """Whether the document is adopted (cached: adoption goes through ``adopt``)."""
        if document_id not in self._adopted:
            self._adopted[document_id] = self.negotiations.place(document_id).adopted
        return self._adopted[document_id]

    def adopt(self, document_id: str, *, by: str) -> None:
        self.negotiations.adopt(document_id, by=by)
        self._adopted[document_id] = True


def _name(organisation: str, key: str) -> str:
    """A group's name from its registry key (the key itself, should it leave the registry)."""
    found = registry_for(organisation).get(key) or all_delegations().get(key)
    return found.name if found else key
