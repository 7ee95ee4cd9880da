"""A delegate who speaks for a negotiating group besides their own delegation, in the domain
(pure): the event records the person, the delegation they are seated for and the group they
acted in the name of; the group holds what they raise, table, join or type in its name; a
delegate the group did not name is refused with the reason, and so is an officer naming a
delegation."""

from __future__ import annotations

import pytest

from negotiation.author import Author
from negotiation.bracket_book import BracketBook
from negotiation.bracket_events import record_bracket_action
from negotiation.bracket_requests import Actor, BracketRequest, Forbidden, decide
from negotiation.delegations import speaking_name
from negotiation.errors import BracketActionError
from negotiation.permissions import Action, Role, Situation
from negotiation.permissions import decide as permitted
from negotiation.typed_brackets import Typist, read_typing

G77 = "Group of 77 and China"
TEXT = "States shall report [by 2030] on measures."
START = TEXT.index("[")
NAMED = Actor(Author("Ana", "Bolivia"), Role.DELEGATE, frozenset({"Bolivia", G77}))
NOT_NAMED = Actor(Author("Luis", "Bolivia"), Role.DELEGATE, frozenset({"Bolivia"}))
CHAIR = Actor(Author("Chair"), Role.CHAIR)


@pytest.mark.parametrize("written", ["GROUP OF 77 AND CHINA", "Group of 77 and China", "G-77",
                                     "G77", "group of 77 and china"])
def test_a_group_is_compared_under_one_name_however_written(written: str) -> None:
    assert speaking_name(written) == G77


def test_a_state_keeps_its_canonical_name_and_an_unknown_name_stays_as_written() -> None:
    assert speaking_name("VENEZUELA") == "Venezuela"
    assert speaking_name("Atlantis") == "Atlantis"


def test_the_event_records_the_person_their_delegation_and_the_group() -> None:
    event = record_bracket_action("op1", "raised", "[shall]", start=7,
                                  author=Author("Ana", "Bolivia"), on_behalf_of=G77)
    assert (event.author, event.on_behalf_of, event.acting_for) == (
        Author("Ana", "Bolivia"), G77, G77)


@pytest.mark.parametrize("named", [None, "", "  ", "Bolivia"])
def test_acting_for_ones_own_delegation_records_no_group(named) -> None:
    event = record_bracket_action("op1", "raised", "[shall]", start=7,
                                  author=Author("Ana", "Bolivia"), on_behalf_of=named)
    assert (event.on_behalf_of, event.acting_for) == (None, "Bolivia")


@pytest.mark.parametrize(("author", "named", "why"), [
    (Author("Chair"), G77, "only a delegate acts in a group's name"),
    (Author("Ana", "Bolivia"), 77, "the delegation acted for is a name"),
    (Author("Ana", "Bolivia"), "x" * 81, "at most 80 characters"),
])
def test_what_cannot_be_recorded_in_a_groups_name_is_refused(author, named, why) -> None:
    with pytest.raises(BracketActionError, match=why):
        record_bracket_action("op1", "raised", "[shall]", start=7, author=author,
                              on_behalf_of=named)


def ask(actor: Actor, **request) -> object:
    book = BracketBook(TEXT, default_holders=("Mexico",))
    return decide(book, BracketRequest(**request), actor, paragraph_id="op1")


REQUESTS = {  # a delegate's bracket actions, each in the group's name
    Action.RAISE: {"kind": "raise", "start": 0, "end": 6},
    Action.ADD_OPTION: {"kind": "option", "bracket": "[by 2030]", "start": START,
                        "wording": "by 2035"},
    Action.TABLE: {"kind": "table", "wording": "Words of the group."},
    Action.JOIN: {"kind": "join", "bracket": "[by 2030]", "start": START},
}


@pytest.mark.parametrize("action", list(REQUESTS), ids=str)
def test_a_named_delegate_acts_in_the_groups_name_and_the_group_holds_it(action) -> None:
    event = ask(NAMED, **REQUESTS[action], delegation="GROUP OF 77 AND CHINA")
    assert (event.author, event.on_behalf_of) == (Author("Ana", "Bolivia"), G77)
    after = BracketBook(TEXT, default_holders=("Mexico",)).apply(event)
    held = {b.written: b.holders for b in after.open_brackets()}
    assert any(G77 in holders and "Bolivia" not in holders for holders in held.values()), held
    if action is Action.TABLE:
        assert event.bracket == f"[{G77}: Words of the group.]"
        assert after.proposals == ((G77, "Words of the group."),)


@pytest.mark.parametrize("action", list(REQUESTS), ids=str)
def test_a_delegate_the_group_did_not_name_is_refused_with_the_tables_reason(action) -> None:
    expected = permitted(Role.DELEGATE, action, Situation(
        speaks_for=NOT_NAMED.speaks_for, acting_for=G77))
    assert not expected
    with pytest.raises(Forbidden) as refused:
        ask(NOT_NAMED, **REQUESTS[action], delegation=G77)
    assert str(refused.value) == expected.reason
    assert expected.reason == f"you speak for Bolivia, not for {G77}"


def test_without_a_name_a_named_delegate_acts_for_their_own_delegation() -> None:
    event = ask(NAMED, kind="raise", start=0, end=6)
    assert (event.on_behalf_of, event.acting_for) == (None, "Bolivia")


def test_withdrawing_the_groups_hold_leaves_the_delegations_own() -> None:
    book = BracketBook(TEXT, default_holders=("Bolivia",))
    joined = book.apply(decide(book, BracketRequest("join", "[by 2030]", START,
                                                    delegation=G77), NAMED, paragraph_id="op1"))
    assert joined.open_brackets()[0].holders == ("Bolivia", G77)
    event = decide(joined, BracketRequest("withdraw", "[by 2030]", START, delegation=G77),
                   NAMED, paragraph_id="op1")
    assert joined.apply(event).open_brackets()[0].holders == ("Bolivia",)
    with pytest.raises(BracketActionError, match=f"{G77} holds this bracket already"):
        decide(joined, BracketRequest("join", "[by 2030]", START, delegation=G77), NAMED,
               paragraph_id="op1")


def test_an_officer_acts_in_no_delegations_name() -> None:
    with pytest.raises(Forbidden, match=f"not for {G77}"):
        ask(CHAIR, kind="raise", start=0, end=6, delegation=G77)
    assert ask(CHAIR, kind="raise", start=0, end=6).on_behalf_of is None


def test_a_proposal_typed_in_the_groups_name_is_held_by_the_group() -> None:
    before = "States shall report."
    after = "States shall report. [GROUP OF 77 AND CHINA: States report when able.]"
    typing = read_typing(before, after, Typist(Role.DELEGATE, "Bolivia", NAMED.speaks_for))
    assert typing.refusal is None
    assert [(h.written[:23], h.delegation) for h in typing.holds] == [
        ("[GROUP OF 77 AND CHINA:", G77)]
    plain = read_typing(before, "States [shall] report.", Typist(
        Role.DELEGATE, "Bolivia", NAMED.speaks_for))
    assert [h.delegation for h in plain.holds] == ["Bolivia"]  # not a proposal: their own


def test_a_proposal_typed_for_a_group_that_did_not_name_the_typist_is_refused() -> None:
    typing = read_typing("States shall report.",
                         "States shall report. [GROUP OF 77 AND CHINA: ",
                         Typist(Role.DELEGATE, "Bolivia", NOT_NAMED.speaks_for))
    assert typing.refusal is not None
    assert f"you speak for Bolivia, not for {G77}" in typing.refusal
    assert "a group they speak for" in typing.refusal
