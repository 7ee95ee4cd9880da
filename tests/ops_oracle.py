"""The transform and compose of negotiation/sync/ops.py as first written: a reader object
per op, one component piece per step. Slower, and plain to read; the property tests in
tests/test_sync_ops_oracle.py check that the fast versions the merge runs give the same
results (the transformed op read character by character, its tags and the conflicts)."""

from __future__ import annotations

from collections.abc import Sequence

from negotiation.sync.ops import Component, Op, OpError, _push, base_length, normalize


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
