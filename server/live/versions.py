"""The writer of a room's versions: each burst of typing (server/live/bursts.py) becomes one
version, written by a task of its own so that it never delays the next group commit.

Versions are coalesced: a person's burst of keystrokes in a paragraph becomes one version
(``store.append_version``) after ``coalesce_pause`` seconds without a keystroke from that
person there (default 2.0, range 0.05-60), or at the latest after ``coalesce_max`` seconds of
uninterrupted typing (default 30). Others see every keystroke at once regardless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from server.live.fence import Fence
from server.live.ports import is_not_found
from server.store import ParagraphEdit, StoreError
from server.store_writer import StoreWriter

log = logging.getLogger("plenary.rooms")


Queued = tuple[int, ParagraphEdit]  # (the room's fence when the version was queued, version)


class VersionWriter:
    """Writes with the room's ``fence``. A version queued before a reload that changed its
    paragraph is brought to the re-based text by ``refresh`` (the room's), so a version never
    restores what a write from outside the room replaced; a write that finds the fence moved
    (``HeadMoved``, nothing written) keeps its versions and awaits ``on_head_moved(held)``
    (the room's reload, if the room still holds ``held``) before they are written again."""

    def __init__(self, document_id: str, writes: StoreWriter, *, fence: Fence,
                 refresh: Callable[[list[Queued]], list[ParagraphEdit]],
                 on_head_moved: Callable[[int], Awaitable[None]]) -> None:
        self.document_id, self._writes = document_id, writes
        self._fence, self._refresh, self._on_head_moved = fence, refresh, on_head_moved
        self._versions: list[Queued] = []
        self._due = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False  # close(): the task ends after its current write

    def start(self) -> None:
        self._task = asyncio.create_task(self._write_forever(),
                                         name=f"room {self.document_id} versions")

    def add(self, versions: list[ParagraphEdit]) -> None:
        """Versions whose texts are committed: written next."""
        self._versions.extend((self._fence.value, version) for version in versions)
        self._due.set()

    async def close(self) -> None:
        """Write every pending version, then stop."""
        if self._task is not None:  # may be writing versions it has taken: not
            self._stopping = True   # cancelled, it stops after that write
            self._due.set()
            await self._task
        self._task = None
        for _ in range(2):  # once more after a reload
            if self._versions:
                versions, self._versions = self._versions, []
                await self._append(versions)

    async def _write_forever(self) -> None:
        while not self._stopping:
            await self._due.wait()
            self._due.clear()
            versions, self._versions = self._versions, []
            if versions:
                await self._append(versions)

    async def _append(self, queued: list[Queued]) -> None:
        """All in one transaction; one by one when that fails (a paragraph deleted
        meanwhile has no version, the others still get theirs)."""
        held = self._fence.value
        versions = self._refresh(queued)
        try:
            await self._writes.append_versions(self.document_id, versions, fence=held)
            return
        except Exception as problem:
            if Fence.moved(problem):
                return await self._fenced_out(queued, held)
            if not isinstance(problem, StoreError):
                log.exception("room %s: append_versions failed", self.document_id)
        for index, edit in enumerate(versions):
            try:
                await self._writes.append_version(
                    self.document_id, edit.paragraph_id, edit.text, author=edit.author,
                    delegation=edit.delegation, at=edit.at, fence=held)
            except Exception as problem:
                if Fence.moved(problem):
                    return await self._fenced_out([(held, v) for v in versions[index:]],
                                                  held)
                if not is_not_found(problem):  # a paragraph deleted meanwhile has no version
                    log.exception("room %s: append_version failed", self.document_id)

    async def _fenced_out(self, queued: list[Queued], held: int) -> None:
        """Nothing of the write was written: the versions wait (refreshed) for the next."""
        self._versions[:0] = queued
        await self._on_head_moved(held)
        self._due.set()
