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

from server.live.ports import is_not_found
from server.store import ParagraphEdit, StoreError
from server.store_writer import StoreWriter

log = logging.getLogger("plenary.rooms")


class VersionWriter:
    def __init__(self, document_id: str, writes: StoreWriter) -> None:
        self.document_id, self._writes = document_id, writes
        self._versions: list[ParagraphEdit] = []
        self._due = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False  # close(): the task ends after its current write

    def start(self) -> None:
        self._task = asyncio.create_task(self._write_forever(),
                                         name=f"room {self.document_id} versions")

    def add(self, versions: list[ParagraphEdit]) -> None:
        """Versions whose texts are committed: written next."""
        self._versions.extend(versions)
        self._due.set()

    async def close(self) -> None:
        """Write every pending version, then stop."""
        if self._task is not None:  # may be writing versions it has taken: not
            self._stopping = True   # cancelled, it stops after that write
            self._due.set()
            await self._task
        self._task = None
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

    async def _append(self, versions: list[ParagraphEdit]) -> None:
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
