"""The op a merged edit applied to a paragraph, as ``negotiation.authorship.Weave.apply`` takes it.

The live room merges each edit into the paragraph's text (negotiation.diffsync) and knows the
text before and after. Until the merge hands out the exact op it applied, the op is derived
here from those two texts, and only here (``op_between``), so the exact one can replace it in
one place::

    >>> op_between("Urges States to act.", "Urges all States to act now.")
    [6, 'all ', 13, ' now', 1]

The diff is diff-match-patch's minimal character diff with no clean-up (cursor-free): a
clean-up would widen a hunk over characters nobody touched and credit them to this edit's
author. Where the placement is ambiguous (typing "the " before "the cat" may be read as typed
after the first "the "), the characters credited are the same letters, at the neighbouring
place: the text is always exact, the attribution exact up to identical neighbours.
"""

from __future__ import annotations

from negotiation import textdiff
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
    op: list[Component] = []
    for kind, piece in textdiff.diff(before, after, cleanup="none"):
        if not piece:
            continue
        if kind == textdiff.EQUAL:
            op.append(len(piece))
        elif kind == textdiff.DELETE:
            op.append(-len(piece))
        else:
            op.append(piece)
    return op
