"""negotiation.typed_brackets: what an edit types by hand, in the typist's name."""

from __future__ import annotations

import pytest

from negotiation.author import Author
from negotiation.bracket_book import BracketBook
from negotiation.bracket_events import BracketAction, record_bracket_action
from negotiation.permissions import Role
from negotiation.typed_brackets import TypedHold, Typist, may_type, read_typing

VENEZUELA = Typist(Role.DELEGATE, "Venezuela")
CHAIR = Typist(Role.CHAIR)
TEXT = "To request the Council [to report] on the measures."


def test_a_proposal_in_another_delegations_name_is_refused_with_the_reason() -> None:
    typing = read_typing(TEXT, TEXT + " [BELIZE: And to act.]", VENEZUELA)
    assert typing.refusal == (
        "[BELIZE: And to act.] is a proposal in the name of Belize: you speak for Venezuela, "
        "not for Belize (a delegate may name their own delegation or a group they speak for);"
        " the edit was not applied")
    assert typing.holds == ()


def test_a_proposal_in_the_typists_own_name_is_held_by_their_delegation() -> None:
    after = TEXT + " [VENEZUELA: And to act.]"
    typing = read_typing(TEXT, after, VENEZUELA)
    assert typing.refusal is None
    assert typing.holds == (TypedHold("[VENEZUELA: And to act.]", after.index("[VEN"),
                                      "Venezuela"),)


def test_a_group_the_delegate_speaks_for_may_be_named() -> None:
    member = Typist(Role.DELEGATE, "Venezuela", frozenset({"GRULAC"}))
    assert read_typing(TEXT, TEXT + " [GRULAC: And to act.]", member).refusal is None
    assert read_typing(TEXT, TEXT + " [GRULAC: And to act.]", VENEZUELA).refusal


def test_renaming_a_proposal_is_naming_it() -> None:
    before = "[BELIZE: Conduct a study.]"
    assert read_typing(before, "[VENEZUELA: Conduct a study.]", VENEZUELA).refusal is None
    assert read_typing("[VENEZUELA: x]", "[BELIZE: x]", VENEZUELA).refusal
    assert read_typing("[BELIZ: x]", "[BELIZE: x]", VENEZUELA).refusal  # a name retyped


def test_editing_the_words_of_a_proposal_already_there_is_no_new_proposal() -> None:
    before = "c. [BELIZE: Conduct a study.]"
    typing = read_typing(before, "c. [BELIZE: Conduct a short study.]", VENEZUELA)
    assert typing == read_typing(before, before, VENEZUELA)  # nothing refused, nothing held


def test_the_chair_and_the_secretariat_table_no_proposal_by_typing() -> None:
    refusal = read_typing(TEXT, TEXT + " [BELIZE: x]", CHAIR).refusal
    assert refusal and "the chair may not table an alternative" in refusal
    assert read_typing(TEXT, TEXT + " [ANY: x]", Typist(Role.SECRETARIAT)).refusal


@pytest.mark.parametrize("after", [
    "To request the Council [to report] on the [measures].",  # a new bracket
    "To request the Council [to report] on the [measures / steps].",  # with alternatives
    "To request the [Council] [to report] on the measures.",
])
def test_a_newly_typed_bracket_is_held_by_the_typists_delegation(after: str) -> None:
    typing = read_typing(TEXT, after, VENEZUELA)
    new = [b for b in typing.holds]
    assert len(new) == 1 and new[0].delegation == "Venezuela"
    assert after[new[0].start:].startswith(new[0].written)
    assert new[0].written not in TEXT


def test_closing_a_bracket_types_it() -> None:
    typing = read_typing("To [note it.", "To [note] it.", VENEZUELA)
    assert typing.holds == (TypedHold("[note]", 3, "Venezuela"),)


def test_a_bracket_edited_or_left_alone_is_not_new() -> None:
    assert read_typing(TEXT, TEXT.replace("to report", "to report back"), VENEZUELA).holds == ()
    assert read_typing(TEXT, TEXT.replace("measures", "steps"), VENEZUELA).holds == ()
    assert read_typing(TEXT, TEXT.replace(" [to report]", ""), VENEZUELA).holds == ()


def test_a_typist_of_no_delegation_holds_nothing() -> None:
    assert read_typing(TEXT, TEXT + " [x]", CHAIR) == read_typing(TEXT, TEXT, CHAIR)


def test_typing_words_reads_no_brackets() -> None:
    assert not may_type(TEXT, TEXT.replace("measures", "measure"))
    assert may_type(TEXT, TEXT + "[")
    assert may_type("[BELIZ: x]", "[BELIZE: x]")
    assert not may_type("plain", "plainer")


def test_the_typed_event_makes_the_typists_delegation_the_holder() -> None:
    text = "States [shall] act."
    book = BracketBook(text, default_holders=("Mexico",))
    assert book.open_brackets()[0].holders == ("Mexico",)
    event = record_bracket_action("p", BracketAction.TYPED, "[shall]",
                                  author=Author("ana", "Venezuela"), start=7)
    assert book.apply(event).open_brackets()[0].holders == ("Venezuela",)
    assert book.apply(event).text == text


def test_a_proposal_is_refused_as_soon_as_its_name_is_typed_not_when_it_closes() -> None:
    assert read_typing(TEXT, TEXT + " [BELIZE:", VENEZUELA).refusal is None  # not a name yet
    refusal = read_typing(TEXT + " [BELIZE:", TEXT + " [BELIZE: ", VENEZUELA).refusal
    assert refusal and refusal.startswith("[BELIZE: ")
    assert read_typing(TEXT, TEXT + " [BELIZE: Conduct", VENEZUELA).refusal
    # the words of a proposal already there, closed or not, are no new name
    assert read_typing(TEXT + " [BELIZE: a", TEXT + " [BELIZE: ab", VENEZUELA).refusal is None
    assert read_typing(TEXT + " [VENEZUELA:", TEXT + " [VENEZUELA: a", VENEZUELA).refusal is None
