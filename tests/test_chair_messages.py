"""server.chair_messages through server.protocol.parse: any JSON object as a bracket, status or
select message is either accepted with checked fields or refused as bad_message, never
anything else."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from server import protocol as wire

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40),
                    st.floats(allow_nan=False), st.text(max_size=30))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
KEYS = st.sampled_from(["p", "action", "bracket", "start", "end", "alternatives", "keep",
                        "wording", "rationale", "delegation", "role", "status", "reason"])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["bracket", "status", "select"]),
       st.dictionaries(KEYS, VALUES, max_size=8))
def test_any_chair_message_is_checked_or_refused_as_bad_message(kind, fields) -> None:
    frame = json.dumps({**fields, "type": kind})
    try:
        message = wire.parse(frame)
    except wire.ProtocolError as problem:
        assert problem.code == wire.BAD_MESSAGE, problem
        return
    assert message.type == kind
    assert isinstance(message.paragraph_id, str)
