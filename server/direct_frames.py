"""Frames written straight to a connection's socket, encoded once for all their readers.

A room's patch frame goes to every client of the document: with 100 clients, 100 sends of the
same text. Sent through ASGI, each costs a task switch (the connection's writer), Starlette's
and uvicorn's send wrappers and the WebSocket framing of that one connection: about 18 us on
this project's machine, most of a live room's CPU. Written straight to the connection's
transport, a frame encoded once (websockets' own ``Frame.serialize``, kept for the next
reader of the same text) costs one socket write.

uvicorn takes a WebSocket protocol class (its ``ws`` option): ``FramedProtocol`` is its
sans-I/O protocol with one ASGI scope extension, ``plenary.frames``, the connection's
``FrameWriter``. server/connection.py writes through it whenever nothing waits in the
connection's own queue and the transport takes more (not paused by a client that stopped
reading); otherwise frames queue and the connection's writer sends them through ASGI, in
order. Under a server without the extension every frame goes through ASGI, as before.

A frame written here is an uncompressed text message, which a connection that agreed on
permessage-deflate accepts as well (RFC 7692, section 6).
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode

EXTENSION = "plenary.frames"  # the ASGI scope extension that holds the ``FrameWriter``

_last: tuple[str, bytes] = ("", b"")  # the frame encoded last: the next reader takes it as is


def encoded(frame: str) -> bytes:
    """``frame`` as one unmasked WebSocket text frame (a server's), the same bytes for every
    connection; encoded once while the same string is handed to one reader after another."""
    global _last
    last = _last  # read once: servers in threads of one process (the tests) share it
    if last[0] is not frame:
        _last = last = (frame, Frame(Opcode.TEXT, frame.encode()).serialize(mask=False))
    return last[1]


class FrameWriter:
    """One connection's direct way to its socket."""

    def __init__(self, protocol: WebSocketsSansIOProtocol) -> None:
        self._protocol = protocol

    def ready(self) -> bool:
        """The connection is open, its handshake done, no close sent, and its transport
        takes more without waiting (uvicorn's send would not wait either)."""
        protocol = self._protocol
        return (protocol.handshake_complete and not protocol.close_sent
                and not protocol.disconnected and protocol.writable.is_set()
                and not protocol.transport.is_closing())

    def write(self, frame: str) -> None:
        self._protocol.transport.write(encoded(frame))


class FramedProtocol(WebSocketsSansIOProtocol):
    """uvicorn's sans-I/O WebSocket protocol, offering the connection's ``FrameWriter`` in
    the ASGI scope's extensions."""

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:
            scope.setdefault("extensions", {})[EXTENSION] = FrameWriter(self)


def frame_writer(scope: dict[str, Any]) -> FrameWriter | None:
    """The connection's ``FrameWriter``, when the server offers one."""
    writer = (scope.get("extensions") or {}).get(EXTENSION)
    return writer if isinstance(writer, FrameWriter) else None
