"""A test's WebSocket that waits for the frame it wants and keeps the others for later."""

from __future__ import annotations

import asyncio
import json
from typing import Any


class BufferedSocket:
    """``until(wanted)``: the first frame, kept or new, that ``wanted`` accepts; frames read
    meanwhile are kept, in order, for the next ``until``."""

    WAIT = 5.0  # seconds for each new frame

    def __init__(self, socket) -> None:
        self.socket = socket
        self.frames: list[dict[str, Any]] = []

    async def until(self, wanted, seconds: float | None = None) -> dict[str, Any]:
        for frame in self.frames:
            if wanted(frame):
                self.frames.remove(frame)
                return frame
        while True:
            frame = json.loads(await asyncio.wait_for(self.socket.recv(),
                                                      seconds or self.WAIT))
            if wanted(frame):
                return frame
            self.frames.append(frame)

    async def close(self) -> None:
        await self.socket.close()
