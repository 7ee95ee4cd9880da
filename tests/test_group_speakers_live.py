"""Delegates who speak for a negotiating group, on the real server: the secretariat names them
on the members page (refused, with the reason, for a state or for someone who is not a
delegate; refused for anyone but the secretariat by tests/test_permissions_http.py); the seat
carries the group from the session to the gate and the domain, over HTTP and the WebSocket.

Two delegates of Bolivia: the Group of 77 and China named one of them ("bolivia-named") to
speak for it, not the other ("bolivia"). Each of a delegate's bracket actions in the group's
name (generated from the permission table's delegate rules with the own-delegation condition)
is allowed for the first and refused, with the table's reason, for the second; the record says
which person, seated for which delegation, acted in the name of which group."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from accounts_fixture import Person, csrf, password_hash
from editor_seat import Seat
from permission_world import World, world_in
from sqlalchemy import text

from negotiation.bracket_requests import BRACKET_ACTIONS
from negotiation.permissions import RULES, Action, Condition, Role, Situation, decide

G77 = "Group of 77 and China"
TEXT = "To request the Permanent Council [to report]."  # op-1 of a fresh document
START = TEXT.index("[")
REQUESTS: dict[Action, dict[str, Any]] = {  # a delegate's bracket actions on op-1
    Action.RAISE: {"action": "raise", "start": 0, "end": 2},
    Action.ADD_OPTION: {"action": "option", "bracket": "[to report]", "start": START,
                        "wording": "to inform"},
    Action.TABLE: {"action": "table", "wording": "Words of the group."},
    Action.JOIN: {"action": "join", "bracket": "[to report]", "start": START},
    Action.WITHDRAW: {"action": "withdraw", "bracket": "[to report]", "start": START},
}
IN_A_NAME = sorted({rule.action for rule in RULES if rule.role is Role.DELEGATE
                    and Condition.OWN_DELEGATION in rule.conditions
                    and rule.action in BRACKET_ACTIONS}, key=list(Action).index)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with world_in(tmp_path_factory.mktemp("group-speakers"), coalesce_pause=0.05) as made:
        gatekeeper = made.app.state.gatekeeper
        for key in ("bolivia-named", "bolivia"):
            user = gatekeeper.accounts.create_user(f"{key}@test.plenary", f"Person {key}",
                                                   password_hash())
            gatekeeper.negotiations.add_member(made.negotiation_id, user.id, Role.DELEGATE,
                                               "bolivia")
            made.people[key] = Person(key, user.login, made.people["venezuela"].password,
                                      Role.DELEGATE, "bolivia", "Bolivia", user.id)
        answer = name_groups(made, "bolivia-named", ["g77-china"])
        assert answer.status_code == 303, answer.text[:300]
        yield made


def name_groups(site: World, key: str, groups: list[str]) -> httpx.Response:
    """The secretariat's form on the members page."""
    http = site.http("secretariat")
    path = f"/negotiations/{site.negotiation_id}"
    return http.post(f"{path}/members/{site.people[key].user_id}/groups",
                     data={"csrf_token": csrf(http, path), "groups": groups})


def test_every_delegate_action_in_a_name_is_tried_here() -> None:
    """A new delegate bracket action with the own-delegation condition needs a request here."""
    assert set(IN_A_NAME) == set(REQUESTS)


# ------------------------------------------------------------------ the members page

def test_the_members_page_shows_whom_a_delegate_speaks_for(site: World) -> None:
    page = site.http("secretariat").get(f"/negotiations/{site.negotiation_id}").text
    row = next(r for r in page.split("<tr>") if "bolivia-named@test.plenary" in r)
    assert re.search(r'<td class="speaks-for">\s*Group of 77 and China', row)
    assert 'value="g77-china" checked' in row
    other = next(r for r in page.split("<tr>") if "bolivia@test.plenary" in r)
    assert 'value="g77-china" checked' not in other and 'value="g77-china"' in other
    assert "Save the groups of" not in site.http("venezuela").get(
        f"/negotiations/{site.negotiation_id}").text  # only the secretariat manages members


