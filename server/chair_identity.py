"""Who acts, for the chair's actions: the one place the server turns a connection or a request
into an ``Actor`` (person, delegation, role, whom they may name: their own delegation and the
negotiating groups the secretariat named them to speak for, the seat's ``speaks_for``).

The person, delegation and role are the session's seat (server/auth/gatekeeper.py): the
WebSocket connection's ``seat`` and the HTTP request's ``request.state.seat`` (set by
``guarded``). The claims (the message's ``role``, a body's ``as``) count only without a seat,
which the server never admits; they remain for the domain's tests. The permission table
(negotiation.permissions.decide) then decides.
"""

from __future__ import annotations

from typing import Any

from negotiation.author import Author
from negotiation.bracket_requests import Actor
from negotiation.delegations import speaking_name
from negotiation.permissions import Role

OFFICERS = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT})


def actor_for(name: str, delegation: str | None, role: str | None, seat: Any = None
              ) -> Actor:
    """The actor: a delegate speaks for their delegation; the chair, vice-chairs and the
    secretariat for none (their actions are recorded without a delegation). ``seat``: the
    person's seat from their session (accounts: ``name``, ``role``, ``delegation``,
    ``speaks_for``); when there is one, it is used and the claims are ignored. A claim never
    speaks for a group: only a seat does."""
    groups: tuple[str, ...] = ()
    if seat is not None:
        name, delegation = seat.name, seat.delegation
        groups = tuple(getattr(seat, "speaks_for", ()))
        role = str(seat.role) if seat.role is not None else None
        if role is None:
            return Actor(Author(name or "unknown", delegation), None)
    claimed = Role(role) if role in set(Role) else (
        Role.DELEGATE if delegation else Role.OBSERVER)
    if claimed in OFFICERS:
        return Actor(Author(name or str(claimed)), claimed)
    if delegation:  # "VENEZUELA" as the grammar reads "[VENEZUELA: ...]": "Venezuela"
        delegation = speaking_name(delegation)
    speaks_for = frozenset({delegation, *(speaking_name(g) for g in groups)}) if delegation \
        else frozenset()
    return Actor(Author(name or "unknown", delegation), claimed, speaks_for)
