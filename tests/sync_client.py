"""Test helper: a real-socket Python client of the live-editing protocol, and the small app
it talks to.

    app = sync_app(store)                       # Starlette: only the WebSocket route
    with running(app) as base:                  # tests/live_server.py: uvicorn, free port
        client = await SyncClient.connect(ws_url(base, document_id), name="Ana", delegation="CHILE")
        client.edit(paragraph_id, "new text")   # as typing would
        await client.settle()                   # until nothing is in flight

The per-paragraph logic is negotiation.sync.client (the same state machine as
static/sync.js); this module only moves frames. ``drop_replies`` makes the client ignore the
next acknowledgements or patches it receives, as if they were lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import websockets
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from store_fixture import TEST_SEALER

from negotiation.model import Document, Paragraph, ParagraphKind
from negotiation.sync.client import ClientParagraph
from server.channel import InProcessFanout
from server.client_faults import quiet_client_faults
from server.db import create_engine_for, upgrade
from server.live.registry import RoomRegistry
from server.settings import Settings
from server.store import Store
from server.ws import sync_endpoint


def make_store(path) -> Store:
    engine = create_engine_for(f"sqlite:///{path}")
    upgrade(engine)
    return Store(engine, TEST_SEALER)


def import_paragraphs(store: Store, texts: list[str]) -> tuple[str, list[str]]:
    """A document of operative paragraphs ``texts``; returns its id and the paragraph ids."""
    ids = [f"op-{index + 1}" for index in range(len(texts))]
    document = Document(symbol="TEST/1", title="THE GENERAL ASSEMBLY,", operative=[
        Paragraph(id=pid, kind=ParagraphKind.OPERATIVE, text=text, label=str(index + 1))
        for index, (pid, text) in enumerate(zip(ids, texts, strict=True))])
    return store.import_document(document, author="secretariat",
                                 at=datetime(2026, 1, 1, tzinfo=UTC)), ids


class TrustingAdmission:
    """For tests of the sync protocol alone: the hello's identity, every message allowed.
    (The application's gate, server/auth/socket_gate.py, is tested in test_ws_auth.py.)"""

    def identity(self, hello: Any) -> tuple[str, str | None, None]:
        return hello.name, hello.delegation, None

    def refusal(self, message: Any, status_of: Any, proposal_of: Any = None) -> None:
        return None

    def seat_description(self, statuses: dict, proposals: dict | None = None) -> dict:
        return {"role": "delegate", "readOnly": None, "locked": {}}

    def watch(self, close: Any) -> Any:
        return lambda: None


class TrustingGate:
    async def admit(self, websocket: Any, document_id: str) -> TrustingAdmission:
        return TrustingAdmission()


def sync_app(store: Store, *, settings: Settings | None = None,
             **room_options: Any) -> Starlette:
    """Only the WebSocket route, on ``store``; ``settings`` (limits of a connection) default."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.rooms = RoomRegistry(store, InProcessFanout(), **room_options)
        app.state.loop = asyncio.get_running_loop()  # the server's, for tests that reach in
        quiet_client_faults()
        yield
        await app.state.rooms.aclose()

    app = Starlette(routes=[WebSocketRoute("/ws/documents/{document_id}", sync_endpoint)],
                    lifespan=lifespan)
    app.state.settings = settings or Settings()
    app.state.gate = TrustingGate()
    return app


def ws_url(base: str, document_id: str) -> str:
    return base.replace("http://", "ws://") + f"/ws/documents/{document_id}"


class SyncClient:
    def __init__(self, url: str, name: str, delegation: str | None, client_id: str) -> None:
        self.url, self.name, self.delegation, self.client_id = url, name, delegation, client_id
        self.headers: dict[str, str] = {}
        self.paragraphs: dict[str, ClientParagraph] = {}
        self.epoch: str | None = None
        self.errors: list[dict[str, Any]] = []
        self.presence: list[dict[str, Any]] = []
        self.structure: list[dict[str, Any]] = []
        self.parents: dict[str, str | None] = {}  # paragraph -> its parent paragraph
        self.drop_replies = 0
        self.resend_after = 1.0  # seconds without an ack before an edit is sent again
        self.latency = 0.0  # seconds each frame takes, each way (a slow conference network)
        self._generation = 0  # connections so far: a late frame of an old one is dropped
        self._sent_at: dict[str, float] = {}
        self._sending: set[asyncio.Future[None]] = set()
        self._socket: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._welcomed = asyncio.Event()
        self._changed = asyncio.Event()

    @classmethod
    async def connect(cls, url: str, *, name: str = "Ana", delegation: str | None = "CHILE",
                      client_id: str | None = None,
                      headers: dict[str, str] | None = None) -> SyncClient:
        """``headers``: e.g. the session cookie of a login (tests/accounts_fixture.py)."""
        client = cls(url, name, delegation, client_id or secrets.token_hex(8))
        client.headers = headers or {}
        await client.reconnect()
        return client

    async def reconnect(self) -> None:
        self._generation += 1
        self._welcomed.clear()
        self._socket = await websockets.connect(self.url, max_size=None, compression=None,
                                                additional_headers=self.headers)
        await self._send({"type": "hello", "protocol": 1, "clientId": self.client_id,
                          "name": self.name, "delegation": self.delegation})
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for(self._welcomed.wait(), 10)

    async def disconnect(self) -> None:
        """Drop the connection abruptly (what in flight is lost; the stacks are kept)."""
        self._generation += 1
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._socket = self._reader = None
        for paragraph in self.paragraphs.values():
            paragraph.on_disconnect()

    close = disconnect

    @property
    def online(self) -> bool:
        return self._socket is not None

    @property
    def conflicts(self) -> list[dict[str, Any]]:
        return [c for p in self.paragraphs.values() for c in p.conflicts]

    def text(self, paragraph_id: str) -> str:
        return self.paragraphs[paragraph_id].text

    def edit(self, paragraph_id: str, new_text: str) -> None:
        self.paragraphs[paragraph_id].text = new_text
        self._flush()

    async def send_raw(self, frame: str | bytes) -> None:
        await self._socket.send(frame)

    async def settle(self, timeout: float = 20) -> None:
        """Until nothing is pending or in flight (online) and no catch-up is needed."""
        async def quiet() -> None:
            while True:
                self._flush()
                if not any(p.in_flight or p.pending or p.needs_sync
                           for p in self.paragraphs.values()):
                    return
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.2)
        await asyncio.wait_for(quiet(), timeout)

    async def catch_up(self, paragraph_id: str) -> None:
        """Ask for the latest text of a paragraph (an empty edit) and wait for the ack."""
        self.paragraphs[paragraph_id].needs_sync = True
        await self.settle()

    # -- frames -----------------------------------------------------------------------------

    async def _send(self, message: dict[str, Any]) -> None:
        socket = self._socket  # a late frame goes on the connection it was sent on
        if self.latency:
            await asyncio.sleep(self.latency)
        await socket.send(json.dumps(message))

    def _flush(self) -> None:
        if self._socket is None or not self._welcomed.is_set():
            return
        now = time.monotonic()
        for paragraph in self.paragraphs.values():
            if paragraph.in_flight and now - self._sent_at.get(paragraph.id, now) > \
                    self.resend_after:
                paragraph.on_disconnect()  # the reply was lost: send the stack again
            message = paragraph.outgoing()
            if message is not None:
                message["ref"] = f"edit:{paragraph.id}"
                self._sent_at[paragraph.id] = now
                task = asyncio.ensure_future(self._send_quietly(message, paragraph))
                self._sending.add(task)
                task.add_done_callback(self._sending.discard)

    async def _send_quietly(self, message: dict[str, Any], paragraph: ClientParagraph) -> None:
        try:
            await self._send(message)
        except Exception:
            paragraph.on_disconnect()

    async def _read(self) -> None:
        try:
            async for frame in self._socket:
                if self.latency:  # each frame arrives ``latency`` late, in order; the
                    # frames of a connection closed meanwhile are lost
                    asyncio.get_running_loop().call_later(
                        self.latency, self._deliver, self._generation, frame)
                    continue
                self._deliver(self._generation, frame)
        except websockets.ConnectionClosed:
            pass
        finally:
            for paragraph in self.paragraphs.values():
                paragraph.on_disconnect()
            self._changed.set()

    def _deliver(self, generation: int, frame: str) -> None:
        if generation == self._generation:
            self._receive(json.loads(frame))
            self._changed.set()

    def _receive(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind in ("ack", "patch") and self.drop_replies > 0:
            self.drop_replies -= 1
            return
        if kind == "welcome":
            same = self.epoch == message["epoch"]
            self.epoch = message["epoch"]
            self.parents = {item["id"]: item["parent"] for item in message["paragraphs"]}
            for item in message["paragraphs"]:
                known = self.paragraphs.get(item["id"])
                if known is None:
                    self.paragraphs[item["id"]] = ClientParagraph.from_snapshot(
                        item["id"], item["text"], item["rev"], item.get("n", 0))
                else:
                    known.on_welcome(item["text"], item["rev"], same_server=same,
                                     merged=item.get("n"), conflicts=item.get("conflicts"))
            self.presence = message["presence"]
            self._welcomed.set()
        elif kind == "ack":
            self.paragraphs[message["p"]].on_ack(message)
        elif kind == "patch":
            for patch in message["patches"]:
                paragraph = self.paragraphs.get(patch["p"])
                if paragraph is not None:
                    paragraph.on_patch(patch)
        elif kind == "presence":
            self.presence = message["editors"]
        elif kind == "structure":
            self.structure.append(message)
            paragraph = message.get("paragraph")
            if paragraph and paragraph["id"] not in self.paragraphs:
                self.paragraphs[paragraph["id"]] = ClientParagraph.from_snapshot(
                    paragraph["id"], paragraph["text"], paragraph["rev"])
            if "order" in message:  # a change made outside the room: the whole order
                self.parents = {meta["id"]: meta["parent"] for meta in message["order"]}
                for gone in set(self.paragraphs) - set(self.parents):
                    del self.paragraphs[gone]
            for meta in [*message.get("changed", ()), *([paragraph] if paragraph else [])]:
                self.parents[meta["id"]] = meta["parent"]
            if message["op"] == "delete":  # the paragraph and its sub-paragraphs
                for gone in [i for i in self.parents if self._within(i, message["p"])]:
                    self.parents.pop(gone)
                    self.paragraphs.pop(gone, None)
        elif kind == "error":
            self.errors.append(message)
            ref = message.get("ref")
            if isinstance(ref, str) and ref.startswith("edit:") and ref[5:] in self.paragraphs:
                self.paragraphs[ref[5:]].on_error(message)
        self._flush()

    def _within(self, paragraph_id: str | None, ancestor: str) -> bool:
        while paragraph_id is not None:
            if paragraph_id == ancestor:
                return True
            paragraph_id = self.parents.get(paragraph_id)
        return False

    async def wait_for(self, predicate, timeout: float = 10) -> None:
        async def poll() -> None:
            while not predicate():
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.1)
        await asyncio.wait_for(poll(), timeout)
