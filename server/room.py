"""A room: one live document, its connected clients, and ONE ordered stream of its edits.

The stream per document: every message of a room is handled under the room's lock, in
arrival order, so two edits of one paragraph are never merged concurrently::

    receive -> check (server/protocol.py) -> merge into the server text (negotiation.diffsync,
    synchronous, no await) -> broadcast the patch -> persist (group commit, in a thread)
    -> acknowledge to the author

Merging happens at once, so the next edit already merges against the new text. The patches
merged in one turn of the event loop go to the others at once as ONE frame, encoded once,
through the ``Fanout`` (server/channel.py). The author's acknowledgement waits in the current
*batch* until the batch's texts are durable: the writer task commits a whole batch with one
``store.record_edits`` call (group commit) while the next batch fills up. Why others need not
wait for the commit: a commit costs one fsync (8-12 ms on this machine's disk, more through
the ORM), and nothing is lost by showing an edit before it is durable -- its author keeps it
in the unacknowledged stack and sends it again after a crash. ``durable_broadcast=True``
restores the stricter order (patches leave with the acks, after the commit). The room never
touches a framework socket: a connection is a ``Peer`` with a non-blocking ``send``.

What makes a resent edit recognisable is each client's count of merged edits per paragraph
(``_applied``). The same commit stores the counts its batch changed, with the texts, so after
a crash between commit and ack the new process reads them back when the client says hello
(``join``) and skips the resent edit instead of merging it twice; the welcome tells the client
its committed count (``n``) so that it drops those edits from its stack.

Versions are coalesced: a person's burst of keystrokes in a paragraph becomes one version
(``store.append_version``) after ``coalesce_pause`` seconds without a keystroke from that
person there (default 2.0, range 0.05-60), or at the latest after ``coalesce_max`` seconds of
uninterrupted typing (default 30; server/bursts.py). Others see every keystroke at once
regardless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool

from negotiation import diffsync
from negotiation.model import Document, Paragraph
from server import protocol as wire
from server.bursts import Bursts
from server.channel import Fanout, Subscription, topic_for
from server.room_structure import change_structure
from server.store import (
    ClientProgress,
    DocumentNotFound,
    ParagraphEdit,
    ParagraphNotFound,
    StoreError,
)
from server.store_writer import StoreWriter, ThreadWriter, WritingStore

log = logging.getLogger("plenary.rooms")
SENDS_PER_SECOND = 10_000  # frames a room hands to its clients per second, at most (tunable)
STORE_RETRY_SECONDS = 0.5  # after a failed commit, the next try (sooner if someone types)
KIND_OF_SECTION = {"preamble": "preambular", "operative": "operative", "articles": "article"}


class ParagraphStore(WritingStore, Protocol):
    """What a room needs of the store (server.store.Store has it): the writes a
    ``ThreadWriter`` makes (``WritingStore``), and these reads and structure changes."""

    def load_document(self, document_id: str) -> Document: ...
    def check_document(self, document_id: str) -> None: ...
    def client_progress(self, document_id: str, client_id: str) -> dict[str, int]: ...
    def recover_unversioned(self, document_id: str) -> int: ...
    def insert_paragraph(self, document_id: str, *, after: str | None, section: str,
                         text: str, author: str, delegation: str | None) -> str: ...
    def delete_paragraph(self, document_id: str, paragraph_id: str, *, author: str,
                         delegation: str | None) -> None: ...
    def move_paragraph(self, document_id: str, paragraph_id: str, *, after: str | None,
                       author: str, delegation: str | None) -> None: ...


def is_not_found(problem: Exception) -> bool:
    return isinstance(problem, DocumentNotFound | ParagraphNotFound)


class Peer(Protocol):
    """One connection as a room sees it (server/ws.py makes them; tests make in-memory ones)."""

    client_id: str
    name: str
    delegation: str | None

    def send(self, frame: str) -> None:
        """Queue one frame for this client; never blocks."""


@dataclass
class _Live:
    """A paragraph as the room holds it: its recent revisions (the latest is the text)."""

    revisions: diffsync.Revisions
    meta: dict[str, Any]


@dataclass
class _Batch:
    edits: dict[str, ParagraphEdit] = field(default_factory=dict)
    # (client id, paragraph) -> that client's edits merged, for the counts this batch changed:
    # committed with the texts, so a count is durable exactly when the words it counts are
    progress: dict[tuple[str, str], int] = field(default_factory=dict)
    outgoing: list[tuple[Peer | None, Any]] = field(default_factory=list)  # (peer, frame|patch)
    versions: list[ParagraphEdit] = field(default_factory=list)
    acks: int = 0  # acknowledgements at the head of ``outgoing``

    def __bool__(self) -> bool:
        return bool(self.edits or self.progress or self.outgoing or self.versions)

    def count(self, key: tuple[str, str], applied: int) -> None:
        """Record a client's count of merged edits; counts only grow."""
        self.progress[key] = max(self.progress.get(key, applied), applied)


