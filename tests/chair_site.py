"""Test helper: the whole app on a real port with the 2007 OAS draft (seed 003) imported, the
people of a negotiation holding it (tests/accounts_fixture.py: a chair, a vice-chair, the
secretariat, delegates of Venezuela and Belize, an observer), each logged in, and a raw
WebSocket client for the chair's messages.

The tests say who acts as the chair's actions used to be claimed, ``{"name": "Chair", "role":
"chair"}`` or ``{"delegation": "Belize", ...}``; ``Sessions`` sends the request with the
session of that person (and the CSRF token), so the server takes the person from the session.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import websockets
from accounts_fixture import cookie_header, csrf, logged_in, make_people
from live_server import Site, site
from socket_frames import BufferedSocket

from negotiation.importer import import_text
from server.app import create_app
from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_2007 = ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt"
SHARED = "[shared responsibility / co-responsibility]"
_SESSIONS: dict[str, Sessions] = {}  # base URL -> its logged-in people


def person_key(name: str | None = None, delegation: str | None = None,
               role: str | None = None) -> str:
    """Which test person a claim names: a delegation's delegate, else the role."""
    if delegation:
        return delegation.lower()
    if role and role != "delegate":
        return role
    lowered = (name or "").lower()
    for key in ("vice-chair", "chair", "secretariat", "observer"):
        if key in lowered:
            return key
    return "observer" if name else "chair"


class Sessions:
    """One logged-in HTTP client per person; ``post`` and ``get`` as the person ``as`` names."""

    def __init__(self, base: str, people: dict) -> None:
        self.base_url = httpx.URL(base)
        self._people, self._clients, self._tokens = people, {}, {}

    def client(self, key: str) -> httpx.Client:
        if key not in self._clients:
            self._clients[key] = logged_in(str(self.base_url), self._people[key])
            self._tokens[key] = csrf(self._clients[key])
        return self._clients[key]

    def post(self, path: str, json: dict[str, Any] | None = None) -> httpx.Response:
        body = dict(json or {})
        claim = body.pop("as", None) or {}
        key = person_key(claim.get("name"), claim.get("delegation"), claim.get("role"))
        http = self.client(key)
        return http.post(path, json=body, headers={"X-CSRF-Token": self._tokens[key]})

    def get(self, path: str) -> httpx.Response:
        return self.client("chair").get(path)

    def cookies_of(self, key: str) -> dict[str, str]:
        return cookie_header(self.client(key))

    def close(self) -> None:
        for http in self._clients.values():
            http.close()


@contextmanager
def chair_site(tmp_path: Path) -> Iterator[tuple[Site, str]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chair.sqlite3'}",
                        data_dir=tmp_path, store_writer="thread", coalesce_pause=0.1)
    with site(create_app(settings)) as client:
        document = import_text(SEED_2007.read_text(encoding="utf-8"))
        document_id = client.store.import_document(document, author="secretariat")
        yield logged_in_site(client, [document_id]), document_id


def logged_in_site(client: Site, document_ids: list[str]) -> Site:
    """``client`` whose ``http`` sends every request as the person it names."""
    people = make_people(client.app, document_ids)
    sessions = Sessions(str(client.http.base_url), people)
    _SESSIONS[str(client.http.base_url).rstrip("/")] = sessions
    sessions.client("chair")  # logged in before any test times the chair's actions
    return Site(client.app, sessions)


def paragraph_with(client: Site, document_id: str, words: str) -> str:
    document = client.store.load_document(document_id)
    return next(p.id for p in document.paragraphs() if words in p.text)


class Delegate(BufferedSocket):
    """A WebSocket client, logged in as the person its name or delegation names, that sends
    the chair's messages."""

    def __init__(self, socket, welcome: dict[str, Any]) -> None:
        super().__init__(socket)
        self.welcome = welcome

    @classmethod
    async def connect(cls, base: str, document_id: str, name: str,
                      delegation: str | None) -> Delegate:
        url = base.replace("http://", "ws://") + f"/ws/documents/{document_id}"
        sessions = _SESSIONS[base.rstrip("/")]
        headers = await asyncio.to_thread(sessions.cookies_of, person_key(name, delegation))
        socket = await websockets.connect(url, additional_headers=headers)
        await socket.send(json.dumps({"type": "hello", "protocol": 1, "name": name,
                                      "clientId": secrets.token_hex(8)}))
        welcome = json.loads(await socket.recv())
        return cls(socket, welcome)

    async def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send ``message`` with a fresh ref; the answer to it (an event or an error)."""
        ref = secrets.token_hex(4)
        await self.socket.send(json.dumps({**message, "ref": ref}))
        return await self.until(lambda f: f.get("ref") == ref)

