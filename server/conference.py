"""What crosses documents: notices every server process of a conference hears.

A ``Conference`` rides on the app's fan-out (server/channel.py) on one topic, ``TOPIC``: with
one process (the default) that is the in-process fan-out; with ``PLENARY_REDIS_URL`` set it is
``RedisFanout`` (server/redis_fanout.py) and every process hears every notice, its own too.
A notice is a JSON object ``{"kind": ..., "instance": <the sender>, ...}``:

``claimed``   ``{"document"}``: a process opened a room on the document (it claimed the fence).
              Any other process holding a room on it hands it over (``RoomRegistry.hand_over``):
              its clients reconnect through the balancer to the new owner.
``revision``  ``{"document", "what"}``: a writer outside the document's room stored a
              revision, an import or an adoption (``what``: ``"revision"``, ``"import"``,
              ``"adoption"``): the secretariat's web forms (server/secretariat_pages.py), the
              chair's adoption, or the command line (server/commands/import_.py, through
              ``publish_from_command``). The process holding the document's room reads its
              fence at once and reloads when it moved (``RoomRegistry.written_outside``); the
              room's fence watch stays the fallback when a notice is lost.
``revoked``   ``{"session"}``, ``{"user", "negotiation"}`` or ``{"document"}``, with a
              ``reason``: close those sockets on every process (log out, removal from a
              negotiation, adoption: server/conference_sockets.py).
``counts``    ``{"documents": {id: connected}}``: sent every ``COUNTS_SECONDS`` by each
              process; ``connected()`` sums the latest of every process (the documents page,
              the chair's console).
``progress``  ``{"document", "figures": {"openBrackets", "proposals", "agreed",
              "adReferendum", "paragraphs", "adopted"}}``: the chair's console figures of a
              document, from the process that changed it, when they changed, at most every
              two seconds per document (server/progress_board.py; the documents page).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import Any

from server.channel import Fanout, InProcessFanout, Subscription
from server.live.registry import RoomRegistry
from server.settings import Settings

log = logging.getLogger("plenary.conference")
TOPIC = "conference"
COUNTS_SECONDS = 2.0  # how often a process tells the others its clients per document
Notice = dict[str, Any]
Handler = Callable[[Notice], None]


class Conference:
    def __init__(self, fanout: Fanout, instance: str) -> None:
        self.fanout, self.instance = fanout, instance
        self._handlers: dict[str, list[Handler]] = {}
        self._counts: dict[str, tuple[float, dict[str, int]]] = {}  # instance -> (when, counts)
        self._subscription: Subscription | None = None
        self._counter: asyncio.Task[None] | None = None
        self.on("counts", self._remember_counts)

    def start(self, local_counts: Callable[[], dict[str, int]] | None = None) -> None:
        self._subscription = self.fanout.subscribe(TOPIC, self._receive)
        if local_counts is not None:
            self._counter = asyncio.create_task(self._tell_counts(local_counts),
                                                name="conference counts")

    async def aclose(self) -> None:
        if self._counter is not None:
            self._counter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._counter
        if self._subscription is not None:
            self._subscription.close()

    def on(self, kind: str, handler: Handler) -> None:
        self._handlers.setdefault(kind, []).append(handler)

    def announce(self, kind: str, **fields: Any) -> None:
        self.fanout.publish(TOPIC, notice_frame(kind, self.instance, **fields))

    def claimed(self, document_id: str) -> None:
        self.announce("claimed", document=document_id)

    def revised(self, document_id: str, what: str) -> None:
        """A revision, import or adoption of ``document_id`` was stored outside its room."""
        self.announce("revision", document=document_id, what=what)

    def connected(self) -> dict[str, int]:
        """Clients per document over every process heard from in the last few rounds."""
        total: dict[str, int] = {}
        fresh = time.monotonic() - 3 * COUNTS_SECONDS
        for when, counts in self._counts.values():
            if when >= fresh:
                for document_id, count in counts.items():
                    total[document_id] = total.get(document_id, 0) + count
        return total

    def _receive(self, frame: str) -> None:
        try:
            notice = json.loads(frame)
            handlers = self._handlers.get(notice["kind"], [])
        except (ValueError, KeyError, TypeError):
            log.warning("conference: unreadable notice %.200r", frame)
            return
        for handler in handlers:
            try:
                handler(notice)
            except Exception:  # one handler failing never stops the others
                log.exception("conference: handler of %s failed", notice["kind"])

    def _remember_counts(self, notice: Notice) -> None:
        self._counts[str(notice["instance"])] = (time.monotonic(), dict(notice["documents"]))

    async def _tell_counts(self, local_counts: Callable[[], dict[str, int]]) -> None:
        while True:
            self.announce("counts", documents=local_counts())
            await asyncio.sleep(COUNTS_SECONDS)


def notice_frame(kind: str, instance: str, **fields: Any) -> str:
    """A notice as it travels on ``TOPIC`` (see the module docstring)."""
    return json.dumps({"kind": kind, "instance": instance, **fields})


def attach(conference: Conference, rooms: RoomRegistry) -> None:
    """The rooms' side of the notices: hand over a document another process claimed, reload a
    room whose document was revised outside it, and tell the others this process's counts."""

    handing_over: set[asyncio.Task[int]] = set()
    reloading: set[asyncio.Task[bool]] = set()

    def revision(notice: Notice) -> None:
        # one's own notices too: the web form that stored the revision may run in the
        # process holding the room
        if rooms.holds(notice["document"]):
            task = asyncio.ensure_future(rooms.written_outside(notice["document"]))
            reloading.add(task)
            task.add_done_callback(_reloaded(notice, reloading))

    def claimed(notice: Notice) -> None:
        if notice["instance"] != conference.instance and rooms.holds(notice["document"]):
            log.info("conference: %s claimed %s; handing it over", notice["instance"],
                     notice["document"])
            task = asyncio.ensure_future(rooms.hand_over(notice["document"]))
            handing_over.add(task)
            task.add_done_callback(handing_over.discard)

    conference.on("claimed", claimed)
    conference.on("revision", revision)
    conference.start(lambda: {room.document_id: len(room.presence)
                              for room in rooms.open_rooms()})


