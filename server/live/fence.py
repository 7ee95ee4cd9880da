"""The fence a room holds, and the watch that notices a write by someone else.

A room claims its document when it opens (``Store.claim_document``): the store moves the
document's fence and hands the room the new value. Every write of the room carries it (group
commits, versions, structure changes) and the store writes only while it is still the
document's fence (``Ledger.guard``, server/store/ledger.py). Any other writer moves it: the
command line importing a revision, a page's action, another room (another process) claiming
the document. The room's next write then writes nothing and raises ``HeadMoved``; the room
reloads (server/live/reload.py).

The room need not wait for its next write to learn of it. A writer outside the room (the
secretariat's web form, the command line) sends a revision notice (server/conference.py); the
process holding the room reads the fence at once on it (``FenceWatch.check``). The notice is
the fast path; ``FenceWatch`` also reads the document's fence every ``WATCH_SECONDS`` (one
indexed read; ``PLENARY_FENCE_WATCH``) while the room is open, the fallback for a notice that
was lost (Redis away, a command line run without ``PLENARY_REDIS_URL``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool

from server.store import HeadMoved

log = logging.getLogger("plenary.rooms")
WATCH_SECONDS = 0.5  # how often an open room reads its document's fence


class Fence:
    """The fence value a room holds; its writers read ``value`` at each write."""

    def __init__(self, value: int = -1) -> None:
        self.value = value
        self.surrendered = False  # another process holds the document: never claim it again

    def surrender(self) -> None:
        """The room hands its document over (server/live/registry.py, ``hand_over``): its
        writes that find the fence moved no longer reload (a reload would claim it back)."""
        self.surrendered = True

    def fenced_out(self, problem: BaseException) -> bool:
        """``problem`` says the fence this room holds NOW has moved (a ``HeadMoved`` for an
        older value only means the write was made before the last reload)."""
        return (isinstance(problem, HeadMoved) and problem.seen == self.value
                and not self.surrendered)

    @staticmethod
    def moved(problem: BaseException) -> bool:
        return isinstance(problem, HeadMoved)


class FenceWatch:
    """Reads the document's fence every ``seconds`` and calls ``on_moved(held)`` (awaited,
    one at a time) when it is no longer ``held``, the one the room holds."""

    def __init__(self, document_id: str, read_fence: Callable[[str], int], fence: Fence,
                 on_moved: Callable[[int], Awaitable[None]], *,
                 seconds: float = WATCH_SECONDS) -> None:
        self._document_id, self._read, self._fence = document_id, read_fence, fence
        self._on_moved, self._seconds = on_moved, seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name=f"fence {self._document_id}")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def check(self) -> bool:
        """Read the fence now (a revision notice said someone wrote the document) and call
        ``on_moved`` if it moved; True when it had. Safe beside the watch's own rounds:
        ``on_moved`` reloads only while the fence it was given is still the one held."""
        held = self._fence.value
        now = await run_in_threadpool(self._read, self._document_id)
        if now == held:
            return False
        await self._on_moved(held)
        return True

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._seconds)
            try:
                await self.check()
            except asyncio.CancelledError:
                raise
            except Exception:  # the next round tries again; the writes stay fenced anyway
                log.warning("room %s: fence watch failed", self._document_id, exc_info=True)
