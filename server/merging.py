"""Where a room merges: an edit message into a paragraph's stream, and a change made
outside the room (negotiation/sync/stream.py does the work; this module maps it to the
protocol and says what was merged).

Every merged change is described by a ``MergedEdit``: the op exactly as it was applied to the
paragraph's text (ot.js-style, code points, on the text of the revision before) and who made
it. A room hands each one to its merge hooks (``Room.on_merged``) in stream order, which is
what attribution (negotiation/authorship.py, ``Weave.apply(op, author)``) consumes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from negotiation.sync import delta as codec
from negotiation.sync import stream as sync
from negotiation.sync.ops import Op
from server import protocol as wire


class Author(Protocol):
    client_id: str
    name: str
    delegation: str | None


@dataclass(frozen=True)
class MergedEdit:
    """One change merged into a paragraph, as applied."""

    paragraph_id: str
    revision: int  # the revision it made (the text before is revision - 1)
    op: Op  # on the text of revision - 1, code points
    author: Author | None  # the peer whose edit it is; None: a change made outside the room
    text: str  # the paragraph's text after it


MergeHook = Callable[[MergedEdit], None]


def merge_edit(document_id: str, stream: sync.ParagraphStream, client_id: str,
               message: wire.Message, applied: int | None) -> sync.Received:
    """Merge one checked ``edit`` message into ``stream``; ``ProtocolError`` (nothing
    changed) when it cannot be merged."""
    paragraph_id, ref = message["p"], message.ref
    try:
        return stream.receive(client_id, message["n"], message["deltas"], applied,
                              m=None if message["base"] is not None else message["m"],
                              base=message["base"], max_units=wire.MAX_PARAGRAPH_UNITS)
    except sync.UnknownRevision as problem:
        raise wire.ProtocolError(wire.UNKNOWN_REVISION, f"paragraph {paragraph_id}: "
                                 f"{problem}; resend with your base text", ref) from None
    except sync.DeltaError as problem:
        raise wire.ProtocolError(wire.BAD_DELTA, f"paragraph {paragraph_id}: a delta does "
                                 f"not fit your shadow: {problem}", ref) from None
    except sync.OutOfOrder as problem:
        raise wire.ProtocolError(wire.OUT_OF_ORDER, f"paragraph {paragraph_id}: {problem}",
                                 ref) from None
    except sync.TooLong:
        raise wire.ProtocolError(wire.PARAGRAPH_TOO_LONG, f"paragraph {paragraph_id} would "
                                 f"exceed {wire.MAX_PARAGRAPH_UNITS} UTF-16 units", ref) from None


def patch_of(paragraph_id: str, stream: sync.ParagraphStream, entry: sync.Entry
             ) -> dict[str, Any]:
    """The ``patch`` item of a stream entry (its delta on the text of the revision before)."""
    before = stream.text_at(entry.revision - 1)
    return {"p": paragraph_id, "from": entry.revision - 1, "to": entry.revision,
            "delta": codec.from_op(before, entry.op)}


def ack_of(paragraph_id: str, message: wire.Message, received: sync.Received,
           revision: int) -> dict[str, Any]:
    return {"type": wire.ACK, "p": paragraph_id, "n": received.applied, "m": message["m"],
            "r": revision, "delta": codec.from_op(received.shadow, received.reply),
            "ref": message.ref}
