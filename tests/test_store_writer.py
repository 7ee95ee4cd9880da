"""server.store_writer: a room's writes in worker processes, on a real SQLite file.

What must hold: a call returns only once its transaction committed (another process sees the
text); the store's errors come back as the same errors with the same attributes; a worker
that dies fails the call in flight or the next one with a StoreError, and the writer starts
new workers for the call after that; a room served by the process writer acknowledges only
what is stored."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from datetime import UTC, datetime

import pytest
from sync_client import import_paragraphs, make_store

from negotiation.sync.delta import make as make_delta
from server import protocol as wire
from server.channel import InProcessFanout
from server.live.registry import RoomRegistry
from server.store import ParagraphEdit, ParagraphNotFound, StoreError
from server.store.types import ClientProgress
from server.store_writer import VERSIONS_NICENESS, ProcessWriter


@pytest.fixture
def stored(tmp_path):
    path = tmp_path / "writer.sqlite3"
    store = make_store(path)
    document_id, ids = import_paragraphs(store, ["To request the Permanent Council to act.",
                                                 "Second paragraph."])
    return f"sqlite:///{path}", store, document_id, ids


def edit(paragraph_id: str, text: str) -> ParagraphEdit:
    return ParagraphEdit(paragraph_id, text, "Ana", "CHILE", datetime.now(UTC))


def test_writes_are_committed_when_the_call_returns(stored) -> None:
    url, store, document_id, ids = stored

    async def scenario() -> None:
        writer = ProcessWriter(url)
        try:
            await writer.start()  # before any write: one commit worker, the versions worker
            assert len(writer.worker_pids()) == 2
            await writer.record_edits(document_id, [edit(ids[0], "To urge the Council.")],
                                      [ClientProgress("client-a", ids[0], 3)])
            assert store.get_paragraph_text(document_id, ids[0]) == "To urge the Council."
            assert store.client_progress(document_id, "client-a") == {ids[0]: 3}
            infos = await writer.append_versions(document_id, [edit(ids[1], "Second, now.")])
            assert [info.created for info in infos] == [True]
            history = store.paragraph_history(document_id, ids[1])
            assert history.entries[-1].version.text == "Second, now."
            assert writer.worker_pids() and os.getpid() not in writer.worker_pids()
            # the versions worker runs below the server's priority, the commits' at it
            niceness = {os.getpriority(os.PRIO_PROCESS, pid) for pid in writer.worker_pids()}
            own = os.getpriority(os.PRIO_PROCESS, 0)
            assert niceness == {own, min(19, own + VERSIONS_NICENESS)}
        finally:
            await writer.aclose()
        assert writer.worker_pids() == []

    asyncio.run(scenario())


def test_errors_come_back_as_raised(stored) -> None:
    url, store, document_id, ids = stored

    async def scenario() -> None:
        writer = ProcessWriter(url)
        try:
            with pytest.raises(ParagraphNotFound) as raised:
                await writer.record_edits(document_id, [edit(ids[0], "kept?"),
                                                        edit("op-404", "nowhere")])
            assert raised.value.paragraph_id == "op-404"
            assert "op-404" in str(raised.value)
            # refused whole: the good edit of the batch was not written either
            assert store.get_paragraph_text(document_id, ids[0]) == (
                "To request the Permanent Council to act.")
        finally:
            await writer.aclose()

    asyncio.run(scenario())


def test_a_dead_worker_fails_one_call_then_the_writer_starts_anew(stored) -> None:
    url, store, document_id, ids = stored

    async def scenario() -> None:
        writer = ProcessWriter(url, commit_workers=1)
        try:
            await writer.record_edits(document_id, [edit(ids[0], "first")])
            for pid in writer.worker_pids():
                os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(0.5)  # the pool notices its worker is gone
            with pytest.raises(StoreError, match="writer process stopped"):
                await writer.record_edits(document_id, [edit(ids[0], "lost with the worker")])
            await writer.record_edits(document_id, [edit(ids[0], "second")])
            assert store.get_paragraph_text(document_id, ids[0]) == "second"
        finally:
            await writer.aclose()

    asyncio.run(scenario())


def test_a_room_with_the_process_writer_acknowledges_what_is_stored(stored) -> None:
    url, store, document_id, ids = stored
    frames: list[dict] = []

    class Peer:
        client_id, name, delegation = "client-ana-0001", "Ana", "CHILE"

        def send(self, frame: str) -> None:
            frames.append(json.loads(frame))

    async def scenario() -> None:
        writer = ProcessWriter(url)
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.05, writer=writer)
        room, _ = await rooms.join(document_id, Peer())
        old = "To request the Permanent Council to act."
        new = "To request the Permanent Council to act at once."
        await room.handle(Peer(), wire.parse(json.dumps(
            {"type": "edit", "p": ids[0], "m": 0, "n": 0, "deltas": [make_delta(old, new)]})))
        for _ in range(500):
            if any(frame["type"] == "ack" for frame in frames):
                break
            await asyncio.sleep(0.01)
        assert any(frame["type"] == "ack" for frame in frames)
        assert store.get_paragraph_text(document_id, ids[0]) == new  # durable before the ack
        await rooms.aclose()  # writes the pending version and stops the workers
        assert store.paragraph_history(document_id, ids[0]).entries[-1].version.text == new
        assert writer.worker_pids() == []

    asyncio.run(scenario())


def test_the_workers_seal_what_they_write_with_the_servers_key(stored) -> None:
    """The workers hold the server's integrity key: their working texts and counts verify,
    and a head they move stays signed (docs/integrity.md). Without the key they would not."""
    from store_fixture import TEST_SEALER

    url, store, document_id, ids = stored

    async def scenario(key: bytes | None) -> None:
        writer = ProcessWriter(url, commit_workers=1, key=key)
        try:
            await writer.record_edits(document_id, [edit(ids[0], f"Typed, {key is None}.")],
                                      [ClientProgress("client-a", ids[0], 1)])
            await writer.append_versions(document_id, [edit(ids[1], f"Now {key is None}.")])
        finally:
            await writer.aclose()

    asyncio.run(scenario(TEST_SEALER.key))
    assert store.verify(document_id).ok
    asyncio.run(scenario(None))
    problems = store.verify(document_id).problems
    assert any("head_signature" in p for p in problems)
    assert any(f"paragraph {ids[0]}, working_text" in p for p in problems)


def test_the_thread_writer_does_not_wait_behind_the_shared_thread_pool(stored) -> None:
    """The thread writer commits in threads of its own: with every thread of the event
    loop's shared pool busy (as when many editors join at once and read their counts
    there), a group commit is still written, and the pool's calls are still waiting."""
    import threading

    from starlette.concurrency import run_in_threadpool

    from server.store_writer import ThreadWriter

    _, store, document_id, ids = stored
    release = threading.Event()

    async def scenario() -> None:
        import anyio.to_thread

        pool = anyio.to_thread.current_default_thread_limiter().total_tokens
        busy = [asyncio.create_task(run_in_threadpool(release.wait, 30))
                for _ in range(int(pool) + 5)]
        await asyncio.sleep(0.2)  # every thread of the shared pool is taken
        writer = ThreadWriter(store)
        try:
            await asyncio.wait_for(writer.record_edits(
                document_id, [edit(ids[0], "To urge the Council.")],
                [ClientProgress("client-a", ids[0], 1)]), timeout=20)
            assert store.get_paragraph_text(document_id, ids[0]) == "To urge the Council."
            assert not any(task.done() for task in busy)  # the pool was busy all along
        finally:
            release.set()
            await asyncio.gather(*busy)
            await writer.aclose()

    asyncio.run(scenario())