def _reloaded(notice: Notice, tasks: set[asyncio.Task[bool]]
              ) -> Callable[[asyncio.Task[bool]], None]:
    def done(task: asyncio.Task[bool]) -> None:
        tasks.discard(task)
        if task.cancelled():
            return
        if task.exception() is not None:  # the fence watch finds it on its next round
            log.warning("conference: reload of %s on a revision notice failed: %r",
                        notice["document"], task.exception())
        elif task.result():
            log.info("conference: %s reloaded on a revision notice from %s",
                     notice["document"], notice["instance"])

    return done


def publish_from_command(settings: Settings, document_id: str, what: str) -> bool:
    """A revision notice from a command (``negotiation import``), which has no fan-out of its
    own: published straight to Redis when ``PLENARY_REDIS_URL`` is set, so the server
    process holding the document's room reloads at once. Without Redis, or when Redis does
    not answer, nothing is sent (False) and the room's fence watch finds the write within
    ``PLENARY_FENCE_WATCH`` seconds."""
    if settings.redis_url is None:
        return False
    from server.redis_fanout import publish_once

    return publish_once(settings.redis_url, TOPIC, notice_frame(
        "revision", f"command:{socket.gethostname()}:{os.getpid()}", document=document_id,
        what=what), settings.redis_namespace)


async def start_fanout(settings: Settings) -> InProcessFanout:
    """The in-process fan-out, or with ``PLENARY_REDIS_URL`` the Redis one (connected), on
    the installation's channels (``PLENARY_REDIS_NAMESPACE``)."""
    if settings.redis_url is None:
        return InProcessFanout()
    from server.redis_fanout import RedisFanout

    fanout = RedisFanout(settings.redis_url, (TOPIC,), settings.redis_namespace)
    await fanout.start()
    return fanout


async def stop_fanout(fanout: InProcessFanout) -> None:
    close = getattr(fanout, "aclose", None)
    if close is not None:
        await close()
