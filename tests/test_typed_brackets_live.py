"""Brackets typed by hand on the live edit path, with real WebSocket clients on the real
server (negotiation/typed_brackets.py decides, server/live/typed.py applies): a "[NAME: …]"
for a delegation the typist does not speak for is refused (``foreign_proposal``) and changes
nothing; a newly typed bracket is held by the typist's delegation, recorded as a "typed"
bracket event, broadcast, and shown under that delegation on the chair's console."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest
from editor_seat import Seat, holders
from permission_world import World, world_in
from sqlalchemy import text


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with world_in(tmp_path_factory.mktemp("typed-brackets"), coalesce_pause=0.05) as made:
        yield made


def bracket_events(site: World, document_id: str, pid: str) -> list[tuple]:
    """The paragraph's recorded bracket events: (action, bracket, author, delegation)."""
    with site.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT action, bracket, author, delegation FROM bracket_events WHERE "
            "document_id = :d AND paragraph_id = :p ORDER BY seq"), {"d": document_id,
                                                                    "p": pid})]



def test_a_proposal_naming_another_delegation_is_refused_and_changes_nothing(site: World
                                                                             ) -> None:
    document_id = site.document()

    async def scenario():
        venezuela = await Seat.open(site, "venezuela", document_id)
        belize = await Seat.open(site, "belize", document_id)
        try:
            refused = await venezuela.type("op-2", "To ask. [BELIZE: Conduct a study.]", "e1")
            # the author keeps their words and sends others: this one is merged
            venezuela.texts["op-2"] = "To ask."
            allowed = await venezuela.type("op-2", "To ask now.", "e2")
            patch = await belize.until(lambda f: f["type"] == "patch")
            return refused, allowed, patch, belize.frames
        finally:
            await venezuela.close()
            await belize.close()

    refused, allowed, patch, seen = asyncio.run(scenario())
    assert (refused["type"], refused["code"]) == ("error", "foreign_proposal")
    assert refused["message"].startswith(
        "[BELIZE: Conduct a study.] is a proposal in the name of Belize: you speak for "
        "Venezuela, not for Belize")
    assert allowed["type"] == "ack"
    assert "BELIZE" not in json.dumps(patch) and "BELIZE" not in json.dumps(seen)
    assert wait_for_text(site, document_id, "op-2") == "To ask now."
    assert not bracket_events(site, document_id, "op-2")


def test_a_newly_typed_bracket_is_held_by_the_typists_delegation(site: World) -> None:
    document_id = site.document()
    proposal = "To ask. [VENEZUELA: Conduct a study.]"

    async def scenario():
        venezuela = await Seat.open(site, "venezuela", document_id)
        belize = await Seat.open(site, "belize", document_id)
        try:
            first = await venezuela.type("op-2", proposal, "e1")
            typed = await belize.until(lambda f: f["type"] == "bracket_event")
            second = await venezuela.type("op-1", "To request the Permanent Council "
                                          "[to report] [in writing].", "e2")
            again = await belize.until(lambda f: f["type"] == "bracket_event")
            return first, typed, second, again
        finally:
            await venezuela.close()
            await belize.close()

    first, typed, second, again = asyncio.run(scenario())
    assert first["type"] == second["type"] == "ack"
    assert (typed["action"], typed["bracket"], typed["p"]) == (
        "typed", "[VENEZUELA: Conduct a study.]", "op-2")
    assert typed["by"]["delegation"] == "Venezuela" and typed["text"] == proposal
    assert (again["action"], again["bracket"]) == ("typed", "[in writing]")
    assert holders(site, document_id, "op-1") == {"[to report]": (),  # as imported
                                                  "[in writing]": ("Venezuela",)}
    assert holders(site, document_id, "op-2") == {
        "[VENEZUELA: Conduct a study.]": ("Venezuela",)}
    console = site.http("chair").get(f"/api/documents/{document_id}/console").json()
    by_paragraph = {group["p"]: group["delegations"] for group in console["paragraphs"]}
    assert [i["written"] for i in by_paragraph["op-1"]["Venezuela"]] == ["[in writing]"]
    assert [i["written"] for i in by_paragraph["op-2"]["Venezuela"]] == [
        "[VENEZUELA: Conduct a study.]"]
    assert bracket_events(site, document_id, "op-1") == [
        ("typed", "[in writing]", "Person venezuela", "Venezuela")]


