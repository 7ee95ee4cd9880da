"""Where a room's writes run: a thread of this process, or worker processes of their own.

A room writes continuously while people type: a group commit of working texts after every
turn of edits (``record_edits``) and the coalesced versions (``append_versions``). Both are
mostly Python (SQLAlchemy, hashing, patch making), and Python in a thread of the event loop's
process holds the GIL the loop needs to merge edits and send frames: under load the loop then
stalls for tens of milliseconds at a time (measured: ``longest merge`` CPU 5.6 ms but 94 ms
wall, bench/load.py). ``ProcessWriter`` runs the same store calls in worker processes
(``concurrent.futures.ProcessPoolExecutor``, started with "spawn", never "fork", since the
parent has threads and an event loop), so the loop only pickles a batch and awaits the reply;
``ThreadWriter`` keeps them in threads of the server's own (the default: the worker processes
cost about 60 MB each, and at 100 writers on one paragraph the loop's stalls for the GIL were
not what limited latency, bench/load.py).

Durability is unchanged: a call returns only after its transaction committed, and the room
acknowledges edits only then. A worker that dies fails the calls in flight with a
``StoreError`` (the room keeps the texts and writes them with its next batch) and the pool is
started afresh on the next call.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any, Protocol

from server.store import ClientProgress, ParagraphEdit, SealedVersion, Store, StoreError

log = logging.getLogger("plenary.store_writer")
WRITER_THREADS = 2  # the thread writer's: group commits of different documents overlap
COMMIT_WORKERS = 2  # group commits of different documents need not wait for each other
VERSIONS_NICENESS = 10  # the versions worker's priority below the server's (os.nice)
PARENT_CHECK_SECONDS = 0.5  # how often a worker checks that the server still runs


class StoreWriter(Protocol):
    """The writes a room makes, as awaitables; each returns once committed."""

    async def record_edits(self, document_id: str, edits: Sequence[ParagraphEdit],
                           progress: Sequence[ClientProgress] = (),
                           versions: Sequence[SealedVersion] = (), *,
                           fence: int | None = None) -> None: ...

    async def append_versions(self, document_id: str, edits: Sequence[ParagraphEdit], *,
                              fence: int | None = None) -> object: ...

    async def append_version(self, document_id: str, paragraph_id: str, text: str, *,
                             author: str, delegation: str | None,
                             at: datetime | None = None, fence: int | None = None
                             ) -> object: ...

    async def aclose(self) -> None: ...


class WritingStore(Protocol):
    """What ``ThreadWriter`` needs of a store (``server.store.Store`` has it)."""

    def record_edits(self, document_id: str, edits: list[ParagraphEdit],
                     progress: list[ClientProgress], versions: list[SealedVersion], *,
                     fence: int | None = None) -> None: ...
    def append_versions(self, document_id: str, edits: list[ParagraphEdit], *,
                        fence: int | None = None) -> object: ...
    def append_version(self, document_id: str, paragraph_id: str, text: str, *, author: str,
                       delegation: str | None, at: datetime | None = None,
                       fence: int | None = None) -> object: ...


class ThreadWriter:
    """The store's calls in threads of this process kept for them (``WRITER_THREADS``), not
    the event loop's shared thread pool: there a commit (which the authors' acks wait for)
    queued behind whatever else was waiting for a thread -- 200 editors joining at once read
    their counts there, and one group commit took 13 s (bench/load.py, 200 editors)."""

    def __init__(self, store: WritingStore, *, threads: int = WRITER_THREADS) -> None:
        self._store = store
        self._threads = threads
        self._executor: ThreadPoolExecutor | None = None

    async def _run(self, call: Callable[[], Any]) -> Any:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self._threads,
                                                thread_name_prefix="plenary-writer")
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def record_edits(self, document_id: str, edits: Sequence[ParagraphEdit],
                           progress: Sequence[ClientProgress] = (),
                           versions: Sequence[SealedVersion] = (), *,
                           fence: int | None = None) -> None:
        await self._run(lambda: self._store.record_edits(
            document_id, list(edits), list(progress), list(versions), fence=fence))

    async def append_versions(self, document_id: str, edits: Sequence[ParagraphEdit], *,
                              fence: int | None = None) -> object:
        return await self._run(lambda: self._store.append_versions(
            document_id, list(edits), fence=fence))

    async def append_version(self, document_id: str, paragraph_id: str, text: str, *,
                             author: str, delegation: str | None,
                             at: datetime | None = None, fence: int | None = None
                             ) -> object:
        return await self._run(lambda: self._store.append_version(
            document_id, paragraph_id, text, author=author, delegation=delegation, at=at,
            fence=fence))

    async def aclose(self) -> None:
        """Wait for the writes in flight, then let the threads go."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True)


