"""negotiation.typed_brackets: what an edit types by hand, in the typist's name."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from negotiation.author import Author
from negotiation.bracket_book import BracketBook
from negotiation.bracket_events import BracketAction, record_bracket_action
from negotiation.errors import BracketActionError
from negotiation.permissions import Role
from negotiation.typed_brackets import EditedBracket, TypedHold, Typist, may_type, read_typing

VENEZUELA = Typist(Role.DELEGATE, "Venezuela")
BELIZE = Typist(Role.DELEGATE, "Belize")
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
    assert (typing.refusal, typing.holds) == (None, ())  # nothing refused, nothing held
    assert typing.edits == (EditedBracket(before[3:], "[BELIZE: Conduct a short study.]", 3),)


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


def test_editing_the_words_of_a_bracket_is_an_edit_of_that_bracket() -> None:
    before = "States [shall / should] act."
    typing = read_typing(before, "States [shall / must] act.", BELIZE)
    assert typing == read_typing(before, "States [shall / must] act.", CHAIR)  # anyone's
    assert typing.holds == ()
    assert typing.edits == (EditedBracket("[shall / should]", "[shall / must]", 7),)
    assert read_typing(before, before.replace("act", "do"), BELIZE).edits == ()
    assert read_typing(before, "Now " + before, BELIZE).edits == ()  # moved, not edited


def test_a_long_bracket_is_edited_far_from_its_opening() -> None:
    words = "shared responsibility for the prevention of trafficking in persons " * 3
    before = f"It requires [{words}/ co-responsibility] of States."
    after = before.replace("co-responsibility", "joint responsibility")
    assert may_type(before, after)
    [edit] = read_typing(before, after, BELIZE).edits
    assert (edit.before, edit.written) == (before[12:before.index("]") + 1],
                                           after[12:after.index("]") + 1])


def test_nested_brackets_are_both_edited() -> None:
    typing = read_typing("We [a [b] c].", "We [a [bb] c].", BELIZE)
    assert [(e.before, e.written) for e in typing.edits] == [("[a [b] c]", "[a [bb] c]"),
                                                             ("[b]", "[bb]")]


def test_the_edited_event_keeps_the_holders_and_adds_the_editors_delegation() -> None:
    before = BracketBook("States [shall / should] act.",
                         holds=MappingProxyType({"[shall / should]": ("Venezuela",)}))
    edited = replace(before, text="States [shall / must] act.")
    event = record_bracket_action("p", BracketAction.EDITED, "[shall / must]",
                                  author=Author("li", "Belize"), option="[shall / should]",
                                  start=7)
    after = edited.apply(event)
    assert [(b.written, b.holders) for b in after.open_brackets()] == [
        ("[shall / must]", ("Venezuela", "Belize"))]
    assert "[shall / should]" not in after.holds and after.text == edited.text
    by_chair = edited.apply(replace(event, author=Author("Chair")))
    assert by_chair.open_brackets()[0].holders == ("Venezuela",)  # the chair holds nothing
    again = after.apply(replace(event, author=Author("ana", "Venezuela")))
    assert again.open_brackets()[0].holders == ("Venezuela", "Belize")


def test_an_edited_bracket_of_the_note_keeps_the_notes_delegations() -> None:
    book = BracketBook("States [shall / must] act.", default_holders=("Venezuela",))
    event = record_bracket_action("p", BracketAction.EDITED, "[shall / must]",
                                  author=Author("li", "Belize"), option="[shall / should]",
                                  start=7)
    assert book.apply(event).open_brackets()[0].holders == ("Venezuela", "Belize")


def test_the_edited_event_needs_the_bracket_as_it_read() -> None:
    with pytest.raises(BracketActionError, match="needs the option"):
        record_bracket_action("p", BracketAction.EDITED, "[shall / must]",
                              author=Author("li", "Belize"), start=7)


def test_editing_another_delegations_named_proposal_does_not_make_the_editor_hold_it() -> None:
    book = BracketBook("c. [BELIZE: Conduct a short study.]")
    event = record_bracket_action("p", BracketAction.EDITED,
                                  "[BELIZE: Conduct a short study.]",
                                  author=Author("ana", "Venezuela"),
                                  option="[BELIZE: Conduct a study.]", start=3)
    assert book.apply(event).open_brackets()[0].holders == ("Belize",)
