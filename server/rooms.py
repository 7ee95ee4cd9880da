"""The rooms of this process (``RoomRegistry``): what the app holds in ``app.state.rooms``.

A room (server/room.py) opens on its first client and closes, writing its pending versions,
``idle_unload`` seconds after its last client left. ``server/ws.py`` joins and leaves rooms
through the registry; tests build one with an in-memory fan-out::

    rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=2.0)
    room, welcome = await rooms.join(document_id, peer)
"""

from __future__ import annotations

import asyncio
from typing import Any

from server import protocol as wire
from server.channel import Fanout
from server.room import ParagraphStore, Peer, Room, is_not_found

__all__ = ["ParagraphStore", "Peer", "Room", "RoomRegistry"]


class RoomRegistry:
    """The open rooms of this process, by document id; a room opens on its first join and
    closes ``idle_unload`` seconds after its last client left (default 300, >= 0)."""

    def __init__(self, store: ParagraphStore, fanout: Fanout, *, coalesce_pause: float = 2.0,
                 coalesce_max: float = 30.0, idle_unload: float = 300.0,
                 durable_broadcast: bool = False) -> None:
        self.store, self.fanout = store, fanout
        self._options = {"coalesce_pause": coalesce_pause, "coalesce_max": coalesce_max,
                         "durable_broadcast": durable_broadcast}
        self._idle_unload = idle_unload
        self._rooms: dict[str, Room] = {}
        self._opening: dict[str, asyncio.Future[Room]] = {}
        self._unload: dict[str, asyncio.TimerHandle] = {}

    async def room(self, document_id: str) -> Room:
        """The room of ``document_id``, opened if needed; ``ProtocolError`` when there is no
        such document."""
        if document_id in self._rooms:
            return self._rooms[document_id]
        if document_id in self._opening:
            return await asyncio.shield(self._opening[document_id])
        future: asyncio.Future[Room] = asyncio.get_running_loop().create_future()
        self._opening[document_id] = future
        try:
            room = Room(document_id, self.store, self.fanout, **self._options)
            await room.open()
        except Exception as problem:
            error = wire.ProtocolError(wire.UNKNOWN_DOCUMENT, str(problem)) if is_not_found(
                problem) else problem
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning
            raise error from None
        finally:
            self._opening.pop(document_id, None)
        self._rooms[document_id] = room
        future.set_result(room)
        return room

    async def join(self, document_id: str, peer: Peer) -> tuple[Room, dict[str, Any]]:
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
            await room.close()

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
