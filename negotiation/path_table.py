"""The whole document's path table: every paragraph × every revision, what happened to it.

``path_table([(name, document), ...])`` takes the revisions in order and returns one row per
paragraph that ever existed (in the order of the revision that last held it), each with one
cell per revision:

    new        it first appears
    split      it first appears, its words taken from the paragraph beside it (which goes on)
    unchanged  the same words as in the previous revision
    edited     other words
    dropped    held by the previous revision, not by this one
    merged     dropped, its words now in the paragraph that stood beside it
    ""         not there

Paragraphs are followed by their stable ids, which lineage keeps across revisions. A merge or
a split is recognised between neighbours (the paragraph just before or after), when at least
``MERGE_COVERAGE`` of the words live on there: that is how drafters merge and split, and it
keeps the table quick on a thousand paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from negotiation.compare import DROPPED, EDITED, NEW, UNCHANGED, paragraph_words
from negotiation.model import Document
from negotiation.references import paragraph_references
from negotiation.sync.textdiff import word_coverage

MERGED, SPLIT = "merged", "split"
MERGE_COVERAGE = 0.6
PREFILTER = 0.5  # share of distinct words in common below which no diff is run
WORD = re.compile(r"\w+")


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
    cells = {paragraph_id: [] for paragraph_id in order}
    for index, held in enumerate(words):
        before = words[index - 1] if index else {}
        for paragraph_id in order:
            was, now = before.get(paragraph_id), held.get(paragraph_id)
            if now is None:
                cell = DROPPED if was is not None else ""
            elif was is None:
                cell = NEW
            else:
                cell = UNCHANGED if was == now else EDITED
            cells[paragraph_id].append(cell)
        if index:
            _merges_and_splits(before, held, cells, index)
    return [PathRow(paragraph_id, names[paragraph_id], cells[paragraph_id])
            for paragraph_id in order]


def _merges_and_splits(before: dict[str, str], held: dict[str, str],
                       cells: dict[str, list[str]], index: int) -> None:
    """Mark dropped paragraphs whose words live on beside them "merged", new paragraphs whose
    words came from beside them "split"."""
    previous = list(before)
    for position, paragraph_id in enumerate(previous):
        if cells[paragraph_id][index] == DROPPED and any(
                _lives_on(before[paragraph_id], held[other])
                for other in _neighbours(previous, position, held)):
            cells[paragraph_id][index] = MERGED
    current = list(held)
    for position, paragraph_id in enumerate(current):
        if cells[paragraph_id][index] == NEW and any(
                _lives_on(held[paragraph_id], before[other])
                for other in _neighbours(current, position, before)):
            cells[paragraph_id][index] = SPLIT


def _lives_on(part: str, whole: str) -> bool:
    """At least MERGE_COVERAGE of ``part``'s words, in order, in ``whole``; the cheap test of
    shared words first, which rules out most pairs without a diff."""
    words = set(WORD.findall(part))
    if not words or len(words & set(WORD.findall(whole))) < PREFILTER * len(words):
        return False
    return word_coverage(part, whole) >= MERGE_COVERAGE


def _neighbours(ids: list[str], position: int, present: dict[str, str]) -> list[str]:
    """The nearest paragraph before and after ``position`` that is in ``present``."""
    found = []
    for step in (-1, 1):
        at = position + step
        while 0 <= at < len(ids) and ids[at] not in present:
            at += step
        if 0 <= at < len(ids):
            found.append(ids[at])
    return found
