"""negotiation.status: paragraph status changes as events."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation.author import Author
from negotiation.errors import NoChange, StatusError, StatusUnchanged
from negotiation.model import ParagraphStatus
from negotiation.status import TRANSITIONS, StatusChanged, apply, change_status

CHAIR = Author("Chair")


def test_the_docstring_example() -> None:
    event = change_status("open", "agreed", paragraph_id="op3", author=Author("Chair"),
                          reason="consensus in the working group")
    assert event == StatusChanged(paragraph_id="op3", old=ParagraphStatus.OPEN,
                                  new=ParagraphStatus.AGREED, author=Author("Chair"),
                                  reason="consensus in the working group")
    assert event.action == "open -> agreed"  # as the paragraph's history lists it


def test_an_unknown_status_is_refused_with_the_known_ones() -> None:
    with pytest.raises(StatusError, match="paragraph 'op2': unknown paragraph status 'done'; "
                       "expected one of open, agreed ad referendum, agreed, adopted"):
        change_status("open", "done", paragraph_id="op2", author=CHAIR)
    with pytest.raises(StatusError, match="unknown paragraph status 'closed'"):
        change_status("closed", "open", paragraph_id="op2", author=CHAIR)


def test_the_status_it_has_already_is_no_change() -> None:
    with pytest.raises(StatusUnchanged, match="'op2' is 'agreed ad referendum' already") as e:
        change_status(ParagraphStatus.AGREED_AD_REFERENDUM, "agreed ad referendum",
                      paragraph_id="op2", author=CHAIR)
    assert isinstance(e.value, NoChange) and e.value.paragraph_id == "op2"


def test_a_reason_is_trimmed_and_empty_is_none() -> None:
    assert change_status("open", "agreed", paragraph_id="p", author=CHAIR,
                         reason="  ").reason is None
    assert change_status("open", "agreed", paragraph_id="p", author=CHAIR,
                         reason=" read out \n").reason == "read out"
    with pytest.raises(StatusError, match="a reason is a text or None; got 3"):
        change_status("open", "agreed", paragraph_id="p", author=CHAIR, reason=3)


def test_the_status_machine() -> None:
    assert {
        ParagraphStatus.OPEN: {ParagraphStatus.AGREED_AD_REFERENDUM, ParagraphStatus.AGREED},
        ParagraphStatus.AGREED_AD_REFERENDUM: {ParagraphStatus.AGREED, ParagraphStatus.OPEN},
        ParagraphStatus.AGREED: {ParagraphStatus.OPEN, ParagraphStatus.ADOPTED},
        ParagraphStatus.ADOPTED: set()} == TRANSITIONS


def test_a_change_the_table_does_not_allow_is_refused() -> None:
    """The table is the one place the rules live: narrowing it refuses the change."""
    narrowed = {**TRANSITIONS, ParagraphStatus.ADOPTED: frozenset(),
                ParagraphStatus.AGREED: frozenset({ParagraphStatus.ADOPTED,
                                                   ParagraphStatus.OPEN})}
    with pytest.raises(StatusError, match="'p' cannot go from 'adopted' to 'open'; from "
                       "'adopted' it can become nothing else"):
        change_status("adopted", "open", paragraph_id="p", author=CHAIR,
                      transitions=narrowed)
    with pytest.raises(StatusError, match=r"from 'agreed' it can become 'open', 'adopted'$"):
        change_status("agreed", "agreed ad referendum", paragraph_id="p", author=CHAIR,
                      transitions=narrowed)


def test_replay_needs_the_status_the_event_starts_from() -> None:
    event = change_status("open", "agreed", paragraph_id="p", author=CHAIR)
    assert apply("open", event) is ParagraphStatus.AGREED
    with pytest.raises(StatusError, match="'p' is 'adopted', but the event 'open -> agreed'"):
        apply("adopted", event)


EVERYTHING = {status: frozenset(ParagraphStatus) - {status} for status in ParagraphStatus}


@given(st.lists(st.sampled_from(list(ParagraphStatus)), max_size=20))
def test_changes_replay_to_the_last_status(wanted) -> None:
    status, events = ParagraphStatus.OPEN, []
    for new in wanted:
        try:
            events.append(change_status(status, new, paragraph_id="p", author=CHAIR,
                                        reason="r", transitions=EVERYTHING))
        except StatusUnchanged:
            assert new == status
            continue
        except StatusError:
            assert (status, new) == (ParagraphStatus.OPEN,
                                     ParagraphStatus.AGREED_AD_REFERENDUM)
            continue
        status = new
    replayed = ParagraphStatus.OPEN
    for event in events:
        replayed = apply(replayed, event)
    assert replayed == status
