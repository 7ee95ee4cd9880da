"""The documents page's live feed: how many are connected to each document over every server
process, and each revision, import or adoption as it is stored, told to the pages of the
people who may read that document.

One ``DocumentsFeed`` per process rides on the conference (server/conference.py): it hears
every ``revision`` notice, from any process or from ``negotiation import``, and reads
``Conference.connected()``, the clients per document every process tells every two seconds.
Each open documents page is a ``Reader``: its person, the documents that person may read, and
how to send the page a frame (server/documents_socket.py is the WebSocket in front of it).

What a page hears is decided here, on the server, by the permission table: ``Action.READ``
for the person's seat on each document (negotiation/permissions.py), the same rule as the
documents list. The readable set is read when the page connects, checked again for the
document of every notice (a new import appears on the pages that may read it), and read
again when the person is removed from a negotiation (a ``revoked`` notice for that user).

Frames (JSON), from the server only:

``{"type": "counts", "documents": {id: n}}``
    at most every ``COUNTS_SECONDS``, only when the counts of that page's documents changed
    (the first at once): n for every document the page may read, 0 included.
``{"type": "progress", "documents": {id: {"openBrackets", "proposals", "agreed",
"adReferendum", "paragraphs", "adopted"}}}``
    where each document stands, the chair's console figures (server/progress_board.py): for
    every document the page may read once it connected (read from the store when no process
    told them yet), then those of the documents whose figures a process told, gathered for
    ``PROGRESS_GATHER`` seconds (each document at most every two seconds).
``{"type": "document", "what": "revision" | "import" | "adoption", "document": {"id",
"symbol", "title", "revisions", "updated", "updatedText", "adopted"}, "connected": n,
"progress": {...} | null}``
    when a notice arrives about a document the page may read, with its figures read again.
``{"type": "closed", "reason": ...}``
    before the server closes the socket (log out, session expired; server/documents_socket.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool

from negotiation.permissions import Action, decide
from server.auth.gatekeeper import Gatekeeper
from server.background import Background
from server.conference import Conference, Notice
from server.people.types import User
from server.progress_board import ProgressBoard
from server.store import Store
from server.store.types import DocumentSummary

log = logging.getLogger("plenary.documents_feed")
COUNTS_SECONDS = 3.0  # a page's counts change at most this often (its live region is polite)
PROGRESS_GATHER = 0.5  # seconds: the figures told meanwhile go to a page in one frame


@dataclass(eq=False)
class Reader:
    """One open documents page."""

    user: User
    send: Callable[[str], None]  # must not block (the socket's own queue)
    readable: set[str] = field(default_factory=set)
    shown: dict[str, int] | None = None  # the counts last sent


class DocumentsFeed:
    def __init__(self, conference: Conference, store: Store, gatekeeper: Gatekeeper,
                 board: ProgressBoard, every: float = COUNTS_SECONDS) -> None:
        self._conference, self._store, self._gatekeeper = conference, store, gatekeeper
        self._board, self._every = board, every
        self._readers: set[Reader] = set()
        self._background = Background(log, "documents feed")
        self._ticker: asyncio.Task[None] | None = None
        self._progress: dict[str, dict[str, Any]] = {}  # told, not yet sent to the pages
        self._progress_timer: asyncio.TimerHandle | None = None
        conference.on("revision", self._revision)
        conference.on("revoked", self._revoked)
        board.listen(self._told)

    def start(self) -> None:
        self._ticker = asyncio.create_task(self._tick(), name="documents feed")

    async def aclose(self) -> None:
        if self._progress_timer is not None:
            self._progress_timer.cancel()
        await self._background.cancel_all()
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._ticker

    async def join(self, user: User, send: Callable[[str], None]) -> Reader:
        readable = await run_in_threadpool(self.readable_of, user)
        reader = Reader(user, send, readable)
        self._readers.add(reader)
        self._send_counts(reader, self._conference.connected())
        self._background.spawn(self._first_progress(reader))
        return reader

    def leave(self, reader: Reader) -> None:
        self._readers.discard(reader)

    def may_read(self, user: User, document_id: str) -> bool:
        seat = self._gatekeeper.seat_for_document(user, document_id)
        return bool(decide(seat.role, Action.READ, seat.situation()))

    # ------------------------------------------------------------------ notices and counts

    def _revision(self, notice: Notice) -> None:
        self._background.spawn(self._tell(str(notice["document"]),
                                          str(notice.get("what", "revision"))))

    def _revoked(self, notice: Notice) -> None:
        if notice.get("user"):
            self._background.spawn(self._read_again(str(notice["user"])))

    async def _tell(self, document_id: str, what: str) -> None:
        readers = list(self._readers)
        if not readers:
            return
        users = {reader.user.id: reader.user for reader in readers}
        summary, adopted, readable = await run_in_threadpool(
            self._look, document_id, users.values())
        connected = self._conference.connected().get(document_id, 0)
        figures = (await self._board.figures([document_id])).get(document_id) \
            if summary and readable else None
        frame = json.dumps({"type": "document", "what": what, "connected": connected,
                            "document": summary_json(summary, adopted),
                            "progress": figures}) if summary else None
        for reader in readers:
            if reader.user.id in readable and frame is not None:
                reader.readable.add(document_id)
                reader.send(frame)
            else:
                reader.readable.discard(document_id)

    def _look(self, document_id: str, users: Iterable[User]
              ) -> tuple[DocumentSummary | None, bool, set[str]]:
        """The document's summary, whether it is adopted, and which of ``users`` may read
        it (in a thread: these read the database)."""
        summary = next((s for s in self._store.list_documents() if s.id == document_id), None)
        readable = {user.id for user in users if self.may_read(user, document_id)}
        return summary, self._gatekeeper.negotiations.place(document_id).adopted, readable

    async def _read_again(self, user_id: str) -> None:
        mine = [reader for reader in self._readers if reader.user.id == user_id]
        if mine:
            readable = await run_in_threadpool(self.readable_of, mine[0].user)
            for reader in mine:
                reader.readable = set(readable)

    def readable_of(self, user: User) -> set[str]:
        """The documents ``user`` may read (reads the database)."""
        return {summary.id for summary in self._store.list_documents()
                if self.may_read(user, summary.id)}

    async def _first_progress(self, reader: Reader) -> None:
        figures = await self._board.figures(sorted(reader.readable))
        mine = {d: f for d, f in figures.items() if d in reader.readable}
        if reader in self._readers and mine:
            reader.send(json.dumps({"type": "progress", "documents": mine}))

    def _told(self, document_id: str, figures: dict[str, Any]) -> None:
        """A process told a document's figures (server/progress_board.py): to the pages that
        may read it, with the others told within ``PROGRESS_GATHER`` seconds."""
        self._progress[document_id] = figures
        if self._progress_timer is None:
            self._progress_timer = asyncio.get_running_loop().call_later(
                PROGRESS_GATHER, self._send_progress)

    def _send_progress(self) -> None:
        told, self._progress, self._progress_timer = self._progress, {}, None
        for reader in list(self._readers):
            mine = {d: f for d, f in told.items() if d in reader.readable}
            if mine:
                reader.send(json.dumps({"type": "progress", "documents": mine}))

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            connected = self._conference.connected()
            for reader in list(self._readers):
                self._send_counts(reader, connected)

    @staticmethod
    def _send_counts(reader: Reader, connected: dict[str, int]) -> None:
        mine = {document_id: connected.get(document_id, 0)
                for document_id in sorted(reader.readable)}
        if mine != reader.shown:
            reader.shown = mine
            reader.send(json.dumps({"type": "counts", "documents": mine}))


def summary_json(summary: DocumentSummary, adopted: bool) -> dict[str, Any]:
    """A document's row as the page shows it (the page inserts it as text, never as HTML)."""
    return {"id": summary.id, "symbol": summary.symbol, "title": summary.title,
            "revisions": summary.revisions, "updated": summary.updated.isoformat(),
            "updatedText": summary.updated.strftime("%Y-%m-%d %H:%M UTC"),
            "adopted": adopted}
