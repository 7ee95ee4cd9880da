"""``/ws/documents``: the documents page's live channel, the WebSocket in front of the
documents feed (server/documents_feed.py, which says what it sends).

The handshake is admitted like an editor's (server/auth/socket_gate.py, ``admit_person``): a
live session, the page's own Origin. The socket is then registered with the accounts' live
sockets, so log out closes it on every process (server/conference_sockets.py), and it closes
when the session expires. The page sends nothing: whatever it sends is ignored. Frames wait in
the socket's own queue; a page that lets ``MAX_QUEUED`` of them pile up is closed (1013) and
reconnects. The path names no document, so the balancer may send it to any process
(deploy/haproxy.cfg): every process hears every notice and every process's counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime

from starlette.websockets import WebSocket, WebSocketDisconnect

from server.documents_feed import DocumentsFeed

MAX_QUEUED = 256
POLICY_VIOLATION, TRY_AGAIN_LATER = 1008, 1013


class _Outbox:
    """The frames waiting for one page, and why the server ended it (None: it did not)."""

    def __init__(self) -> None:
        self.frames: asyncio.Queue[str | None] = asyncio.Queue()
        self.code: int | None = None

    def send(self, frame: str) -> None:
        if self.code is not None:
            return
        if self.frames.qsize() >= MAX_QUEUED:
            self.end("the page did not read its updates; reconnect", TRY_AGAIN_LATER)
        else:
            self.frames.put_nowait(frame)

    def end(self, reason: str, code: int = POLICY_VIOLATION) -> None:
        if self.code is None:
            self.code = code
            self.frames.put_nowait(json.dumps({"type": "closed", "reason": reason}))
            self.frames.put_nowait(None)


async def documents_endpoint(websocket: WebSocket) -> None:
    state = websocket.app.state
    person = await state.gate.admit_person(websocket)
    if person is None:
        return
    user, session_id, expires_at = person
    await websocket.accept()
    outbox = _Outbox()
    release = state.gatekeeper.sockets.add(session_id, user.id, None, outbox.end)
    timer = None
    if expires_at is not None:
        seconds = max(0.0, (expires_at - datetime.now(UTC)).total_seconds())
        timer = asyncio.get_running_loop().call_later(
            seconds, outbox.end, "your session expired; log in again")
    feed: DocumentsFeed = state.documents_feed
    reader = await feed.join(user, outbox.send)
    tasks = [asyncio.create_task(_write(websocket, outbox)),
             asyncio.create_task(_drain(websocket))]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        feed.leave(reader)
        release()
        if timer is not None:
            timer.cancel()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await websocket.close(outbox.code or 1000)


async def _write(websocket: WebSocket, outbox: _Outbox) -> None:
    while (frame := await outbox.frames.get()) is not None:
        await websocket.send_text(frame)


async def _drain(websocket: WebSocket) -> None:
    """Read until the page goes away (it has nothing to say)."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
