"""The chair's actions over HTTP and the WebSocket, on the 2007 OAS draft: recorded, versioned,
broadcast live, in the paragraph's history; bad and hostile requests refused with the
documented error and nothing changed."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from chair_site import SHARED, Delegate, chair_site, logged_in_site, paragraph_with

CHAIR = {"name": "Chair", "role": "chair"}
CHAIR_NAME = "Person chair"  # the chair's account (tests/accounts_fixture.py)
BELIZE = {"name": "li", "delegation": "Belize", "role": "delegate"}


@pytest.fixture
def room(tmp_path):
    with chair_site(tmp_path) as (client, document_id):
        yield client, document_id


def post(client, document_id, pid, body, what="brackets"):
    return client.http.post(f"/api/documents/{document_id}/paragraphs/{pid}/{what}", json=body)


def test_the_chair_resolves_venezuelas_bracket_and_a_venezuelan_editor_sees_it(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    base = str(client.http.base_url)

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        text = client.store.get_paragraph_text(document_id, pid)
        started = time.monotonic()
        answer = await asyncio.to_thread(post, client, document_id, pid, {
            "action": "resolve", "bracket": SHARED, "start": text.index(SHARED), "keep": 0,
            "rationale": "agreed in informal consultations", "as": CHAIR})
        assert answer.status_code == 200, answer.text
        patch = await venezuela.until(lambda f: f["type"] == "patch")
        event = await venezuela.until(lambda f: f["type"] == "bracket_event")
        assert time.monotonic() - started < 1.0
        assert patch["patches"][0]["p"] == pid
        assert (event["action"], event["option"], event["reason"], event["by"]["role"]) == (
            "resolved", "shared responsibility", "agreed in informal consultations", "chair")
        assert event["by"]["name"] == CHAIR_NAME  # the session's person, not a claim
        assert "requires shared responsibility and" in event["text"]
        await venezuela.close()

    asyncio.run(scenario())
    assert "requires shared responsibility and" in client.store.get_paragraph_text(
        document_id, pid)
    history = client.store.paragraph_history(document_id, pid)
    page = client.get(f"/documents/{document_id}/paragraphs/{pid}/history").text
    assert "agreed in informal consultations" in page and CHAIR_NAME in page
    assert "kept “shared responsibility”" in page
    assert history.entries[-1].version.author == CHAIR_NAME
    assert client.store.verify(document_id).ok


def test_belize_withdraws_its_tabled_paragraph_and_the_chair_lifts_it(room) -> None:
    client, document_id = room
    document = client.store.load_document(document_id)
    belize = next(p for p in document.paragraphs() if p.proposed_by == "Belize")
    written = f"[Belize: {belize.text}]"
    base = str(client.http.base_url)

    async def scenario():
        delegate = await Delegate.connect(base, document_id, "li", "Belize")
        withdrawn = await delegate.ask({"type": "bracket", "p": belize.id, "action": "withdraw",
                                        "bracket": written, "role": "delegate"})
        assert withdrawn["type"] == "bracket_event", withdrawn
        assert withdrawn["brackets"][0]["awaitingChair"] is True
        refused = await delegate.ask({"type": "bracket", "p": belize.id, "action": "lift",
                                      "bracket": written, "role": "delegate"})
        assert (refused["type"], refused["code"]) == ("error", "forbidden")
        await delegate.close()

    asyncio.run(scenario())
    lifted = post(client, document_id, belize.id, {"action": "lift", "bracket": written,
                                                   "as": CHAIR})
    assert lifted.status_code == 200, lifted.text
    after = client.store.load_document(document_id).find(belize.id)
    assert after.proposed_by is None and after.text == belize.text
    console = client.get(f"/api/documents/{document_id}/console").json()
    assert all(p["p"] != belize.id for p in console["paragraphs"])


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"action": "resolve", "bracket": SHARED, "start": 0, "keep": 0, "as": CHAIR}, 409,
     "bracket_gone"),
    ({"action": "resolve", "bracket": SHARED, "keep": 7, "as": CHAIR}, 422, "refused"),
    ({"action": "resolve", "bracket": SHARED, "keep": 0, "as": BELIZE}, 403, "forbidden"),
    ({"action": "table", "wording": "Other words.", "delegation": "Venezuela", "as": BELIZE},
     403, "forbidden"),
    ({"action": "resolve", "bracket": SHARED, "keep": 0, "rationale": "x" * 2001,
      "as": CHAIR}, 422, "refused"),
    ({"action": "resolve", "bracket": SHARED, "keep": 0, "rationale": "x" * 9000,
      "as": CHAIR}, 400, "bad_message"),
    ({"action": "explode", "as": CHAIR}, 400, "bad_message"),
    ({"action": "resolve", "bracket": SHARED, "keep": True, "as": CHAIR}, 400, "bad_message"),
])
def test_bad_requests_get_the_documented_error_and_change_nothing(room, body, status,
                                                                  code) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    text = client.store.get_paragraph_text(document_id, pid)
    if "start" not in body:
        body = {**body, "start": text.index(SHARED)}
    head = client.store.verify(document_id)
    answer = post(client, document_id, pid, body)
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert client.store.get_paragraph_text(document_id, pid) == text
    assert client.store.verify(document_id) == head


def test_status_needs_the_brackets_resolved_and_agreed_paragraphs_reopen_with_a_reason(
        room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    refused = post(client, document_id, pid, {"status": "agreed", "as": CHAIR}, "status")
    assert refused.json()["error"]["code"] == "refused"
    assert "open bracket" in refused.json()["error"]["message"]
    other = paragraph_with(client, document_id, "To reaffirm its commitment")
    agreed = post(client, document_id, other, {"status": "agreed", "as": CHAIR}, "status")
    assert agreed.status_code == 200, agreed.text
    assert post(client, document_id, other, {"status": "open", "as": CHAIR},
                "status").json()["error"]["code"] == "refused"
    reopened = post(client, document_id, other, {"status": "open", "reason": "new facts",
                                                 "as": CHAIR}, "status")
    assert reopened.json()["new"] == "open"


def test_the_big_screen_follows_the_chairs_selection(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    base = str(client.http.base_url)

    async def scenario():
        screen = await Delegate.connect(base, document_id, "Big screen", None)
        chosen = await asyncio.to_thread(post, client, document_id, pid, {"as": CHAIR},
                                         "select")
        assert chosen.status_code == 200, chosen.text
        selected = await screen.until(lambda f: f["type"] == "selected")
        assert selected["p"] == pid and selected["reference"].startswith("preambular")
        assert selected["brackets"][0]["holders"] == ["Venezuela"]
        late = await Delegate.connect(base, document_id, "late", None)
        assert late.welcome["selected"]["p"] == pid
        refused = await late.ask({"type": "select", "p": pid})
        assert refused["code"] == "forbidden"
        await screen.close()
        await late.close()

    asyncio.run(scenario())


def test_the_console_lists_every_open_bracket_grouped_with_holders(room) -> None:
    client, document_id = room
    page = client.get(f"/documents/{document_id}/console")
    assert page.status_code == 200
    assert "shared responsibility" in page.text and "Venezuela" in page.text
    # the bracket burndown over the revisions, as on the revisions page (issue 11)
    figures = re.search(r'<table class="burndown-figures".*?</table>', page.text, re.S).group(0)
    assert 'class="burndown-chart"' in page.text and "<th scope=\"row\">Draft</th>" in figures
    data = client.get(f"/api/documents/{document_id}/console?delegation=Belize").json()
    holders = {h for p in data["paragraphs"] for items in p["delegations"].values()
               for i in items for h in i["holders"]}
    assert holders == {"Belize"}
    assert data["progress"]["open_brackets"] > 0


def test_ad_referendum_is_answered_by_the_delegation_that_asked(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, "To reaffirm its commitment")
    venezuela = {"name": "ana", "delegation": "Venezuela", "role": "delegate"}
    asked = post(client, document_id, pid, {"status": "agreed ad referendum",
                                            "as": venezuela}, "status")
    assert asked.json()["new"] == "agreed ad referendum", asked.text
    refused = post(client, document_id, pid, {"status": "agreed", "as": BELIZE}, "status")
    assert refused.json()["error"]["code"] == "forbidden"
    assert "not for Venezuela" in refused.json()["error"]["message"]
    confirmed = post(client, document_id, pid, {"status": "agreed", "as": venezuela},
                     "status")
    assert confirmed.json()["new"] == "agreed"
    raise_ = post(client, document_id, pid, {"action": "raise", "start": 3, "end": 11,
                                             "as": venezuela})
    assert raise_.json()["error"]["code"] == "forbidden"  # agreed: locked for delegates
    history = client.get(f"/documents/{document_id}/paragraphs/{pid}/history").text
    assert "agreed ad referendum" in history


def test_the_secretariat_adopts_only_when_every_paragraph_is_agreed(tmp_path) -> None:
    from datetime import UTC, datetime

    from live_server import site

    from negotiation.model import Document, Paragraph, ParagraphKind
    from server.app import create_app
    from server.settings import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}", data_dir=tmp_path,
                        store_writer="thread")
    with site(create_app(settings)) as raw:
        document_id = raw.store.import_document(Document(symbol="A/1", operative=[
            Paragraph(id=f"op-{n}", kind=ParagraphKind.OPERATIVE, text=f"Words {n}.",
                      label=str(n)) for n in (1, 2)]), author="secretariat",
            at=datetime(2026, 1, 1, tzinfo=UTC))
        client = logged_in_site(raw, [document_id])
        secretariat = {"name": "Secretariat", "role": "secretariat"}
        adopt = f"/api/documents/{document_id}/adopt"
        assert post(client, document_id, "op-1", {"status": "agreed", "as": CHAIR},
                    "status").status_code == 200
        early = client.http.post(adopt, json={"as": secretariat}).json()
        assert early["error"]["code"] == "refused" and "op-2" in early["error"]["message"]
        assert client.http.post(adopt, json={"as": CHAIR}).json()["error"]["code"] == \
            "forbidden"
        post(client, document_id, "op-2", {"status": "agreed", "as": CHAIR}, "status")
        assert client.http.post(adopt, json={"as": secretariat}).json() == {"adopted": 2}
        statuses = {p.status for p in client.store.load_document(document_id).paragraphs()}
        assert statuses == {"adopted"}
        late = post(client, document_id, "op-1", {"action": "raise", "start": 0, "end": 5,
                                                  "as": CHAIR})
        assert late.json()["error"]["code"] == "forbidden"
        assert "adopted" in late.json()["error"]["message"]
        assert client.store.verify(document_id).ok


WS_BAD = [
    ({"action": "resolve", "bracket": SHARED, "start": 0, "keep": 0, "role": "chair"},
     "bracket_gone"),
    ({"action": "resolve", "bracket": SHARED, "keep": 7, "role": "chair"}, "refused"),
    ({"action": "resolve", "bracket": SHARED, "keep": 0, "role": "delegate"}, "forbidden"),
    ({"action": "table", "wording": "Other words.", "delegation": "Venezuela",
      "role": "delegate"}, "forbidden"),
    ({"action": "resolve", "bracket": SHARED, "keep": 0, "rationale": "x" * 2001,
      "role": "chair"}, "refused"),
    ({"action": "resolve", "bracket": SHARED, "keep": 0, "role": "king"}, "bad_message"),
    ({"action": "resolve", "bracket": ["x"], "keep": 0, "role": "chair"}, "bad_message"),
]


def test_bad_messages_over_the_websocket_get_the_documented_error(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    text = client.store.get_paragraph_text(document_id, pid)
    head = client.store.verify(document_id)

    async def scenario():
        belize = await Delegate.connect(str(client.http.base_url), document_id, "li", "Belize")
        chair = await Delegate.connect(str(client.http.base_url), document_id, "Chair", None)
        for message, code in WS_BAD:
            message = {"type": "bracket", "p": pid, "start": text.index(SHARED), **message}
            sender = chair if message["role"] == "chair" else belize  # the session's role
            answer = await sender.ask(message)
            assert (answer["type"], answer["code"]) == ("error", code), (message, answer)
        unknown = await chair.ask({"type": "bracket", "p": "nowhere", "action": "lift",
                                   "bracket": "[x]", "start": 0, "role": "chair"})
        assert unknown["code"] == "unknown_paragraph"
        await belize.close()
        await chair.close()

    asyncio.run(scenario())
    assert client.store.get_paragraph_text(document_id, pid) == text
    assert client.store.verify(document_id) == head


def test_an_action_after_someone_else_wrote_the_document_is_decided_on_the_new_text(
        room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    other = paragraph_with(client, document_id, "To reaffirm its commitment")
    base = str(client.http.base_url)

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        # a writer the room does not know (the command line) moves the document's fence
        await asyncio.to_thread(client.store.append_version, document_id, other,
                                "To reaffirm, from the command line.", author="secretariat",
                                delegation=None)
        text = client.store.get_paragraph_text(document_id, pid)
        answer = await asyncio.to_thread(post, client, document_id, pid, {
            "action": "resolve", "bracket": SHARED, "start": text.index(SHARED), "keep": 1,
            "as": CHAIR})
        assert answer.status_code == 200, answer.text
        event = await venezuela.until(lambda f: f["type"] == "bracket_event")
        assert "requires co-responsibility and" in event["text"]
        await venezuela.close()

    asyncio.run(scenario())
    assert client.store.get_paragraph_text(document_id, other) == \
        "To reaffirm, from the command line."
    assert "requires co-responsibility and" in client.store.get_paragraph_text(document_id, pid)
    assert client.store.verify(document_id).ok


def test_compromise_wording_is_attributed_to_the_chair_in_a_live_room(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    base = str(client.http.base_url)

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        text = client.store.get_paragraph_text(document_id, pid)
        answer = await asyncio.to_thread(post, client, document_id, pid, {
            "action": "resolve", "bracket": SHARED, "start": text.index(SHARED),
            "wording": "joint responsibility", "rationale": "compromise", "as": CHAIR})
        assert answer.status_code == 200, answer.text
        await venezuela.until(lambda f: f["type"] == "bracket_event")
        await venezuela.close()

    asyncio.run(scenario())
    blame = client.store.paragraph_attribution(document_id, pid)
    assert "requires joint responsibility and" in blame.text
    chairs = "".join(span.text for span in blame.spans if span.author.name == CHAIR_NAME)
    assert "joint responsibility" in chairs
    assert client.store.verify(document_id).ok
