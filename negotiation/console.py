"""The chair's console as data: every open bracket and proposal of a document, where it is,
its options, who holds it and since when; filters; and the progress figures.

``console_items`` walks the document in reading order and lists each paragraph's open
brackets (negotiation.bracket_book) with the chair-readable reference of the paragraph
("operative paragraph 3 (c)"); ``progress`` counts open brackets, proposals and agreed
paragraphs; ``open_over_time`` rebuilds how many were open over the session from the bracket
events' times. Pure: the times come in, nothing is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from negotiation.bracket_book import BracketBook
from negotiation.delegations import matching_name
from negotiation.model import Document, ParagraphStatus
from negotiation.references import walk_with_references

PROPOSAL_KINDS = frozenset({"proposal", "tabled"})
CLOSING = frozenset({"resolved", "lifted", "adopted"})
OPENING = frozenset({"raised", "tabled"})


@dataclass(frozen=True)
class ConsoleItem:
    paragraph_id: str
    reference: str  # "operative paragraph 3 (c)"
    section: str  # "preamble", "operative", "articles"
    written: str
    start: int | None
    kind: str
    options: tuple[str, ...]
    holders: tuple[str, ...]
    since: datetime
    depth: int = 1

    @property
    def awaiting_chair(self) -> bool:
        return not self.holders

    @property
    def is_proposal(self) -> bool:
        return self.kind in PROPOSAL_KINDS

    def age_seconds(self, now: datetime) -> int:
        return max(0, int((now - self.since).total_seconds()))


@dataclass(frozen=True)
class Progress:
    open_brackets: int
    proposals: int
    agreed: int  # paragraphs agreed or adopted
    ad_referendum: int
    paragraphs: int


def console_items(document: Document, books: Mapping[str, tuple[BracketBook, str]],
                  since: Mapping[tuple[str, str], datetime], created: datetime
                  ) -> list[ConsoleItem]:
    """Every open bracket and proposal, in reading order."""
    section_of = {each.id: section.value for section, top in document.sections()
                  for paragraph in top for each in paragraph.walk()}
    items: list[ConsoleItem] = []
    for reference, each in walk_with_references(document):
        if each.id not in books:
            continue
        book, _ = books[each.id]
        for bracket in book.open_brackets():
            items.append(ConsoleItem(
                each.id, reference, section_of.get(each.id, ""), bracket.written,
                bracket.start, bracket.kind, bracket.options, bracket.holders,
                since.get((each.id, bracket.written), created), bracket.depth))
    return items


def progress(books: Mapping[str, tuple[BracketBook, str]],
             items: Sequence[ConsoleItem]) -> Progress:
    statuses = [status for _, status in books.values()]
    agreed = {ParagraphStatus.AGREED.value, ParagraphStatus.ADOPTED.value}
    return Progress(
        open_brackets=sum(1 for i in items if not i.is_proposal),
        proposals=sum(1 for i in items if i.is_proposal),
        agreed=sum(1 for s in statuses if s in agreed),
        ad_referendum=statuses.count(ParagraphStatus.AGREED_AD_REFERENDUM.value),
        paragraphs=len(statuses))


def filter_items(items: Iterable[ConsoleItem], now: datetime, *,
                 delegation: str | None = None, section: str | None = None,
                 min_age_seconds: int | None = None, kind: str | None = None
                 ) -> list[ConsoleItem]:
    """The items that pass every filter given ("awaiting chair" as delegation: nobody)."""
    kept = []
    for item in items:
        if delegation == "awaiting chair" and item.holders:
            continue
        if delegation not in (None, "", "awaiting chair") and not matching_name(
                delegation, item.holders):
            continue
        if section and item.section != section:
            continue
        if min_age_seconds and item.age_seconds(now) < min_age_seconds:
            continue
        if kind and kind != ("proposal" if item.is_proposal else "bracket"):
            continue
        kept.append(item)
    return kept


def open_over_time(open_now: int, events: Sequence[tuple[datetime, str]]
                   ) -> list[tuple[datetime, int]]:
    """(time, open brackets and proposals just after it) for every bracket event, oldest
    first, counted back from ``open_now``: an opening event added one, a closing one took
    one away."""
    points: list[tuple[datetime, int]] = []
    count = open_now
    for at, action in sorted(events, reverse=True):
        points.append((at, count))
        count += (action in CLOSING) - (action in OPENING)
    return list(reversed(points))
