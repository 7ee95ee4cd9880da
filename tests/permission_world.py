"""A running app with one negotiation, a person in every role, and fresh documents on demand:
the world the permission tests (generated from negotiation.permissions.RULES) act in.

The channel of each action says how to attempt it over HTTP or over the WebSocket; the chair's
actions (``CHAIR_BRACKETS``, ``CHAIR_STATUS``, select and adopt) are tried over both by
tests/test_chair_permissions.py. A test asserts every action has at least one channel, so a new
action cannot go untested."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets
from accounts_fixture import Person, cookie_header, csrf, logged_in, make_people
from live_server import running
from sqlalchemy import inspect, text

from negotiation.model import Document, Paragraph, ParagraphKind
from negotiation.permissions import Action
from negotiation.sync.delta import make as make_delta
from server.app import create_app
from server.settings import Settings

DRAFT = "DRAFT RESOLUTION\n\nTHE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To [note] the report.\n"


def small_document() -> Document:
    return Document(symbol="CP/PERM 1/26", title="Permissions", operative=[
        Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, label="1",
                  text="To request the Permanent Council [to report]."),
        Paragraph(id="op-2", kind=ParagraphKind.OPERATIVE, label="2", text="To ask.")])


@dataclass
class World:
    app: object
    base: str
    people: dict[str, Person]
    clients: dict[str, httpx.Client] = field(default_factory=dict)
    serial: int = 0

    @property
    def store(self):
        return self.app.state.store

    @property
    def negotiation_id(self) -> str:
        return self.app.state.test_negotiation_id

    def http(self, key: str) -> httpx.Client:
        if key not in self.clients:
            self.clients[key] = logged_in(self.base, self.people[key])
        return self.clients[key]

    def document(self, *, adopted: bool = False, agreed: str | None = None) -> str:
        """A fresh document of the negotiation (adopted, or with one agreed paragraph)."""
        document_id = self.store.import_document(small_document(), author="Test")
        gatekeeper = self.app.state.gatekeeper
        gatekeeper.negotiations.add_document(self.negotiation_id, document_id)
        if agreed:
            self.store.change_status(document_id, agreed, "agreed", author="Chair",
                                     delegation=None)
        if adopted:
            gatekeeper.adopt(document_id, by=self.people["secretariat"].user_id)
        return document_id

    def fingerprint(self) -> dict[str, object]:
        """Every table's row count and every document's log head: what any change moves
        (sessions excepted: logging in is not what is tested)."""
        engine = self.store.engine
        with engine.connect() as connection:
            counts = {table: connection.execute(text(f'SELECT COUNT(*) FROM "{table}"'))
                      .scalar() for table in inspect(engine).get_table_names()
                      if table not in ("sessions", "alembic_version")}
            heads = connection.execute(text(
                "SELECT id, head_seq FROM documents ORDER BY id")).all()
            adopted = connection.execute(text(
                "SELECT COUNT(*) FROM negotiation_documents WHERE adopted_at IS NOT NULL")
            ).scalar()
            texts = connection.execute(text(
                "SELECT document_id, id, working_text, status FROM paragraphs")).all()
            members = connection.execute(text(
                "SELECT negotiation_id, user_id, role, delegation, speaks_for FROM memberships"
            )).all()
        return {"counts": counts, "heads": heads, "adopted": adopted, "texts": sorted(texts),
                "members": sorted(members, key=repr)}


@contextmanager
def world_in(folder: Path, organisation: str = "OAS", **settings: Any) -> Iterator[World]:
    """``world`` on an SQLite file of its own in ``folder`` (a test module's), the room's
    writes in a thread; ``settings``: the rest of its ``Settings`` (e.g. the burst pause)."""
    with world(Settings(database_url=f"sqlite:///{folder / 'plenary.sqlite3'}",
                        data_dir=folder, store_writer="thread", **settings),
               organisation=organisation) as made:
        yield made


@contextmanager
def world(settings, organisation: str = "OAS") -> Iterator[World]:
    app = create_app(settings)
    with running(app) as base:
        people = make_people(app, organisation=organisation)
        made = World(app, base, people)
        try:
            yield made
        finally:
            for client in made.clients.values():
                client.close()


# ----------------------------------------------------------------------------- HTTP channel

@dataclass(frozen=True)
class HttpAttempt:
    method: str
    path: Callable[[World, str], str]  # (world, document id) -> path
    form: dict[str, str] = field(default_factory=dict)
    files: bool = False
    label: str = ""  # names a further route of an action in the test ids


HTTP: dict[Action, HttpAttempt] = {
    Action.READ: HttpAttempt("GET", lambda w, d: f"/documents/{d}"),
    Action.IMPORT: HttpAttempt("POST", lambda w, d: f"/negotiations/{w.negotiation_id}/documents",
                               {"text": DRAFT}, files=True),
    Action.ISSUE_REVISION: HttpAttempt("POST", lambda w, d: f"/documents/{d}/revisions",
                                       {"name": "Rev.1"}, files=True),
    Action.ADOPT: HttpAttempt("POST", lambda w, d: f"/documents/{d}/adopt"),
    Action.EXPORT: HttpAttempt("GET",
                               lambda w, d: f"/documents/{d}/export?format=markdown-bracketed"),
    Action.MANAGE_MEMBERS: HttpAttempt(
        "POST", lambda w, d: f"/negotiations/{w.negotiation_id}/invitations",
        {"login": "new@test.plenary", "role": "observer", "name": "New"}),
}


# further routes of an action, tried as its first one (HTTP) is
MORE_HTTP: dict[Action, tuple[HttpAttempt, ...]] = {
    Action.MANAGE_MEMBERS: (HttpAttempt(  # name the groups Belize's delegate speaks for
        "POST", lambda w, d: f"/negotiations/{w.negotiation_id}/members/"
                             f"{w.people['belize'].user_id}/groups", {"groups": "g77-china"},
        label="name groups"),),
}
HTTP_ATTEMPTS: list[tuple[Action, HttpAttempt]] = [
    *HTTP.items(), *((action, more) for action, attempts in MORE_HTTP.items()
                     for more in attempts)]


def attempt_http(world: World, key: str, action: Action, document_id: str,
                 attempt: HttpAttempt | None = None) -> httpx.Response:
    attempt = attempt or HTTP[action]
    http = world.http(key)
    path = attempt.path(world, document_id)
    if attempt.method == "GET":
        return http.get(path)
    form = {**attempt.form, "csrf_token": csrf(http)}
    if attempt.files:  # multipart, as the browser sends these forms
        return http.post(path, data=form, files={"file": ("", b"", "text/plain")})
    return http.post(path, data=form)


# ------------------------------------------------------------------ the chair's actions

BRACKETED = "States shall report [by 2030] on measures."
START = BRACKETED.index("[")
CHAIR_STATUS: dict[Action, tuple[str, str]] = {  # the status before -> the one asked
    Action.AGREE: ("open", "agreed"),
    Action.AD_REFERENDUM: ("open", "agreed ad referendum"),
    Action.ANSWER_AD_REFERENDUM: ("agreed ad referendum", "agreed"),
    Action.REOPEN: ("agreed", "open")}
CHAIR_BRACKETS: dict[Action, dict] = {  # the request of each bracket action on BRACKETED
    Action.RAISE: {"action": "raise", "start": 0, "end": 6},
    Action.ADD_OPTION: {"action": "option", "bracket": "[by 2030]", "start": START,
                        "wording": "by 2035"},
    Action.TABLE: {"action": "table", "wording": "New words."},
    Action.JOIN: {"action": "join", "bracket": "[by 2030]", "start": START},
    Action.WITHDRAW: {"action": "withdraw", "bracket": "[by 2030]", "start": START},
    Action.RESOLVE: {"action": "resolve", "bracket": "[by 2030]", "start": START, "keep": 0},
    Action.LIFT: {"action": "lift", "bracket": "[by 2030]", "start": START},
    Action.ADOPT_PROPOSAL: {"action": "adopt", "bracket": "[Belize: Alternative words.]"},
}
CHAIR_ACTIONS = frozenset({*CHAIR_STATUS, *CHAIR_BRACKETS, Action.SELECT, Action.ADOPT})


# ----------------------------------------------------------------------------- WebSocket

HELLO = {"type": "hello", "protocol": 1, "clientId": "permission-test-01", "name": "Anyone"}
WS_MESSAGES: dict[Action, Callable[[str], dict]] = {
    Action.READ: lambda p: {"type": "focus", "p": p},
    Action.EDIT: lambda p: {"type": "edit", "p": p, "m": 0, "n": 0,
                            "deltas": [make_delta("To ask.", "To ask now.")]},
    Action.STRUCTURE: lambda p: {"type": "delete", "p": p},
}


def ws_url(world: World, document_id: str) -> str:
    return world.base.replace("http://", "ws://") + f"/ws/documents/{document_id}"


async def attempt_ws(world: World, key: str, action: Action, document_id: str,
                     paragraph_id: str = "op-2", claim: str | None = None) -> list[dict]:
    """Connect as ``key``, say hello (claiming ``claim``), send the action's message; the
    frames received until its answer (ack, structure, presence or error)."""
    hello = dict(HELLO, delegation=claim)
    async with websockets.connect(ws_url(world, document_id),
                                  additional_headers=cookie_header(world.http(key))) as socket:
        await socket.send(json.dumps(hello))
        frames = [json.loads(await asyncio.wait_for(socket.recv(), 10))]
        await socket.send(json.dumps(dict(WS_MESSAGES[action](paragraph_id), ref="it")))
        answers = {"ack", "structure", "error"} | ({"presence"} if action is Action.READ
                                                   else set())
        for _ in range(20):
            frames.append(json.loads(await asyncio.wait_for(socket.recv(), 10)))
            last = frames[-1]
            if last["type"] in answers and (last.get("ref") == "it" or last["type"] in (
                    "ack", "presence")):
                return frames
        raise AssertionError(f"no answer to {action}: {frames}")
