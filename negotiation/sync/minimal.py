"""The minimal diff the clients send (pure): the same algorithm as ``minimalOp`` in
static/sync.js, so both write the same delta for the same change (tests/vectors/sync.json).

1. The common prefix and suffix are kept.
2. The middle is diffed with Myers' O(ND) algorithm over code points (a deletion before an
   insertion where both are possible, as the greedy forward search finds them). Beyond
   ``MAX_D`` differences (a paste over a long passage) the middle is one replacement: still
   correct, the server's transform is exact either way.
3. Two changes around a kept piece that can slide past one of them at the same cost are
   joined (``_slide``): words typed at one place stay one hunk.
4. A single insertion or deletion is slid, at the same cost, to its best boundaries
   (``_align``: whitespace or the text's ends, then a closing or opening punctuation mark,
   then any non-alphanumeric character; the leftmost of the best): deleting a whole word or
   quoted token takes it whole, not a rotation of it.
5. A kept piece of at most ``ABSORB`` letters **inside one word** between two changes is
   taken into the change: only letters in it, and both changes touch it with a letter
   (deleted or inserted), so "multidisciplinary" -> "interdisciplinary" replaces "multi" by
   "inter" instead of keeping a coincidental "t" of both. Anything else kept -- a whole
   word, a space, punctuation, a longer piece -- is never part of a change: two changes with
   an unchanged word between them stay two hunks. (Whatever a change takes in, its author
   deletes and types again; kept that small, it cannot carry anyone else's words.)

The result is an op (negotiation/sync/ops.py): a change is written insert first, then delete.
"""

from __future__ import annotations

import unicodedata

from negotiation.sync import textdiff
from negotiation.sync.ops import Op

MAX_D = 300  # differences, at most, searched for in the middle
ABSORB = 3  # letters, at most, of a kept piece taken into the changes around it


def minimal_op(old: str, new: str) -> Op:
    if old == new:
        return [len(old)] if old else []
    prefix, suffix = textdiff.common_affixes(old, new)  # by bisection: fast on long texts
    a, b = old[prefix:len(old) - suffix], new[prefix:len(new) - suffix]
    pieces: list[tuple[str, str]] = [("=", old[:prefix])]
    pieces += _myers(a, b)
    pieces.append(("=", old[len(old) - suffix:]))
    return refine(pieces)


def refine(pieces: list[tuple[str, str]]) -> Op:
    """A character diff (``[("=", kept), ("-", deleted), ("+", inserted), ...]``, e.g.
    diff-match-patch's without clean-up) as an op, through steps 3 to 5 above."""
    return _to_op(_absorb(_align(_slide(_groups(pieces)))))


def _myers(a: str, b: str) -> list[tuple[str, str]]:
    n, m = len(a), len(b)
    if not n or not m:
        return [("-", a), ("+", b)]
    offset = n + m + 1
    v = [0] * (2 * offset + 1)
    trace: list[list[int]] = []
    for d in range(min(n + m, MAX_D) + 1):
        trace.append(v[offset - d - 1:offset + d + 2])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]  # down: an insertion
            else:
                x = v[offset + k - 1] + 1  # right: a deletion
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            v[offset + k] = x
            if x >= n and y >= m:
                return _backtrack(a, b, trace, d)
    return [("-", a), ("+", b)]


def _backtrack(a: str, b: str, trace: list[list[int]], final: int) -> list[tuple[str, str]]:
    script: list[tuple[str, str]] = []
    x, y = len(a), len(b)
    for d in range(final, 0, -1):
        v = trace[d]  # v[k] for k in -d-1..d+1 at index k + d + 1
        k = x - y

        def at(kk: int, d: int = d, v: list[int] = v) -> int:
            return v[kk + d + 1]

        down = k == -d or (k != d and at(k - 1) < at(k + 1))
        previous_k = k + 1 if down else k - 1
        previous_x = at(previous_k)
        previous_y = previous_x - previous_k
        while x > previous_x and y > previous_y:
            x, y = x - 1, y - 1
            script.append(("=", a[x]))
        if x == previous_x:
            script.append(("+", b[previous_y]))
        else:
            script.append(("-", a[previous_x]))
        x, y = previous_x, previous_y
    while x > 0 and y > 0:
        x, y = x - 1, y - 1
        script.append(("=", a[x]))
    script.reverse()
    return script


def _groups(pieces: list[tuple[str, str]]) -> list[list[str]]:
    """Alternating kept pieces and changes: ``["=", kept]`` or ``["~", deleted, inserted]``."""
    groups: list[list[str]] = []
    for kind, text in pieces:
        if not text:
            continue
        if kind == "=":
            if groups and groups[-1][0] == "=":
                groups[-1][1] += text
            else:
                groups.append(["=", text])
            continue
        if not groups or groups[-1][0] != "~":
            groups.append(["~", "", ""])
        groups[-1][1 if kind == "-" else 2] += text
    return groups


