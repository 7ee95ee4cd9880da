"""The rooms of this process (``RoomRegistry``): what the app holds in ``app.state.rooms``.

A room (server/live/room.py) opens on its first client and closes, writing its pending versions,
``idle_unload`` seconds after its last client left. A join that arrives while the document's
room is still closing waits for the close to finish, so the new room loads what the old one
committed last (one writer per document at a time). ``server/ws.py`` joins and leaves rooms
through the registry; tests build one with an in-memory fan-out::

    rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=2.0)
    room, welcome = await rooms.join(document_id, peer)
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable

from server import protocol as wire
from server.channel import Fanout
from server.live.fence import WATCH_SECONDS
from server.live.ports import ParagraphStore, Peer, is_not_found
from server.live.room import Room
from server.store import TamperedText
from server.store_writer import StoreWriter

__all__ = ["ParagraphStore", "Peer", "Room", "RoomRegistry"]
SERVICE_RESTART = 1012  # WebSocket close code: the client reconnects (through the balancer)


class RoomRegistry:
    """The open rooms of this process, by document id; a room opens on its first join and
    closes ``idle_unload`` seconds after its last client left (default 300, >= 0)."""

    def __init__(self, store: ParagraphStore, fanout: Fanout, *, coalesce_pause: float = 2.0,
                 coalesce_max: float = 30.0, idle_unload: float = 300.0,
                 durable_broadcast: bool = False, writer: StoreWriter | None = None,
                 on_open: Callable[[str], None] | None = None,
                 on_change: Callable[[str], None] | None = None,
                 fence_watch: float = WATCH_SECONDS) -> None:
        self.store, self.fanout = store, fanout
        self._on_open = on_open  # told the document id of every room opened (a claim)
        # told the document id after every frame of a room that may follow a stored change
        # (``Broadcast.after_change``): the progress board (server/progress_board.py)
        self._on_change = on_change
        self.writer = writer
        self._options = {"coalesce_pause": coalesce_pause, "coalesce_max": coalesce_max,
                         "durable_broadcast": durable_broadcast, "writer": writer,
                         "fence_watch": fence_watch}
        self._idle_unload = idle_unload
        self._rooms: dict[str, Room] = {}
        self._opening: dict[str, asyncio.Future[Room]] = {}
        self._unload: dict[str, asyncio.TimerHandle] = {}
        self._closing: dict[str, asyncio.Task[None]] = {}  # rooms unloading: their close

    async def room(self, document_id: str) -> Room:
        """The room of ``document_id``, opened if needed (after the close of its previous room,
        if one is still closing); ``ProtocolError`` when there is no such document."""
        while document_id in self._closing:  # a failed close is the closing task's error
            await asyncio.wait([self._closing[document_id]])
        if document_id in self._rooms:
            return self._rooms[document_id]
        if document_id in self._opening:
            return await asyncio.shield(self._opening[document_id])
        future: asyncio.Future[Room] = asyncio.get_running_loop().create_future()
        self._opening[document_id] = future
        try:
            room = Room(document_id, self.store, self.fanout, **self._options)
            if self._on_change is not None:
                room.broadcast.after_change = functools.partial(self._on_change, document_id)
            await room.open()
        except Exception as problem:
            error = wire.ProtocolError(wire.UNKNOWN_DOCUMENT, str(problem)) if is_not_found(
                problem) else wire.ProtocolError(wire.DOCUMENT_TAMPERED, str(problem)) \
                if isinstance(problem, TamperedText) else problem
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning
            raise error from None
        finally:
            self._opening.pop(document_id, None)
        self._rooms[document_id] = room
        future.set_result(room)
        if self._on_open is not None:
            self._on_open(document_id)
        return room

    async def join(self, document_id: str, peer: Peer) -> tuple[Room, wire.Welcome]:
        room = await self.room(document_id)
        handle = self._unload.pop(document_id, None)
        if handle is not None:
            handle.cancel()
        return room, await room.join(peer)

    def leave(self, room: Room, peer: Peer) -> None:
        room.leave(peer)
        if room.empty and self._rooms.get(room.document_id) is room:
            handle = asyncio.get_running_loop().call_later(
                self._idle_unload, lambda: asyncio.ensure_future(self._close_if_idle(room)))
            self._unload[room.document_id] = handle

    async def _close_if_idle(self, room: Room) -> None:
        if room.empty and self._rooms.get(room.document_id) is room:
            del self._rooms[room.document_id]
            self._unload.pop(room.document_id, None)
            await self._close(room)

    async def _close(self, room: Room) -> None:
        """Close ``room``, registered in ``_closing`` until its last commit and versions are
        written: ``room()`` and ``aclose()`` wait for it."""
        document_id = room.document_id
        task = asyncio.ensure_future(room.close())
        self._closing[document_id] = task

        def closed(_: asyncio.Task[None]) -> None:
            if self._closing.get(document_id) is task:
                del self._closing[document_id]

        task.add_done_callback(closed)
        await asyncio.shield(task)

    async def hand_over(self, document_id: str) -> int:
        """Another process claimed ``document_id``: close this process's room without
        claiming it back (its writes are refused by the fence anyway), and close its clients'
        sockets with 1012 so they reconnect to the new owner and resend what was not
        acknowledged. Returns how many clients were closed (docs/scaling.md)."""
        room = self._rooms.pop(document_id, None)
        if room is None:
            return 0
        handle = self._unload.pop(document_id, None)
        if handle is not None:
            handle.cancel()
        room.fence.surrender()
        peers = room.presence.peers()
        self.close_peers(peers)
        await self._close(room)
        return len(peers)

    async def written_outside(self, document_id: str) -> bool:
        """A revision notice (server/conference.py): someone outside the room wrote
        ``document_id``. Its room, if this process holds one, reloads at once when the fence
        moved; True when it did."""
        room = self._rooms.get(document_id)
        if room is None:
            return False
        return await room.check_fence()

    def close_peers(self, peers: list[Peer], code: int = SERVICE_RESTART) -> None:
        for peer in peers:
            close = getattr(peer, "close", None)  # server/ws.py's connections can be closed
            if close is not None:
                close(code)

    def holds(self, document_id: str) -> bool:
        return document_id in self._rooms

    def open_room(self, document_id: str) -> Room | None:
        """The room of ``document_id`` when it is open (someone is connected), else None."""
        return self._rooms.get(document_id)

    def open_rooms(self) -> list[Room]:
        return list(self._rooms.values())

    async def aclose(self) -> None:
        """Write every pending version and close every room (the app's shutdown)."""
        for handle in self._unload.values():
            handle.cancel()
        self._unload.clear()
        rooms, self._rooms = list(self._rooms.values()), {}
        for room in rooms:
            await room.close()
        if self._closing:  # idle rooms still unloading
            await asyncio.wait(list(self._closing.values()))
        if self.writer is not None:  # after every room's last writes
            await self.writer.aclose()
