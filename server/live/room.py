"""A room: one live document, its connected clients, and ONE ordered stream of its edits.

Every message of a room is handled under the room's lock, in arrival order::

    receive -> check (server/protocol.py) -> merge into the server text (stream.py,
    synchronous, no await) -> broadcast the patch (broadcast.py) -> persist (group commit,
    committer.py, in a thread) -> acknowledge to the author

The room only composes its parts, one job each (server/live/__init__.py lists them):
``Stream`` merges, ``Broadcast`` sends, ``Committer`` makes durable and releases the acks,
``LiveAttribution`` keeps who typed each character and, when ``Bursts`` says a run of typing
ended, seals a version of only its author's changes, ``Presence`` tracks who is here, and
structure.py inserts, deletes and moves paragraphs. ``durable_broadcast=True``
restores the stricter order (patches leave with the acks, after the commit).

One fenced writer per document (docs/fencing.md): the room claims its document when it opens
and every write it makes carries its ``Fence``; when someone else wrote the document (a write
found the fence moved, or the ``FenceWatch`` saw it) the room reloads (reload.py) and takes
each outside change of a paragraph through ``apply_server_change`` (rebase.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool

from server import protocol as wire
from server.channel import Fanout, topic_for
from server.live import chair, typed
from server.live.attribution import LiveAttribution, author_of
from server.live.broadcast import Broadcast
from server.live.bursts import Bursts
from server.live.committer import COMMIT_SPACING, Committer
from server.live.fence import WATCH_SECONDS, Fence, FenceWatch
from server.live.ports import ParagraphStore, Peer
from server.live.presence import Presence
from server.live.rebase import ServerChange
from server.live.rebase import apply_server_change as merge_server_change
from server.live.reload import rebase, texts_of
from server.live.retyped import Retyping
from server.live.stream import MergedEdit, Stream
from server.live.structure import change_structure, check_structure, structure_frame
from server.store import HeadMoved
from server.store_writer import StoreWriter, ThreadWriter

log = logging.getLogger("plenary.rooms")


class Room:
    def __init__(self, document_id: str, store: ParagraphStore, fanout: Fanout, *,
                 coalesce_pause: float = 2.0, coalesce_max: float = 30.0,
                 durable_broadcast: bool = False, writer: StoreWriter | None = None,
                 fence_watch: float = WATCH_SECONDS) -> None:
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
        # the fence every write carries (claimed when the room opens)
        self.fence = Fence()
        self.authors = LiveAttribution()
        # where the room's continuous writes run (server/store_writer.py); reads, opening
        # and structure changes use the store directly
        writes = writer or ThreadWriter(store)
        # commits well within the burst pause: a client's next edit waits for its ack
        self.committer = Committer(document_id, writes, self.stream.counts, self.broadcast,
                                   self.authors, fence=self.fence, stored=self.stream.stored,
                                   text_of=self.stream.text_now,
                                   on_head_moved=self._reload_locked,
                                   spacing=min(COMMIT_SPACING, coalesce_pause / 4))
        self._watch = FenceWatch(document_id, store.document_fence, self.fence,
                                 self._fence_moved, seconds=fence_watch)
        self._bursts: Bursts[Peer] = Bursts(coalesce_pause, coalesce_max, self._version_due)
        self._lock = asyncio.Lock()
        self.retyping = Retyping(store, self)  # bracket edits not yet recorded (retyped.py)
        self.selected: dict[str, Any] | None = None  # the paragraph under discussion
        # the slowest single edit on the event loop, seconds: CPU time of the loop's thread
        # (what our code costs) and wall time (that plus waiting for the GIL or the machine)
        self.longest_merge = self.longest_merge_wall = 0.0
        self._merge_hooks: list[Callable[[MergedEdit], None]] = []

    # -- lifecycle ------------------------------------------------------------------------

    async def open(self) -> None:
        # a document that fails verification is refused (TamperedText), never edited: its
        # stored text would otherwise become a properly hashed version (docs/integrity.md)
        await run_in_threadpool(self._store.check_document, self.document_id)
        claim = await run_in_threadpool(self._store.claim_document, self.document_id)
        weaves = await run_in_threadpool(self._store.document_weaves, self.document_id)
        self.stream.load(claim.document)
        self.authors.load(weaves, self.stream.texts())
        self.fence.value = claim.fence
        self.committer.start()
        self._watch.start()

    async def close(self) -> None:
        """Seal every pending version and commit it, then stop the writers. A closing room
        never claims its document back: a write that finds the fence moved (the next owner, a
        process that took over during a restart) writes nothing, and the clients resend what
        was not acknowledged to that owner."""
        await self.retyping.closing()
        self.fence.surrender()
        await self._watch.close()
        self._bursts.close()
        await self.committer.close()

    # -- the fence: someone else wrote the document ---------------------------------------

    def apply_server_change(self, paragraph_id: str, old_text: str, new_text: str
                            ) -> ServerChange:
        """Take a change of the stored text made outside the room, ``old_text`` (what the
        store held from this room) -> ``new_text``, into the paragraph's stream; the
        caller sends the patch (rebase.py says how; the exact merge replaces it there)."""
        revisions = self.stream.revisions(paragraph_id)
        if revisions is None:
            raise KeyError(paragraph_id)
        change = merge_server_change(paragraph_id, revisions, old_text, new_text)
        if change.merged is not None:
            for hook in self._merge_hooks:
                hook(change.merged)
        return change

    def on_merged(self, hook: Callable[[MergedEdit], None]) -> None:
        """Call ``hook`` with every change merged into a paragraph of this room
        (``MergedEdit``: the op exactly as applied to the text, ot.js-style in code points,
        and its author, None for a change made outside the room), in stream order, at once
        (before the commit), on the event loop: it must not block or raise."""
        self._merge_hooks.append(hook)

    def publish_patch(self, patch: wire.PatchItem) -> None:
        if self._durable_broadcast:
            self.committer.batch.outgoing.append((None, patch))
        else:
            self.broadcast.soon(patch)

    async def _reload_locked(self) -> None:
        """Claim the document again and re-base the room on it (reload.py); commits are held
        off by the caller; nothing once the room handed its document over."""
        if self.fence.surrendered:
            return
        claim = await run_in_threadpool(self._store.claim_document, self.document_id)
        weaves = await run_in_threadpool(self._store.document_weaves, self.document_id)
        changes = rebase(self, claim)
        # who wrote what, as the store now says, and the room's own words on top
        self.authors.rebase(weaves, texts_of(claim.document), self.stream.texts(), changes)
        batch = self.committer.batch
        batch.versions = [v for v in batch.versions if v.paragraph_id not in changes]
        log.info("room %s: reloaded after an outside write (fence %d): %d paragraph(s) "
                 "changed", self.document_id, claim.fence, len(changes))
        self.committer.wake()

    async def reload_after_outside_write(self) -> None:
        """For a write of the room that found the fence moved (``HeadMoved``, nothing
        written), with commits held off: reload, then the write can be made again."""
        await self._reload_locked()

    async def check_fence(self) -> bool:
        """Someone said they wrote the document (a revision notice): read the fence now and
        reload if it moved (True), without waiting for the watch's next round."""
        if self.fence.surrendered:
            return False
        return await self._watch.check()

    async def _fence_moved(self, held: int) -> None:
        """The fence ``held`` moved (the watch, or a version write saw it): reload, unless
        the room has reloaded since."""
        async with self.committer.paused():
            if self.fence.value == held:
                await self._reload_locked()

    @property
    def empty(self) -> bool:
        return not self.presence

    # -- joining and leaving ----------------------------------------------------------------

    async def join(self, peer: Peer) -> wire.Welcome:
        """Subscribe ``peer`` and return its welcome (the snapshot of every paragraph, with
        ``n``: how many of this client's edits of the paragraph are merged and committed).

        The client's counts are read from the store first (after a restart, the memory of
        what it sent is there only), so an edit it resends is not merged twice."""
        stored = await run_in_threadpool(self._store.client_progress, self.document_id,
                                         peer.client_id)
        self.stream.counts.restore(peer.client_id, stored)
        self.presence.arrive(peer)
        return wire.Welcome(self.document_id, self.epoch, peer.client_id, peer.name,
                            peer.delegation, self.stream.snapshot(peer.client_id),
                            self.presence.editors(), selected=self.selected)

    def paragraph_status(self, paragraph_id: str) -> str | None:
        """The status of a live paragraph ("open", "agreed", ...), None when unknown."""
        meta = self.stream.paragraph(paragraph_id)
        return meta.get("status") if meta else None

    def set_paragraph_status(self, paragraph_id: str, status: str) -> None:
        """A status changed outside the room (the chair, over HTTP): checks see it at once."""
        self.stream.set_status(paragraph_id, status)

    def leave(self, peer: Peer) -> None:
        self.presence.leave(peer)
        self._bursts.end_all(peer)

    # -- the ordered stream -----------------------------------------------------------------

    async def handle(self, peer: Peer, message: wire.ClientMessage) -> None:
        """Handle one checked message; ``ProtocolError`` when it cannot be applied (then
        nothing changed)."""
        async with self._lock:
            if isinstance(message, wire.Edit):
                await typed.record_holds(self._store, self, self._edit(peer, message))
            elif isinstance(message, wire.Focus):
                self.presence.focus(peer, message.paragraph_id)
            elif isinstance(message, wire.Insert | wire.Delete | wire.Move):
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

    def _edit(self, peer: Peer, message: wire.Edit) -> typed.TypingCheck:
        started, started_cpu = time.perf_counter(), time.thread_time()
        before = self.stream.text_now(message.paragraph_id)
        merged = self.stream.merge(peer, message, typing := typed.TypingCheck(peer, message))
        batch = self.committer.batch
        if merged.count is not None:
            batch.count(merged.key, merged.count)
        if merged.edit is not None:
            # the op of the merged edit as applied (live/attribution.py)
            self.authors.merged(merged.edit.paragraph_id, before or "", merged.edit.text,
                                author_of(peer.name, peer.delegation),
                                op=merged.merged.op if merged.merged else None)
            if merged.merged is not None:
                for hook in self._merge_hooks:
                    hook(merged.merged)
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
        return typing

    def _version_due(self, key: tuple[str, str], peer: Peer) -> None:
        """A burst ended (server/live/bursts.py): its author's changes become a version (and
        those of anyone in that paragraph who stopped typing), committed with the next batch."""
        peers = self._bursts.typing_in(key[1])
        if self.authors.pending(key[1]) and self.authors.burst_ended(key[1], author_of(
                peer.name, peer.delegation), [author_of(p.name, p.delegation) for p in peers]):
            self.committer.wake()
        self.retyping.burst_ended(key[1], still_typing=bool(peers))

    # -- structure: insert, delete, move ----------------------------------------------------

    async def _structure(self, peer: Peer, message: wire.StructureMessage) -> None:
        await self.retyping.flush()
        async with self.committer.quiet():  # the texts of the edits so far are durable first
            for attempt in (1, 2):  # after someone else's write: reload, then on the new text
                check_structure(message, before := self.stream.order)
                try:
                    paragraph_id, document = await change_structure(
                        self._store, self.document_id, peer.name, peer.delegation, message,
                        fence=self.fence.value)
                    break
                except HeadMoved as problem:  # nothing written
                    if attempt == 2:  # moved again at once: the client may retry
                        raise wire.ProtocolError(wire.STORE_FAILED, f"{message.type}: "
                                                 f"{problem}", message.ref) from None
                    await self._reload_locked()
            new = set(texts_of(document)) - set(self.stream.texts())
            weaves = await run_in_threadpool(self._store.document_weaves, self.document_id,
                                             new) if new else {}
            self.stream.load(document)
            self.authors.load(weaves, self.stream.texts())
            self.broadcast.publish(wire.encode(structure_frame(peer, message, paragraph_id,
                                                               before, self.stream)))
