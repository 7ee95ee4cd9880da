"""negotiation.bracket_book, bracket_text and bracket_requests: bracket actions on a paragraph."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from negotiation.author import Author
from negotiation.bracket_book import BracketBook, replay
from negotiation.bracket_requests import Actor, BracketRequest, Forbidden, decide
from negotiation.bracket_text import BracketGone, raise_bracket, resolve
from negotiation.errors import BracketActionError

SHARED = ("That human trafficking may be a crime that is transnational in nature, and that "
          "fighting this crime requires [shared responsibility / co-responsibility] and "
          "bilateral cooperation;")
WRITTEN = "[shared responsibility / co-responsibility]"
VENEZUELA = Actor(Author("ana", "Venezuela"), "delegate", frozenset({"Venezuela"}))
BELIZE = Actor(Author("li", "Belize"), "delegate", frozenset({"Belize"}))
CHAIR = Actor(Author("Chair"), "chair")


def act(book: BracketBook, actor: Actor, **request) -> BracketBook:
    event = decide(book, BracketRequest(**request), actor, paragraph_id="p10")
    return book.apply(event)


def test_the_docstring_example() -> None:
    text, written = raise_bracket("requires shared responsibility and", 9, 30,
                                  ["co-responsibility"])
    assert (text, written) == ("requires [shared responsibility / co-responsibility] and",
                               WRITTEN)
    assert resolve(text, 9, written, "shared responsibility") == \
        "requires shared responsibility and"


def test_venezuela_holds_the_bracket_of_its_note_and_the_chair_keeps_an_option() -> None:
    book = BracketBook(SHARED, default_holders=("Venezuela",))
    [bracket] = book.open_brackets()
    assert (bracket.written, bracket.holders, bracket.options) == (
        WRITTEN, ("Venezuela",), ("shared responsibility", "co-responsibility"))
    start = SHARED.index("[")
    event = decide(book, BracketRequest("resolve", WRITTEN, start, keep=0,
                                        rationale=" agreed in informals "), CHAIR,
                   paragraph_id="p10")
    assert (event.option, event.reason, event.author) == ("shared responsibility",
                                                           "agreed in informals", CHAIR.author)
    after = book.apply(event)
    assert "requires shared responsibility and" in after.text
    assert after.open_brackets() == []


def test_a_withdrawn_tabled_paragraph_awaits_the_chair_who_lifts_it() -> None:
    book = BracketBook("Conduct a study on the feasibility ...", tabled_by="Belize")
    [tabled] = book.open_brackets()
    assert (tabled.kind, tabled.holders, tabled.start) == ("tabled", ("Belize",), None)
    book = act(book, BELIZE, kind="withdraw", bracket=tabled.written)
    [waiting] = book.open_brackets()
    assert waiting.awaiting_chair
    with pytest.raises(Forbidden, match="the delegate may not lift a bracket; only the chair"):
        act(book, BELIZE, kind="lift", bracket=tabled.written)
    book = act(book, CHAIR, kind="lift", bracket=tabled.written)
    assert (book.text, book.tabled_by, book.open_brackets()) == (
        "Conduct a study on the feasibility ...", None, [])


def test_raise_join_withdraw_and_options() -> None:
    book = BracketBook("States shall report by 2027.")
    book = act(book, BELIZE, kind="raise", start=7, end=12, alternatives=("should",))
    assert book.text == "States [shall / should] report by 2027."
    book = act(book, VENEZUELA, kind="join", bracket="[shall / should]", start=7)
    assert book.open_brackets()[0].holders == ("Belize", "Venezuela")
    book = act(book, VENEZUELA, kind="option", bracket="[shall / should]", start=7,
               wording="may")
    assert book.text == "States [shall / should / may] report by 2027."
    assert book.open_brackets()[0].holders == ("Belize", "Venezuela")
    for actor in (BELIZE, VENEZUELA):
        book = act(book, actor, kind="withdraw", bracket="[shall / should / may]", start=7)
    assert book.open_brackets()[0].awaiting_chair


def test_a_proposal_is_tabled_in_ones_own_name_and_adopted_by_the_chair() -> None:
    book = BracketBook("Old words.")
    with pytest.raises(Forbidden, match="you speak for Venezuela, not for Belize"):
        act(book, VENEZUELA, kind="table", wording="New words.", delegation="Belize")
    book = act(book, VENEZUELA, kind="table", wording="New words.")
    [proposal] = book.open_brackets()
    assert (proposal.kind, proposal.holders, proposal.written) == (
        "proposal", ("Venezuela",), "[Venezuela: New words.]")
    book = act(book, CHAIR, kind="adopt", bracket=proposal.written, rationale="consensus")
    assert (book.text, book.proposals) == ("New words.", ())


@pytest.mark.parametrize(("actor", "request_", "error", "message"), [
    (CHAIR, dict(kind="resolve", bracket=WRITTEN, start=3, keep=0), BracketGone,
     "no open bracket"),
    (CHAIR, dict(kind="resolve", bracket=WRITTEN, start=SHARED.index("["), keep=2),
     BracketActionError, "option 2 is out of range: the bracket has 2 option"),
    (VENEZUELA, dict(kind="resolve", bracket=WRITTEN, start=SHARED.index("["), keep=0),
     Forbidden, "the delegate may not resolve a bracket"),
    (CHAIR, dict(kind="resolve", bracket=WRITTEN, start=SHARED.index("["), keep=0,
                 rationale="x" * 2001), BracketActionError, "a rationale is at most 2000"),
    (BELIZE, dict(kind="withdraw", bracket=WRITTEN, start=SHARED.index("[")),
     BracketActionError, "Belize do\\(es\\) not hold this bracket"),
    (VENEZUELA, dict(kind="join", bracket=WRITTEN, start=SHARED.index("[")),
     BracketActionError, "Venezuela holds this bracket already"),
    (CHAIR, dict(kind="resolve", bracket=WRITTEN, start=SHARED.index("["),
                 wording="[sneaky]"), BracketActionError, "may not hold square brackets"),
    (CHAIR, dict(kind="dance"), BracketActionError, "unknown bracket action 'dance'"),
])
def test_bad_requests_are_refused_and_change_nothing(actor, request_, error, message) -> None:
    book = BracketBook(SHARED, default_holders=("Venezuela",))
    with pytest.raises(error, match=message):
        decide(book, BracketRequest(**request_), actor, paragraph_id="p10")


def test_replay_rebuilds_the_text() -> None:
    start = BracketBook("States shall report by 2027.")
    events, book = [], start
    for actor, request in [(BELIZE, dict(kind="raise", start=7, end=12)),
                           (CHAIR, dict(kind="lift", bracket="[shall]", start=7))]:
        events.append(decide(book, BracketRequest(**request), actor, paragraph_id="p"))
        book = book.apply(events[-1])
    assert replay(start, events) == book
    assert book.text == "States shall report by 2027."


UN_BOLIVIA = "Bolivia (Plurinational State of)"
UN_DELEGATE = Actor(Author("eva", UN_BOLIVIA), "delegate", frozenset({UN_BOLIVIA}))


def test_holders_are_compared_by_who_they_are_not_by_spelling() -> None:
    """A hold recorded as "Bolivia" (the OAS short name) is the UN seat's own: no second hold,
    and withdrawing it frees the bracket; the record keeps its spelling."""
    book = BracketBook("States [shall] act [BOLIVIA (PLURINATIONAL STATE OF): now].",
                       holds=MappingProxyType({"[shall]": ("Bolivia",)}))
    typed = "[BOLIVIA (PLURINATIONAL STATE OF): now]"
    assert [b.holders for b in book.open_brackets()] == [("Bolivia",), ("Bolivia",)]
    with pytest.raises(BracketActionError, match="holds this bracket already"):
        act(book, UN_DELEGATE, kind="join", bracket="[shall]", start=7)
    freed = act(book, UN_DELEGATE, kind="withdraw", bracket="[shall]", start=7)
    assert freed.open_brackets()[0].awaiting_chair
    freed = act(freed, UN_DELEGATE, kind="withdraw", bracket=typed, start=19)
    assert freed.open_brackets()[1].awaiting_chair
    tabled = act(book, UN_DELEGATE, kind="table", wording="To act.", delegation="BOLIVIA")
    assert tabled.proposals == (("Bolivia (Plurinational State of)", "To act."),)
