"""Session revocation on every process: the accounts' ``LiveSockets`` (server/auth/sessions.py)
closes the sockets of a session, a member or a document in this process; ``ConferenceSockets``
stands in its place in the gatekeeper and sends each ``end_*`` as a ``revoked`` notice through
the conference (server/conference.py): this process closes its own sockets at once, and every
other process closes its own when the notice arrives (a process ignores its own notices).
With one process and the in-process fan-out nothing changes for a single server.
"""

from __future__ import annotations

from collections.abc import Callable

from server.auth.sessions import LiveSockets
from server.conference import Conference, Notice


class ConferenceSockets:
    def __init__(self, local: LiveSockets, conference: Conference) -> None:
        self.local, self._conference = local, conference
        conference.on("revoked", self._revoked)

    def add(self, session_id: str | None, user_id: str, negotiation_id: str | None,
            close: Callable[[str], None], *, document_id: str | None = None
            ) -> Callable[[], None]:
        return self.local.add(session_id, user_id, negotiation_id, close,
                              document_id=document_id)

    def end_session(self, session_id: str, reason: str) -> int:
        self._conference.announce("revoked", session=session_id, reason=reason)
        return self.local.end_session(session_id, reason)

    def end_membership(self, user_id: str, negotiation_id: str, reason: str) -> int:
        self._conference.announce("revoked", user=user_id, negotiation=negotiation_id,
                                  reason=reason)
        return self.local.end_membership(user_id, negotiation_id, reason)

    def end_document(self, document_id: str, reason: str) -> int:
        self._conference.announce("revoked", document=document_id, reason=reason)
        return self.local.end_document(document_id, reason)

    def _revoked(self, notice: Notice) -> None:
        if notice.get("instance") == self._conference.instance:
            return  # closed here already
        reason = str(notice.get("reason") or "your session ended")
        if notice.get("session"):
            self.local.end_session(notice["session"], reason)
        elif notice.get("user") and notice.get("negotiation"):
            self.local.end_membership(notice["user"], notice["negotiation"], reason)
        elif notice.get("document"):
            self.local.end_document(notice["document"], reason)
