"""The WebSocket endpoint of live editing: ``/ws/documents/{document_id}``.

A thin adapter between Starlette's WebSocket and a room (server/rooms.py): it reads frames,
checks them with server/protocol.py, hands them to the room in order, and writes the room's
frames from a per-connection outbound queue, so a slow client never holds up the room or the
others. The app sets ``app.state.rooms`` (a ``RoomRegistry``) in its lifespan.

Rules enforced here: the first message must be ``hello`` (within ``HELLO_TIMEOUT`` seconds);
a bad frame gets the one error shape and changes nothing; after ``protocol.MAX_ERRORS``
errors in a row, or an outbound queue over ``OUTBOUND_LIMIT`` frames, the connection is
closed (code 1008 / 1013) and the others carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from server import protocol as wire
from server.live.registry import Room, RoomRegistry

log = logging.getLogger("plenary.ws")
HELLO_TIMEOUT = 10.0  # seconds a client has to say hello
OUTBOUND_LIMIT = 10_000  # frames queued for one client before it is dropped as too slow
POLICY_VIOLATION, TRY_AGAIN_LATER = 1008, 1013


class Connection:
    """A client as a room sees it (a ``rooms.Peer``): identity and a non-blocking send."""

    def __init__(self, client_id: str, name: str, delegation: str | None) -> None:
        self.client_id, self.name, self.delegation = client_id, name, delegation
        self.outbound: asyncio.Queue[str | None] = asyncio.Queue()
        self.overflowed = False

    def send(self, frame: str) -> None:
        if self.outbound.qsize() >= OUTBOUND_LIMIT:
            if not self.overflowed:
                self.overflowed = True
                self.outbound.put_nowait(None)  # the writer closes the connection
            return
        self.outbound.put_nowait(frame)


async def sync_endpoint(websocket: WebSocket) -> None:
    rooms: RoomRegistry = websocket.app.state.rooms
    document_id = websocket.path_params["document_id"]
    await websocket.accept()
    try:
        hello = await _hello(websocket)
    except (TimeoutError, WebSocketDisconnect):
        return
    if hello is None:
        return
    connection = Connection(hello["clientId"], hello["name"], hello["delegation"])
    try:
        room, welcome = await rooms.join(document_id, connection)
    except wire.ProtocolError as problem:
        await _send_error(websocket, problem)
        await websocket.close(POLICY_VIOLATION)
        return
    welcome["ref"] = hello.get("ref")
    writer = asyncio.create_task(_write(websocket, connection, welcome))
    try:
        await _read(websocket, room, connection)
    finally:
        rooms.leave(room, connection)
        connection.outbound.put_nowait(None)
        with contextlib.suppress(Exception):
            await writer


async def _hello(websocket: WebSocket) -> dict | None:
    """The checked hello, or None after answering a bad first frame with an error."""
    frame = await asyncio.wait_for(websocket.receive_text(), HELLO_TIMEOUT)
    try:
        message = wire.parse(frame)
    except wire.ProtocolError as problem:
        await _send_error(websocket, problem)
        await websocket.close(POLICY_VIOLATION)
        return None
    if message.type != wire.HELLO:
        await _send_error(websocket, wire.ProtocolError(
            wire.HELLO_FIRST, f"the first message must be hello, not {message.type}",
            message.ref))
        await websocket.close(POLICY_VIOLATION)
        return None
    return dict(message.fields, ref=message.ref)


async def _read(websocket: WebSocket, room: Room, connection: Connection) -> None:
    errors = 0
    while True:
        try:
            event = await websocket.receive()
        except (WebSocketDisconnect, RuntimeError):
            return
        if event["type"] == "websocket.disconnect":
            return
        frame = event.get("text")
        if frame is None:
            frame = (event.get("bytes") or b"").decode("utf-8", "replace")
        try:
            message = wire.parse(frame)
            if message.type == wire.HELLO:
                raise wire.ProtocolError(wire.BAD_MESSAGE, "hello is sent once, first",
                                         message.ref)
            await room.handle(connection, message)
            errors = 0
        except wire.ProtocolError as problem:
            errors += 1
            connection.send(wire.encode(wire.error(problem.code, str(problem), problem.ref)))
            if errors >= wire.MAX_ERRORS:
                connection.send(wire.encode(wire.error(
                    wire.TOO_MANY_ERRORS, f"{errors} bad messages in a row; closing")))
                connection.overflowed = True
                connection.outbound.put_nowait(None)
                return


async def _write(websocket: WebSocket, connection: Connection, welcome: dict) -> None:
    try:
        await websocket.send_text(wire.encode(welcome))
        while True:
            frame = await connection.outbound.get()
            if frame is None:
                break
            await websocket.send_text(frame)
        # drain what was queued before the end marker (an error explaining the close)
        while not connection.outbound.empty():
            frame = connection.outbound.get_nowait()
            if frame is not None:
                await websocket.send_text(frame)
        if connection.overflowed and websocket.client_state == WebSocketState.CONNECTED:
            await websocket.close(POLICY_VIOLATION)
    except (WebSocketDisconnect, RuntimeError, OSError):
        return


async def _send_error(websocket: WebSocket, problem: wire.ProtocolError) -> None:
    with contextlib.suppress(Exception):
        await websocket.send_text(wire.encode(wire.error(problem.code, str(problem),
                                                         problem.ref)))
