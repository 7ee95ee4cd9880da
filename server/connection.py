"""One client's connection as a room sees it (a ``Peer``): identity and a send that never
blocks and never raises.

A frame goes straight to the connection's socket when the server offers that
(server/direct_frames.py), nothing waits before it and the socket takes more; otherwise frames
wait in the connection's own outbound queue until its writer (server/ws.py) sends them, in
order, so a slow client never holds up the room or the others. The queue is bounded, in frames
and in bytes (server/settings.py): a client that stops reading (its socket paused, so frames
queue) is closed with ``TOO_SLOW`` (1013) once its queue passes either bound, and reconnects
when it reads again. (A frame is always taken when nothing waits: the bound is on the
backlog, whatever the size of one frame.)
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Protocol

from server import protocol as wire

log = logging.getLogger("plenary.ws")


class DirectWriter(Protocol):
    """A way to a connection's socket that never waits (server/direct_frames.py)."""

    def ready(self) -> bool: ...
    def write(self, frame: str) -> None: ...


class Connection:
    def __init__(self, hello: wire.Hello, *, name: str | None = None,
                 delegation: str | None = None, max_frames: int, max_bytes: int) -> None:
        """``name`` and ``delegation``: the session's (server/auth/socket_gate.py), which
        win over what the ``hello`` says."""
        self.client_id = hello.client_id
        self.name = hello.name if name is None else name
        self.delegation = hello.delegation if name is None else delegation
        self.seat = None  # the session's seat (server/auth/gatekeeper.py), set on admission
        self._frames: deque[str] = deque()
        self._bytes = 0
        self._max_frames, self._max_bytes = max_frames, max_bytes
        self._ready = asyncio.Event()
        self.close_code: int | None = None  # set: the writer sends what is queued, then closes
        self.closing = asyncio.Event()
        self.closed = False  # no frame is queued any more
        self.dropped = 0  # frames that were waiting when the client was closed as too slow
        self.direct: DirectWriter | None = None  # set by server/ws.py when the server has one
        # the writer holds a frame it has not sent yet (from the start: the welcome), so a
        # frame written directly now would overtake it
        self._writer_busy = True

    def send(self, frame: str) -> None:
        """Queue one frame for this client; never blocks, never raises."""
        try:
            self._queue(frame)
        except Exception as problem:  # a frame this connection cannot take: it alone closes
            log.error("client %s: sending failed, connection closed: %s: %s", self.client_id,
                      type(problem).__name__, str(problem).replace("\n", " ")[:200])
            self.close(wire.SERVER_FAILURE)

    def _queue(self, frame: str) -> None:
        if self.closed:
            return
        if not self._frames and not self._writer_busy and self.direct is not None \
                and self.direct.ready():
            self.direct.write(frame)
            return
        size = _size(frame)
        if self._frames and (len(self._frames) >= self._max_frames
                             or self._bytes + size > self._max_bytes):
            self.dropped = len(self._frames)
            self._frames.clear()
            self._bytes = 0
            self.close(wire.TOO_SLOW)
            return
        self._frames.append(frame)
        self._bytes += size
        self._ready.set()

    def close(self, code: int | None, last: str | None = None) -> None:
        """Queue ``last`` (an error that explains the close), then nothing more: the writer
        closes the connection with ``code``. The first close wins."""
        if self.closed:
            return
        if last is not None:
            self._frames.append(last)
        self.closed = True
        self.close_code = code
        self.closing.set()
        self._ready.set()

    def end(self, reason: str) -> None:
        """Close this connection because the session or the membership ended: the client
        is told why (``session_ended``), then closed (1008)."""
        self.close(wire.POLICY_VIOLATION, wire.encode(wire.error(wire.SESSION_ENDED, reason)))

    async def next_frame(self) -> str | None:
        """The next frame to send; None when the connection is closing and all is sent."""
        while not self._frames:
            if self.closed:
                return None
            self._ready.clear()
            await self._ready.wait()
        frame = self._frames.popleft()
        self._bytes -= _size(frame)
        self._writer_busy = True
        return frame

    def written(self) -> None:
        """The writer sent the frame it took (or the welcome): with nothing queued, the next
        frame may go straight to the socket."""
        self._writer_busy = False

    @property
    def queued(self) -> int:
        return len(self._frames)


def _size(frame: str) -> int:
    """Bytes of ``frame`` in UTF-8 (frames are mostly ASCII: then its length)."""
    return len(frame) if frame.isascii() else len(frame.encode("utf-8", "surrogatepass"))
