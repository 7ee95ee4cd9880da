"""The fast ``compose`` and ``transform_tagged`` (negotiation/sync/ops.py) against the
reader-based versions they replaced (tests/ops_oracle.py): same text, same transformed ops read
unit by unit with their tags, same conflicts reported, on random ops and tags."""

from __future__ import annotations

import ops_oracle
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.sync import ops

ALPHABET = "ab é."


@st.composite
def op_on(draw, text: str, marker: str, tagged: bool = False):
    """A random op on ``text`` (pieces not joined, so unnormalized input is covered too),
    with a hunk tag per component when ``tagged``."""
    op: list = []
    tags: list = []
    position, count = 0, 0
    while position < len(text) or draw(st.booleans()):
        choice = draw(st.sampled_from("=-+" if position < len(text) else "+"))
        tag = draw(st.sampled_from([None, 0, 1, 2])) if tagged else None
        if choice == "+":
            op.append(f"<{marker}{count}>")
            count += 1
            tags.append(tag)
            if position >= len(text):
                break
            continue
        size = draw(st.integers(1, len(text) - position))
        op.append(size if choice == "=" else -size)
        tags.append(None if choice == "=" else tag)
        position += size
    if position < len(text) and draw(st.booleans()):  # a trailing retain left out
        pass
    elif position < len(text):
        op.append(len(text) - position)
        tags.append(None)
    return op, tags


def units(op: list, tags: list) -> list[tuple[str, object]]:
    """An op read one unit at a time: ("=", tag), ("-", tag) or ("+c", tag)."""
    out: list[tuple[str, object]] = []
    for component, tag in zip(op, tags, strict=True):
        if isinstance(component, str):
            out += [("+" + letter, tag) for letter in component]
        else:
            out += [("=" if component > 0 else "-", tag)] * abs(component)
    return out


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_transform_tagged_as_the_oracle(data):
    text = data.draw(st.text(alphabet=ALPHABET, max_size=14))
    a, _ = data.draw(op_on(text, "A"))
    b, b_tags = data.draw(op_on(text, "B", tagged=True))
    touched_fast: set = set()
    touched_oracle: set = set()
    a2, b2, b2_tags = ops.transform_tagged(a, b, b_tags, touched_fast)
    o_a2, o_b2, o_b2_tags = ops_oracle.transform_tagged(a, b, b_tags, touched_oracle)
    assert a2 == ops.normalize(o_a2)
    assert units(b2, b2_tags) == units(o_b2, o_b2_tags)
    assert touched_fast == touched_oracle
    assert ops.apply(ops.apply(text, a), b2) == ops.apply(ops.apply(text, b), a2)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_compose_as_the_oracle(data):
    text = data.draw(st.text(alphabet=ALPHABET, max_size=14))
    a, _ = data.draw(op_on(text, "A"))
    middle = ops.apply(text, a)
    b, _ = data.draw(op_on(middle, "B"))
    composed = ops.compose(a, b)
    assert composed == ops_oracle.compose(a, b)
    assert composed == ops.normalize(composed)
    assert ops.apply(text, composed) == ops.apply(middle, b)
