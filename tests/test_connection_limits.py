"""One connection's limits and failures stay its own: rate limits (token buckets), the bound of
its outbound queue, and the close of a connection whose handling or sending fails, logged in
one line while the others carry on (docs/protocol.md, *Limits* and *Closes*)."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
import websockets
from closed_alone import carries_on, read_until_closed_by_failure, the_one_error_line
from live_server import running
from sync_client import SyncClient, import_paragraphs, make_store, sync_app, ws_url

from server import protocol as wire
from server.connection import Connection
from server.live.registry import RoomRegistry
from server.live.room import Room
from server.rate_limits import RateLimits, TokenBucket
from server.settings import Rate, Settings

HELLO = {"type": "hello", "protocol": 1, "clientId": "limits-client-1", "name": "Noise"}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_token_bucket_gives_its_burst_then_its_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(Rate(4, 3), clock)
    assert [bucket.take() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take() == pytest.approx(0.25)
    clock.now += 0.5  # two tokens back
    assert [bucket.take() for _ in range(2)] == [0.0, 0.0] and bucket.take() > 0
    clock.now += 60  # never more than the burst
    assert [bucket.take() for _ in range(4)].count(0.0) == 3


def test_rate_limits_are_per_kind_and_name_the_wait() -> None:
    clock = Clock()
    limits = RateLimits(Settings(edit_rate=Rate(1, 1), presence_rate=Rate(1, 2),
                                 structure_rate=Rate(1, 1)), clock)
    edit = wire.Edit("op-1", 0, 0, ())
    limits.check(edit)
    with pytest.raises(wire.ProtocolError) as caught:
        limits.check(wire.Edit("op-1", 0, 0, (), ref="again"))
    assert caught.value.code == wire.RATE_LIMITED and caught.value.ref == "again"
    assert "more edits than 1 a second (bursts of 1); send it again in 1.00 s" in str(
        caught.value)
    limits.check(wire.Focus(None))  # another bucket
    limits.check(wire.Focus(None))
    limits.check(wire.Delete("op-1"))
    with pytest.raises(wire.ProtocolError):
        limits.check(wire.Move("op-1", None))  # the same bucket as delete


def test_the_outbound_queue_is_bounded_in_frames_and_bytes() -> None:
    async def scenario() -> None:
        hello = wire.Hello("queue-client-1", "Q", None)
        by_frames = Connection(hello, max_frames=3, max_bytes=1000)
        for frame in ("a", "b", "c"):
            by_frames.send(frame)
        assert not by_frames.closed
        by_frames.send("d")
        assert by_frames.closed and by_frames.close_code == wire.TOO_SLOW
        assert await by_frames.next_frame() is None  # what waited is dropped
        by_bytes = Connection(hello, max_frames=100, max_bytes=10)
        by_bytes.send("x" * 50)  # one frame is always taken when nothing waits
        assert not by_bytes.closed
        by_bytes.send("é" * 3)
        assert by_bytes.close_code == wire.TOO_SLOW
        explained = Connection(hello, max_frames=100, max_bytes=100)
        explained.send("first")
        explained.close(wire.POLICY_VIOLATION, "why")
        explained.send("never")
        assert [await explained.next_frame() for _ in range(3)] == ["first", "why", None]

    asyncio.run(scenario())


@pytest.fixture
def served(tmp_path):
    store = make_store(tmp_path / "limits.sqlite3")
    document_id, ids = import_paragraphs(store, ["To request the Permanent Council to act."])
    settings = Settings(edit_rate=Rate(5, 10))
    with running(sync_app(store, settings=settings, coalesce_pause=0.05)) as base:
        yield store, ws_url(base, document_id), document_id, ids


async def answers(socket, count: int) -> list[dict]:
    seen = []
    while len(seen) < count:
        frame = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if frame["type"] in ("ack", "error"):
            seen.append(frame)
    return seen


def test_edits_past_the_rate_are_refused_and_the_rate_comes_back(served) -> None:
    _, url, _, ids = served

    async def scenario() -> None:
        async with websockets.connect(url) as socket:
            await socket.send(json.dumps(HELLO))
            await socket.recv()
            for index in range(15):  # catch-up requests are edits too
                await socket.send(json.dumps({"type": "edit", "p": ids[0], "m": 0, "n": 0,
                                              "deltas": [], "ref": index}))
            replies = await answers(socket, 15)
            by_ref = {reply["ref"]: reply["type"] if reply["type"] == "ack" else
                      reply["code"] for reply in replies}
            assert [by_ref[i] for i in range(15)].count("ack") in (10, 11)  # burst (+ refill)
            assert set(by_ref.values()) == {"ack", wire.RATE_LIMITED}
            await asyncio.sleep(0.25)
            await socket.send(json.dumps({"type": "edit", "p": ids[0], "m": 0, "n": 0,
                                          "deltas": [], "ref": "later"}))
            assert (await answers(socket, 1))[0]["type"] == "ack"

    asyncio.run(scenario())


def test_a_failure_while_handling_closes_that_connection_alone(served, monkeypatch,
                                                               log_lines) -> None:
    store, url, document_id, ids = served
    handle = Room.handle

    async def failing(self, peer, message):
        if peer.name == "Boom":
            raise KeyError("a bug on this connection")
        return await handle(self, peer, message)

    monkeypatch.setattr(Room, "handle", failing)

    async def scenario() -> None:
        ana = await SyncClient.connect(url, name="Ana", delegation="CHILE")
        async with websockets.connect(url) as boom:
            await boom.send(json.dumps(dict(HELLO, name="Boom")))
            await boom.recv()
            await boom.send(json.dumps({"type": "focus", "p": None}))
            frames = await read_until_closed_by_failure(boom)
            assert [f["code"] for f in frames if f["type"] == "error"] == [wire.SERVER_ERROR]
        await carries_on(ana, ids[0], " Still here.")

    asyncio.run(scenario())
    assert store.get_paragraph_text(document_id, ids[0]).endswith(" Still here.")
    assert "KeyError: 'a bug on this connection' (at " in the_one_error_line(log_lines)


def test_a_failure_while_sending_closes_that_connection_alone(served, monkeypatch,
                                                              log_lines) -> None:
    store, url, document_id, ids = served
    next_frame = Connection.next_frame

    async def failing(self):
        frame = await next_frame(self)
        if self.name == "Boom" and frame is not None:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return frame

    monkeypatch.setattr(Connection, "next_frame", failing)

    async def scenario() -> None:
        ana = await SyncClient.connect(url, name="Ana", delegation="CHILE")
        async with websockets.connect(url) as boom:
            await boom.send(json.dumps(dict(HELLO, name="Boom")))
            assert json.loads(await boom.recv())["type"] == "welcome"
            await read_until_closed_by_failure(boom)
        await carries_on(ana, ids[0], " Still here.")

    asyncio.run(scenario())
    assert store.get_paragraph_text(document_id, ids[0]).endswith(" Still here.")
    assert "sending failed" in the_one_error_line(log_lines)


def test_a_failure_while_joining_is_answered_and_logged_in_one_line(served, monkeypatch,
                                                                     log_lines) -> None:
    _, url, _, _ = served

    async def failing(self, document_id, peer):
        raise OSError("the disk is gone")

    monkeypatch.setattr(RoomRegistry, "join", failing)

    async def scenario() -> None:
        async with websockets.connect(url) as socket:
            await socket.send(json.dumps(HELLO))
            error = json.loads(await asyncio.wait_for(socket.recv(), 10))
            assert error["code"] == wire.SERVER_ERROR
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 10)
            assert closed.value.rcvd.code == wire.SERVER_FAILURE

    asyncio.run(scenario())
    failures = [r for r in log_lines.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1 and not failures[0].exc_info
    assert "joining failed: OSError: the disk is gone" in failures[0].getMessage()
