"""A delegation's alternative wording of a paragraph is live text (issue 10, part 2): tabled
by a delegate, it is a paragraph of the room under the one it answers; that delegation's
delegates edit it like any paragraph (exact merge, versions attributed to the typist), others
see it live and are refused; the chair adopts it as the paragraph's text in one action.
Real server on 127.0.0.1, real WebSocket clients logged in as the people of the negotiation,
a real SQLite file, on the 2007 OAS draft."""

from __future__ import annotations

import asyncio
import time

import pytest
from chair_site import SHARED, Delegate, chair_site, paragraph_with

CHAIR = {"name": "Chair", "role": "chair"}
CHAIR_NAME = "Person chair"
VENEZUELA_NAME = "Person venezuela"
ANSWERED = "To reaffirm its commitment"
WORDING = "To reaffirm its resolve to combat trafficking in persons"


@pytest.fixture
def room(tmp_path):
    with chair_site(tmp_path) as (client, document_id):
        yield client, document_id


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def table(delegate: Delegate, pid: str, wording: str = WORDING) -> tuple[dict, dict]:
    """``delegate`` tables ``wording`` under ``pid``: (the bracket_event, the structure
    insert of the proposal's paragraph)."""
    event = await delegate.ask({"type": "bracket", "p": pid, "action": "table",
                                "wording": wording})
    assert event["type"] == "bracket_event", event
    tabled = event["proposals"][-1]["id"]
    inserted = await delegate.until(lambda f: f["type"] == "structure" and f["op"] == "insert"
                                    and f["p"] == tabled)
    return event, inserted


async def append(delegate: Delegate, paragraph: dict, words: str, n: int = 0) -> dict:
    """Type ``words`` at the end of ``paragraph`` (a description with text and rev)."""
    return await delegate.ask({"type": "edit", "p": paragraph["id"], "m": paragraph["rev"],
                               "n": n, "deltas": [f"={units(paragraph['text'])}\t+{words}"]})


def test_the_tabling_delegation_edits_its_proposal_live_and_others_are_refused(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, ANSWERED)
    base = str(client.http.base_url)
    head_before = None

    async def scenario():
        nonlocal head_before
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        belize = await Delegate.connect(base, document_id, "li", "Belize")
        event, inserted = await table(venezuela, pid)
        proposal = inserted["paragraph"]
        assert (proposal["kind"], proposal["parent"], proposal["delegation"],
                proposal["text"]) == ("proposal", pid, "Venezuela", WORDING)
        assert inserted["after"] is None and inserted["by"]["delegation"] == "Venezuela"
        assert event["proposals"][-1] == {"delegation": "Venezuela", "text": WORDING,
                                          "id": proposal["id"]}
        seen = await belize.until(lambda f: f["type"] == "structure" and f["op"] == "insert")
        assert seen["p"] == proposal["id"]

        ack = await append(venezuela, proposal, " and its root causes")
        assert ack["type"] == "ack" and ack["n"] == 1, ack
        patch = await belize.until(lambda f: f["type"] == "patch" and any(
            p["p"] == proposal["id"] for p in f["patches"]))
        assert "+ and its root causes" in patch["patches"][0]["delta"]

        head_before = await asyncio.to_thread(client.store.verify, document_id)
        refused = await append(belize, {**proposal, "rev": ack["r"],
                                        "text": WORDING + " and its root causes"}, " never")
        assert (refused["type"], refused["code"]) == ("error", "forbidden"), refused
        assert refused["message"] == ("Venezuela's proposal: you speak for Belize, not for "
                                      "Venezuela")
        moved = await belize.ask({"type": "delete", "p": proposal["id"]})
        assert moved["code"] == "bad_message" and "proposal" in moved["message"]
        on_it = await venezuela.ask({"type": "bracket", "p": proposal["id"],
                                     "action": "withdraw",
                                     "bracket": f"[Venezuela: {WORDING}]"})
        assert on_it["code"] == "refused" and "paragraph it answers" in on_it["message"]

        late = await Delegate.connect(base, document_id, "li", "Belize")
        described = next(p for p in late.welcome["paragraphs"] if p["id"] == proposal["id"])
        assert described["delegation"] == "Venezuela"
        assert described["text"] == WORDING + " and its root causes"
        assert late.welcome["you"]["locked"][proposal["id"]].startswith("Venezuela's proposal")
        order = [p["id"] for p in late.welcome["paragraphs"]]
        assert order.index(proposal["id"]) == order.index(pid) + 1  # right under it
        for socket in (venezuela, belize, late):
            await socket.close()
        return proposal["id"]

    proposal_id = asyncio.run(scenario())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the burst's version (coalesce pause 0.1 s)
        history = client.store.paragraph_history(document_id, proposal_id)
        if len(history.entries) >= 2:
            break
        time.sleep(0.1)
    authors = [(e.version.author, e.version.delegation) for e in history.entries]
    assert authors == [(VENEZUELA_NAME, "Venezuela")] * 2, authors
    blame = client.store.paragraph_attribution(document_id, proposal_id)
    assert blame.text == WORDING + " and its root causes"
    assert {span.author.delegation for span in blame.spans} == {"Venezuela"}
    answered = client.store.load_document(document_id).find(pid)
    assert [(p.delegation, p.text, p.id) for p in answered.proposals] == [
        ("Venezuela", WORDING + " and its root causes", proposal_id)]
    assert client.store.verify(document_id).ok
    console = client.get(f"/api/documents/{document_id}/console").json()
    items = [i for p in console["paragraphs"] if p["p"] == pid
             for group in p["delegations"].values() for i in group]
    assert [i["options"] for i in items] == [[WORDING + " and its root causes"]]
    assert all(p["p"] != proposal_id for p in console["paragraphs"])


