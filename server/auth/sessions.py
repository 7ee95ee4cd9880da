"""Login sessions: the signed, HttpOnly, SameSite cookie (Starlette's SessionMiddleware) holds
only a session id; the session row (server/store/accounts.py) says whether it is still live,
so log out ends it on the server too, and ``LiveSockets`` closes that session's WebSockets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from server.people.accounts import Accounts
from server.people.types import User

SESSION_KEY = "sid"
LIFETIME = timedelta(hours=12)
COOKIE = "plenary_session"


def start_session(session: dict[str, Any], accounts: Accounts, user: User) -> str:
    """A new session id for ``user`` in the cookie (a fresh one: no fixation)."""
    session.clear()
    session_id = accounts.open_session(user.id, LIFETIME)
    session[SESSION_KEY] = session_id
    return session_id


def session_id_of(session: dict[str, Any] | None) -> str | None:
    value = (session or {}).get(SESSION_KEY)
    return value if isinstance(value, str) else None


def current_user(session: dict[str, Any] | None, accounts: Accounts) -> User | None:
    session_id = session_id_of(session)
    return accounts.session_user(session_id) if session_id else None


@dataclass
class _Socket:
    session_id: str | None
    user_id: str
    negotiation_id: str | None
    close: Callable[[str], None]
    document_id: str | None = None


class LiveSockets:
    """The open WebSockets by session, user and negotiation, to close them when a session
    ends (log out, expiry) or a person leaves a negotiation."""

    def __init__(self) -> None:
        self._sockets: dict[int, _Socket] = {}

    def add(self, session_id: str | None, user_id: str, negotiation_id: str | None,
            close: Callable[[str], None], *, document_id: str | None = None
            ) -> Callable[[], None]:
        key = id(close)
        self._sockets[key] = _Socket(session_id, user_id, negotiation_id, close, document_id)
        return lambda: self._sockets.pop(key, None) and None

    def end_session(self, session_id: str, reason: str) -> int:
        return self._close(lambda s: s.session_id == session_id, reason)

    def end_membership(self, user_id: str, negotiation_id: str, reason: str) -> int:
        return self._close(lambda s: s.user_id == user_id
                           and s.negotiation_id == negotiation_id, reason)

    def end_document(self, document_id: str, reason: str) -> int:
        """Close every socket on a document (adopted: they reopen read-only)."""
        return self._close(lambda s: s.document_id == document_id, reason)

    def _close(self, which: Callable[[_Socket], bool], reason: str) -> int:
        closing = [key for key, socket in self._sockets.items() if which(socket)]
        for key in closing:
            self._sockets.pop(key).close(reason)
        return len(closing)
