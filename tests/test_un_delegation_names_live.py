"""A UN negotiation names its delegations as the UN registry does ("Bolivia (Plurinational
State of)"), however a delegate or a text writes them ("BOLIVIA", "Plurinational State of
Bolivia"): on the real server, with real WebSocket clients, Bolivia's delegate edits Bolivia's
proposal paragraph and types "[BOLIVIA (PLURINATIONAL STATE OF): …]", recorded as Bolivia's
under the registry's name with one holder; Chile's delegate is refused both. A proposal
recorded before under the OAS short name ("Bolivia") is still Bolivia's: names are compared
through the delegation's key (negotiation/delegations.py), never renamed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest
from editor_seat import Seat, holders
from permission_world import World
from sqlalchemy import text
from un_world import BOLIVIA, table_as_recorded_before_the_key, un_world

TEXT = "To request the Permanent Council [to report]."  # op-1 of a fresh document
TYPED = TEXT + " [BOLIVIA (PLURINATIONAL STATE OF): To request a report.]"
PROPOSED = "[BOLIVIA (PLURINATIONAL STATE OF): To request a report.]"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with un_world(tmp_path_factory.mktemp("un-names")) as made:
        yield made


def events(site: World, document_id: str) -> list[tuple]:
    with site.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT action, author, delegation, on_behalf_of FROM bracket_events WHERE "
            "document_id = :d ORDER BY seq"), {"d": document_id})]



def test_the_seat_carries_the_un_registrys_name(site: World) -> None:
    page = site.http("bolivia").get(f"/negotiations/{site.negotiation_id}").text
    assert BOLIVIA in page


def test_bolivia_edits_its_proposal_and_types_its_own_and_chile_is_refused(site: World
                                                                           ) -> None:
    document_id = site.document()

    async def go() -> dict[str, Any]:
        bolivia = await Seat.open(site, "bolivia", document_id)
        chile = await Seat.open(site, "chile", document_id)
        try:
            seen: dict[str, Any] = {"you": bolivia.welcome["you"]}
            seen["tabled"] = await bolivia.ask({"type": "bracket", "p": "op-2",
                                                "action": "table", "wording": "To ask.",
                                                "delegation": "BOLIVIA"}, "tables")
            proposal = seen["tabled"]["proposals"][0]["id"]
            for seat in (bolivia, chile):
                inserted = await seat.until(lambda f: f["type"] == "structure"
                                            and f["p"] == proposal)
                seat.texts[proposal], seat.revs[proposal] = "To ask.", 0
            seen["inserted"] = inserted["paragraph"]
            seen["chile_edits"] = await chile.type(proposal, "To ask now.", "chile-edits")
            seen["bolivia_edits"] = await bolivia.type(proposal, "To ask now.", "edits")
            seen["chile_types"] = await chile.type("op-1", TYPED, "chile-types")
            seen["bolivia_types"] = await bolivia.type("op-1", TYPED, "types")
            seen["typed"] = await chile.until(lambda f: f["type"] == "bracket_event"
                                              and f["action"] == "typed")
            seen["joins"] = await bolivia.ask({"type": "bracket", "p": "op-1",
                                               "action": "join", "bracket": PROPOSED,
                                               "start": len(TEXT) + 1}, "joins")
            seen["proposal"] = proposal
            return seen
        finally:
            for seat in (bolivia, chile):
                await seat.close()

    seen = asyncio.run(go())
    assert seen["you"]["delegation"] == BOLIVIA
    assert seen["tabled"]["by"]["delegation"] == BOLIVIA
    assert seen["tabled"]["proposals"][0]["delegation"] == BOLIVIA
    assert seen["inserted"]["delegation"] == BOLIVIA
    assert seen["bolivia_edits"]["type"] == "ack", seen["bolivia_edits"]
    assert (seen["chile_edits"]["code"], seen["chile_edits"]["message"]) == (
        "forbidden", f"{BOLIVIA}'s proposal: you speak for Chile, not for {BOLIVIA}")
    assert seen["chile_types"]["code"] == "foreign_proposal", seen["chile_types"]
    assert "you speak for Chile, not for Bolivia" in seen["chile_types"]["message"]
    assert seen["bolivia_types"]["type"] == "ack", seen["bolivia_types"]
    assert seen["typed"]["by"]["delegation"] == BOLIVIA
    assert "inNameOf" not in seen["typed"]["by"] or not seen["typed"]["by"]["inNameOf"]
    assert (seen["joins"]["code"], seen["joins"]["message"]) == (
        "refused", f"{BOLIVIA} holds this bracket already"), seen["joins"]
    assert holders(site, document_id, "op-1")[PROPOSED] == (BOLIVIA,)
    assert events(site, document_id) == [("tabled", "Person bolivia", BOLIVIA, None),
                                         ("typed", "Person bolivia", BOLIVIA, None)]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the burst's version (coalesce pause 0.05 s)
        history = site.store.paragraph_history(document_id, seen["proposal"])
        if len(history.entries) >= 2:
            break
        time.sleep(0.1)
    assert {e.version.delegation for e in history.entries} == {BOLIVIA}
    console = site.http("chair").get(f"/api/documents/{document_id}/console").json()
    held = {name for p in console["paragraphs"] for name in p["delegations"]}
    assert held == {BOLIVIA, "awaiting the chair"}, held  # "[to report]" is nobody's
    assert site.store.verify(document_id).ok


def test_a_proposal_recorded_under_the_oas_short_name_is_still_bolivias(site: World
                                                                         ) -> None:
    """Recorded before the key: "Bolivia" as the OAS writes it, kept as it was recorded."""
    document_id = site.document()
    wording = "Older words."

    proposal = table_as_recorded_before_the_key(site, document_id, wording)
    assert (proposal.delegation, proposal.id is not None) == ("Bolivia", True)

    async def go() -> tuple[dict, dict, dict]:
        bolivia = await Seat.open(site, "bolivia", document_id)
        chile = await Seat.open(site, "chile", document_id)
        try:
            refused = await chile.type(proposal.id, "Older words, edited.", "chile")
            edited = await bolivia.type(proposal.id, "Older words, edited.", "bolivia")
            return bolivia.welcome["you"], refused, edited
        finally:
            for seat in (bolivia, chile):
                await seat.close()

    you, refused, edited = asyncio.run(go())
    assert proposal.id not in you["locked"], you["locked"]
    assert edited["type"] == "ack", edited
    assert (refused["code"], refused["message"]) == (
        "forbidden", "Bolivia's proposal: you speak for Chile, not for Bolivia")
    assert site.store.load_document(document_id).find("op-2").proposals[0].delegation == \
        "Bolivia"  # not renamed