class Room:
    def __init__(self, document_id: str, store: ParagraphStore, fanout: Fanout, *,
                 coalesce_pause: float = 2.0, coalesce_max: float = 30.0,
                 durable_broadcast: bool = False, writer: StoreWriter | None = None) -> None:
        if not 0.05 <= coalesce_pause <= 60:
            raise ValueError(f"coalesce_pause must be within 0.05..60 seconds, got "
                             f"{coalesce_pause}")
        self.document_id = document_id
        self.epoch = secrets.token_hex(6)
        self._store, self._fanout = store, fanout
        # where the room's continuous writes run (server/store_writer.py); reads, opening
        # and structure changes use the store directly
        self._writes = writer or ThreadWriter(store)
        self._topic = topic_for(document_id)
        self._durable_broadcast = durable_broadcast
        self._early: list[dict[str, Any]] = []
        self._last_frame = 0.0
        self._paragraphs: dict[str, _Live] = {}
        self._order: list[dict[str, Any]] = []
        self._peers: dict[int, tuple[Peer, Subscription]] = {}
        self._focus: dict[int, str | None] = {}
        # (client id, paragraph) -> that client's edits merged into the text: ``_applied`` as
        # merged in memory (what a resent edit is checked against), ``_durable`` as committed
        # (what a welcome tells the client: only a committed edit may leave its stack)
        self._applied: dict[tuple[str, str], int] = {}
        self._durable: dict[tuple[str, str], int] = {}
        self._conflicts: dict[tuple[str, str], list[dict[str, str]]] = {}  # not yet taken
        self._bursts: Bursts[Peer] = Bursts(coalesce_pause, coalesce_max, self._version_due)
        self._lock = asyncio.Lock()
        self._commit_lock = asyncio.Lock()
        self._batch = _Batch()
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._version_writer: asyncio.Task[None] | None = None
        self._versions: list[ParagraphEdit] = []
        self._versions_due = asyncio.Event()
        self._stopping = False  # close(): the version writer ends after its current write
        # the slowest single edit on the event loop, seconds: CPU time of the loop's thread
        # (what our code costs) and wall time (that plus waiting for the GIL or the machine)
        self.longest_merge = self.longest_merge_wall = 0.0

    # -- lifecycle ------------------------------------------------------------------------

    async def open(self) -> None:
        # a document that fails verification is refused (TamperedText), never edited: its
        # stored text would otherwise become a properly hashed version (docs/integrity.md)
        await run_in_threadpool(self._store.check_document, self.document_id)
        await run_in_threadpool(self._store.recover_unversioned, self.document_id)
        document = await run_in_threadpool(self._store.load_document, self.document_id)
        self._load(document)
        self._writer = asyncio.create_task(self._write_forever(), name=f"room {self.document_id}")
        self._version_writer = asyncio.create_task(self._write_versions_forever(),
                                                   name=f"room {self.document_id} versions")

    def _load(self, document: Document) -> None:
        order: list[dict[str, Any]] = []

        def visit(paragraph: Paragraph, section: str, parent: str | None) -> None:
            order.append({"id": paragraph.id, "section": section, "kind": str(paragraph.kind),
                          "label": paragraph.label, "parent": parent,
                          "status": str(paragraph.status)})
            if paragraph.id not in self._paragraphs:
                self._paragraphs[paragraph.id] = _Live(diffsync.Revisions(paragraph.text), {})
            for child in paragraph.children:
                visit(child, section, paragraph.id)

        for section, paragraphs in document.sections():
            for paragraph in paragraphs:
                visit(paragraph, str(section), None)
        self._order = order
        for meta in order:
            self._paragraphs[meta["id"]].meta = meta
        for gone in set(self._paragraphs) - {meta["id"] for meta in order}:
            del self._paragraphs[gone]

    async def close(self) -> None:
        """Write every pending version, then stop the writer."""
        self._bursts.close()
        async with self._commit_lock:
            await self._commit(self._take_batch())
        if self._writer is not None:  # waits for the next batch (empty: no one is left)
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        if self._version_writer is not None:  # may be writing versions it has taken: not
            self._stopping = True             # cancelled, it stops after that write
            self._versions_due.set()
            await self._version_writer
        self._writer = self._version_writer = None
        if self._versions:
            versions, self._versions = self._versions, []
            await self._append_versions(versions)

    @property
    def empty(self) -> bool:
        return not self._peers

    # -- joining and leaving ----------------------------------------------------------------

    async def join(self, peer: Peer) -> dict[str, Any]:
        """Subscribe ``peer`` and return its welcome (the snapshot of every paragraph, with
        ``n``: how many of this client's edits of the paragraph are merged and committed).

        The client's counts are read from the store first (after a restart, the memory of
        what it sent is there only), so an edit it resends is not merged twice."""
        stored = await run_in_threadpool(self._store.client_progress, self.document_id,
                                         peer.client_id)
        for paragraph_id, applied in stored.items():
            key = (peer.client_id, paragraph_id)
            # never lower a count: memory may be ahead of the store (a batch not committed yet)
            self._applied[key] = max(self._applied.get(key, applied), applied)
            self._durable[key] = max(self._durable.get(key, applied), applied)
        subscription = self._fanout.subscribe(self._topic, peer.send)
        self._peers[id(peer)] = (peer, subscription)
        self._focus[id(peer)] = None
        self._publish_presence()
        return {"type": wire.WELCOME, "protocol": wire.PROTOCOL_VERSION,
                "documentId": self.document_id, "epoch": self.epoch,
                "you": {"clientId": peer.client_id, "name": peer.name,
                        "delegation": peer.delegation},
                "paragraphs": [self._snapshot(meta, peer.client_id) for meta in self._order],
                "presence": self._presence(), "limits": wire.LIMITS}

    def _snapshot(self, meta: dict[str, Any], client_id: str) -> dict[str, Any]:
        """One paragraph of a welcome: its text and revision, and this client's count ``n``
        of merged and committed edits. With ``conflicts`` (words of its merged edits that
        could not be placed, not yet taken) when every merged edit is committed: a client
        whose ack was lost drops those edits from its stack by ``n``, and would never see
        the ack that carries them. (When some are not committed yet, the client sends them
        again and the ack of that resend carries the conflicts.)"""
        live, key = self._paragraphs[meta["id"]], (client_id, meta["id"])
        snapshot = dict(meta, text=live.revisions.text_now, rev=live.revisions.revision,
                        n=self._durable.get(key, 0))
        if self._conflicts.get(key) and self._durable.get(key) == self._applied.get(key):
            snapshot["conflicts"] = list(self._conflicts[key])
        return snapshot

    def leave(self, peer: Peer) -> None:
        entry = self._peers.pop(id(peer), None)
        self._focus.pop(id(peer), None)
        if entry is not None:
            entry[1].close()
            self._publish_presence()
        self._bursts.end_all(peer)

    # -- the ordered stream -----------------------------------------------------------------

    async def handle(self, peer: Peer, message: wire.Message) -> None:
        """Handle one checked message; ``ProtocolError`` when it cannot be applied (then
        nothing changed)."""
        async with self._lock:
            if message.type == wire.EDIT:
                self._edit(peer, message)
            elif message.type == wire.FOCUS:
                self._focus[id(peer)] = message["p"]
                self._publish_presence()
            elif message.type in (wire.INSERT, wire.DELETE, wire.MOVE):
                await self._structure(peer, message)
            else:
                raise wire.ProtocolError(wire.BAD_MESSAGE, f"{message.type} is only sent once, "
                                         "first", message.ref)

    def _edit(self, peer: Peer, message: wire.Message) -> None:
        started, started_cpu = time.perf_counter(), time.thread_time()
        paragraph_id, ref = message["p"], message.ref
        live = self._paragraphs.get(paragraph_id)
        if live is None:
            raise wire.ProtocolError(wire.UNKNOWN_PARAGRAPH, f"document {self.document_id!r} "
                                     f"has no paragraph {paragraph_id!r}", ref)
        key = (peer.client_id, paragraph_id)
        applied_before = self._applied.get(key)
        base = message["base"]
        if base is None:
            try:
                base = live.revisions.text(message["m"])
            except diffsync.UnknownRevision as problem:
                raise wire.ProtocolError(wire.UNKNOWN_REVISION, f"paragraph {paragraph_id}: "
                                         f"{problem}; resend with your base text", ref) from None
        current = live.revisions.text_now
        try:
            received = diffsync.receive_edits(base, message["n"], message["deltas"],
                                              applied_before, current)
        except diffsync.DeltaError as problem:
            raise wire.ProtocolError(wire.BAD_DELTA, f"paragraph {paragraph_id}: a delta does "
                                     f"not fit your shadow: {problem}", ref) from None
        except diffsync.OutOfOrder as problem:
            raise wire.ProtocolError(wire.OUT_OF_ORDER, f"paragraph {paragraph_id}: {problem}",
                                     ref) from None
        for text in (received.shadow, received.text):
            if diffsync.utf16_length(text) > wire.MAX_PARAGRAPH_UNITS:
                raise wire.ProtocolError(wire.PARAGRAPH_TOO_LONG, f"paragraph {paragraph_id} "
                                         f"would exceed {wire.MAX_PARAGRAPH_UNITS} UTF-16 "
                                         "units", ref)
        if applied_before is not None and message["n"] < applied_before:
            log.debug("room %s: %s %s: edits %d..%d of %d merged already, skipped (m %d)",
                      self.document_id, peer.client_id, paragraph_id, message["n"],
                      min(applied_before, message["n"] + len(message["deltas"])) - 1,
                      len(message["deltas"]), message["m"])
        self._applied[key] = received.applied
        batch = self._batch
        if received.applied != applied_before:
            batch.count(key, received.applied)
        if applied_before is None or message["n"] >= applied_before:
            self._conflicts.pop(key, None)  # the client took the ack that carried them
        conflicts = self._conflicts.setdefault(key, [])
        conflicts.extend({"text": c.inserted, "removed": c.removed, "context": c.context,
                          "message": c.message} for c in received.conflicts)
        if not conflicts:
            del self._conflicts[key]
        if received.text != current:
            old_revision = live.revisions.revision
            revision = live.revisions.advance(received.text)
            batch.edits[paragraph_id] = ParagraphEdit(paragraph_id, received.text, peer.name,
                                                      peer.delegation, datetime.now(UTC))
            patch = {"p": paragraph_id, "from": old_revision, "to": revision,
                     "delta": diffsync.make_delta(current, received.text)}
            if self._durable_broadcast:
                batch.outgoing.append((None, patch))
            else:
                self._publish_soon(patch)
            self._bursts.typed(key, peer)
        reply = {"type": wire.ACK, "p": paragraph_id, "n": received.applied, "m": message["m"],
                 "r": live.revisions.revision,
                 "delta": diffsync.make_delta(received.shadow, received.text), "ref": ref}
        if conflicts:  # sent again in every ack until the client has taken one
            reply["conflicts"] = list(conflicts)
        # acknowledgements go before the batch's shared patch frame (durable_broadcast): an
        # author then skips its own patch (already acknowledged) instead of taking a gap
        batch.outgoing.insert(batch.acks, (peer, wire.encode(reply)))
        batch.acks += 1
        self._wake.set()
        self.longest_merge = max(self.longest_merge, time.thread_time() - started_cpu)
        self.longest_merge_wall = max(self.longest_merge_wall, time.perf_counter() - started)

    def _publish_soon(self, patch: dict[str, Any]) -> None:
        """Others see a merged edit at once: the patches merged in one turn of the event loop
        go out as one frame. Only the author's ack waits for durability.

        With many clients, frames are spaced so that a room sends at most ``SENDS_PER_SECOND``
        frames in all (200 clients: one frame per 20 ms at most, with every patch merged
        meanwhile in it): the sends, not the merges, are what costs with many clients."""
        self._early.append(patch)
        if len(self._early) == 1:
            loop = asyncio.get_running_loop()
            spacing = len(self._peers) / SENDS_PER_SECOND
            delay = max(0.0, self._last_frame + spacing - loop.time())
            if delay:
                loop.call_later(delay, self._publish_early)
            else:
                loop.call_soon(self._publish_early)

    def _publish_early(self) -> None:
        patches, self._early = self._early, []
        self._last_frame = asyncio.get_running_loop().time()
        self._flush_patches(patches)

    # -- versions (coalescing) --------------------------------------------------------------

    def _version_due(self, key: tuple[str, str], peer: Peer) -> None:
        """A burst ended (server/bursts.py): its paragraph's text now becomes a version."""
        live = self._paragraphs.get(key[1])
        if live is not None:
            self._batch.versions.append(ParagraphEdit(key[1], live.revisions.text_now,
                                                      peer.name, peer.delegation,
                                                      datetime.now(UTC)))
            self._wake.set()

    # -- the writer: group commit, then acknowledge and broadcast -----------------------------

    def _take_batch(self) -> _Batch:
        batch, self._batch = self._batch, _Batch()
        return batch

    async def _write_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            async with self._commit_lock:
                await self._commit(self._take_batch())

    async def _commit(self, batch: _Batch) -> None:
        if batch.edits or batch.progress:
            progress = [ClientProgress(client_id, paragraph_id, applied)
                        for (client_id, paragraph_id), applied in batch.progress.items()]
            try:
                await self._writes.record_edits(self.document_id,
                                                list(batch.edits.values()), progress)
            except Exception as problem:  # keep texts and counts: they go with the next batch
                log.exception("room %s: record_edits failed", self.document_id)
                for paragraph_id, edit in batch.edits.items():
                    self._batch.edits.setdefault(paragraph_id, edit)
                for key, applied in batch.progress.items():
                    self._batch.count(key, applied)
                held = [(peer, ack) for peer, ack in batch.outgoing if peer is not None]
                for peer in {id(p): p for p, _ in held}.values():
                    peer.send(wire.encode(wire.error(wire.STORE_FAILED, "your edit is merged "
                              f"but not saved yet ({problem}); it is saved with the next "
                              "commit, and acknowledged then")))
                # the acks wait for the commit that makes their edits durable
                self._batch.outgoing[:0] = held
                self._batch.acks += len(held)
                batch.outgoing = [(None, item) for peer, item in batch.outgoing
                                  if peer is None]
                asyncio.get_running_loop().call_later(STORE_RETRY_SECONDS, self._wake.set)
            else:
                for key, applied in batch.progress.items():
                    self._durable[key] = max(self._durable.get(key, applied), applied)
        self._send(batch.outgoing)
        if batch.versions:  # written by their own task: never delays the next commit
            self._versions.extend(batch.versions)
            self._versions_due.set()

    def _send(self, outgoing: list[tuple[Peer | None, Any]]) -> None:
        patches: list[dict[str, Any]] = []
        for peer, item in outgoing:
            if peer is not None:
                peer.send(item)
            elif isinstance(item, str):
                self._flush_patches(patches)
                self._fanout.publish(self._topic, item)
            else:
                patches.append(item)
        self._flush_patches(patches)

    def _flush_patches(self, patches: list[dict[str, Any]]) -> None:
        if patches:
            self._fanout.publish(self._topic, wire.encode({"type": wire.PATCH,
                                                           "patches": list(patches)}))
            patches.clear()

    async def _write_versions_forever(self) -> None:
        while not self._stopping:
            await self._versions_due.wait()
            self._versions_due.clear()
            versions, self._versions = self._versions, []
            if versions:
                await self._append_versions(versions)

    async def _append_versions(self, versions: list[ParagraphEdit]) -> None:
        """All in one transaction; one by one when that fails (a paragraph deleted
        meanwhile has no version, the others still get theirs)."""
        try:
            await self._writes.append_versions(self.document_id, versions)
            return
        except Exception as problem:
            if not isinstance(problem, StoreError):
                log.exception("room %s: append_versions failed", self.document_id)
        for edit in versions:
            try:
                await self._writes.append_version(
                    self.document_id, edit.paragraph_id, edit.text, author=edit.author,
                    delegation=edit.delegation, at=edit.at)
            except Exception as problem:
                if not is_not_found(problem):  # a paragraph deleted meanwhile has no version
                    log.exception("room %s: append_version failed", self.document_id)

    # -- presence -------------------------------------------------------------------------

    def _presence(self) -> list[dict[str, Any]]:
        return [{"name": peer.name, "delegation": peer.delegation, "p": self._focus.get(key)}
                for key, (peer, _) in self._peers.items()]

    def _publish_presence(self) -> None:
        self._fanout.publish(self._topic, wire.encode({"type": wire.PRESENCE,
                                                       "editors": self._presence()}))

    # -- structure: insert, delete, move ----------------------------------------------------

    async def _structure(self, peer: Peer, message: wire.Message) -> None:
        async with self._commit_lock:  # the texts of the edits so far are durable first
            await self._commit(self._take_batch())
            paragraph_id, document = await change_structure(
                self._store, self.document_id, peer.name, peer.delegation, message)
            self._load(document)
            frame: dict[str, Any] = {"type": wire.STRUCTURE, "op": message.type,
                                     "p": paragraph_id, "ref": message.ref,
                                     "by": {"name": peer.name, "delegation": peer.delegation}}
            if message.type != wire.DELETE:
                frame["after"] = message["after"]
            live = self._paragraphs.get(paragraph_id)
            if live is not None:
                frame["paragraph"] = dict(live.meta, text=live.revisions.text_now,
                                          rev=live.revisions.revision)
            frame["order"] = self._order
            self._fanout.publish(self._topic, wire.encode(frame))
