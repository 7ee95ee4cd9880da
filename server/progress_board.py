"""Where each document stands, for every server process: the chair's console figures (open
brackets, proposals, paragraphs agreed of all, agreed ad referendum) and whether the document
is adopted, told across processes through the conference (server/conference.py, Redis when
``PLENARY_REDIS_URL`` is set).

Who tells: the process that changed the document. A room calls ``touched`` after every frame
that may follow a stored change (server/live/broadcast.py: a commit's acks and patches, a
bracket, status, structure or reload frame), and the chair's HTTP actions call it too
(server/chair_routes.py), room or no room. ``touched`` reads the figures from the store, in a
thread, with the console's own code (``server.console_view.progress_of``: the domain's
``negotiation.console.progress``), at most once every ``EVERY`` seconds per document (the
latest figures: a touch during a reading reads again after it), and sends a ``progress``
notice only when they differ from the last this process sent for that document.

Who hears: every process keeps the latest figures of every document it heard of, for the
documents page's channel (server/documents_feed.py, which listens through ``listen``). A
document no notice told of yet (a process that has just started, a document nobody touched)
is read from the store the first time a page needs it (``figures``), and again after a
revision notice (an import, revision or adoption stored outside any room: the command line's
notice reaches every process, not the figures).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from negotiation.console import Progress
from server.background import Background
from server.conference import Conference, Notice
from server.console_view import progress_of
from server.people.negotiations import Negotiations

log = logging.getLogger("plenary.progress")
EVERY = 2.0  # seconds: at most one reading, and one notice, per document this often
SETTLE = 0.05  # seconds from a first touch to its reading (the touches of one turn together)
Listener = Callable[[str, dict[str, Any]], None]


@dataclass(frozen=True)
class Figures:
    """What the documents page shows of a document's progress: the console's figures and
    whether the document is adopted (JSON: ``as_json``)."""

    progress: Progress
    adopted: bool

    def as_json(self) -> dict[str, Any]:
        progress = self.progress
        return {"openBrackets": progress.open_brackets, "proposals": progress.proposals,
                "agreed": progress.agreed, "adReferendum": progress.ad_referendum,
                "paragraphs": progress.paragraphs, "adopted": self.adopted}


def figures_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The figures of a notice, checked field by field (a notice is another process's word)."""
    counts = {key: data[key] for key in ("openBrackets", "proposals", "agreed", "adReferendum",
                                         "paragraphs")}
    if not all(type(value) is int and value >= 0 for value in counts.values()) \
            or type(data["adopted"]) is not bool:
        raise ValueError("progress figures are counts and a flag")
    return {**counts, "adopted": data["adopted"]}


@dataclass
class _Telling:
    """This process's telling of one document's figures."""

    last_read: float = float("-inf")
    timer: asyncio.TimerHandle | None = None
    reading: bool = False
    again: bool = False
    told: dict[str, Any] | None = None


class ProgressBoard:
    def __init__(self, conference: Conference, store, negotiations: Negotiations, *,
                 every: float = EVERY) -> None:
        self._conference, self._store, self._negotiations = conference, store, negotiations
        self._every = every
        self._latest: dict[str, dict[str, Any]] = {}  # document -> figures (JSON form)
        self._generation: dict[str, int] = {}  # document -> notices heard about it
        self._telling: dict[str, _Telling] = {}
        self._listeners: list[Listener] = []
        self._background = Background(log, "progress board")
        conference.on("progress", self._heard)
        conference.on("revision", self._revised)

    def listen(self, listener: Listener) -> None:
        """Call ``listener(document_id, figures)`` with the figures of every notice heard."""
        self._listeners.append(listener)

    async def aclose(self) -> None:
        for telling in self._telling.values():
            if telling.timer is not None:
                telling.timer.cancel()
        await self._background.cancel_all()

    # ------------------------------------------------------------------ telling

    def touched(self, document_id: str) -> None:
        """This process may have changed ``document_id``: read its figures soon (at most
        every ``EVERY`` seconds) and tell every process when they changed."""
        telling = self._telling.setdefault(document_id, _Telling())
        if telling.reading:
            telling.again = True
            return
        if telling.timer is not None:
            return
        loop = asyncio.get_running_loop()
        delay = max(SETTLE, telling.last_read + self._every - loop.time())
        telling.timer = loop.call_later(delay, self._read_soon, document_id)

    def _read_soon(self, document_id: str) -> None:
        telling = self._telling[document_id]
        telling.timer, telling.reading, telling.again = None, True, False
        telling.last_read = asyncio.get_running_loop().time()
        self._background.spawn(self._tell(document_id, telling))

    async def _tell(self, document_id: str, telling: _Telling) -> None:
        try:
            figures = (await run_in_threadpool(self.read, document_id)).as_json()
            if figures != telling.told:
                telling.told = figures
                self._conference.announce("progress", document=document_id, figures=figures)
        finally:
            telling.reading = False
            if telling.again:
                self.touched(document_id)

    def read(self, document_id: str) -> Figures:
        """The document's figures as the store holds them now (reads the database)."""
        progress, every_paragraph_adopted = progress_of(self._store, document_id)
        adopted = every_paragraph_adopted or self._negotiations.place(document_id).adopted
        return Figures(progress, adopted)

    # ------------------------------------------------------------------ hearing

    def _heard(self, notice: Notice) -> None:
        document_id = str(notice["document"])
        figures = figures_from_json(notice["figures"])
        self._generation[document_id] = self._generation.get(document_id, 0) + 1
        self._latest[document_id] = figures
        for listener in self._listeners:
            listener(document_id, figures)

    def _revised(self, notice: Notice) -> None:
        """Stored outside any room, maybe: read again when next needed."""
        document_id = str(notice["document"])
        self._generation[document_id] = self._generation.get(document_id, 0) + 1
        self._latest.pop(document_id, None)

    def known(self, document_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The figures of ``document_ids`` this process knows already (reads nothing)."""
        return {d: self._latest[d] for d in document_ids if d in self._latest}

    async def figures(self, document_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The latest figures of ``document_ids``; those no notice told of are read from the
        store (kept unless a notice about the document came meanwhile). A document that
        cannot be read is left out."""
        wanted = list(document_ids)
        missing = {d: self._generation.get(d, 0) for d in wanted if d not in self._latest}
        if missing:
            read = await run_in_threadpool(self._read_all, list(missing))
            for document_id, figures in read.items():
                if self._generation.get(document_id, 0) == missing[document_id]:
                    self._latest[document_id] = figures
        return {d: self._latest[d] for d in wanted if d in self._latest}

    def _read_all(self, document_ids: list[str]) -> dict[str, dict[str, Any]]:
        read: dict[str, dict[str, Any]] = {}
        for document_id in document_ids:
            try:
                read[document_id] = self.read(document_id).as_json()
            except Exception as problem:  # a document removed or unreadable: not shown
                log.warning("progress of %s not read: %r", document_id, problem)
        return read
