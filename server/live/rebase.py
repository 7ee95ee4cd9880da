"""A change made outside the room, taken into its stream (``apply_server_change``).

When the store's text of a paragraph changed outside the room (a revision imported from the
command line, another room's commit), the room holds three texts: ``old_text``, what the store
held from this room before (its last commit), ``new_text``, what the store holds now, and its
own text now, which may hold edits merged but not committed yet (their authors wait for the
ack). The outside change ``old_text -> new_text`` (its minimal diff) becomes an op of the
paragraph's stream (negotiation/sync/stream.py, ``ParagraphStream.server_change``),
transformed exactly through every edit the room merged since ``old_text``: nothing the room
merged is undone, nothing the outside change replaced comes back, nothing is refused (so
``conflicts`` is always empty), and the patch goes to every client like anyone's edit; a
client's unacknowledged edit, made on an older revision, is transformed through it when it
arrives, as through any concurrent edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation.sync import stream as sync
from server import protocol as wire
from server.live.stream import MergedEdit, patch_of


@dataclass(frozen=True)
class ServerChange:
    """What an outside change did to one paragraph of the room."""

    text: str  # the paragraph's text now
    patch: wire.PatchItem | None  # for every client; None when the room's text is unchanged
    conflicts: tuple[sync.Conflict, ...] = ()  # always empty: nothing is refused
    merged: MergedEdit | None = None  # the change as applied (for the merge hooks)


def apply_server_change(paragraph_id: str, paragraph: sync.ParagraphStream, old_text: str,
                        new_text: str) -> ServerChange:
    """Take the store's change ``old_text -> new_text`` of one paragraph into ``paragraph``
    (the room's stream of it; the latest revision may hold uncommitted edits): its minimal
    diff, transformed exactly through every edit merged since the room's text was
    ``old_text`` (negotiation/sync/stream.py, ``ParagraphStream.server_change``)."""
    entry = paragraph.server_change(new_text, base_text=old_text)
    if entry is None:
        return ServerChange(paragraph.text, None)
    merged = MergedEdit(paragraph_id, entry.revision, entry.op, None, paragraph.text)
    return ServerChange(paragraph.text, patch_of(paragraph_id, paragraph, entry), (), merged)
