"""A paragraph's attribution note, derived from who holds its brackets, never typed.

"(Phrase in brackets at the request of the B.R. of Venezuela)" says who holds the brackets of
a paragraph that do not name their delegation ("[shall / should]", not "[BELIZE: ...]"). An
imported note seeds those holders (``BracketBook.default_holders``); from then on the note is
what the holders are: when Venezuela withdraws and Mexico joins, the paragraph reads::

    holders_of_note(book) -> ("Mexico",)
    note(book, "(Phrase in brackets at the request of the B.R. of Venezuela)")
    -> "(In brackets at the request of the delegation of Mexico)"

While the holders are still the ones the imported note named, the note is kept as the draft
wrote it (or left out, when the draft had none); with nobody holding an unnamed bracket (all
await the chair, or there are none) there is no note. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from negotiation.bracket_book import BracketBook, HeldBracket
from negotiation.grammar import parse


def holders_of_note(book: BracketBook) -> tuple[str, ...]:
    """The delegations holding the paragraph's brackets that do not name their own, in the
    order they first hold one."""
    return _holders(_unnamed(book))


def note(book: BracketBook, typed: str | None = None) -> str | None:
    """The attribution note of the paragraph ``book`` describes; ``typed``: the note the
    draft had (kept as written while it still names exactly the holders)."""
    unnamed = _unnamed(book)
    if not unnamed:
        return None
    holders = _holders(unnamed)
    if set(holders) == set(book.default_holders):
        return typed  # as the draft had it (a document read from JSON may have none)
    return note_for(holders)


def note_for(holders: Sequence[str]) -> str | None:
    """'(In brackets at the request of the delegation of Venezuela)' for ``holders``."""
    if not holders:
        return None
    names = list(holders)
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    noun = "delegation" if len(names) == 1 else "delegations"
    return f"(In brackets at the request of the {noun} of {who})"


def _unnamed(book: BracketBook) -> list[HeldBracket]:
    """The open brackets in the text that do not name their delegation."""
    if "[" not in book.text:
        return []
    named = {b.start for b in parse(book.text).brackets if b.delegation}
    return [b for b in book.open_brackets() if b.place == "text" and b.start not in named]


def _holders(brackets: list[HeldBracket]) -> tuple[str, ...]:
    found: list[str] = []
    for bracket in brackets:
        found.extend(h for h in bracket.holders if h not in found)
    return tuple(found)
