"""Test helper: one person's editor WebSocket on a ``permission_world.World`` (logged in with
their session cookie), holding the texts and revisions as the server sent them."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import websockets
from accounts_fixture import cookie_header
from permission_world import HELLO, World, ws_url
from socket_frames import BufferedSocket

from negotiation.sync.delta import make as make_delta


class Seat(BufferedSocket):
    """One person's WebSocket in the editor."""

    WAIT = 10.0

    def __init__(self, socket, welcome: dict[str, Any]) -> None:
        super().__init__(socket)
        self.welcome = welcome
        self.texts = {p["id"]: p["text"] for p in welcome["paragraphs"]}
        self.revs = {p["id"]: p["rev"] for p in welcome["paragraphs"]}

    @classmethod
    async def open(cls, site: World, key: str, document_id: str) -> Seat:
        socket = await websockets.connect(ws_url(site, document_id),
                                          additional_headers=cookie_header(site.http(key)))
        await socket.send(json.dumps(dict(HELLO, clientId=f"seat-{key}-{time.time_ns()}")))
        return cls(socket, json.loads(await asyncio.wait_for(socket.recv(), 10)))

    async def ask(self, message: dict[str, Any], ref: str) -> dict[str, Any]:
        """Send ``message`` with ``ref``; the answer to it (bracket event, ack or error)."""
        await self.socket.send(json.dumps({**message, "ref": ref}))
        return await self.until(lambda f: f.get("ref") == ref and f["type"] in (
            "bracket_event", "ack", "error"))

    async def type(self, pid: str, new: str, ref: str, n: int = 0) -> dict[str, Any]:
        """Send the change of ``pid`` to ``new``; the answer to it (ack or error)."""
        answer = await self.ask({"type": "edit", "p": pid, "m": self.revs[pid], "n": n,
                                 "deltas": [make_delta(self.texts[pid], new)]}, ref)
        if answer["type"] == "ack":
            self.texts[pid], self.revs[pid] = new, answer["r"]
        return answer


def holders(site: World, document_id: str, pid: str) -> dict[str, tuple[str, ...]]:
    """The paragraph's open brackets as written, with the delegations holding each."""
    book, _, _ = site.store.paragraph_book(document_id, pid)
    return {b.written: b.holders for b in book.open_brackets()}
