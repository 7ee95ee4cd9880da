"""A revision drafted from an older text, merged with what changed since (three-way, exact).

The secretariat drafts a revision from the text as it stood when they took it (an export),
while delegations go on typing. Stored as it is, the revised text would replace every word
typed since that export: the drafter never saw them. Given the text the revision was drafted
from, each paragraph becomes instead the drafter's change applied to the current text::

    drafted_from  --(the drafter's change)-->      revised
         |                                            |
    (typed since the export)                  (typed since, transformed)
         v                                            v
      current     --(the drafter's change, transformed)-->  merged

Both changes are minimal ops on the paragraph's text as drafted from
(negotiation/sync/minimal.py) and one is transformed through the other exactly as the live
merge does (negotiation/sync/ops.py): a word typed since is never lost, even inside a passage
the drafter deleted (it stays where the passage was); a word both deleted is deleted once; where
both typed at one place, the revision's words come first.

Paragraphs are matched by lineage (negotiation/lineage.py): the drafted-from text's take the
ids of the current paragraphs they continue (they differ by the words typed since), and the
revised text's those of the drafted-from paragraphs they continue (they differ by the
drafter's change only; matched against the current text, a paragraph where many words were
typed since could seem new). The result carries the current ids, to be stored as it is. A
paragraph the revision adds, or one the drafted-from text does not have, keeps the revised
words as they are; a paragraph the revision drops stays dropped.
"""

from __future__ import annotations

import copy

from negotiation import lineage
from negotiation.model import Document
from negotiation.sync import ops
from negotiation.sync.minimal import minimal_op


def merge_paragraph(drafted_from: str, revised: str, current: str) -> str:
    """The change ``drafted_from -> revised`` applied to ``current`` (itself a change of
    ``drafted_from``), each transformed through the other; the revision's words first where
    both inserted at one place."""
    if current == drafted_from:
        return revised
    if revised == drafted_from:
        return current
    drafter = minimal_op(drafted_from, revised) or [len(drafted_from)]
    since = minimal_op(drafted_from, current) or [len(drafted_from)]
    drafter_after, _ = ops.transform(drafter, since)
    return ops.apply(current, drafter_after)


def merge_revision(current: Document, drafted_from: Document, revised: Document) -> Document:
    """``revised`` with the paragraphs' ids of ``current`` (lineage) and, in each paragraph
    ``drafted_from`` has too, the words typed since kept (``merge_paragraph``)."""
    base = lineage.link_ids(current, drafted_from, lineage.align(current, drafted_from))
    linked = lineage.link_ids(base, revised, lineage.align(base, revised))
    now = {p.id: p.text for p in current.paragraphs()}
    then = {p.id: p.text for p in base.paragraphs()}
    merged = copy.deepcopy(linked)
    for paragraph in merged.paragraphs():
        if paragraph.id in now and paragraph.id in then:
            paragraph.text = merge_paragraph(then[paragraph.id], paragraph.text,
                                             now[paragraph.id])
    return merged