def test_the_chair_adopts_the_edited_proposal_as_the_paragraphs_text(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, ANSWERED)
    base = str(client.http.base_url)
    edited = WORDING + ", in particular women and children"

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        chair = await Delegate.connect(base, document_id, "Chair", None)
        _, inserted = await table(venezuela, pid)
        proposal = inserted["paragraph"]
        ack = await append(venezuela, proposal, ", in particular women and children")
        assert ack["type"] == "ack", ack
        await chair.until(lambda f: f["type"] == "patch" and any(
            p["p"] == proposal["id"] for p in f["patches"]))
        stale = await chair.ask({"type": "bracket", "p": pid, "action": "adopt",
                                 "bracket": f"[Venezuela: {WORDING}]",
                                 "rationale": "the room agreed"})
        assert stale["code"] == "bracket_gone", stale  # the words changed meanwhile
        adopted = await chair.ask({"type": "bracket", "p": pid, "action": "adopt",
                                   "bracket": f"[Venezuela: {edited}]",
                                   "rationale": "the room agreed"})
        assert adopted["type"] == "bracket_event", adopted
        assert (adopted["action"], adopted["text"], adopted["reason"], adopted["proposals"]
                ) == ("adopted", edited, "the room agreed", [])
        gone = await venezuela.until(lambda f: f["type"] == "structure" and f["op"] == "delete")
        assert gone["p"] == proposal["id"] and gone["by"]["name"] == CHAIR_NAME
        patch = await venezuela.until(lambda f: f["type"] == "patch" and any(
            p["p"] == pid for p in f["patches"]))
        assert patch
        refused = await append(venezuela, {**proposal, "rev": ack["r"], "text": edited}, ".",
                               n=1)
        assert refused["code"] in ("unknown_paragraph", "forbidden"), refused
        for socket in (venezuela, chair):
            await socket.close()

    asyncio.run(scenario())
    answered = client.store.load_document(document_id).find(pid)
    assert answered.text == edited and answered.proposals == []
    history = client.store.paragraph_history(document_id, pid)
    assert history.entries[-1].version.author == CHAIR_NAME
    page = client.get(f"/documents/{document_id}/paragraphs/{pid}/history").text
    assert "the room agreed" in page
    assert client.store.verify(document_id).ok


