"""The chair's console as the page and its JSON show it: open brackets and proposals grouped
by paragraph, then by delegation, with the filters applied, the progress figures and the
series of open items over the session. Gathers from the store; the domain
(negotiation.console) does the listing and counting. Holders are grouped and filtered by who
they are (negotiation.delegations.delegation_key), so holds recorded under two spellings of
one delegation ("Bolivia", "Bolivia (Plurinational State of)") are one delegation's."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from negotiation.console import (
    ConsoleItem,
    Progress,
    console_items,
    filter_items,
    open_over_time,
    progress,
)
from negotiation.delegations import delegation_key
from negotiation.model import Document, ParagraphStatus
from negotiation.references import walk_with_references

AGES = {"": None, "600": 600, "3600": 3600, "86400": 86400}  # filter value -> seconds


@dataclass(frozen=True)
class Filters:
    delegation: str = ""
    section: str = ""
    age: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        age = query.get("age", "")
        return cls(query.get("delegation", "")[:80], query.get("section", "")[:20],
                   age if age in AGES else "", query.get("kind", "")[:10])


@dataclass
class ParagraphGroup:
    paragraph_id: str
    reference: str
    status: str
    by_delegation: dict[str, list[ConsoleItem]] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsoleView:
    document: Document
    groups: list[ParagraphGroup]
    shown: int
    progress: Progress
    series: list[tuple[datetime, int]]
    delegations: list[str]
    sections: list[str]
    filters: Filters
    now: datetime
    choices: list[tuple[str, str, str]]  # every live paragraph: (id, reference, status)


def console_view(store, document_id: str, filters: Filters = Filters(),
                 now: datetime | None = None) -> ConsoleView:
    now = now or datetime.now(UTC)
    document = store.load_document(document_id)
    state = store.console_state(document_id)
    items = console_items(document, state.books, state.since, state.created)
    figures = progress(state.books, items)
    shown = filter_items(items, now, delegation=filters.delegation or None,
                         section=filters.section or None,
                         min_age_seconds=AGES[filters.age], kind=filters.kind or None)
    groups: dict[str, ParagraphGroup] = {}
    labels: dict[tuple[str, ...], str] = {}  # holders by who they are -> the label shown
    for item in shown:
        group = groups.get(item.paragraph_id)
        if group is None:
            group = groups[item.paragraph_id] = ParagraphGroup(
                item.paragraph_id, item.reference, state.books[item.paragraph_id][1])
        label = labels.setdefault(tuple(delegation_key(h) for h in item.holders),
                                  ", ".join(item.holders) or "awaiting the chair")
        group.by_delegation.setdefault(label, []).append(item)
    named: dict[str, str] = {}  # one per delegation, however its holds were recorded
    for holder in sorted({h for item in items for h in item.holders}):
        named.setdefault(delegation_key(holder), holder)
    delegations = sorted(named.values())
    sections = sorted({item.section for item in items})
    choices = [(p.id, reference, state.books[p.id][1])
               for reference, p in walk_with_references(document) if p.id in state.books]
    return ConsoleView(document, list(groups.values()), len(shown), figures,
                       open_over_time(figures.open_brackets + figures.proposals,
                                      state.events),
                       delegations, sections, filters, now, choices)


def progress_of(store, document_id: str) -> tuple[Progress, bool]:
    """The console's progress figures of ``document_id`` alone (the documents page's progress
    board, server/progress_board.py), read and counted as ``console_view`` does, and whether
    every paragraph is adopted (the chair's adoption of the document)."""
    document = store.load_document(document_id)
    state = store.console_state(document_id)
    figures = progress(state.books, console_items(document, state.books, state.since,
                                                  state.created))
    adopted = bool(state.books) and all(status == ParagraphStatus.ADOPTED.value
                                        for _, status in state.books.values())
    return figures, adopted


def as_json(view: ConsoleView) -> dict[str, Any]:
    return {
        "progress": asdict(view.progress),
        "shown": view.shown,
        "series": [[at.isoformat(), count] for at, count in view.series],
        "paragraphs": [{
            "p": group.paragraph_id, "reference": group.reference, "status": group.status,
            "delegations": {label: [{
                "written": i.written, "start": i.start, "kind": i.kind,
                "options": list(i.options), "holders": list(i.holders),
                "awaitingChair": i.awaiting_chair, "ageSeconds": i.age_seconds(view.now)}
                for i in items] for label, items in group.by_delegation.items()}}
            for group in view.groups]}


def age_words(seconds: int) -> str:
    """'4 min', '2 h', '3 d': how long an item has been open."""
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def sparkline(series: list[tuple[datetime, int]], width: int = 240, height: int = 48) -> str:
    """SVG polyline points of the open count over the session."""
    if not series:
        return ""
    top = max(count for _, count in series) or 1
    step = width / max(len(series) - 1, 1)
    return " ".join(f"{index * step:.1f},{height - count * height / top:.1f}"
                    for index, (_, count) in enumerate(series))
