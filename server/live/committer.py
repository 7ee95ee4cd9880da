"""The committer of a room: batches, group commit with retry, then acknowledgements.

The author's acknowledgement waits in the current *batch* until the batch's texts are durable:
the writer task commits a whole batch with one ``store.record_edits`` call (group commit) while
the next batch fills up. The same commit stores the client counts the batch changed
(server/live/counts.py), so a count is durable exactly when the words it counts are. A failed
commit keeps its texts, counts and acks for the next one (tried ``STORE_RETRY_SECONDS`` later,
sooner if someone types) and tells the authors their edit is merged but not saved yet. After
the commit the acks (and, with ``durable_broadcast``, the patches) go out.

The versions sealed since the last batch (only their author's own changes, server/live/
attribution.py) and the weave of every paragraph whose attribution changed go with the batch,
in the same ``record_edits`` transaction: texts, versions and attribution are durable together.

Every commit carries the room's fence (server/live/fence.py). A commit that finds it moved
(``HeadMoved``: someone else wrote the document) wrote nothing; its texts, counts, acks and
versions stay for the next commit, and ``on_head_moved`` (the room's reload, lock held) runs
before that commit is tried once more, with the new fence and the re-based texts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from server import protocol as wire
from server.live.attribution import LiveAttribution
from server.live.broadcast import Broadcast, Outgoing
from server.live.counts import ClientCounts, Key
from server.live.fence import Fence
from server.live.ports import Peer
from server.store import ClientProgress, ParagraphEdit, SealedVersion
from server.store_writer import StoreWriter

log = logging.getLogger("plenary.rooms")
STORE_RETRY_SECONDS = 0.5  # after a failed commit, the next try (sooner if someone types)
COMMIT_SPACING = 0.1  # seconds from the start of one group commit to the next, at least


@dataclass
class Batch:
    edits: dict[str, ParagraphEdit] = field(default_factory=dict)
    # (client id, paragraph) -> that client's edits merged, for the counts this batch changed:
    # committed with the texts, so a count is durable exactly when the words it counts are
    progress: dict[Key, int] = field(default_factory=dict)
    outgoing: Outgoing = field(default_factory=list)  # (peer, frame|patch)
    versions: list[SealedVersion] = field(default_factory=list)  # sealed, in order
    acks: int = 0  # acknowledgements at the head of ``outgoing``

    def __bool__(self) -> bool:
        return bool(self.edits or self.progress or self.outgoing or self.versions)

    def count(self, key: Key, applied: int) -> None:
        """Record a client's count of merged edits; counts only grow."""
        self.progress[key] = max(self.progress.get(key, applied), applied)

    def ack(self, peer: Peer, frame: str) -> None:
        """An acknowledgement, released by the commit. Acks go before the batch's shared patch
        frame (durable_broadcast): an author then skips its own patch (already acknowledged)
        instead of taking a gap."""
        self.outgoing.insert(self.acks, (peer, frame))
        self.acks += 1


