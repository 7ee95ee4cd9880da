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
        if isinstance(component, str):
            if isinstance(last, str):
                op[-1] = last + component
                return
            if last < 0:  # insert before a delete
                if len(op) > 1 and isinstance(op[-2], str):
                    op[-2] = op[-2] + component
                else:
                    op.insert(len(op) - 1, component)
                return
        elif not isinstance(last, str) and (last > 0) == (component > 0):
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
    return sum(abs(c) for c in op if not isinstance(c, str))


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

class _Reader:
    """Reads an op component by component, taking parts of retains and deletes."""

    def __init__(self, op: Sequence[Component], tags: Sequence[object] | None = None) -> None:
        keep = [index for index, component in enumerate(op) if component]
        self.op = [op[index] for index in keep]
        self.tags = [tags[index] for index in keep] if tags is not None else None
        self.index = self.used = 0

    def peek(self) -> Component | None:
        if self.index >= len(self.op):
            return None
        component = self.op[self.index]
        if isinstance(component, str):
            return component[self.used:]
        return component - self.used if component > 0 else component + self.used

    @property
    def tag(self) -> object:
        return self.tags[self.index] if self.tags is not None and self.index < len(
            self.tags) else None

    def take(self, count: int | None = None) -> Component:
        """The rest of the current component, or ``count`` characters of it."""
        component = self.peek()
        assert component is not None
        size = len(component) if isinstance(component, str) else abs(component)
        if count is None or count >= size:
            self.index, self.used = self.index + 1, 0
            return component
        self.used += count
        if isinstance(component, str):
            return component[:count]
        return count if component > 0 else -count


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
    """One op doing ``a`` then ``b`` (``b`` is made on the text ``a`` gives)."""
    a_out = sum(len(c) if isinstance(c, str) else max(c, 0) for c in a)
    b_in = base_length(b)
    if b_in > a_out:
        raise OpError(f"compose: the second op reads {b_in} characters, the first gives "
                      f"{a_out}")
    first, second = _Reader(a), _Reader([*b, a_out - b_in])
    result: Op = []
    while True:
        x, y = first.peek(), second.peek()
        if x is None and y is None:
            break
        if isinstance(x, int) and x < 0:  # a's delete: b never sees those characters
            _push(result, first.take())
            continue
        if isinstance(y, str):  # b's insert
            _push(result, second.take())
            continue
        if x is None or y is None:  # pragma: no cover - lengths were checked
            raise OpError("compose: ops of different lengths")
        size_x = len(x) if isinstance(x, str) else x
        count = min(size_x, abs(y))
        piece_x, piece_y = first.take(count), second.take(count)
        if isinstance(piece_y, int) and piece_y > 0:  # b keeps what a made
            _push(result, piece_x)
        elif isinstance(piece_x, int):  # b deletes what a kept
            _push(result, piece_y)
        # else: b deletes what a inserted: nothing
    return normalize(result)


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
    normalized (one tag per component; a component keeps the tag it came from)."""
    length = max(base_length(a), base_length(b))  # trailing retains may be left out
    tags = [*(b_tags if b_tags is not None else [None] * len(b)), None]
    first = _Reader([*a, length - base_length(a)])
    second = _Reader([*b, length - base_length(b)], tags)
    a2: Op = []
    b2: Op = []
    b2_tags: list[object] = []
    last_deleted: object = None  # the tag of b's deletion just before, if the last was one
    while True:
        x, y = first.peek(), second.peek()
        if x is None and y is None:
            break
        if isinstance(x, str):  # a's insert goes first
            if touched is not None and isinstance(y, int) and y < 0 and \
                    last_deleted is not None and second.tag == last_deleted:
                touched.add(last_deleted)  # inserted inside the passage b deletes
            words = first.take()
            _push(a2, words)
            b2.append(len(words))
            b2_tags.append(None)
            continue
        if isinstance(y, str):
            tag = second.tag
            words = second.take()
            b2.append(words)
            b2_tags.append(tag)
            _push(a2, len(words))
            last_deleted = None
            continue
        if x is None or y is None:  # pragma: no cover - both were padded to one length
            raise OpError("transform: ops of different lengths")
        count = min(abs(x), abs(y))
        tag = second.tag
        piece_x, piece_y = first.take(count), second.take(count)
        assert isinstance(piece_x, int) and isinstance(piece_y, int)
        if piece_x > 0 and piece_y > 0:
            _push(a2, count)
            b2.append(count)
            b2_tags.append(None)
            last_deleted = None
        elif piece_x < 0 and piece_y < 0:  # both delete: deleted once
            if touched is not None and tag is not None:
                touched.add(tag)
            last_deleted = tag
        elif piece_x < 0:  # a deletes what b keeps
            _push(a2, -count)
            last_deleted = None
        else:  # b deletes what a keeps
            b2.append(-count)
            b2_tags.append(tag)
            last_deleted = tag
    return normalize(a2), b2, b2_tags


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

