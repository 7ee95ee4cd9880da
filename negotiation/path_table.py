"""The whole document's path table: every paragraph × every revision, what happened to it.

``path_table([(name, document), ...])`` takes the revisions in order and returns one row per
paragraph that ever existed (in the order of the revision that last held it), each with one
cell per revision: "new" (first appears), "unchanged", "edited", "dropped" (held by the
previous revision, not by this one), or "" (not there). Paragraphs are followed by their stable
ids, which lineage keeps across revisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from negotiation.compare import DROPPED, EDITED, NEW, UNCHANGED, paragraph_words
from negotiation.model import Document
from negotiation.references import paragraph_references


@dataclass(frozen=True)
class PathRow:
    paragraph_id: str
    reference: str  # in the latest revision that held it
    cells: list[str]  # one per revision


def path_table(revisions: Sequence[tuple[str, Document]]) -> list[PathRow]:
    words = [{p.id: paragraph_words(p) for p in doc.paragraphs()} for _, doc in revisions]
    names: dict[str, str] = {}
    order: list[str] = []
    for _, doc in revisions:
        for paragraph_id, reference in paragraph_references(doc).items():
            names[paragraph_id] = reference
            if paragraph_id not in order:
                order.append(paragraph_id)
    last = list(paragraph_references(revisions[-1][1])) if revisions else []
    order = last + [p for p in order if p not in set(last)]
    rows = []
    for paragraph_id in order:
        cells = []
        for index, held in enumerate(words):
            before = words[index - 1].get(paragraph_id) if index else None
            now = held.get(paragraph_id)
            if now is None:
                cells.append(DROPPED if before is not None else "")
            elif before is None:
                cells.append(NEW)
            else:
                cells.append(UNCHANGED if before == now else EDITED)
        rows.append(PathRow(paragraph_id, names[paragraph_id], cells))
    return rows