@pytest.mark.parametrize(("key", "groups", "reason"), [
    ("bolivia", ["venezuela"], "Venezuela is a state, not a negotiating group"),
    ("bolivia", ["atlantis"], "'atlantis' is no delegation of the registries"),
    ("observer", ["g77-china"], "only a delegate speaks for a group; Person observer is "
                                "observer"),
])
def test_naming_what_is_not_a_group_or_someone_not_a_delegate_is_refused(
        site: World, key: str, groups: list[str], reason: str) -> None:
    before = site.fingerprint()
    answer = name_groups(site, key, groups)
    assert answer.status_code == 400
    assert reason in answer.text.replace("&#39;", "'")
    assert site.fingerprint() == before


def test_naming_no_group_clears_them_and_naming_again_restores(site: World) -> None:
    negotiations = site.app.state.gatekeeper.negotiations
    user_id = site.people["bolivia"].user_id
    assert name_groups(site, "bolivia", ["aosis", "g77-china"]).status_code == 303
    assert negotiations.membership(site.negotiation_id, user_id).speaks_for == (
        "aosis", "g77-china")
    assert name_groups(site, "bolivia", []).status_code == 303
    assert negotiations.membership(site.negotiation_id, user_id).speaks_for == ()


# ------------------------------------------------------ each action, HTTP and WebSocket

def expected(key: str, action: Action):
    """The table's decision for ``key`` acting in the group's name."""
    spoken = {"Bolivia", G77} if key == "bolivia-named" else {"Bolivia"}
    return decide(Role.DELEGATE, action, Situation(speaks_for=frozenset(spoken),
                                                   acting_for=G77))


def prepared(site: World, action: Action) -> str:
    """A fresh document; for a withdrawal, the group holds the bracket already."""
    document_id = site.document()
    if action is Action.WITHDRAW:
        answer = over_http(site, "bolivia-named", document_id, {**REQUESTS[Action.JOIN],
                                                                "delegation": G77})
        assert "error" not in answer, answer
    return document_id


def over_http(site: World, key: str, document_id: str, body: dict[str, Any]) -> dict:
    http = site.http(key)
    return http.post(f"/api/documents/{document_id}/paragraphs/op-1/brackets", json=body,
                     headers={"X-CSRF-Token": csrf(http)}).json()


def over_ws(site: World, key: str, document_id: str, body: dict[str, Any]) -> dict:
    async def go() -> dict:
        seat = await Seat.open(site, key, document_id)
        try:
            return await seat.ask({"type": "bracket", "p": "op-1", **body}, "it")
        finally:
            await seat.close()
    return asyncio.run(go())


def events(site: World, document_id: str) -> list[tuple]:
    with site.store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT action, author, delegation, on_behalf_of FROM bracket_events WHERE "
            "document_id = :d ORDER BY seq"), {"d": document_id})]


@pytest.mark.parametrize("transport", ["http", "websocket"])
@pytest.mark.parametrize("key", ["bolivia-named", "bolivia"])
@pytest.mark.parametrize("action", IN_A_NAME, ids=str)
def test_each_delegate_action_in_the_groups_name(site: World, action: Action, key: str,
                                                 transport: str) -> None:
    document_id = prepared(site, action)
    before, recorded = site.store.load_document(document_id), events(site, document_id)
    body = {**REQUESTS[action], "delegation": "GROUP OF 77 AND CHINA"}
    send = over_http if transport == "http" else over_ws
    answer = send(site, key, document_id, body)
    decision = expected(key, action)
    if decision:
        assert answer.get("type", "bracket_event") == "bracket_event", answer
        assert "error" not in answer, answer
        assert answer["by"] == {"name": f"Person {key}", "delegation": "Bolivia",
                                "role": "delegate", "inNameOf": G77}
        assert events(site, document_id)[-1] == (
            answer["action"], f"Person {key}", "Bolivia", G77)
        held = [b["holders"] for b in answer["brackets"]]
        if action is Action.WITHDRAW:
            assert not any(G77 in holders for holders in held), held
        else:
            assert any(G77 in holders for holders in held), held
    else:
        error = answer["error"] if transport == "http" else answer
        assert (error["code"], error["message"]) == ("forbidden", decision.reason)
        assert decision.reason == f"you speak for Bolivia, not for {G77}"
        assert site.store.load_document(document_id) == before
        assert events(site, document_id) == recorded