def test_the_chair_tables_no_proposal_by_typing_and_holds_no_typed_bracket(site: World
                                                                           ) -> None:
    document_id = site.document()

    async def scenario():
        chair = await Seat.open(site, "chair", document_id)
        try:
            refused = await chair.type("op-2", "To ask. [BELIZE: x]", "e1")
            chair.texts["op-2"] = "To ask."
            allowed = await chair.type("op-2", "To [ask].", "e2")
            return refused, allowed
        finally:
            await chair.close()

    refused, allowed = asyncio.run(scenario())
    assert (refused["code"], allowed["type"]) == ("foreign_proposal", "ack")
    assert "the chair may not table an alternative" in refused["message"]
    assert wait_for_text(site, document_id, "op-2") == "To [ask]."
    assert holders(site, document_id, "op-2") == {"[ask]": ()}  # awaits the chair
    assert not bracket_events(site, document_id, "op-2")


def wait_for_text(site: World, document_id: str, pid: str) -> str:
    deadline = time.monotonic() + 10
    text = ""
    while time.monotonic() < deadline:
        text = site.store.get_paragraph_text(document_id, pid)
        if text != "To ask.":
            return text
        time.sleep(0.05)
    return text


def test_editing_the_options_of_another_delegations_bracket_makes_the_editor_a_holder(
        site: World) -> None:
    """Venezuela types "[shall / should]"; Belize, in four keystrokes, makes it "[shall /
    must]": one "edited" event in Belize's name when the burst ends (not one per keystroke),
    Venezuela still holds it and Belize holds it too, on the console and for the actions
    that follow (Venezuela withdraws the bracket as it reads now)."""
    document_id = site.document()
    typed_text = "To ask. States [shall / should] act."
    steps = ["To ask. States [shall / m] act.", "To ask. States [shall / mu] act.",
             "To ask. States [shall / mus] act.", "To ask. States [shall / must] act."]

    async def scenario():
        venezuela = await Seat.open(site, "venezuela", document_id)
        belize = await Seat.open(site, "belize", document_id)
        try:
            assert (await venezuela.type("op-2", typed_text, "v1"))["type"] == "ack"
            typed = await belize.until(lambda f: f["type"] == "bracket_event")
            await belize.until(lambda f: f["type"] == "patch")
            belize.texts["op-2"], belize.revs["op-2"] = typed_text, venezuela.revs["op-2"]
            for n, step in enumerate(steps):
                answer = await belize.type("op-2", step, f"b{n}", n=n)
                assert answer["type"] == "ack", answer
            edited = await venezuela.until(lambda f: f.get("action") == "edited")
            await venezuela.socket.send(json.dumps({
                "type": "bracket", "p": "op-2", "action": "withdraw",
                "bracket": "[shall / must]", "start": 15, "ref": "w1"}))
            withdrawn = await venezuela.until(lambda f: f.get("ref") == "w1")
            return typed, edited, withdrawn
        finally:
            await venezuela.close()
            await belize.close()

    typed, edited, withdrawn = asyncio.run(scenario())
    assert (typed["action"], typed["bracket"]) == ("typed", "[shall / should]")
    assert (edited["action"], edited["bracket"], edited["option"], edited["by"]["delegation"],
            edited["start"]) == ("edited", "[shall / must]", "[shall / should]", "Belize", 15)
    assert [(b["written"], b["holders"]) for b in edited["brackets"]] == [
        ("[shall / must]", ["Venezuela", "Belize"])]
    assert withdrawn["type"] == "bracket_event", withdrawn
    assert holders(site, document_id, "op-2") == {"[shall / must]": ("Belize",)}
    assert bracket_events(site, document_id, "op-2") == [
        ("typed", "[shall / should]", "Person venezuela", "Venezuela"),
        ("edited", "[shall / must]", "Person belize", "Belize"),
        ("withdrawn", "[shall / must]", "Person venezuela", "Venezuela")]
    console = site.http("chair").get(f"/api/documents/{document_id}/console").json()
    by_paragraph = {group["p"]: group["delegations"] for group in console["paragraphs"]}
    assert [i["written"] for i in by_paragraph["op-2"]["Belize"]] == ["[shall / must]"]
    page = site.http("chair").get(f"/documents/{document_id}/paragraphs/op-2/history").text
    assert "was <code>[shall / should]</code>" in page
    assert site.store.verify(document_id).ok


