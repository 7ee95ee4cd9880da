"""Operations on plain text, as in ot.js, and their exact transform (pure).

An op is a list of components read left to right over a text: a positive int keeps (retains)
that many characters, a str inserts itself, a negative int deletes that many characters
(negotiation/weave_runs.py reads the same form). Retains and deletes together cover the text
exactly. Here the units are Python characters (code points); the browser runs the same
algorithm on UTF-16 units (static/sync.js), which is equivalent because no op of the protocol
splits a surrogate pair::

    apply("The cat sat.", [4, -1, "h", 7])  ==  "The hat sat."

``transform(a, b)``: ``a`` and ``b`` were made on the same text; returns ``(a2, b2)`` with
``apply(apply(t, a), b2) == apply(apply(t, b), a2)`` (TP1). Ties: where both insert at the
same place, ``a``'s words come first -- the stream passes the op merged earlier as ``a``, so
the order of words typed at one place is the order in which they reached the server.
Semantics, which are the merge's guarantees:

* an insertion is never lost: inserted inside a passage the other deleted, it lands where the
  passage was (the collapse point);
* a deletion removes only characters its author saw: characters the other inserted inside the
  deleted passage stay; characters both deleted are deleted once;
* nothing is ever inserted twice: each op's words appear once, the other's ops only move them.

``transform`` can report, for ``b``, the deletions that met a change of ``a`` (``touched``):
a deleted character ``a`` deleted too, or words ``a`` inserted strictly inside the passage
``b`` deletes. Those are the conflicts the stream reports to ``b``'s author.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Component = int | str
Op = list[Component]


class OpError(ValueError):
    """An op that does not fit its text (lengths differ) or holds a bad component."""


# -- building and reading -------------------------------------------------------------------

def _push(op: Op, component: Component) -> None:
    """Append ``component``, joining it to the last one of its kind; an insert directly after
    a delete goes before it (the canonical order, as ot.js keeps it)."""
    if not component:
        return
    if op:
        last = op[-1]
        if component.__class__ is str:
            if last.__class__ is str:
                op[-1] = last + component
                return
            if last < 0:  # insert before a delete
                if len(op) > 1 and op[-2].__class__ is str:
                    op[-2] = op[-2] + component
                else:
                    op.insert(len(op) - 1, component)
                return
        elif last.__class__ is not str and (last > 0) == (component > 0):
            op[-1] = last + component
            return
    op.append(component)


def normalize(op: Iterable[Component]) -> Op:
    """The canonical form of ``op``: no empty components, neighbours of a kind joined, an
    insert before the delete next to it (so two ops doing the same thing compare equal)."""
    result: Op = []
    for component in op:
        if isinstance(component, bool) or not isinstance(component, int | str):
            raise OpError(f"op component {component!r}: expected int or str")
        _push(result, component)
    return result


def base_length(op: Sequence[Component]) -> int:
    """Characters the op reads (retains and deletes); a trailing retain may be left out."""
    total = 0
    for component in op:
        if component.__class__ is not str:
            total += component if component > 0 else -component
    return total


def is_noop(op: Sequence[Component]) -> bool:
    return all(not isinstance(c, str) and c > 0 for c in op)


def apply(text: str, op: Sequence[Component]) -> str:
    """``text`` changed by ``op``; a trailing retain may be left out (it keeps the rest)."""
    pieces: list[str] = []
    position = 0
    for component in op:
        if isinstance(component, str):
            pieces.append(component)
        elif component > 0:
            if position + component > len(text):
                raise OpError(f"op retains past the end of a text of {len(text)} characters")
            pieces.append(text[position:position + component])
            position += component
        else:
            position -= component
            if position > len(text):
                raise OpError(f"op deletes past the end of a text of {len(text)} characters")
    pieces.append(text[position:])
    return "".join(pieces)


def from_diff(diffs: Iterable[tuple[str, str]]) -> Op:
    """An op from a diff (``[("=", "The "), ("-", "c"), ("+", "h"), ...]``)."""
    op: Op = []
    for kind, text in diffs:
        _push(op, len(text) if kind == "=" else -len(text) if kind == "-" else text)
    return normalize(op)


def between(old: str, new: str) -> Op:
    """The minimal op from ``old`` to ``new`` that the clients send (``minimal.minimal_op``:
    several hunks when several places changed, an unchanged word never inside a hunk)."""
    from negotiation.sync.minimal import minimal_op

    return normalize(minimal_op(old, new))


# -- composing and transforming ------------------------------------------------------------

def compose_all(sequence: Sequence[Sequence[Component]]) -> Op:
    """One op doing each op of ``sequence`` in turn (each made on the text the one before
    gives). Composed in pairs, level by level: n ops of k components each cost about
    n·k·log n steps, where composing them one after the other costs n²·k -- the difference
    between a lagging client's merge taking a millisecond and taking a tenth of a second."""
    level = [list(op) for op in sequence]
    if not level:
        return []
    while len(level) > 1:
        level = [compose(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
                 for i in range(0, len(level), 2)]
    return level[0]


def compose(a: Sequence[Component], b: Sequence[Component]) -> Op:
    """One op doing ``a`` then ``b`` (``b`` is made on the text ``a`` gives).

    The merge runs this (and ``transform_tagged``) for every op a lagging client missed, so
    both walk the two ops with plain indices and the current piece of each in a local
    (no reader objects): about five times fewer steps of the interpreter."""
    a_out = 0
    for component in a:
        a_out += len(component) if component.__class__ is str else max(component, 0)
    b_in = base_length(b)
    if b_in > a_out:
        raise OpError(f"compose: the second op reads {b_in} characters, the first gives "
                      f"{a_out}")
    first = [c for c in a if c]
    second = [c for c in b if c]
    if a_out > b_in:
        second.append(a_out - b_in)
    push = _push
    result: Op = []
    i = j = 0
    count_a, count_b = len(first), len(second)
    x = first[0] if count_a else None  # what is left of a's current component
    y = second[0] if count_b else None  # ... and of b's
    while x is not None or y is not None:
        if x.__class__ is not str and x is not None and x < 0:  # a's delete: b never sees it
            push(result, x)
            i += 1
            x = first[i] if i < count_a else None
            continue
        if y.__class__ is str:  # b's insert
            push(result, y)
            j += 1
            y = second[j] if j < count_b else None
            continue
        if x is None or y is None:  # pragma: no cover - lengths were checked
            raise OpError("compose: ops of different lengths")
        keeps = y > 0
        size_y = y if keeps else -y
        if x.__class__ is str:  # what a inserted
            if len(x) <= size_y:
                piece, count = x, len(x)
                i += 1
                x = first[i] if i < count_a else None
            else:
                piece, count, x = x[:size_y], size_y, x[size_y:]
            if keeps:  # b keeps what a inserted; else b deletes it: nothing
                push(result, piece)
        else:  # what a kept
            count = x if x < size_y else size_y
            if count == x:
                i += 1
                x = first[i] if i < count_a else None
            else:
                x -= count
            push(result, count if keeps else -count)
        if count == size_y:
            j += 1
            y = second[j] if j < count_b else None
        else:
            y = y - count if keeps else y + count
    return result  # _push keeps it canonical


def transform(a: Sequence[Component], b: Sequence[Component], *,
              b_tags: Sequence[object] | None = None, touched: set[object] | None = None
              ) -> tuple[Op, Op]:
    """``(a2, b2)``: ``a2`` applies after ``b``, ``b2`` after ``a``; ``a``'s insertions come
    first where both insert at one place (see the module docstring).

    ``b_tags``, one per component of ``b``: the tag of each of ``b``'s deletions (a hunk id);
    the tags of deletions that met a change of ``a`` are added to ``touched``. With tags,
    returns ``b2`` tagged the same way in ``transform_tagged``; this form drops them."""
    a2, b2, _ = transform_tagged(a, b, b_tags, touched)
    return a2, b2


def transform_tagged(a: Sequence[Component], b: Sequence[Component],
                     b_tags: Sequence[object] | None = None,
                     touched: set[object] | None = None) -> tuple[Op, Op, list[object]]:
    """``transform`` keeping ``b``'s tags: returns ``(a2, b2, b2_tags)`` where ``b2`` is not
    normalized (one tag per component; a component keeps the tag it came from; neighbours of
    a kind with one tag are joined)."""
    base_a, base_b = base_length(a), base_length(b)
    length = max(base_a, base_b)  # trailing retains may be left out
    first = [c for c in a if c]
    if length > base_a:
        first.append(length - base_a)
    if b_tags is None:
        second = [c for c in b if c]
        tags: list[object] = [None] * len(second)
    else:
        second, tags = [], []
        for component, tag in zip(b, b_tags, strict=True):
            if component:
                second.append(component)
                tags.append(tag)
    if length > base_b:
        second.append(length - base_b)
        tags.append(None)
    push, push_tagged = _push, _push_tagged
    a2: Op = []
    b2: Op = []
    b2_tags: list[object] = []
    last_deleted: object = None  # the tag of b's deletion just before, if the last was one
    i = j = 0
    count_a, count_b = len(first), len(second)
    x = first[0] if count_a else None  # what is left of a's current component
    y, tag = (second[0], tags[0]) if count_b else (None, None)  # ... of b's, and its tag
    while x is not None or y is not None:
        if x.__class__ is str:  # a's insert goes first
            if touched is not None and last_deleted is not None and y.__class__ is int \
                    and y < 0 and tag == last_deleted:
                touched.add(last_deleted)  # inserted inside the passage b deletes
            push(a2, x)
            push_tagged(b2, b2_tags, len(x), None)
            i += 1
            x = first[i] if i < count_a else None
            continue
        if y.__class__ is str:
            push_tagged(b2, b2_tags, y, tag)
            push(a2, len(y))
            last_deleted = None
            j += 1
            y, tag = (second[j], tags[j]) if j < count_b else (None, None)
            continue
        if x is None or y is None:  # pragma: no cover - both were padded to one length
            raise OpError("transform: ops of different lengths")
        a_keeps, b_keeps = x > 0, y > 0
        size_x, size_y = (x if a_keeps else -x), (y if b_keeps else -y)
        count = size_x if size_x < size_y else size_y
        this_tag = tag
        if count == size_x:
            i += 1
            x = first[i] if i < count_a else None
        else:
            x = x - count if a_keeps else x + count
        if count == size_y:
            j += 1
            y, tag = (second[j], tags[j]) if j < count_b else (None, None)
        else:
            y = y - count if b_keeps else y + count
        if a_keeps and b_keeps:
            push(a2, count)
            push_tagged(b2, b2_tags, count, None)
            last_deleted = None
        elif not a_keeps and not b_keeps:  # both delete: deleted once
            if touched is not None and this_tag is not None:
                touched.add(this_tag)
            last_deleted = this_tag
        elif not a_keeps:  # a deletes what b keeps
            push(a2, -count)
            last_deleted = None
        else:  # b deletes what a keeps
            push_tagged(b2, b2_tags, -count, this_tag)
            last_deleted = this_tag
    return a2, b2, b2_tags  # a2 canonical: built by _push


def _push_tagged(op: Op, tags: list[object], component: Component, tag: object) -> None:
    """Append ``component`` with its ``tag``, joined to the last component when that one is
    of the same kind with the same tag. Without the join a transformed op grows by a few
    pieces at every transform, and an op transformed through n others costs n² steps."""
    if op and tags[-1] == tag:
        last = op[-1]
        if isinstance(component, str):
            if isinstance(last, str):
                op[-1] = last + component
                return
        elif not isinstance(last, str) and (last > 0) == (component > 0):
            op[-1] = last + component
            return
    op.append(component)
    tags.append(tag)


def tag_hunks(op: Sequence[Component]) -> tuple[list[object], list[tuple[int, int, str]]]:
    """Tags for ``op``'s components, one hunk id per run of deletes and inserts, and the
    hunks ``(start, end, inserted)`` in the op's base text."""
    tags: list[object] = []
    hunks: list[tuple[int, int, str]] = []
    position = 0
    current: int | None = None
    for component in op:
        if isinstance(component, int) and component > 0:
            position += component
            current = None
            tags.append(None)
            continue
        if current is None:
            current = len(hunks)
            hunks.append((position, position, ""))
        start, end, words = hunks[current]
        if isinstance(component, str):
            hunks[current] = (start, end, words + component)
        else:
            position -= component
            hunks[current] = (start, position, words)
        tags.append(current)
    return tags, hunks