def _slide(groups: list[list[str]]) -> list[list[str]]:
    """Join two changes around a kept piece that can slide past one of them (the same cost):
    "‹2" + kept "." + "46›." becomes "‹2.46›" + kept ".", so words typed in one place stay
    one hunk instead of two around a coincidental character."""
    changed = True
    while changed:
        changed = False
        for index in range(1, len(groups) - 1):
            left, kept, right = groups[index - 1], groups[index], groups[index + 1]
            if left[0] != "~" or kept[0] != "=" or right[0] != "~":
                continue
            piece = kept[1]
            if all((piece + text).endswith(piece) for text in right[1:]):  # slide right
                moved = [(piece + text)[:len(text)] for text in right[1:]]
                joined = ["~", left[1] + moved[0], left[2] + moved[1]]
                groups[index - 1:index + 2] = [joined, ["=", piece]]
                if index + 1 < len(groups) and groups[index + 1][0] == "=":
                    groups[index][1] += groups.pop(index + 1)[1]
            elif all((text + piece).startswith(piece) for text in left[1:]):  # slide left
                moved = [(text + piece)[len(piece):] for text in left[1:]]
                joined = ["~", moved[0] + right[1], moved[1] + right[2]]
                groups[index - 1:index + 2] = [["=", piece], joined]
                if index >= 2 and groups[index - 2][0] == "=":
                    groups[index - 2][1] += groups.pop(index - 1)[1]
            else:
                continue
            changed = True
            break
    return groups


def _score(before: str, after: str) -> int:
    """How good a boundary between the characters ``before`` and ``after`` is for a change
    to start or end at ("" = the start or end of the text)."""
    if not before or not after or before.isspace() or after.isspace():
        return 3
    if unicodedata.category(before) in ("Pe", "Pf") or unicodedata.category(after) in (
            "Ps", "Pi"):
        return 2
    if not before.isalnum() or not after.isalnum():
        return 1
    return 0


def _align(groups: list[list[str]]) -> list[list[str]]:
    """Slide each pure insertion or deletion between two kept pieces to its best boundaries
    (``_score``, the leftmost of the best): deleting "‹1›" from "‹0›‹1›‹2›" is "‹1›", not
    "›‹1" keeping the last "›", so words typed meanwhile at an edge of the deleted ones land
    between whole words. A kept piece is never slid away entirely (the changes around it
    stay apart), except at the start or end of the text."""
    last = len(groups) - 1
    for index, group in enumerate(groups):
        if group[0] != "~" or (group[1] and group[2]):
            continue
        which = 1 if group[1] else 2
        has_left, has_right = index > 0, index < last
        at_start, at_end = index <= 1, index >= last - 1
        left = groups[index - 1][1] if has_left else ""
        right = groups[index + 1][1] if has_right else ""
        change = group[which]
        while left and left[-1] == change[-1] and (len(left) > 1 or at_start):
            left, change, right = left[:-1], left[-1] + change[:-1], change[-1] + right
        best = (-1, left, change, right)
        while True:
            score = _score(left[-1:], change[0]) + _score(change[-1], right[:1])
            if score > best[0]:
                best = (score, left, change, right)
            if not right or right[0] != change[0] or (len(right) == 1 and not at_end):
                break
            left, change, right = left + change[0], change[1:] + right[0], right[1:]
        _, left, change, right = best
        group[which] = change
        if has_left:
            groups[index - 1][1] = left
        if has_right:
            groups[index + 1][1] = right
    return [group for group in groups if group[0] == "~" or group[1]]


def _absorb(groups: list[list[str]]) -> list[list[str]]:
    """Take each kept piece inside one word, between two changes, into the change."""
    result: list[list[str]] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        if (group[0] == "=" and result and result[-1][0] == "~" and index + 1 < len(groups)
                and groups[index + 1][0] == "~" and len(group[1]) <= ABSORB
                and group[1].isalpha()
                and _joined(result[-1], -1) and _joined(groups[index + 1], 0)):
            following = groups[index + 1]
            last = result[-1]
            result[-1] = ["~", last[1] + group[1] + following[1],
                          last[2] + group[1] + following[2]]
            index += 2
            continue
        result.append(group)
        index += 1
    return result


def _joined(change: list[str], end: int) -> bool:
    """The change touches the kept piece with a letter: at its last character (``end`` -1)
    or its first (0), deleted or inserted."""
    return any(text and text[end].isalpha() for text in change[1:])


def _to_op(groups: list[list[str]]) -> Op:
    op: Op = []
    for group in groups:
        if group[0] == "=":
            op.append(len(group[1]))
        else:
            if group[2]:
                op.append(group[2])
            if group[1]:
                op.append(-len(group[1]))
    return op