def test_a_withdrawn_proposal_awaits_the_chair_who_removes_it(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, ANSWERED)
    base = str(client.http.base_url)
    text = client.store.get_paragraph_text(document_id, pid)

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        chair = await Delegate.connect(base, document_id, "Chair", None)
        _, inserted = await table(venezuela, pid)
        written = f"[Venezuela: {WORDING}]"
        withdrawn = await venezuela.ask({"type": "bracket", "p": pid, "action": "withdraw",
                                         "bracket": written})
        assert withdrawn["brackets"][-1]["awaitingChair"] is True, withdrawn
        removed = await chair.ask({"type": "bracket", "p": pid, "action": "resolve",
                                   "bracket": written, "wording": "",
                                   "rationale": "withdrawn by its sponsor"})
        assert removed["type"] == "bracket_event" and removed["proposals"] == [], removed
        gone = await venezuela.until(lambda f: f["type"] == "structure" and f["op"] == "delete")
        assert gone["p"] == inserted["p"]
        for socket in (venezuela, chair):
            await socket.close()

    asyncio.run(scenario())
    answered = client.store.load_document(document_id).find(pid)
    assert answered.text == text and answered.proposals == []
    assert client.store.verify(document_id).ok


def test_the_attribution_note_is_derived_from_who_holds_the_brackets(room) -> None:
    client, document_id = room
    pid = paragraph_with(client, document_id, SHARED)
    typed = "(Phrase in brackets at the request of the B.R. of Venezuela)"
    assert client.store.load_document(document_id).find(pid).attribution == typed
    base = str(client.http.base_url)

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        belize = await Delegate.connect(base, document_id, "li", "Belize")
        start = client.store.get_paragraph_text(document_id, pid).index(SHARED)
        bracket = {"type": "bracket", "p": pid, "bracket": SHARED, "start": start}
        joined = await belize.ask({**bracket, "action": "join"})
        assert joined["note"] == ("(In brackets at the request of the delegations of "
                                  "Venezuela and Belize)"), joined
        withdrawn = await venezuela.ask({**bracket, "action": "withdraw"})
        assert withdrawn["note"] == "(In brackets at the request of the delegation of Belize)"
        seen = await belize.until(lambda f: f["type"] == "bracket_event"
                                  and f["action"] == "withdrawn")
        assert seen["note"] == withdrawn["note"]
        for socket in (venezuela, belize):
            await socket.close()

    asyncio.run(scenario())
    paragraph = client.store.load_document(document_id).find(pid)
    assert paragraph.attribution == "(In brackets at the request of the delegation of Belize)"
    assert paragraph.requested_by == ["Belize"]
    page = client.get(f"/documents/{document_id}").text
    assert "(In brackets at the request of the delegation of Belize)" in page
    exported = client.http.client("secretariat").get(
        f"/documents/{document_id}/export?format=bracketed").text
    assert "delegation of Belize" in exported and typed not in exported


PEOPLE = [("ana", "Venezuela"), ("li", "Belize"), ("Chair", None), ("Vice-chair", None),
          ("Secretariat", None), ("Observer", None)]


def test_who_may_edit_a_proposal_is_the_permission_tables_edit_rule(room) -> None:
    from negotiation.permissions import Action, Role, Situation, decide

    client, document_id = room
    pid = paragraph_with(client, document_id, ANSWERED)
    base = str(client.http.base_url)
    roles = {"ana": Role.DELEGATE, "li": Role.DELEGATE, "Chair": Role.CHAIR,
             "Vice-chair": Role.VICE_CHAIR, "Secretariat": Role.SECRETARIAT,
             "Observer": Role.OBSERVER}

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        _, inserted = await table(venezuela, pid)
        await venezuela.close()
        proposal_id = inserted["p"]
        for name, delegation in PEOPLE:
            person = await Delegate.connect(base, document_id, name, delegation)
            described = next(p for p in person.welcome["paragraphs"]
                             if p["id"] == proposal_id)
            expected = decide(roles[name], Action.EDIT, Situation(
                own_delegation=delegation, acting_for="Venezuela"))
            answer = await append(person, described, f" {name.lower()}")
            if expected:
                assert answer["type"] == "ack", (name, answer)
                assert proposal_id not in person.welcome["you"]["locked"]
            else:
                assert (answer["type"], answer["code"]) == ("error", "forbidden"), name
                assert expected.reason in answer["message"], (name, answer)
            await person.close()
        return proposal_id

    proposal_id = asyncio.run(scenario())
    text = client.store.get_paragraph_text(document_id, proposal_id)
    assert text == WORDING + " ana chair vice-chair secretariat"
    assert client.store.verify(document_id).ok