class Committer:
    def __init__(self, document_id: str, writes: StoreWriter, counts: ClientCounts,
                 broadcast: Broadcast, authors: LiveAttribution, *, fence: Fence,
                 stored: dict[str, str], text_of: Callable[[str], str | None],
                 on_head_moved: Callable[[], Awaitable[None]],
                 spacing: float = COMMIT_SPACING) -> None:
        """``spacing``: seconds from the start of one group commit to the next, at least
        (an edit after a quiet spell is committed at once)."""
        self.document_id, self._writes = document_id, writes
        self._spacing = spacing
        self._counts, self._broadcast, self._authors = counts, broadcast, authors
        self._text_of = text_of
        # the fence every commit carries; the stored texts a commit updates (Stream.stored);
        # the room's reload when a commit finds the fence moved (called with the lock held)
        self._fence, self._stored, self._on_head_moved = fence, stored, on_head_moved
        self.batch = Batch()
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_commit = float("-inf")

    @property
    def idle(self) -> bool:
        """Nothing waits to be committed and no commit is running."""
        return not self.batch and not self._authors.waiting and not self._lock.locked()

    def start(self) -> None:
        self._task = asyncio.create_task(self._write_forever(), name=f"room {self.document_id}")

    def wake(self) -> None:
        """The batch holds something new: commit it (now, or after the commit running)."""
        self._wake.set()

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Hold off every commit until the block ends, committing nothing first (a reload)."""
        async with self._lock:
            yield

    @contextlib.asynccontextmanager
    async def quiet(self) -> AsyncIterator[None]:
        """Commit what the batch holds, and hold off every other commit until the block ends
        (a structure change takes its place in the stream after the edits so far)."""
        async with self._lock:
            await self._commit(self._take())
            yield

    async def close(self) -> None:
        """Commit what is left, then stop the writer task."""
        async with self.quiet():
            pass
        if self._task is not None:  # waits for the next batch (empty: no one is left)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    def _take(self) -> Batch:
        batch, self.batch = self.batch, Batch()
        batch.edits, sealed = self._authors.take(
            batch.edits, lambda pid: self._text_of(pid) or "")
        batch.versions += sealed  # after those of a commit that did not go through
        return batch

    async def _write_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            # a group commit at most every ``spacing`` seconds: fewer, larger commits
            # cost less CPU than one after every turn of the loop (bench/load.py)
            await asyncio.sleep(max(0.0, self._last_commit + self._spacing - loop.time()))
            self._wake.clear()
            async with self._lock:
                self._last_commit = loop.time()
                await self._commit(self._take())

    async def _commit(self, batch: Batch, *, again: bool = True) -> None:
        if batch.edits or batch.progress or batch.versions:
            progress = [ClientProgress(client_id, paragraph_id, applied)
                        for (client_id, paragraph_id), applied in batch.progress.items()]
            try:
                await self._writes.record_edits(self.document_id,
                                                list(batch.edits.values()), progress,
                                                batch.versions, fence=self._fence.value)
            except Exception as problem:  # keep texts and counts: they go with the next batch
                if not Fence.moved(problem):
                    log.exception("room %s: record_edits failed", self.document_id)
                    self._keep_for_next(batch, problem)
                else:  # nothing written: reload, then the re-based batch once more
                    log.info("room %s: %s", self.document_id, problem)
                    self._keep_for_next(batch, None)
                    self._broadcast.send(batch.outgoing)
                    if self._fence.fenced_out(problem):
                        await self._on_head_moved()
                    if again:
                        await self._commit(self._take(), again=False)
                    else:  # moved again at once (another room?): the next round
                        asyncio.get_running_loop().call_later(STORE_RETRY_SECONDS, self.wake)
                    return
            else:
                self._counts.committed(batch.progress.items())
                for edit in batch.edits.values():
                    if edit.paragraph_id in self._stored:
                        self._stored[edit.paragraph_id] = edit.text
        self._broadcast.send(batch.outgoing)

    def _keep_for_next(self, batch: Batch, problem: Exception | None) -> None:
        """The batch's texts, counts and acks wait for the next commit; ``problem`` (None:
        the fence moved, which the room's reload answers) is told to the authors and the
        next commit tried ``STORE_RETRY_SECONDS`` later."""
        self._authors.restore(batch.edits)  # their weaves go again, with the next texts
        self.batch.versions[:0] = batch.versions  # first in the next commit, in order
        batch.versions = []
        for paragraph_id, edit in batch.edits.items():
            self.batch.edits.setdefault(paragraph_id, edit)
        for key, applied in batch.progress.items():
            self.batch.count(key, applied)
        held = [(peer, ack) for peer, ack in batch.outgoing if peer is not None]
        if problem is not None:
            for peer in {id(p): p for p, _ in held}.values():
                peer.send(wire.encode(wire.error(wire.STORE_FAILED, "your edit is merged "
                          f"but not saved yet ({problem}); it is saved with the next "
                          "commit, and acknowledged then")))
            asyncio.get_running_loop().call_later(STORE_RETRY_SECONDS, self._wake.set)
        # the acks wait for the commit that makes their edits durable
        self.batch.outgoing[:0] = held
        self.batch.acks += len(held)
        batch.outgoing = [(None, item) for peer, item in batch.outgoing if peer is None]
