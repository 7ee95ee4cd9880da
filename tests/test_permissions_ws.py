"""Every rule of negotiation.permissions over the WebSocket, generated from the table: each
role sends each action's message on a fresh document; allowed is applied, refused is the
documented error ``forbidden`` with the table's reason and changes nothing. The conditions:
an adopted document, an agreed paragraph, another delegation's name. And the handshake:
no session, a stranger, a foreign Origin are refused; a session that ends closes its socket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest
import websockets
from accounts_fixture import cookie_header, csrf, logged_in, password_hash
from permission_world import HELLO, WS_MESSAGES, World, attempt_ws, world_in, ws_url

from negotiation.permissions import RULES, Action, Condition, Role, Situation, decide

KEYS = {Role.SECRETARIAT: "secretariat", Role.CHAIR: "chair", Role.VICE_CHAIR: "vice-chair",
        Role.DELEGATE: "venezuela", Role.OBSERVER: "observer"}
ACTIONS = sorted(WS_MESSAGES, key=list(Action).index)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with world_in(tmp_path_factory.mktemp("permissions-ws"), coalesce_pause=0.05) as made:
        yield made


def check(site: World, role: Role, action: Action, expected, document_id: str,
          paragraph_id: str = "op-2") -> None:
    before = site.store.load_document(document_id)
    frames = asyncio.run(attempt_ws(site, KEYS[role], action, document_id, paragraph_id,
                                    claim=site.people[KEYS[role]].delegation_name))
    errors = [f for f in frames if f["type"] == "error"]
    if expected.allowed:
        assert errors == [], (role, action, errors)
    else:
        assert [(e["code"], e["ref"]) for e in errors] == [("forbidden", "it")], frames
        assert errors[0]["message"] == expected.reason
        assert site.store.load_document(document_id) == before


@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_and_action_over_the_websocket(site: World, role: Role, action: Action
                                                 ) -> None:
    own = site.people[KEYS[role]].delegation_name
    check(site, role, action, decide(role, action, Situation(own_delegation=own)),
          site.document())


CONDITION_CASES = [(rule.role, rule.action, condition) for rule in RULES
                   for condition in sorted(rule.conditions) if rule.action in WS_MESSAGES
                   and condition is not Condition.OWN_DELEGATION]


@pytest.mark.parametrize(("role", "action", "condition"), CONDITION_CASES,
                         ids=lambda v: str(v).replace(" ", "-")[:30])
def test_each_condition_over_the_websocket(site: World, role: Role, action: Action,
                                           condition: Condition) -> None:
    own = site.people[KEYS[role]].delegation_name
    if condition is Condition.NOT_ADOPTED:
        situation = Situation(adopted=True, own_delegation=own)
        document_id = site.document(adopted=True)
    else:
        situation = Situation(paragraph_status="agreed", own_delegation=own)
        document_id = site.document(agreed="op-2")
    check(site, role, action, decide(role, action, situation), document_id)


OWN_DELEGATION_CASES = [(rule.role, rule.action) for rule in RULES
                        if Condition.OWN_DELEGATION in rule.conditions
                        and rule.action is Action.EDIT]


@pytest.mark.parametrize(("role", "action"), OWN_DELEGATION_CASES, ids=str)
def test_a_hello_claiming_another_delegation_is_reported_and_ignored(site: World, role: Role,
                                                                    action: Action) -> None:
    """Venezuela's delegate says hello as Belize: told so, and the edit is Venezuela's."""
    document_id = site.document()
    frames = asyncio.run(attempt_ws(site, "venezuela", action, document_id, claim="Belize"))
    assert frames[0]["you"]["delegation"] == "Venezuela"
    claims = [f for f in frames if f["type"] == "error"]
    assert [c["code"] for c in claims] == ["identity_claim"]
    assert "Belize" in claims[0]["message"] and "Venezuela" in claims[0]["message"]
    assert any(f["type"] == "ack" for f in frames)
    paragraph = wait_for_version(site, document_id, "op-2")
    assert (paragraph.author, paragraph.delegation) == ("Person venezuela", "Venezuela")


def wait_for_version(site: World, document_id: str, paragraph_id: str):
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        entries = site.store.paragraph_history(document_id, paragraph_id).entries
        if len(entries) > 1:
            return entries[-1].version
        time.sleep(0.05)
    raise AssertionError("no version written")


def handshake(site: World, document_id: str, headers: dict[str, str]) -> int | None:
    """The HTTP status that refused the handshake, or None when it was accepted."""

    async def go() -> int | None:
        try:
            async with websockets.connect(ws_url(site, document_id),
                                          additional_headers=headers) as socket:
                await socket.send(json.dumps(dict(HELLO, delegation=None)))
                await asyncio.wait_for(socket.recv(), 10)
                return None
        except websockets.InvalidStatus as refused:
            return refused.response.status_code

    return asyncio.run(go())


def test_no_session_a_stranger_and_a_foreign_origin_cannot_open_the_websocket(site: World
                                                                              ) -> None:
    document_id = site.document()
    assert handshake(site, document_id, {}) == 403
    assert handshake(site, document_id, {"Cookie": "plenary_session=forged"}) == 403
    assert handshake(site, document_id, cookie_header(site.http("stranger"))) == 403
    cookie = cookie_header(site.http("venezuela"))
    assert handshake(site, document_id, {**cookie, "Origin": "https://evil.example"}) == 403
    assert handshake(site, document_id, {**cookie, "Origin": site.base}) is None
    assert handshake(site, document_id, cookie) is None  # not a browser: no Origin


def test_logging_out_closes_that_sessions_websockets(site: World) -> None:
    document_id = site.document()
    http = logged_in(site.base, site.people["belize"])

    async def go() -> list[dict]:
        async with websockets.connect(ws_url(site, document_id),
                                      additional_headers=cookie_header(http)) as socket:
            await socket.send(json.dumps(dict(HELLO, delegation="Belize")))
            frames = [json.loads(await asyncio.wait_for(socket.recv(), 10))]
            token = await asyncio.to_thread(csrf, http)
            answer = await asyncio.to_thread(http.post, "/logout", data={"csrf_token": token})
            assert answer.status_code == 303
            try:
                while True:
                    frames.append(json.loads(await asyncio.wait_for(socket.recv(), 10)))
            except websockets.ConnectionClosed as closed:
                assert closed.rcvd.code == 1008
            return frames

    frames = asyncio.run(go())
    ended = [f for f in frames if f["type"] == "error"]
    assert ended[-1]["code"] == "session_ended" and "logged out" in ended[-1]["message"]
    cookie = cookie_header(http)
    http.close()
    assert handshake(site, document_id, cookie) == 403  # the old cookie is dead


def test_removal_from_the_negotiation_closes_the_members_websockets(site: World) -> None:
    document_id = site.document()
    mexico = site.app.state.gatekeeper.accounts.create_user(
        "mexico@test.plenary", "Person mexico", password_hash())
    site.app.state.gatekeeper.negotiations.add_member(site.negotiation_id, mexico.id,
                                                      Role.DELEGATE, "mexico")
    http = logged_in(site.base, "mexico@test.plenary")
    secretariat = site.http("secretariat")

    async def go() -> str:
        async with websockets.connect(ws_url(site, document_id),
                                      additional_headers=cookie_header(http)) as socket:
            await socket.send(json.dumps(dict(HELLO, delegation="Mexico")))
            await asyncio.wait_for(socket.recv(), 10)
            token = await asyncio.to_thread(csrf, secretariat)
            answer = await asyncio.to_thread(
                secretariat.post,
                f"/negotiations/{site.negotiation_id}/members/{mexico.id}/remove",
                data={"csrf_token": token})
            assert answer.status_code == 303
            last = ""
            try:
                while True:
                    last = await asyncio.wait_for(socket.recv(), 10)
            except websockets.ConnectionClosed:
                return last

    assert json.loads(asyncio.run(go()))["code"] == "session_ended"
    assert handshake(site, document_id, cookie_header(http)) == 403
    http.close()


def test_a_session_that_expires_closes_its_websockets(site: World) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from server.people.tables import SessionRecord

    document_id = site.document()
    http = logged_in(site.base, site.people["observer"])
    soon = datetime.now(UTC) + timedelta(seconds=1.5)
    with site.store.engine.begin() as connection:
        connection.execute(update(SessionRecord).where(
            SessionRecord.user_id == site.people["observer"].user_id).values(expires_at=soon))

    async def go() -> dict:
        async with websockets.connect(ws_url(site, document_id),
                                      additional_headers=cookie_header(http)) as socket:
            await socket.send(json.dumps(dict(HELLO, delegation=None)))
            last = {}
            try:
                while True:
                    last = json.loads(await asyncio.wait_for(socket.recv(), 10))
            except websockets.ConnectionClosed as closed:
                assert closed.rcvd.code == 1008
            return last

    last = asyncio.run(go())
    assert last["code"] == "session_ended" and "expired" in last["message"]
    http.close()