def test_a_proposal_read_from_the_draft_is_live_text_too(room) -> None:
    client, document_id = room
    answered = next(p for p in client.store.load_document(document_id).paragraphs()
                    if any(q.delegation == "Venezuela" for q in p.proposals))
    imported = next(q for q in answered.proposals if q.delegation == "Venezuela")
    assert imported.id is not None  # a row of its own, under the paragraph it answers
    base = str(client.http.base_url)

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        described = next(p for p in venezuela.welcome["paragraphs"] if p["id"] == imported.id)
        assert (described["kind"], described["parent"], described["text"]) == (
            "proposal", answered.id, imported.text)
        ack = await append(venezuela, described, " (revised)")
        assert ack["type"] == "ack", ack
        await venezuela.close()

    asyncio.run(scenario())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the burst's version (coalesce pause 0.1 s)
        history = client.store.paragraph_history(document_id, imported.id)
        if len(history.entries) >= 2:
            break
        time.sleep(0.1)
    assert [e.version.delegation for e in history.entries] == [None, "Venezuela"]
    now = client.store.load_document(document_id).find(answered.id)
    assert [q.text for q in now.proposals if q.delegation == "Venezuela"] == [
        imported.text + " (revised)"]
    assert client.store.verify(document_id).ok


DESCRIPTION = ("id", "section", "kind", "label", "parent", "status", "delegation")


def described(paragraphs: list[dict]) -> list[dict]:
    """The order as a client keeps it (static/structure.js)."""
    return [{k: p[k] for k in DESCRIPTION if k in p} for p in paragraphs]


def test_the_clients_structure_code_places_proposals_as_the_room_does(room) -> None:
    import json
    import os
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    client, document_id = room
    pid = paragraph_with(client, document_id, ANSWERED)
    base = str(client.http.base_url)

    async def scenario():
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        belize = await Delegate.connect(base, document_id, "li", "Belize")
        chair = await Delegate.connect(base, document_id, "Chair", None)
        await table(venezuela, pid)
        _, second = await table(belize, pid, "To renew its commitment")
        adopted = await chair.ask({"type": "bracket", "p": pid, "action": "adopt",
                                   "bracket": f"[Venezuela: {WORDING}]"})
        assert adopted["type"] == "bracket_event", adopted
        frames = []
        while len(frames) < 3:
            frames.append(await chair.until(lambda f: f["type"] == "structure"))
        late = await Delegate.connect(base, document_id, "Observer", None)
        for socket in (venezuela, belize, chair, late):
            await socket.close()
        assert [f["op"] for f in frames] == ["insert", "insert", "delete"]
        assert frames[1]["after"] == frames[0]["p"]  # under the same paragraph, in turn
        return described(chair.welcome["paragraphs"]), frames, described(
            late.welcome["paragraphs"]), second["p"]

    order, frames, now, second = asyncio.run(scenario())
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([node, str(root / "tests" / "js" / "structure_replay.mjs")],
                            input=json.dumps({"order": order, "messages": frames}),
                            capture_output=True, text=True, timeout=60, cwd=root,
                            env={**os.environ, "NODE_NO_WARNINGS": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[-1] == now
    ids = [meta["id"] for meta in now]
    assert ids.index(second) == ids.index(pid) + 1