class ProcessWriter:
    """The store's calls in processes of their own, each with its own engine on
    ``database_url``, started on the first call: ``commit_workers`` for group commits (an
    author's acknowledgement waits for them) and one for versions, run at a lower priority
    (``VERSIONS_NICENESS``) since nobody waits for a version: on a busy machine the event
    loop and the commits get the CPU first."""

    def __init__(self, database_url: str, *, commit_workers: int = COMMIT_WORKERS,
                 key: bytes | None = None) -> None:
        """``key``: the integrity key (server/integrity_key.py), handed to each worker so
        that what it writes is sealed as the server's own writes are."""
        if commit_workers < 1:
            raise ValueError(f"commit_workers must be >= 1, got {commit_workers}")
        self.database_url = database_url
        self._commits = _Workers(database_url, commit_workers, niceness=0, key=key)
        self._versions = _Workers(database_url, 1, niceness=VERSIONS_NICENESS, key=key)

    def worker_pids(self) -> list[int]:
        """The worker processes running now (for CPU and memory figures)."""
        return self._commits.pids() + self._versions.pids()

    async def start(self) -> None:
        """Start the workers now; the app does at start-up. Otherwise the first write starts
        them, and its authors wait a second or more (the workers' imports) for their acks."""
        await self._commits.start()
        await self._versions.start()

    async def record_edits(self, document_id: str, edits: Sequence[ParagraphEdit],
                           progress: Sequence[ClientProgress] = (),
                           versions: Sequence[SealedVersion] = (), *,
                           fence: int | None = None) -> None:
        await self._commits.call("record_edits", document_id, list(edits), list(progress),
                                 list(versions), fence=fence)

    async def append_versions(self, document_id: str, edits: Sequence[ParagraphEdit], *,
                              fence: int | None = None) -> object:
        return await self._versions.call("append_versions", document_id, list(edits),
                                         fence=fence)

    async def append_version(self, document_id: str, paragraph_id: str, text: str, *,
                             author: str, delegation: str | None,
                             at: datetime | None = None, fence: int | None = None
                             ) -> object:
        return await self._versions.call("append_version", document_id, paragraph_id, text,
                                         author=author, delegation=delegation, at=at,
                                         fence=fence)

    async def aclose(self) -> None:
        await self._commits.aclose()
        await self._versions.aclose()


class _Workers:
    """One pool of worker processes, started afresh after a worker died."""

    def __init__(self, database_url: str, count: int, *, niceness: int,
                 key: bytes | None = None) -> None:
        self._database_url, self._count, self._niceness = database_url, count, niceness
        self._key = key
        self._pool: ProcessPoolExecutor | None = None

    def pids(self) -> list[int]:
        processes = getattr(self._pool, "_processes", None) or {}
        return [process.pid for process in processes.values() if process.pid]

    async def start(self) -> None:
        """One worker up and its store open (the others start when calls overlap)."""
        await self._submit(_ready)

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """``Store.method(*args, **kwargs)`` in a worker."""
        return await self._submit(_run, method, args, kwargs)

    async def _submit(self, function: Any, *args: Any) -> Any:
        pool = self._started()
        try:  # a pool whose worker died refuses the submit itself, or fails the future
            return await asyncio.wrap_future(pool.submit(function, *args))
        except BrokenProcessPool as problem:
            log.error("store writer: a worker process died (%s); starting new ones", problem)
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise StoreError("the store's writer process stopped; the write will be "
                             "made again") from None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._count, mp_context=multiprocessing.get_context("spawn"),
                initializer=_open_store,
                initargs=(self._database_url, os.getpid(), self._niceness, self._key))
        return self._pool

    async def aclose(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True)


# -- in the worker process ---------------------------------------------------------------------

_store: Store | None = None


def _open_store(database_url: str, parent: int, niceness: int, key: bytes | None) -> None:
    """Each worker's own engine (connections are never shared across processes)."""
    global _store
    from negotiation.seals import Sealer
    from server.db import create_engine_for

    if niceness:
        os.nice(niceness)
    _store = Store(create_engine_for(database_url), Sealer(key) if key else None)
    threading.Thread(target=_exit_with, args=(parent,), name="parent watch",
                     daemon=True).start()
    log.debug("store writer %d on %s", os.getpid(), database_url)


def _exit_with(parent: int) -> None:
    """End this worker when the server process is gone (killed with -9, say): its call
    queue never reports that, so the worker would wait for calls forever. A transaction in
    flight then is rolled back, and its edits, never acknowledged, are sent again by their
    clients."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _ready() -> None:
    if _store is None:
        raise StoreError("the store's writer process has no database")


def _run(method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    _ready()
    return getattr(_store, method)(*args, **kwargs)