def test_a_claim_never_speaks_for_a_group(site: World) -> None:
    """The body's ``as`` names a person; the session's seat decides whom they speak for."""
    document_id = site.document()
    answer = over_http(site, "bolivia", document_id, {
        **REQUESTS[Action.RAISE], "delegation": G77,
        "as": {"name": "x", "delegation": G77, "role": "delegate"}})
    assert answer["error"]["code"] == "forbidden"


# ------------------------------------------------------------------ live, several clients

def test_a_named_bolivian_delegate_tables_for_the_group_live_and_another_is_refused(
        site: World) -> None:
    document_id = site.document()
    typed = TEXT + " [GROUP OF 77 AND CHINA: To request a report.]"

    async def go() -> dict[str, Any]:
        named = await Seat.open(site, "bolivia-named", document_id)
        other = await Seat.open(site, "bolivia", document_id)
        venezuela = await Seat.open(site, "venezuela", document_id)
        try:
            seen: dict[str, Any] = {"speaks": (named.welcome["you"]["speaksFor"],
                                               other.welcome["you"]["speaksFor"])}
            seen["refused"] = await other.type("op-1", typed, "other-types")
            seen["typed"] = await named.type("op-1", typed, "named-types")
            seen["typed_event"] = await venezuela.until(
                lambda f: f["type"] == "bracket_event" and f["action"] == "typed")
            seen["tabled"] = await named.ask({"type": "bracket", "p": "op-2",
                                              "action": "table", "wording": "To ask the group.",
                                              "delegation": G77}, "named-tables")
            seen["tabled_seen"] = await venezuela.until(
                lambda f: f["type"] == "bracket_event" and f["action"] == "tabled")
            proposal = seen["tabled"]["proposals"][0]["id"]
            for seat in (named, other):
                await seat.until(lambda f: f["type"] == "structure" and f["p"] == proposal)
                seat.texts[proposal], seat.revs[proposal] = "To ask the group.", 0
            seen["other_edits"] = await other.type(proposal, "To ask the group now.",
                                                   "other-edits")
            seen["named_edits"] = await named.type(proposal, "To ask the group now.",
                                                   "named-edits")
            return seen
        finally:
            for seat in (named, other, venezuela):
                await seat.close()

    seen = asyncio.run(go())
    assert seen["speaks"] == ([G77], [])
    assert seen["refused"]["code"] == "foreign_proposal"
    assert f"you speak for Bolivia, not for {G77}" in seen["refused"]["message"]
    assert seen["typed"]["type"] == "ack"
    assert seen["typed_event"]["by"]["inNameOf"] == G77
    assert seen["typed_event"]["by"]["delegation"] == "Bolivia"
    proposal_bracket = next(b for b in seen["typed_event"]["brackets"]
                            if b["written"].startswith("[GROUP OF 77 AND CHINA:"))
    assert proposal_bracket["holders"] == [G77]
    assert seen["tabled_seen"]["by"] == {"name": "Person bolivia-named",
                                         "delegation": "Bolivia", "role": "delegate",
                                         "inNameOf": G77}
    assert seen["tabled_seen"]["proposals"][0]["delegation"] == G77
    assert (seen["other_edits"]["code"], seen["named_edits"]["type"]) == ("forbidden", "ack")
    assert f"not for {G77}" in seen["other_edits"]["message"]
    assert events(site, document_id) == [
        ("typed", "Person bolivia-named", "Bolivia", G77),
        ("tabled", "Person bolivia-named", "Bolivia", G77)]
    assert site.store.verify(document_id).ok
    history = site.http("chair").get(f"/documents/{document_id}/paragraphs/op-2/history").text
    assert f"Person bolivia-named (Bolivia) in the name of {G77}" in history
    console = site.http("chair").get(f"/api/documents/{document_id}/console").json()
    held = {p["p"]: set(p["delegations"]) for p in console["paragraphs"]}
    assert G77 in held["op-1"] and G77 in held["op-2"], held  # the group's, on the console


def test_the_command_lines_history_says_in_whose_name(site: World) -> None:
    from server.commands.history import event_json, event_line

    document_id = site.document()
    assert "error" not in over_http(site, "bolivia-named", document_id, {
        **REQUESTS[Action.RAISE], "delegation": G77})
    event = site.store.paragraph_history(document_id, "op-1").events_after[-1]
    assert f"by Person bolivia-named (Bolivia) in the name of {G77}" in event_line(event)
    assert event_json(event)["on_behalf_of"] == G77
