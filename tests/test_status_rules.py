"""negotiation.status and status_requests: the status machine's conditions and who may ask."""

from __future__ import annotations

import pytest

from negotiation.author import Author
from negotiation.bracket_requests import Actor, Forbidden
from negotiation.errors import StatusError
from negotiation.model import ParagraphStatus
from negotiation.status import adopt_document, change_status
from negotiation.status_requests import decide_status

CHAIR = Actor(Author("Chair"), "chair")
VENEZUELA = Actor(Author("ana", "Venezuela"), "delegate", frozenset({"Venezuela"}))
BELIZE = Actor(Author("li", "Belize"), "delegate", frozenset({"Belize"}))


def test_a_paragraph_with_open_brackets_is_not_agreed() -> None:
    with pytest.raises(StatusError, match="still holds 2 open bracket"):
        change_status("open", "agreed", paragraph_id="p", author=Author("Chair"),
                      open_brackets=2)


def test_reopening_needs_a_reason() -> None:
    with pytest.raises(StatusError, match="needs a reason"):
        change_status("agreed", "open", paragraph_id="p", author=Author("Chair"))
    event = change_status("agreed", "open", paragraph_id="p", author=Author("Chair"),
                          reason="new facts")
    assert event.new is ParagraphStatus.OPEN


def test_ad_referendum_belongs_to_the_delegation_that_asked() -> None:
    event = decide_status(VENEZUELA, "open", "agreed ad referendum", paragraph_id="p",
                          open_brackets=0, asked_by=None)
    assert event.author.delegation == "Venezuela"
    with pytest.raises(Forbidden, match="not for Venezuela"):
        decide_status(BELIZE, "agreed ad referendum", "agreed", paragraph_id="p",
                      open_brackets=0, asked_by="Venezuela")
    assert decide_status(VENEZUELA, "agreed ad referendum", "open", paragraph_id="p",
                         open_brackets=0, asked_by="Venezuela").new is ParagraphStatus.OPEN
    assert decide_status(CHAIR, "agreed ad referendum", "agreed", paragraph_id="p",
                         open_brackets=0, asked_by="Venezuela").new is ParagraphStatus.AGREED


def test_only_the_chair_marks_agreed_and_nobody_adopts_one_paragraph() -> None:
    with pytest.raises(Forbidden, match="the delegate may not mark agreed"):
        decide_status(VENEZUELA, "open", "agreed", paragraph_id="p", open_brackets=0,
                      asked_by=None)
    with pytest.raises(StatusError, match="adopted with the whole document"):
        decide_status(CHAIR, "agreed", "adopted", paragraph_id="p", open_brackets=0,
                      asked_by=None)


def test_the_document_is_adopted_when_every_paragraph_is_agreed() -> None:
    with pytest.raises(StatusError, match="1 are not yet"):
        adopt_document({"a": "agreed", "b": "open"}, author=Author("Secretariat"))
    events = adopt_document({"a": "agreed", "b": "agreed"}, author=Author("Secretariat"))
    assert [e.new for e in events] == [ParagraphStatus.ADOPTED] * 2
