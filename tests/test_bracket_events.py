"""negotiation.bracket_events: bracket actions as events."""

from __future__ import annotations

import pytest

from negotiation.author import Author
from negotiation.bracket_events import (
    OPTION,
    BracketAction,
    BracketEvent,
    record_bracket_action,
)
from negotiation.errors import BracketActionError

CANADA = Author("li", "Canada")


def test_the_docstring_example() -> None:
    event = record_bracket_action("op2", "option added", "[in 2027]",
                                  author=Author("li", "Canada"), option="by 2030",
                                  reason="timing")
    assert event == BracketEvent(paragraph_id="op2", action=BracketAction.OPTION_ADDED,
                                 bracket="[in 2027]", author=Author("li", "Canada"),
                                 option="by 2030", reason="timing")


def test_the_actions_are_the_stored_values() -> None:
    assert [a.value for a in BracketAction] == ["raised", "option added", "joined",
                                                "withdrawn", "resolved", "lifted", "tabled",
                                                "adopted", "typed", "edited"]
    assert set(OPTION) == set(BracketAction)


@pytest.mark.parametrize("action", ["raised", "joined", "withdrawn", "resolved", "lifted",
                                    "adopted"])
def test_each_action_is_recorded_with_what_it_carries(action) -> None:
    event = record_bracket_action("op2", action, "[shall][should]", author=CANADA,
                                  reason="  ")
    assert (event.action, event.option, event.reason) == (action, None, None)


def test_a_resolution_may_keep_one_option_or_none() -> None:
    kept = record_bracket_action("op2", "resolved", "[shall][should]", author=Author("Chair"),
                                 option="shall", reason="consensus")
    assert (kept.option, kept.reason) == ("shall", "consensus")
    dropped = record_bracket_action("op2", "resolved", "[in 2027]", author=Author("Chair"),
                                    option="")
    assert dropped.option == ""  # the passage was deleted


@pytest.mark.parametrize(("action", "bracket", "option", "message"), [
    ("ignored", "[x]", None, "paragraph 'op2': unknown bracket action 'ignored'; expected one "
     "of raised, option added, joined, withdrawn, resolved, lifted, tabled, adopted"),
    ("raised", "shall", None, "a bracket is recorded as written, from its '[' to its ']'; "
     "got 'shall'"),
    ("raised", "", None, "got ''"),
    ("option added", "[x]", None, "'option added' needs the option's wording"),
    ("option added", "[x]", "  ", "'option added' needs the option's wording"),
    ("joined", "[x]", "y", "'joined' carries no option; got 'y'"),
    ("withdrawn", "[x]", "", "'withdrawn' carries no option"),
    ("raised", "[x]", 3, "an option is a text; got 3"),
])
def test_what_cannot_be_recorded_is_refused_naming_why(action, bracket, option,
                                                       message) -> None:
    with pytest.raises(BracketActionError, match=message.replace("[", r"\[")) as raised:
        record_bracket_action("op2", action, bracket, author=CANADA, option=option)
    assert raised.value.paragraph_id == "op2"