def test_a_bracket_edited_by_the_chair_keeps_its_holders(site: World) -> None:
    """The chair holds nothing, but an edit of the chair's still carries the holders over to
    the bracket as it now reads (before, the hold stayed with the old words and the bracket
    awaited the chair)."""
    document_id = site.document()
    typed_text = "To ask [them]."

    async def scenario():
        venezuela = await Seat.open(site, "venezuela", document_id)
        chair = await Seat.open(site, "chair", document_id)
        try:
            assert (await venezuela.type("op-2", typed_text, "v1"))["type"] == "ack"
            await chair.until(lambda f: f["type"] == "bracket_event")
            await chair.until(lambda f: f["type"] == "patch")
            chair.texts["op-2"], chair.revs["op-2"] = typed_text, venezuela.revs["op-2"]
            answer = await chair.type("op-2", "To ask [the States].", "c1")
            assert answer["type"] == "ack", answer
            return await venezuela.until(lambda f: f.get("action") == "edited")
        finally:
            await venezuela.close()
            await chair.close()

    edited = asyncio.run(scenario())
    assert (edited["action"], edited["by"]["delegation"]) == ("edited", None)
    assert holders(site, document_id, "op-2") == {"[the States]": ("Venezuela",)}


def test_an_action_during_the_burst_is_decided_on_the_holders_of_the_edited_words(
        tmp_path) -> None:
    """With bursts that last (30 s), the edit is still pending when Venezuela withdraws the
    bracket as it now reads: the room records the edit first, so Venezuela holds it under its
    new words and the withdrawal is accepted."""
    with world_in(tmp_path, coalesce_pause=30) as long_bursts:
        document_id = long_bursts.document()

        async def scenario():
            venezuela = await Seat.open(long_bursts, "venezuela", document_id)
            belize = await Seat.open(long_bursts, "belize", document_id)
            try:
                typed = "To ask [them]."
                assert (await venezuela.type("op-2", typed, "v1"))["type"] == "ack"
                await belize.until(lambda f: f["type"] == "patch")
                belize.texts["op-2"], belize.revs["op-2"] = typed, venezuela.revs["op-2"]
                assert (await belize.type("op-2", "To ask [the States].", "b1"))["type"] \
                    == "ack"
                await venezuela.until(lambda f: f["type"] == "patch" and any(
                    p["p"] == "op-2" for p in f["patches"]))
                await venezuela.socket.send(json.dumps({
                    "type": "bracket", "p": "op-2", "action": "withdraw",
                    "bracket": "[the States]", "start": 7, "ref": "w1"}))
                return await venezuela.until(lambda f: f.get("ref") == "w1")
            finally:
                await venezuela.close()
                await belize.close()

        withdrawn = asyncio.run(scenario())
        assert withdrawn["type"] == "bracket_event", withdrawn
        assert [(b["written"], b["holders"]) for b in withdrawn["brackets"]] == [
            ("[the States]", ["Belize"])]
        assert [row[:2] for row in bracket_events(long_bursts, document_id, "op-2")] == [
            ("typed", "[them]"), ("edited", "[the States]"), ("withdrawn", "[the States]")]
