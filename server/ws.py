"""The WebSocket endpoint of live editing: ``/ws/documents/{document_id}``.

A thin adapter between Starlette's WebSocket and a room (server/live/): it reads text frames,
checks them with server/protocol (typed messages) and the connection's rate limits
(server/rate_limits.py), hands them to the room in order, and writes the room's frames from the
connection's own bounded queue (server/connection.py), so a slow client never holds up the room
or the others.

Rules enforced here (docs/protocol.md, *Errors and closes*): the first message must be
``hello`` within ``HELLO_TIMEOUT`` seconds; a bad frame gets the one error shape and changes
nothing; after ``MAX_ERRORS`` errors in a row the connection is closed (1008); a client whose
outbound queue passes its bound is closed (1013). Whatever goes wrong with one connection --
an exception while handling its message or sending to it -- closes that connection alone
(1011, after a ``server_error``), is logged in one line, and never touches the others.

Who is connecting is the gate's business (``app.state.gate``, server/auth/socket_gate.py):
it refuses the handshake without a session or from a foreign Origin, gives the identity from
the session whatever the ``hello`` says, and refuses each message the permission table does
not allow (error ``forbidden``, nothing changed). Without a gate every handshake is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import traceback
from collections.abc import Callable

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from server import protocol as wire
from server.auth.socket_gate import Admission
from server.connection import Connection
from server.direct_frames import frame_writer
from server.live.registry import Room, RoomRegistry
from server.rate_limits import RateLimits
from server.settings import Settings

log = logging.getLogger("plenary.ws")
HELLO_TIMEOUT = wire.HELLO_TIMEOUT
CLOSE_GRACE = 2.0  # seconds the writer has to send what is queued once the connection closes
GONE = (WebSocketDisconnect, RuntimeError, OSError)  # the client went away (not a failure)


async def sync_endpoint(websocket: WebSocket) -> None:
    rooms: RoomRegistry = websocket.app.state.rooms
    settings: Settings = getattr(websocket.app.state, "settings", None) or Settings()
    document_id = websocket.path_params["document_id"]
    gate = getattr(websocket.app.state, "gate", None)
    admission = await gate.admit(websocket, document_id) if gate else None
    if admission is None:
        if gate is None:
            await websocket.close(wire.POLICY_VIOLATION, "no gate: every connection refused")
        return
    await websocket.accept()
    hello = await _hello(websocket)
    if hello is None:
        return
    name, delegation, claim = admission.identity(hello)
    connection = Connection(hello, name=name, delegation=delegation,
                            max_frames=settings.outbound_frames,
                            max_bytes=settings.outbound_bytes)
    connection.seat = getattr(admission, "seat", None)  # the role for the chair's actions
    connection.direct = frame_writer(websocket.scope)  # straight to the socket, when offered
    try:
        room, welcome = await rooms.join(document_id, connection)
    except wire.ProtocolError as problem:
        await _refuse(websocket, problem, wire.POLICY_VIOLATION)
        return
    except Exception as problem:
        log.error("document %s, client %s: joining failed: %s", document_id,
                  hello.client_id, describe(problem))
        await _refuse(websocket, wire.ProtocolError(wire.SERVER_ERROR, "the server could not "
                      "open this document for you; try again later", hello.ref),
                      wire.SERVER_FAILURE)
        return
    welcome = dataclasses.replace(welcome, ref=hello.ref, seat=admission.seat_description(
        {p["id"]: p.get("status", "open") for p in welcome.paragraphs},
        {p["id"]: p["delegation"] for p in welcome.paragraphs if p.get("delegation")}))
    if claim:
        connection.send(wire.encode(wire.error(wire.IDENTITY_CLAIM, claim, hello.ref)))
    release = admission.watch(connection.end)
    left = False

    def leave() -> None:  # once, as soon as the conversation ends: before the close handshake
        nonlocal left
        if not left:
            left = True
            release()
            connection.close(None)
            rooms.leave(room, connection)

    try:
        await _converse(websocket, room, connection, RateLimits(settings), admission,
                        wire.encode(welcome), leave)
    finally:
        leave()


async def _hello(websocket: WebSocket) -> wire.Hello | None:
    """The checked hello, or None after answering a bad first frame with an error and a close
    (1008)."""
    try:
        event = await asyncio.wait_for(websocket.receive(), HELLO_TIMEOUT)
    except TimeoutError:
        await _refuse(websocket, wire.ProtocolError(
            wire.HELLO_FIRST, f"no hello within {HELLO_TIMEOUT:g} s"), wire.POLICY_VIOLATION)
        return None
    except GONE:
        return None
    if event["type"] != "websocket.receive":
        return None
    try:
        message = wire.parse(_frame(event))
        if not isinstance(message, wire.Hello):
            raise wire.ProtocolError(wire.HELLO_FIRST, f"the first message must be hello, not "
                                     f"{message.type}", message.ref)
    except wire.ProtocolError as problem:
        await _refuse(websocket, problem, wire.POLICY_VIOLATION)
        return None
    return message


def _frame(event: dict) -> str | bytes:
    text = event.get("text")
    return text if text is not None else event.get("bytes") or b""


async def _converse(websocket: WebSocket, room: Room, connection: Connection,
                    limits: RateLimits, admission: Admission, welcome: str,
                    leave: Callable[[], None]) -> None:
    """Read and write until either side ends; then ``leave`` the room, let the writer send
    what is queued (within ``CLOSE_GRACE``) and close the socket with the connection's code."""
    writer = asyncio.create_task(_write(websocket, connection, welcome))
    reading = _Reader(websocket, room, connection, limits, admission)
    reader = asyncio.create_task(reading.run())
    closing = asyncio.create_task(connection.closing.wait())
    try:
        await asyncio.wait({writer, reader, closing}, return_when=asyncio.FIRST_COMPLETED)
        leave()  # nothing more is queued for this connection
        if connection.close_code == wire.TOO_SLOW:
            log.info("document %s, client %s: closed, it stopped reading (%d frames queued)",
                     room.document_id, connection.client_id, connection.dropped)
            writer.cancel()  # it is stuck in a send the client does not read
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(writer), CLOSE_GRACE)
    finally:
        for task in (writer, closing) if reading.handling else (writer, reader, closing):
            task.cancel()
        await asyncio.gather(writer, reader, closing, return_exceptions=True)
        await _close(websocket, connection.close_code)


