"""The WebSocket's gate: the same session cookie as HTTP at the handshake, a foreign
``Origin`` refused, the person and delegation taken from the session (a ``hello`` claiming
another is reported, not believed), and every message checked against the permission table.

server/ws.py calls ``admit`` before accepting, then asks the ``Admission`` for the identity,
for each message's refusal (None: allowed), and registers how to close the socket when the
session or the membership ends."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket

from negotiation.bracket_requests import BRACKET_ACTIONS, KINDS
from negotiation.delegations import same_delegation
from negotiation.permissions import Action, decide, decide_any
from negotiation.status_requests import STATUS_ACTIONS
from server import protocol as wire
from server.auth.gatekeeper import Gatekeeper, Seat
from server.auth.sessions import session_id_of
from server.chair_messages import BracketMessage, SelectMessage, StatusMessage
from server.people.types import User

POLICY_VIOLATION = 1008
ACTIONS = {wire.EDIT: Action.EDIT, wire.INSERT: Action.STRUCTURE,
           wire.DELETE: Action.STRUCTURE, wire.MOVE: Action.STRUCTURE,
           wire.FOCUS: Action.READ}


def actions_of(message: wire.ClientMessage) -> tuple[Action, ...]:
    """The actions of the permission table a message asks for (one of them, for a status
    change, which depends on the status the paragraph has when it is decided)."""
    if message.type in ACTIONS:
        return (ACTIONS[message.type],)
    if isinstance(message, BracketMessage):
        kind = KINDS.get(message.action)
        return (kind[0],) if kind else BRACKET_ACTIONS
    if isinstance(message, StatusMessage):
        return STATUS_ACTIONS
    if isinstance(message, SelectMessage):
        return (Action.SELECT,)
    return ()


def same_origin(origin: str | None, host: str | None, trusted: frozenset[str]) -> bool:
    """A browser always sends Origin on a WebSocket; it must name this server (or a trusted
    origin). Without one (a client that is not a browser, which a page cannot drive), the
    session cookie is all that counts."""
    if origin is None:
        return True
    if origin in trusted:
        return True
    return bool(host) and urlsplit(origin).netloc.lower() == (host or "").lower()


class Admission:
    def __init__(self, seat: Seat, gatekeeper: Gatekeeper, session_id: str | None,
                 expires_at: datetime | None = None) -> None:
        self.seat, self._gatekeeper, self._session_id = seat, gatekeeper, session_id
        self._expires_at = expires_at
        # (actions, adopted, status, proposal) -> the refusal: the seat is this connection's
        # for its whole life (a membership that changes closes it), so a decision of the
        # permission table holds for every later message in the same situation
        self._decided: dict[tuple[Any, ...], str | None] = {}

    def identity(self, hello: wire.Hello) -> tuple[str, str | None, str | None]:
        """(name, delegation, claim refused or None): always the session's."""
        claimed = hello.delegation
        note = None
        if claimed and not same_delegation(claimed, self.seat.delegation):
            note = (f"you speak for {self.seat.delegation or 'no delegation'} "
                    f"({self.seat.role}); the claim to speak for {claimed!r} was ignored")
        return self.seat.name, self.seat.delegation, note

    def refusal(self, message: wire.ClientMessage, status_of: Callable[[str], str | None],
                proposal_of: Callable[[str], str | None] = lambda _: None) -> str | None:
        """Why ``message`` is refused (None: allowed). ``proposal_of(p)``: the delegation
        whose proposal paragraph ``p`` is (None: an ordinary paragraph): an edit of it is
        recorded under that delegation, so only its delegates (and the officers, whose
        rules have no own-delegation condition) may make it."""
        actions = actions_of(message)
        if not actions:
            return None
        paragraph = getattr(message, "paragraph_id", None)
        adopted = self._gatekeeper.adopted(self.seat.document_id or "")
        status = status_of(paragraph) if paragraph else None
        proposal = proposal_of(paragraph) if paragraph else None
        situation = (actions, adopted, status, proposal)
        if situation not in self._decided:
            self._decided[situation] = self._decide(actions, adopted, status, proposal)
        return self._decided[situation]

    def _decide(self, actions: tuple[Action, ...], adopted: bool, status: str | None,
                proposal: str | None) -> str | None:
        if proposal and actions == (Action.EDIT,):
            return self._refused(Action.EDIT, adopted, status, proposal)
        decision = decide_any(self.seat.role, actions, self.seat.situation(
            adopted=adopted, paragraph_status=status))
        return None if decision else decision.reason

    def _refused(self, action: Action, adopted: bool, status: str | None,
                 proposal: str | None) -> str | None:
        changes = {"acting_for": proposal} if proposal and action is Action.EDIT else {}
        decision = decide(self.seat.role, action, self.seat.situation(
            adopted=adopted, paragraph_status=status, **changes))
        if decision:
            return None
        return f"{proposal}'s proposal: {decision.reason}" if changes else decision.reason

    def seat_description(self, statuses: dict[str, str],
                         proposals: dict[str, str] | None = None) -> dict[str, Any]:
        """For the welcome's ``you``: the role, why the whole document is read-only for this
        person (``readOnly``, or None), and why each paragraph they may not edit is locked
        (``proposals``: paragraph -> the delegation whose proposal it is), and the groups they
        may also act in the name of (``speaksFor``: the editor offers them)."""
        read_only, locked = self.read_only(statuses, proposals or {})
        return {"role": str(self.seat.role), "readOnly": read_only, "locked": locked,
                "speaksFor": list(self.seat.speaks_for)}

    def read_only(self, statuses: dict[str, str], proposals: dict[str, str] | None = None
                  ) -> tuple[str | None, dict[str, str]]:
        adopted = self._gatekeeper.adopted(self.seat.document_id or "")
        whole = decide(self.seat.role, Action.EDIT, self.seat.situation(adopted=adopted))
        if not whole:
            return whole.reason, {}
        locked = {}
        for paragraph_id, status in statuses.items():
            refused = self._refused(Action.EDIT, adopted, status,
                                    (proposals or {}).get(paragraph_id))
            if refused:
                locked[paragraph_id] = refused
        return None, locked

    def watch(self, close: Callable[[str], None]) -> Callable[[], None]:
        """Close the socket (``close(reason)``) when the session ends: log out, removal from
        the negotiation, adoption, or expiry. Returns the call that stops watching."""
        negotiation = self.seat.negotiation.id if self.seat.negotiation else None
        release = self._gatekeeper.sockets.add(self._session_id, self.seat.user.id,
                                               negotiation, close,
                                               document_id=self.seat.document_id)
        if self._expires_at is None:
            return release
        seconds = (self._expires_at - datetime.now(UTC)).total_seconds()
        timer = asyncio.get_running_loop().call_later(
            max(0.0, seconds), close, "your session expired; log in again")

        def stop() -> None:
            timer.cancel()
            release()

        return stop


