"""Property test: random sequences of bracket actions by several delegations and the chair.

After every action: every open bracket is held by delegations or awaits the chair; a resolved
or lifted bracket leaves none of its bracket characters behind; a refused action changes
nothing; and replaying the recorded events from the first state gives the same paragraph.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.author import Author
from negotiation.bracket_book import BracketBook, replay
from negotiation.bracket_requests import Actor, BracketRequest, decide
from negotiation.errors import BracketActionError
from negotiation.grammar import parse

DELEGATIONS = ("Venezuela", "Belize", "Mexico", "Canada")
ACTORS = [Actor(Author(f"d-{d}", d), "delegate", frozenset({d})) for d in DELEGATIONS]
ACTORS.append(Actor(Author("Chair"), "chair"))
WORDS = st.sampled_from(["States", "shall", "should", "report", "by", "2030", "the",
                         "Parties", "may", "consider", "measures", "appropriate"])
KINDS = ["raise", "option", "table", "join", "withdraw", "resolve", "lift", "adopt"]


def free_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words that stand outside every bracket."""
    inside = [(b.start, b.end) for b in parse(text).brackets]
    return [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z0-9]+", text)
            if not any(s <= m.start() < e for s, e in inside)]


def request_for(data, book: BracketBook, kind: str) -> BracketRequest:
    brackets = book.open_brackets()
    if kind == "raise":
        words = free_words(book.text)
        if not words:
            return BracketRequest("raise", start=0, end=0)
        first = data.draw(st.integers(0, len(words) - 1))
        last = data.draw(st.integers(first, min(first + 2, len(words) - 1)))
        alternatives = tuple(data.draw(st.lists(WORDS, max_size=2)))
        return BracketRequest("raise", start=words[first][0], end=words[last][1],
                              alternatives=alternatives)
    if kind == "table":
        return BracketRequest("table", wording=" ".join(data.draw(st.lists(WORDS, min_size=1,
                                                                           max_size=4))))
    target = data.draw(st.sampled_from(brackets)) if brackets else None
    written, start = (target.written, target.start) if target else ("[gone]", 0)
    keep = data.draw(st.one_of(st.none(), st.integers(-1, 3)))
    wording = data.draw(st.one_of(st.none(), WORDS))
    if kind == "resolve" and keep is not None:
        wording = None
    return BracketRequest(kind, written, start, keep=keep, wording=wording,
                          rationale=data.draw(st.sampled_from([None, "consensus"])))


def check(book: BracketBook) -> None:
    for bracket in book.open_brackets():
        assert bracket.awaiting_chair == (not bracket.holders)
        assert set(bracket.holders) <= set(DELEGATIONS)
    in_text = [b for b in book.open_brackets() if b.place == "text"]
    assert len(in_text) == len(parse(book.text).brackets)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, min_size=3, max_size=12), st.data())
def test_random_bracket_actions_keep_the_model_consistent(words, data) -> None:
    first = BracketBook(" ".join(words) + ".", tabled_by=data.draw(
        st.sampled_from([None, "Belize"])), default_holders=("Mexico",))
    book, events = first, []
    for _ in range(data.draw(st.integers(1, 25))):
        actor = data.draw(st.sampled_from(ACTORS))
        kind = data.draw(st.sampled_from(KINDS))
        request = request_for(data, book, kind)
        try:
            event = decide(book, request, actor, paragraph_id="p")
            after = book.apply(event)
        except BracketActionError:
            continue  # refused: the book is a value, nothing changed
        if kind in ("resolve", "lift") and event.start is not None:
            kept = event.option if kind == "resolve" else parse(event.bracket).brackets[0] \
                .options[0]
            for mark in "[]":
                assert after.text.count(mark) == (book.text.count(mark)
                                                  - event.bracket.count(mark)
                                                  + (kept or "").count(mark))
        book = after
        events.append(event)
        check(book)
    assert replay(first, events) == book
