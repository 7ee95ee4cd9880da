"""A Document's tree laid out as flat rows, and back.

A paragraph is stored as a row that knows its section, its parent and its position among its
siblings; e.g. operative paragraph 2 (b) of a resolution is::

    PlacedParagraph(paragraph=<b.>, section="operative", parent_id="op-2", position=1)

``place`` flattens a Document this way; ``assemble`` rebuilds the tree from rows in any order.
The fields carried along but not queried (proposals, attribution, ...) travel as one JSON
``details`` string; footnotes and artifacts as the document's ``extras``.

A delegation's alternative wording that is live text is a row of its own, under the
paragraph it answers (``parent_id``), whose details say so::

    {"answers": "op-3", "delegation": "Venezuela", "holders": ["Venezuela"]}

``assemble`` gives it back as one of that paragraph's ``proposals`` (with its ``id``), never as
a sub-paragraph, so the renderers and exports see the same document as before; the live room
holds it as a paragraph of its own (server/live/stream.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from negotiation.bracket_book import BracketBook
from negotiation.bracket_notes import holders_of_note, note
from negotiation.model import (
    Artifact,
    Document,
    Footnote,
    Paragraph,
    ParagraphKind,
    ParagraphStatus,
    Proposal,
    Section,
)
from server.store.ledger import dumps


@dataclass(frozen=True)
class PlacedParagraph:
    paragraph: Paragraph
    section: str
    parent_id: str | None
    position: int


@dataclass(frozen=True)
class ParagraphRow:
    """What ``assemble`` needs of one stored paragraph (from the paragraphs table or a
    revision's entries joined with their versions)."""

    id: str
    parent_id: str | None
    section: str
    position: int
    kind: str
    label: str | None
    intro: str | None
    intro_style: str | None
    status: str
    details: str
    text: str


def place(document: Document) -> list[PlacedParagraph]:
    """Every paragraph of ``document`` in document order, with where it stands."""
    placed: list[PlacedParagraph] = []

    def visit(paragraphs: list[Paragraph], section: str, parent: str | None) -> None:
        for position, paragraph in enumerate(paragraphs):
            placed.append(PlacedParagraph(paragraph, section, parent, position))
            visit(paragraph.children, section, paragraph.id)

    for section, top_level in document.sections():
        visit(top_level, section.value, None)
    return placed


def details_of(paragraph: Paragraph) -> str:
    """The details of a paragraph's own row: its proposals that are rows of their own (with
    an ``id``) are not repeated here."""
    return dumps({"proposed_by": paragraph.proposed_by,
                  "proposals": [{"delegation": p.delegation, "text": p.text}
                                for p in paragraph.proposals if p.id is None],
                  "requested_by": paragraph.requested_by,
                  "attribution": paragraph.attribution,
                  "footnote_marks": paragraph.footnote_marks})


def extras_of(document: Document) -> str:
    return dumps({"footnotes": [{"mark": f.mark, "text": f.text, "paragraph_id": f.paragraph_id}
                                for f in document.footnotes],
                  "artifacts": [{"text": a.text, "line": a.line, "reason": a.reason}
                                for a in document.artifacts]})


def assemble(meta: dict[str, str | None], extras: str, rows: Iterable[ParagraphRow]
             ) -> Document:
    """A Document from its metadata (symbol, title, organ, note, language) and paragraph rows.
    A row whose parent is not among the rows (a deleted parent) is left out with its subtree."""
    document = Document(symbol=meta.get("symbol"), title=meta.get("title"),
                        organ=meta.get("organ"), note=meta.get("note"),
                        language=meta.get("language") or "en")
    loaded = json.loads(extras or "{}")
    document.footnotes = [Footnote(**f) for f in loaded.get("footnotes", [])]
    document.artifacts = [Artifact(**a) for a in loaded.get("artifacts", [])]
    rows = sorted(rows, key=lambda row: row.position)
    answering = [(row, answered) for row in rows
                 if (answered := answers(row.details)) is not None]
    rows = [row for row in rows if answers(row.details) is None]
    paragraphs = {row.id: _paragraph(row) for row in rows}
    for row, answered in answering:
        if answered in paragraphs:
            paragraphs[answered].proposals.append(
                Proposal(json.loads(row.details)["delegation"], row.text, row.id))
    top: dict[str, list[Paragraph]] = {section.value: [] for section in Section}
    for row in rows:
        if row.parent_id is None:
            top.setdefault(row.section, []).append(paragraphs[row.id])
        elif row.parent_id in paragraphs:
            paragraphs[row.parent_id].children.append(paragraphs[row.id])
    document.preamble = top[Section.PREAMBLE.value]
    document.operative = top[Section.OPERATIVE.value]
    document.articles = top[Section.ARTICLES.value]
    return document


def answers(details: str | None) -> str | None:
    """The paragraph a proposal row answers; None for an ordinary paragraph's row."""
    if not details or '"answers"' not in details:
        return None
    return json.loads(details).get("answers")


def shown(rows: Iterable[tuple[str, str | None]]) -> set[str]:
    """Of the live rows given as (id, parent id), those that are part of the document: every
    paragraph above them is live too. A paragraph deleted on its own hides its sub-paragraphs
    (their rows stay live, and come back with it) and, in a store written before deleting a
    paragraph took its proposals along, the proposals answering it: none of them is counted
    as open or waits for agreement (the console, the adoption of the document)."""
    parent = dict(rows)
    seen: dict[str, bool] = {}

    def is_shown(paragraph_id: str) -> bool:
        path: list[str] = []
        at: str | None = paragraph_id
        while at is not None and at not in seen and at in parent and at not in path:
            path.append(at)
            at = parent[at]
        verdict = True if at is None else seen.get(at, False)  # a missing parent: hidden
        for each in path:
            seen[each] = verdict
        return verdict

    return {pid for pid in parent if is_shown(pid)}


def proposal_details(answered: str, delegation: str, holders: Iterable[str]) -> str:
    """The details of a proposal's own row."""
    return dumps({"answers": answered, "delegation": delegation, "holders": list(holders)})


def _paragraph(row: ParagraphRow) -> Paragraph:
    details = json.loads(row.details or "{}")
    requested_by, attribution = _held(row.text, details)
    return Paragraph(
        id=row.id, kind=ParagraphKind(row.kind), text=row.text, label=row.label,
        intro=row.intro, intro_style=row.intro_style, status=ParagraphStatus(row.status),
        proposed_by=details.get("proposed_by"),
        proposals=[Proposal(**p) for p in details.get("proposals", [])],
        requested_by=requested_by, attribution=attribution,
        footnote_marks=list(details.get("footnote_marks", [])))


def _held(text: str, details: dict) -> tuple[list[str], str | None]:
    """Who holds the paragraph's brackets that do not name their delegation, and its
    attribution note, derived from them (negotiation/bracket_notes.py): the imported note
    and its delegations only seed the holders the bracket actions then change."""
    seeded = list(details.get("requested_by", []))
    typed = details.get("attribution")
    holds = details.get("holds") or {}
    if not (seeded or typed or holds):
        return seeded, typed
    book = BracketBook(text, default_holders=tuple(seeded), holds=MappingProxyType(
        {k: tuple(v) for k, v in holds.items()}))
    return list(holders_of_note(book)), note(book, typed)
