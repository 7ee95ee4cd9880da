"""A change made outside the room, taken into its stream (``apply_server_change``).

When the store's text of a paragraph changed outside the room (a revision imported from the
command line, another room's commit), the room holds three texts: ``old_text``, what the store
held from this room before (its last commit), ``new_text``, what the store holds now, and its
own text now, which may hold edits merged but not committed yet (their authors wait for the
ack). The outside change wins: the room's own change ``old_text -> text now`` is merged onto
``new_text`` (negotiation.diffsync.merge, hunk by hunk), and what could not be placed there
(it touched words the outside change replaced) comes back as conflicts for its authors, who
keep the words. The result becomes the paragraph's next revision, and the patch from the
room's text to it goes to every client like anyone's edit: a client's unacknowledged edit,
made on an older revision, is merged onto the new text when it arrives, as any concurrent
edit is.

This is the one place that decides how an outside change enters the stream: the exact merge
(an operation in the ordered stream that unacknowledged edits transform through) replaces
this function, and ``Room.apply_server_change`` keeps its signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation import diffsync
from server import protocol as wire


@dataclass(frozen=True)
class ServerChange:
    """What an outside change did to one paragraph of the room."""

    text: str  # the paragraph's text now
    patch: wire.PatchItem | None  # for every client; None when the room's text is unchanged
    conflicts: tuple[diffsync.Conflict, ...]  # the room's own uncommitted words not placed


def apply_server_change(paragraph_id: str, revisions: diffsync.Revisions, old_text: str,
                        new_text: str) -> ServerChange:
    """Take the store's change ``old_text -> new_text`` of one paragraph into ``revisions``
    (the room's recent texts of it; the latest may hold uncommitted edits)."""
    current = revisions.text_now
    merged = diffsync.merge(old_text, current, new_text)
    if merged.text == current:
        return ServerChange(current, None, merged.conflicts)
    before = revisions.revision
    after = revisions.advance(merged.text)
    patch = wire.PatchItem(paragraph_id, before, after,
                           diffsync.make_delta(current, merged.text))
    return ServerChange(merged.text, patch, merged.conflicts)
