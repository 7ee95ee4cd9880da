"""The op a merged edit applied to a paragraph, as ``negotiation.authorship.Weave.apply`` takes it.

The live room merges each edit into the paragraph's text (negotiation.sync) and knows the
text before and after. Until the merge hands out the exact op it applied, the op is derived
here from those two texts, and only here (``op_between``), so the exact one can replace it in
one place::

    >>> op_between("Urges States to act.", "Urges all States to act now.")
    [6, 'all ', 13, ' now', 1]

The common start and end of the two texts are kept as they are, and the changed middle is
diffed word by word with diff-match-patch and no clean-up (cursor-free): a clean-up would widen
a hunk over words nobody touched and credit them to this edit's author, and a character diff
could read a word left in place ("to") as deleted and typed again because its letters also
occur in the new words. A word replaced by another keeps the letters they share at their start
and end ("State" -> "States" inserts "s"). Where the placement is ambiguous (typing "the "
before "the cat" may be read as typed after the first "the "), the words credited are the
same ones, at the neighbouring place: the text is always exact, the attribution exact up to
identical neighbours.
"""

from __future__ import annotations

from negotiation.sync import textdiff
from negotiation.weave_runs import Component


def op_between(before: str, after: str) -> list[Component]:
    """The op (retain n > 0, insert str, delete -n) turning ``before`` into ``after``, in
    code points; it covers all of ``before`` (``[4]`` for "same" to "same")."""
    prefix, suffix = textdiff.common_affixes(before, after)
    op: list[Component] = [prefix] if prefix else []
    middle_before = before[prefix:len(before) - suffix]
    middle_after = after[prefix:len(after) - suffix]
    # only the changed middle is diffed: one typed word costs microseconds, not a diff of
    # the whole paragraph
    if not middle_before or not middle_after:
        op += [-len(middle_before)] if middle_before else []
        op += [middle_after] if middle_after else []
    else:
        op += _middle(middle_before, middle_after)
    if suffix:
        op.append(suffix)
    return op


def _middle(before: str, after: str) -> list[Component]:
    """The op of a changed middle: aligned word by word (no clean-up), so that no untouched
    word is read as deleted and typed again; a word replaced by another keeps the letters
    they share at their start and end ("State" -> "States" inserts "s")."""
    op: list[Component] = []
    pieces = textdiff.word_diff(before, after, cleanup="none")
    index = 0
    while index < len(pieces):
        kind, piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else (None, "")
        if kind == textdiff.DELETE and following[0] == textdiff.INSERT:
            op += _replaced(piece, following[1])
            index += 2
            continue
        op.append(len(piece) if kind == textdiff.EQUAL else
                  -len(piece) if kind == textdiff.DELETE else piece)
        index += 1
    return op


def _replaced(old: str, new: str) -> list[Component]:
    prefix, suffix = textdiff.common_affixes(old, new)
    middle_old, middle_new = old[prefix:len(old) - suffix], new[prefix:len(new) - suffix]
    return [c for c in (prefix, -len(middle_old), middle_new, suffix) if c]