class _Reader:
    """The reader task's loop. ``handling``: a message is in the room's hands; the task is then
    never cancelled (a room's handling is never cut in half), it ends after that message."""

    def __init__(self, websocket: WebSocket, room: Room, connection: Connection,
                 limits: RateLimits, admission: Admission) -> None:
        self.websocket, self.room, self.connection, self.limits = (websocket, room,
                                                                   connection, limits)
        self.admission = admission
        self.handling = False

    async def run(self) -> None:
        errors = 0
        connection = self.connection
        while not connection.closed:
            try:
                event = await self.websocket.receive()
            except GONE:
                return
            if event["type"] != "websocket.receive":
                return
            try:
                message = wire.parse(_frame(event))
                if isinstance(message, wire.Hello):
                    raise wire.ProtocolError(wire.BAD_MESSAGE, "hello is sent once, first",
                                             message.ref)
                self.limits.check(message)
                refusal = self.admission.refusal(message, self.room.paragraph_status,
                                                 self.room.stream.proposal_delegation)
                if refusal:
                    raise wire.ProtocolError(wire.FORBIDDEN, refusal, message.ref)
                self.handling = True
                try:
                    await self.room.handle(connection, message)
                finally:
                    self.handling = False
                errors = 0
            except wire.ProtocolError as problem:
                errors += 1
                connection.send(wire.encode(wire.error(problem.code, str(problem),
                                                       problem.ref)))
                if errors >= wire.MAX_ERRORS:
                    connection.close(wire.POLICY_VIOLATION, wire.encode(wire.error(
                        wire.TOO_MANY_ERRORS, f"{errors} bad messages in a row; closing")))
                    log.info("document %s, client %s: closed after %d bad messages in a row",
                             self.room.document_id, connection.client_id, errors)
            except Exception as problem:
                log.error("document %s, client %s: handling a message failed, connection "
                          "closed: %s", self.room.document_id, connection.client_id,
                          describe(problem))
                connection.close(wire.SERVER_FAILURE, wire.encode(wire.error(
                    wire.SERVER_ERROR, "the server failed on your message; it is logged. "
                    "Reconnect and send your unacknowledged edits again", None)))


async def _write(websocket: WebSocket, connection: Connection, welcome: str) -> None:
    try:
        await websocket.send_text(welcome)
        connection.written()
        while (frame := await connection.next_frame()) is not None:
            await websocket.send_text(frame)
            connection.written()
    except GONE:
        connection.close(None)
    except Exception as problem:
        log.error("client %s: sending failed, connection closed: %s", connection.client_id,
                  describe(problem))
        connection.close(wire.SERVER_FAILURE)


async def _close(websocket: WebSocket, code: int | None) -> None:
    if websocket.application_state != WebSocketState.CONNECTED \
            or websocket.client_state != WebSocketState.CONNECTED:
        return
    with contextlib.suppress(Exception):
        await asyncio.wait_for(websocket.close(code or 1000), CLOSE_GRACE)


async def _refuse(websocket: WebSocket, problem: wire.ProtocolError, code: int) -> None:
    """Answer with the error, then close with ``code``."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(websocket.send_text(wire.encode(wire.error(
            problem.code, str(problem), problem.ref))), CLOSE_GRACE)
    await _close(websocket, code)


def describe(problem: BaseException) -> str:
    """An exception in one line: its type, message and where it was raised."""
    frames = traceback.extract_tb(problem.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    message = str(problem).replace("\n", " ")[:200]
    return f"{type(problem).__name__}: {message}{where}"
