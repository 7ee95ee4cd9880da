"""A room: one live document, its connected clients, and ONE ordered stream of its edits.

Every message of a room is handled under the room's lock, in arrival order::

    receive -> check (server/protocol.py) -> merge into the server text (stream.py,
    synchronous, no await) -> broadcast the patch (broadcast.py) -> persist (group commit,
    committer.py, in a thread) -> acknowledge to the author

The room only composes its parts, one job each (server/live/__init__.py lists them):
``Stream`` merges, ``Broadcast`` sends, ``Committer`` makes durable and releases the acks,
``Bursts`` and ``VersionWriter`` turn runs of typing into versions, ``Presence`` tracks who is
here, and structure.py inserts, deletes and moves paragraphs. ``durable_broadcast=True``
restores the stricter order (patches leave with the acks, after the commit).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool

from server import protocol as wire
from server.channel import Fanout, topic_for
from server.live import chair
from server.live.broadcast import Broadcast
from server.live.bursts import Bursts
from server.live.committer import Committer
from server.live.ports import ParagraphStore, Peer
from server.live.presence import Presence
from server.live.stream import Stream
from server.live.structure import change_structure, structure_frame
from server.live.versions import VersionWriter
from server.store import ParagraphEdit
from server.store_writer import StoreWriter, ThreadWriter


class Room:
    def __init__(self, document_id: str, store: ParagraphStore, fanout: Fanout, *,
                 coalesce_pause: float = 2.0, coalesce_max: float = 30.0,
                 durable_broadcast: bool = False, writer: StoreWriter | None = None) -> None:
        if not 0.05 <= coalesce_pause <= 60:
            raise ValueError(f"coalesce_pause must be within 0.05..60 seconds, got "
                             f"{coalesce_pause}")
        self.document_id = document_id
        self.epoch = secrets.token_hex(6)
        self._store = store
        self._durable_broadcast = durable_broadcast
        topic = topic_for(document_id)
        self.presence = Presence(fanout, topic)
        self.broadcast = Broadcast(fanout, topic, audience=lambda: len(self.presence))
        self.stream = Stream(document_id)
        # where the room's continuous writes run (server/store_writer.py); reads, opening
        # and structure changes use the store directly
        writes = writer or ThreadWriter(store)
        self.versions = VersionWriter(document_id, writes)
        self.committer = Committer(document_id, writes, self.stream.counts, self.broadcast,
                                   self.versions)
        self._bursts: Bursts[Peer] = Bursts(coalesce_pause, coalesce_max, self._version_due)
        self._lock = asyncio.Lock()
        self.selected: dict[str, Any] | None = None  # the paragraph under discussion
        # the slowest single edit on the event loop, seconds: CPU time of the loop's thread
        # (what our code costs) and wall time (that plus waiting for the GIL or the machine)
        self.longest_merge = self.longest_merge_wall = 0.0

    # -- lifecycle ------------------------------------------------------------------------

    async def open(self) -> None:
        await run_in_threadpool(self._store.recover_unversioned, self.document_id)
        document = await run_in_threadpool(self._store.load_document, self.document_id)
        self.stream.load(document)
        self.committer.start()
        self.versions.start()

    async def close(self) -> None:
        """Write every pending version, then stop the writers."""
        self._bursts.close()
        await self.committer.close()
        await self.versions.close()

    @property
    def empty(self) -> bool:
        return not self.presence

    # -- joining and leaving ----------------------------------------------------------------

    async def join(self, peer: Peer) -> dict[str, Any]:
        """Subscribe ``peer`` and return its welcome (the snapshot of every paragraph, with
        ``n``: how many of this client's edits of the paragraph are merged and committed).

        The client's counts are read from the store first (after a restart, the memory of
        what it sent is there only), so an edit it resends is not merged twice."""
        stored = await run_in_threadpool(self._store.client_progress, self.document_id,
                                         peer.client_id)
        self.stream.counts.restore(peer.client_id, stored)
        self.presence.arrive(peer)
        return {"type": wire.WELCOME, "protocol": wire.PROTOCOL_VERSION,
                "documentId": self.document_id, "epoch": self.epoch,
                "you": {"clientId": peer.client_id, "name": peer.name,
                        "delegation": peer.delegation},
                "paragraphs": self.stream.snapshot(peer.client_id),
                "presence": self.presence.editors(), "limits": wire.LIMITS,
                "selected": self.selected}

    def leave(self, peer: Peer) -> None:
        self.presence.leave(peer)
        self._bursts.end_all(peer)

    # -- the ordered stream -----------------------------------------------------------------

    async def handle(self, peer: Peer, message: wire.Message) -> None:
        """Handle one checked message; ``ProtocolError`` when it cannot be applied (then
        nothing changed)."""
        async with self._lock:
            if message.type == wire.EDIT:
                self._edit(peer, message)
            elif message.type == wire.FOCUS:
                self.presence.focus(peer, message["p"])
            elif message.type in (wire.INSERT, wire.DELETE, wire.MOVE):
                await self._structure(peer, message)
            elif message.type in (wire.BRACKET, wire.STATUS, wire.SELECT):
                await chair.handle(self._store, self, peer, message)
            else:
                raise wire.ProtocolError(wire.BAD_MESSAGE, f"{message.type} is only sent once, "
                                         "first", message.ref)

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """The room's turn, for an action that comes over HTTP (server/chair_routes.py)."""
        async with self._lock:
            yield

    def _edit(self, peer: Peer, message: wire.Message) -> None:
        started, started_cpu = time.perf_counter(), time.thread_time()
        merged = self.stream.merge(peer, message)
        batch = self.committer.batch
        if merged.count is not None:
            batch.count(merged.key, merged.count)
        if merged.edit is not None:
            batch.edits[merged.edit.paragraph_id] = merged.edit
            if self._durable_broadcast:
                batch.outgoing.append((None, merged.patch))
            else:
                self.broadcast.soon(merged.patch)
            self._bursts.typed(merged.key, peer)
        batch.ack(peer, wire.encode(merged.reply))
        self.committer.wake()
        self.longest_merge = max(self.longest_merge, time.thread_time() - started_cpu)
        self.longest_merge_wall = max(self.longest_merge_wall, time.perf_counter() - started)

    def _version_due(self, key: tuple[str, str], peer: Peer) -> None:
        """A burst ended (server/live/bursts.py): its paragraph's text now becomes a version,
        written once the batch that holds the text is committed."""
        text = self.stream.text_now(key[1])
        if text is not None:
            self.committer.batch.versions.append(ParagraphEdit(
                key[1], text, peer.name, peer.delegation, datetime.now(UTC)))
            self.committer.wake()

    # -- structure: insert, delete, move ----------------------------------------------------

    async def _structure(self, peer: Peer, message: wire.Message) -> None:
        async with self.committer.quiet():  # the texts of the edits so far are durable first
            paragraph_id, document = await change_structure(
                self._store, self.document_id, peer.name, peer.delegation, message)
            self.stream.load(document)
            self.broadcast.publish(wire.encode(structure_frame(peer, message, paragraph_id,
                                                               self.stream)))
