"""Every rule of the chair's actions, over HTTP and over the WebSocket, generated from the one
permission table (negotiation.permissions.table(), the rows of the chair's actions): a role
without a rule gets ``forbidden`` and nothing changes; a role with one is let through (on a
paragraph set up so the action can succeed). Then each condition of the table (own
delegation, open paragraph, not adopted)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from chair_site import Delegate, logged_in_site
from live_server import site
from permission_world import BRACKETED, CHAIR_ACTIONS, CHAIR_BRACKETS, CHAIR_STATUS

from negotiation.author import Author
from negotiation.model import Document, Paragraph, ParagraphKind, Proposal
from negotiation.permissions import Action, Condition, Role, Situation, decide, table
from negotiation.status import change_status
from server.app import create_app
from server.settings import Settings

A = Action
STATUS_ACTIONS = CHAIR_STATUS
BRACKET_REQUESTS = CHAIR_BRACKETS
CASES = [(role, action, rule) for role, action, rule in table() if action in CHAIR_ACTIONS]
WHO = {role: ({"name": f"a {role}", "role": role.value, "delegation": "Belize"}
              if role is Role.DELEGATE else {"name": f"a {role}", "role": role.value})
       for role in Role}


def case_id(transport: str, role: Role, action: Action) -> str:
    return f"{transport}-{role.name}-{action.name}".lower().replace("_", "-")


def paragraph_for(pid: str, action: Action) -> Paragraph:
    plain = action in STATUS_ACTIONS
    return Paragraph(id=pid, kind=ParagraphKind.OPERATIVE, label=pid,
                     text="Plain agreed words." if plain else BRACKETED,
                     requested_by=[] if plain else [
                         "Mexico" if action is A.JOIN else "Belize"],
                     proposals=[] if plain else [Proposal("Belize", "Alternative words.")])


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("permissions")
    settings = Settings(database_url=f"sqlite:///{folder / 'p.sqlite3'}", data_dir=folder,
                        store_writer="thread", coalesce_pause=0.1)
    actions = {case_id(t, role, action): action for t in ("http", "ws")
               for role, action, _ in CASES}
    actions["agreed-paragraph"] = A.REOPEN  # for the conditions' test: agreed, no bracket
    document = Document(symbol="PERM/1", operative=[
        paragraph_for(pid, action) for pid, action in actions.items()])
    adopted = Document(symbol="PERM/2", operative=[
        paragraph_for(f"adopted-{action.name}".lower(), action) for action in CHAIR_ACTIONS])
    with site(create_app(settings)) as raw:
        document_id = raw.store.import_document(document, author="secretariat",
                                                at=datetime(2026, 1, 1, tzinfo=UTC))
        adopted_id = raw.store.import_document(adopted, author="secretariat")
        client = logged_in_site(raw, [document_id, adopted_id])
        raw.app.state.gatekeeper.adopt(adopted_id, by="secretariat")
        client.adopted_id = adopted_id
        for pid, action in actions.items():
            start = STATUS_ACTIONS.get(action, ("open",))[0]
            if start == "agreed":
                _set(client.store, document_id, pid, "agreed", Author("Chair"))
            elif start == "agreed ad referendum":
                _set(client.store, document_id, pid, start, Author("li", "Belize"))
        yield client, document_id


def _set(store, document_id: str, pid: str, status: str, author: Author) -> None:
    store.status_action(document_id, pid, lambda current, _, asked: change_status(
        current, status, paragraph_id=pid, author=author, asked_by=asked))


def http_request(client, document_id: str, pid: str, role: Role, action: Action):
    who = WHO[role]
    base = f"/api/documents/{document_id}"
    if action is A.ADOPT:
        answer = client.http.post(f"{base}/adopt", json={"as": who})
    elif action is A.SELECT:
        answer = client.http.post(f"{base}/paragraphs/{pid}/select", json={"as": who})
    elif action in STATUS_ACTIONS:
        answer = client.http.post(f"{base}/paragraphs/{pid}/status", json={
            "status": STATUS_ACTIONS[action][1], "reason": "because", "as": who})
    else:
        answer = client.http.post(f"{base}/paragraphs/{pid}/brackets",
                                  json={**BRACKET_REQUESTS[action], "as": who})
    return answer.json()


@pytest.mark.parametrize(("role", "action", "rule"), CASES,
                         ids=[f"{r.name}-{a.name}" for r, a, _ in CASES])
def test_each_rule_over_http(served, role, action, rule) -> None:
    client, document_id = served
    pid = case_id("http", role, action)
    before = client.store.get_paragraph_text(document_id, pid)
    answer = http_request(client, document_id, pid, role, action)
    if rule is None:
        assert answer["error"]["code"] == "forbidden", answer
        assert answer["error"]["message"].startswith(f"the {role} may not")
        assert client.store.get_paragraph_text(document_id, pid) == before
    elif action is A.ADOPT:  # allowed, but not every paragraph is agreed
        assert answer["error"]["code"] == "refused", answer
    else:
        assert "error" not in answer, answer


def ws_message(pid: str, action: Action) -> dict:
    if action is A.SELECT:
        return {"type": "select", "p": pid}
    if action in STATUS_ACTIONS:
        return {"type": "status", "p": pid, "status": STATUS_ACTIONS[action][1],
                "reason": "because"}
    return {"type": "bracket", "p": pid, **BRACKET_REQUESTS[action]}


WS_CASES = [case for case in CASES if case[1] is not A.ADOPT]  # HTTP only


@pytest.mark.parametrize(("role", "action", "rule"), WS_CASES,
                         ids=[f"{r.name}-{a.name}" for r, a, _ in WS_CASES])
def test_each_rule_over_the_websocket(served, role, action, rule) -> None:
    client, document_id = served
    pid = case_id("ws", role, action)
    before = client.store.get_paragraph_text(document_id, pid)
    who = WHO[role]
    message = ws_message(pid, action)

    async def scenario():
        person = await Delegate.connect(str(client.http.base_url), document_id, who["name"],
                                        who.get("delegation"))
        try:
            return await person.ask({**message, "role": role.value})
        finally:
            await person.close()

    answer = asyncio.run(scenario())
    if rule is None:
        assert (answer["type"], answer["code"]) == ("error", "forbidden"), answer
        assert client.store.get_paragraph_text(document_id, pid) == before
    else:
        assert answer["type"] != "error", answer


@pytest.mark.parametrize(("who", "body", "message"), [
    ({"name": "ana", "delegation": "Venezuela", "role": "delegate"},
     {"action": "table", "wording": "Words.", "delegation": "Belize"},
     "you speak for Venezuela, not for Belize"),
    ({"name": "li", "delegation": "Belize", "role": "delegate"},
     {"action": "raise", "start": 0, "end": 5}, "this paragraph is agreed"),
])
def test_the_conditions_of_the_table(served, who, body, message) -> None:
    client, document_id = served
    pid = "agreed-paragraph"
    answer = client.http.post(f"/api/documents/{document_id}/paragraphs/{pid}/brackets",
                              json={**body, "as": who}).json()
    assert answer["error"]["code"] == "forbidden"
    assert message in answer["error"]["message"]


ADOPTED_CASES = [(role, action) for role, action, rule in CASES
                 if rule is not None and Condition.NOT_ADOPTED in rule.conditions]


@pytest.mark.parametrize(("role", "action"), ADOPTED_CASES,
                         ids=[f"{r.name}-{a.name}" for r, a in ADOPTED_CASES])
def test_an_adopted_document_refuses_each_rule_at_the_gate(served, role, action) -> None:
    """Over HTTP and the WebSocket, where requests come in: ``forbidden``, nothing changed."""
    client, _ = served
    document_id, pid = client.adopted_id, f"adopted-{action.name}".lower()
    before = client.store.load_document(document_id)
    reason = decide(role, action, Situation(adopted=True, own_delegation="Belize")).reason
    assert reason == "the document is adopted and can no longer be changed"
    answer = http_request(client, document_id, pid, role, action)
    assert (answer["error"]["code"], answer["error"]["message"]) == ("forbidden", reason)
    if action is not A.ADOPT:  # adoption is HTTP only
        who = WHO[role]

        async def scenario():
            person = await Delegate.connect(str(client.http.base_url), document_id,
                                            who["name"], who.get("delegation"))
            try:
                return await person.ask(ws_message(pid, action))
            finally:
                await person.close()

        answer = asyncio.run(scenario())
        assert (answer["type"], answer["code"], answer["message"]) == (
            "error", "forbidden", reason)
    assert client.store.load_document(document_id) == before
