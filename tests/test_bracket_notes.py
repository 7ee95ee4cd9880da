"""negotiation/bracket_notes.py: a paragraph's attribution note is derived from who holds its
unnamed brackets; the imported note only seeds the holders."""

from __future__ import annotations

from negotiation.author import Author
from negotiation.bracket_book import BracketBook
from negotiation.bracket_events import BracketAction, BracketEvent
from negotiation.bracket_notes import holders_of_note, note, note_for

TEXT = "requires [shared responsibility / co-responsibility] and [BELIZE: cooperation]"
SHARED = "[shared responsibility / co-responsibility]"
TYPED = "(Phrase in brackets at the request of the B.R. of Venezuela)"


def act(book: BracketBook, action: BracketAction, delegation: str) -> BracketBook:
    return book.apply(BracketEvent("p1", action, SHARED, Author("x", delegation), start=9))


def test_the_imported_note_stands_while_it_names_the_holders() -> None:
    book = BracketBook(TEXT, default_holders=("Venezuela",))
    assert holders_of_note(book) == ("Venezuela",)  # "[BELIZE: ...]" names its own
    assert note(book, TYPED) == TYPED


def test_the_note_follows_joins_and_withdrawals() -> None:
    book = act(BracketBook(TEXT, default_holders=("Venezuela",)), BracketAction.JOINED,
               "Mexico")
    assert note(book, TYPED) == ("(In brackets at the request of the delegations of "
                                 "Venezuela and Mexico)")
    book = act(book, BracketAction.WITHDRAWN, "Venezuela")
    assert note(book, TYPED) == "(In brackets at the request of the delegation of Mexico)"
    book = act(book, BracketAction.WITHDRAWN, "Mexico")
    assert holders_of_note(book) == () and note(book, TYPED) is None  # awaits the chair


def test_no_unnamed_bracket_no_note() -> None:
    assert note(BracketBook("requires cooperation", default_holders=("Venezuela",)),
                TYPED) is None
    assert note(BracketBook("[BELIZE: cooperation]"), None) is None
    assert note_for(()) is None
    assert note_for(("Chile", "Peru", "Belize")) == (
        "(In brackets at the request of the delegations of Chile, Peru and Belize)")


def test_a_draft_without_a_note_gets_one_when_the_holders_change() -> None:
    book = BracketBook(TEXT, default_holders=("Venezuela",))
    assert note(book, None) is None
    joined = act(book, BracketAction.JOINED, "Peru")
    assert note(joined, None) == ("(In brackets at the request of the delegations of "
                                  "Venezuela and Peru)")
