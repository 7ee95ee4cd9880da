"""Two revisions of one document side by side, paragraph by paragraph, aligned by lineage.

The store keeps a paragraph's stable id across revisions (negotiation.lineage links a new
revision's paragraphs to the old ones when it is imported), so paragraphs are paired by id,
never by position: a paragraph inserted above does not make every later one "changed".

``compare(old, new)`` gives one ``ComparedParagraph`` per paragraph of either revision, in the
newer revision's order, each dropped paragraph placed after the one it followed in the older.
A paragraph's words are its own line as negotiated (text, then its delegations' proposals).
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation.history import word_diff
from negotiation.model import Document, Paragraph
from negotiation.references import paragraph_references
from negotiation.render import proposal_notation

UNCHANGED, EDITED, NEW, DROPPED = "unchanged", "edited", "new", "dropped"


@dataclass(frozen=True)
class ComparedParagraph:
    paragraph_id: str
    reference: str  # as the chair reads it out, in the newer revision (older if dropped)
    change: str  # UNCHANGED | EDITED | NEW | DROPPED
    old_text: str | None
    new_text: str | None
    diff: list[tuple[str, str]]  # word diff old -> new ("equal" | "insert" | "delete", text)


def paragraph_words(paragraph: Paragraph) -> str:
    """The paragraph's own line as negotiated: its text, then each proposal in brackets."""
    text = proposal_notation(paragraph.proposed_by, paragraph.text) \
        if paragraph.proposed_by else paragraph.text
    return " ".join([text, *(proposal_notation(p.delegation, p.text)
                             for p in paragraph.proposals)]).strip()


def compare(old: Document, new: Document) -> list[ComparedParagraph]:
    old_words = {p.id: paragraph_words(p) for p in old.paragraphs()}
    new_words = {p.id: paragraph_words(p) for p in new.paragraphs()}
    old_names, new_names = paragraph_references(old), paragraph_references(new)
    rows: list[ComparedParagraph] = []
    dropped_after = _dropped_after(list(old_words), new_words)
    for paragraph_id in dropped_after.get(None, []):
        rows.append(_dropped(paragraph_id, old_words, old_names))
    for paragraph_id, words in new_words.items():
        before = old_words.get(paragraph_id)
        if before is None:
            rows.append(ComparedParagraph(paragraph_id, new_names[paragraph_id], NEW, None,
                                          words, [("insert", words)] if words else []))
        else:
            change = UNCHANGED if before == words else EDITED
            diff = [("equal", words)] if change == UNCHANGED else word_diff(before, words)
            rows.append(ComparedParagraph(paragraph_id, new_names[paragraph_id], change,
                                          before, words, diff))
        for gone in dropped_after.get(paragraph_id, []):
            rows.append(_dropped(gone, old_words, old_names))
    return rows


def _dropped(paragraph_id: str, old_words: dict[str, str],
             old_names: dict[str, str]) -> ComparedParagraph:
    words = old_words[paragraph_id]
    return ComparedParagraph(paragraph_id, old_names[paragraph_id], DROPPED, words, None,
                             [("delete", words)] if words else [])


def _dropped_after(old_order: list[str], new_words: dict[str, str]) -> dict[str | None, list[str]]:
    """Each dropped paragraph under the nearest earlier old paragraph that is still there."""
    placed: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for paragraph_id in old_order:
        if paragraph_id in new_words:
            anchor = paragraph_id
        else:
            placed.setdefault(anchor, []).append(paragraph_id)
    return placed


def counts(rows: list[ComparedParagraph]) -> dict[str, int]:
    """How many paragraphs of each kind of change, every kind present (0 when none)."""
    tally = dict.fromkeys((UNCHANGED, EDITED, NEW, DROPPED), 0)
    for row in rows:
        tally[row.change] += 1
    return tally
