"""Frames written straight to a connection's socket (server/direct_frames.py): in order with
the frames its writer sends, read intact by real clients whatever their size and script, and a
failure while writing closes that connection alone, logged in one line."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from closed_alone import carries_on, read_until_closed_by_failure, the_one_error_line
from live_server import running
from sync_client import SyncClient, import_paragraphs, make_store, sync_app, ws_url

from server import protocol as wire
from server.connection import Connection
from server.direct_frames import FrameWriter, encoded


class Socket:
    """A stand-in for a connection's socket that records what is written to it."""

    def __init__(self) -> None:
        self.frames: list[str] = []
        self.open = True

    def ready(self) -> bool:
        return self.open

    def write(self, frame: str) -> None:
        self.frames.append(frame)


def test_a_frame_goes_straight_to_the_socket_only_when_nothing_waits_before_it() -> None:
    async def scenario() -> list[tuple[str, str]]:
        connection = Connection(wire.Hello("direct-1", "D", None), max_frames=10,
                                max_bytes=1000)
        socket = Socket()
        connection.direct = socket
        order: list[tuple[str, str]] = []

        async def writer_sends(count: int) -> None:
            for _ in range(count):
                frame = await connection.next_frame()
                assert frame is not None
                order.append(("writer", frame))
                connection.written()

        def sent(frame: str) -> None:
            before = len(socket.frames)
            connection.send(frame)
            order.extend(("socket", f) for f in socket.frames[before:])

        sent("a")  # the welcome is not sent yet: nothing may overtake it
        assert socket.frames == [] and connection.queued == 1
        connection.written()  # the welcome went
        sent("b")  # "a" still waits
        await writer_sends(2)
        sent("c")  # nothing waits: straight to the socket
        socket.open = False  # the client reads slowly: the transport is paused
        sent("d")
        socket.open = True
        sent("e")  # "d" waits, so "e" waits behind it
        assert socket.frames == ["c"] and connection.queued == 2
        await writer_sends(2)
        sent("f")
        return order

    order = asyncio.run(scenario())
    assert [frame for _, frame in order] == ["a", "b", "c", "d", "e", "f"]
    assert [how for how, _ in order] == ["writer", "writer", "socket", "writer", "writer",
                                         "socket"]


def test_one_encoding_serves_every_reader_of_the_same_frame() -> None:
    frame = '{"type":"patch","patches":[]}'
    first = encoded(frame)
    assert encoded(frame) is first  # the next reader of the same string: no new encoding
    assert first[:2] == bytes([0x81, len(frame)])  # FIN + text, unmasked, short length
    other = "é" * 200  # 400 bytes: the 16-bit length form
    assert encoded(other)[:4] == bytes([0x81, 126, 1, 144])


@pytest.fixture
def served(tmp_path):
    store = make_store(tmp_path / "direct.sqlite3")
    document_id, ids = import_paragraphs(store, ["To request the Permanent Council to act."])
    app = sync_app(store, coalesce_pause=0.05)
    with running(app) as base:
        yield app, store, ws_url(base, document_id), document_id, ids


def connection_of(app, name: str) -> Connection:
    peers = [peer for room in app.state.rooms.open_rooms() for peer in room.presence.peers()]
    return next(peer for peer in peers if peer.name == name)


def on_server(app, call) -> None:
    """Run ``call()`` on the server's event loop (its thread) and wait for it."""
    async def run() -> None:
        call()

    asyncio.run_coroutine_threadsafe(run(), app.state.loop).result(10)


def test_real_clients_read_direct_frames_of_every_size_and_script(served) -> None:
    app, _, url, _, _ = served
    texts = ["short", "é—€ and 😀 " * 20, "x" * 70_000 + "ü"]  # 7-, 16- and 64-bit lengths

    async def scenario() -> None:
        for compression in ("deflate", None):  # browsers offer permessage-deflate
            async with websockets.connect(url, compression=compression,
                                          max_size=2**20) as socket:
                await socket.send(json.dumps({"type": "hello", "protocol": 1,
                                              "clientId": "direct-reader", "name": "Reader"}))
                assert json.loads(await socket.recv())["type"] == "welcome"
                reader = connection_of(app, "Reader")
                assert isinstance(reader.direct, FrameWriter)  # the server offers it
                frames = [json.dumps({"type": "note", "text": t}) for t in texts]
                on_server(app, lambda to=reader, fs=frames: [to.send(f) for f in fs])
                received = []
                while len(received) < len(frames):
                    frame = await asyncio.wait_for(socket.recv(), 10)
                    if json.loads(frame)["type"] == "note":
                        received.append(frame)
                assert received == frames

    asyncio.run(scenario())


def test_a_failure_while_writing_directly_closes_that_connection_alone(served,
                                                                       log_lines) -> None:
    app, store, url, document_id, ids = served

    class Broken:
        def ready(self) -> bool:
            return True

        def write(self, frame: str) -> None:
            raise OSError("the socket broke")

    async def scenario() -> None:
        ana = await SyncClient.connect(url, name="Ana", delegation="CHILE")
        async with websockets.connect(url) as boom:
            await boom.send(json.dumps({"type": "hello", "protocol": 1,
                                        "clientId": "direct-boom", "name": "Boom"}))
            assert json.loads(await boom.recv())["type"] == "welcome"
            await ana.wait_for(lambda: len(ana.presence) == 2)
            boomer = connection_of(app, "Boom")
            on_server(app, lambda: setattr(boomer, "direct", Broken()))
            ana.edit(ids[0], ana.text(ids[0]) + " Go on.")  # a patch for Boom: it breaks
            await read_until_closed_by_failure(boom)
        await carries_on(ana, ids[0], " Still here.")

    asyncio.run(scenario())
    assert store.get_paragraph_text(document_id, ids[0]).endswith(" Go on. Still here.")
    line = the_one_error_line(log_lines)
    assert "sending failed" in line and "the socket broke" in line
