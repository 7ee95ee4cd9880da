"""Test helper: the whole app on a real port with the 2007 OAS draft (seed 003) imported, and a
raw WebSocket client for the chair's messages."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import websockets
from live_server import Site, site

from negotiation.importer import import_text
from server.app import create_app
from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_2007 = ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt"
SHARED = "[shared responsibility / co-responsibility]"


@contextmanager
def chair_site(tmp_path: Path) -> Iterator[tuple[Site, str]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chair.sqlite3'}",
                        data_dir=tmp_path, store_writer="thread", coalesce_pause=0.1)
    with site(create_app(settings)) as client:
        document = import_text(SEED_2007.read_text(encoding="utf-8"))
        document_id = client.store.import_document(document, author="secretariat")
        yield client, document_id


def paragraph_with(client: Site, document_id: str, words: str) -> str:
    document = client.store.load_document(document_id)
    return next(p.id for p in document.paragraphs() if words in p.text)


class Delegate:
    """A WebSocket client that says hello and sends the chair's messages."""

    def __init__(self, socket, welcome: dict[str, Any]) -> None:
        self.socket, self.welcome = socket, welcome
        self.frames: list[dict[str, Any]] = []

    @classmethod
    async def connect(cls, base: str, document_id: str, name: str,
                      delegation: str | None) -> Delegate:
        url = base.replace("http://", "ws://") + f"/ws/documents/{document_id}"
        socket = await websockets.connect(url)
        await socket.send(json.dumps({"type": "hello", "protocol": 1, "name": name,
                                      "clientId": secrets.token_hex(8),
                                      "delegation": delegation}))
        welcome = json.loads(await socket.recv())
        return cls(socket, welcome)

    async def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send ``message`` with a fresh ref; the answer to it (an event or an error)."""
        ref = secrets.token_hex(4)
        await self.socket.send(json.dumps({**message, "ref": ref}))
        return await self.until(lambda f: f.get("ref") == ref)

    async def until(self, wanted, seconds: float = 5) -> dict[str, Any]:
        for frame in self.frames:
            if wanted(frame):
                self.frames.remove(frame)
                return frame
        while True:
            frame = json.loads(await asyncio.wait_for(self.socket.recv(), seconds))
            if wanted(frame):
                return frame
            self.frames.append(frame)

    async def close(self) -> None:
        await self.socket.close()
