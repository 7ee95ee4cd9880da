"""A Document's tree laid out as flat rows, and back.

A paragraph is stored as a row that knows its section, its parent and its position among its
siblings; e.g. operative paragraph 2 (b) of a resolution is::

    PlacedParagraph(paragraph=<b.>, section="operative", parent_id="op-2", position=1)

``place`` flattens a Document this way; ``assemble`` rebuilds the tree from rows in any order.
The fields carried along but not queried (proposals, attribution, ...) travel as one JSON
``details`` string; footnotes and artifacts as the document's ``extras``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

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
    return dumps({"proposed_by": paragraph.proposed_by,
                  "proposals": [{"delegation": p.delegation, "text": p.text}
                                for p in paragraph.proposals],
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
    paragraphs = {row.id: _paragraph(row) for row in rows}
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


def _paragraph(row: ParagraphRow) -> Paragraph:
    details = json.loads(row.details or "{}")
    return Paragraph(
        id=row.id, kind=ParagraphKind(row.kind), text=row.text, label=row.label,
        intro=row.intro, intro_style=row.intro_style, status=ParagraphStatus(row.status),
        proposed_by=details.get("proposed_by"),
        proposals=[Proposal(**p) for p in details.get("proposals", [])],
        requested_by=list(details.get("requested_by", [])),
        attribution=details.get("attribution"),
        footnote_marks=list(details.get("footnote_marks", [])))
