"""A paragraph followed back into an earlier document of the same negotiation (the 2007
draft's paragraph behind the 2009 resolution's): ``earlier_paragraphs(earlier, later,
paragraph_id)`` aligns the earlier document's text with the later one's first text
(negotiation.lineage) and returns the ids of the earlier paragraphs that became this one
(one when it was carried over or edited, several when they were merged, none when it is new).

Lineage aligns top-level paragraphs; a sub-paragraph is followed through the paragraph that
holds it."""

from __future__ import annotations

from negotiation.lineage import AlignmentKind, align
from negotiation.model import Document


def earlier_paragraphs(earlier: Document, later: Document, paragraph_id: str) -> list[str]:
    top = _top_level_id(later, paragraph_id)
    if top is None:
        return []
    for alignment in align(earlier, later):
        if alignment.kind is AlignmentKind.NEW:
            continue
        if any(ref.id == top for ref in alignment.new):
            return [ref.id for ref in alignment.old]
    return []


def _top_level_id(doc: Document, paragraph_id: str) -> str | None:
    for _, top_level in doc.sections():
        for paragraph in top_level:
            if any(p.id == paragraph_id for p in paragraph.walk()):
                return paragraph.id
    return None