class SessionGate:
    def __init__(self, gatekeeper: Gatekeeper, trusted_origins: frozenset[str] = frozenset()
                 ) -> None:
        self._gatekeeper, self._trusted = gatekeeper, trusted_origins

    async def admit(self, websocket: WebSocket, document_id: str) -> Admission | None:
        """The admission of this handshake, or None after refusing it (HTTP 403)."""
        person = await self.admit_person(websocket)
        if person is None:
            return None
        user, session_id, expires_at = person
        seat = await run_in_threadpool(self._gatekeeper.seat_for_document, user, document_id)
        if not decide(seat.role, Action.READ, seat.situation()):
            await websocket.close(POLICY_VIOLATION, "not a member of this negotiation")
            return None
        return Admission(seat, self._gatekeeper, session_id, expires_at)

    async def admit_person(self, websocket: WebSocket
                           ) -> tuple[User, str | None, datetime | None] | None:
        """(user, session id, session expiry) of a handshake from this site with a live
        session, or None after refusing it (HTTP 403): the part of ``admit`` that is not
        about one document (the documents page's channel, server/documents_socket.py)."""
        if not same_origin(websocket.headers.get("origin"), websocket.headers.get("host"),
                           self._trusted):
            await websocket.close(POLICY_VIOLATION, "foreign Origin")
            return None
        session = websocket.scope.get("session")
        user = await run_in_threadpool(self._gatekeeper.user, session)
        if user is None:
            await websocket.close(POLICY_VIOLATION, "log in first")
            return None
        session_id = session_id_of(session)
        expires_at = await run_in_threadpool(self._gatekeeper.accounts.session_expiry,
                                             session_id) if session_id else None
        return user, session_id, expires_at
