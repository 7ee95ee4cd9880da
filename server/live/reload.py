"""A room's reload after someone else wrote its document (docs/fencing.md).

The room learns it from a write that found its fence moved (``HeadMoved``, nothing written)
or from its fence watch (server/live/fence.py). With its commits held off, it claims the
document again (a new fence and the current text, one transaction) and ``rebase`` takes the
claim into the room, synchronously, so no edit is merged halfway through:

* paragraphs the outside write inserted join the stream, the ones it deleted leave it, and the
  new order and statuses go to every client as ``structure`` messages;
* each paragraph whose stored text changed outside the room takes that change through
  ``Room.apply_server_change`` (server/live/rebase.py): the room's uncommitted edits are merged
  onto the new text or come back to their authors as conflicts, never dropped, and the patch
  to the new text goes to every client;
* the batch waiting to be committed holds the re-based texts (the acks it holds for deleted
  paragraphs are dropped: their words are gone with the paragraph), and versions not yet
  written are brought to the re-based text, so no version restores what the write replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from negotiation.model import Document, Paragraph
from server import protocol as wire
from server.live.rebase import ServerChange
from server.store import Claim

if TYPE_CHECKING:
    from server.live.room import Room


def texts_of(document: Document) -> dict[str, str]:
    def walk(paragraph: Paragraph) -> Iterator[Paragraph]:
        yield paragraph
        for child in paragraph.children:
            yield from walk(child)

    texts: dict[str, str] = {}
    for _, paragraphs in document.sections():
        for top in paragraphs:
            for paragraph in walk(top):
                texts[paragraph.id] = paragraph.text
                texts.update((p.id, p.text) for p in paragraph.proposals if p.id is not None)
    return texts


def rebase(room: Room, claim: Claim) -> dict[str, ServerChange]:
    """Take ``claim`` into ``room`` (see the module docstring); returns the paragraphs whose
    text changed outside the room, with what the change did there."""
    stream = room.stream
    order_before = list(stream.order)
    stored_before = dict(stream.stored)
    stream.load(claim.document)
    changes: dict[str, ServerChange] = {}
    for paragraph_id, text in texts_of(claim.document).items():
        old = stored_before.get(paragraph_id)
        if old is not None and old != text:
            changes[paragraph_id] = room.apply_server_change(paragraph_id, old, text)
        stream.stored[paragraph_id] = text
    room.fence.value = claim.fence
    _rebase_batch(room, changes)
    for change in changes.values():
        if change.patch is not None:
            room.publish_patch(change.patch)
    for frame in structure_frames(order_before, room):
        room.broadcast.publish(wire.encode(frame))
    return changes


def _rebase_batch(room: Room, changes: dict[str, ServerChange]) -> None:
    stream, batch = room.stream, room.committer.batch
    for paragraph_id, edit in list(batch.edits.items()):
        text = stream.text_now(paragraph_id)
        if text is None or text == stream.stored.get(paragraph_id):
            del batch.edits[paragraph_id]
        elif paragraph_id in changes:
            batch.edits[paragraph_id] = replace(edit, text=text)
    batch.versions = [replace(v, text=stream.text_now(v.paragraph_id) or "")
                      if v.paragraph_id in changes else v for v in batch.versions
                      if stream.text_now(v.paragraph_id) is not None]
    kept: list[tuple[Any, Any]] = []
    acks = 0
    for index, (peer, item) in enumerate(batch.outgoing):
        if peer is None or index >= batch.acks:
            kept.append((peer, item))
            continue
        ack = json.loads(item)
        paragraph_id = ack["p"]
        if stream.text_now(paragraph_id) is None:
            continue  # the paragraph is gone, and the edit with it
        change = changes.get(paragraph_id)
        if change is not None and change.conflicts:
            key = (peer.client_id, paragraph_id)
            ack["conflicts"] = stream.counts.merged(
                key, stream.counts.applied.get(key, ack["n"]), False,
                ({"text": c.inserted, "removed": c.removed, "context": c.context,
                  "message": c.message} for c in change.conflicts))
            item = wire.encode(ack)
        kept.append((peer, item))
        acks += 1
    batch.outgoing, batch.acks = kept, acks


def structure_frames(order_before: list[dict[str, Any]], room: Room) -> list[wire.Structure]:
    """``structure`` messages (docs/protocol.md) bringing a client from ``order_before`` to the
    room's order: one ``insert`` per new paragraph, one ``delete`` for those gone, else one
    ``move`` when only places or statuses changed; each with the whole ``order`` (the change
    was made outside the room, so it is not one of a client's). ``by`` is null: no one in the
    room."""
    order = room.stream.order
    if order == order_before:
        return []
    before = {meta["id"] for meta in order_before}
    now = [meta["id"] for meta in order]
    frames: list[wire.Structure] = []
    for index, paragraph_id in enumerate(now):
        if paragraph_id not in before:
            frames.append(wire.Structure(wire.INSERT, paragraph_id,
                                         now[index - 1] if index else None,
                                         room.stream.paragraph(paragraph_id), (), None, None,
                                         order=order))
    gone = [meta["id"] for meta in order_before if meta["id"] not in set(now)]
    if gone:
        frames.append(wire.Structure(wire.DELETE, gone[0], None, None, (), None, None,
                                     order=order))
    if not frames:
        frames.append(wire.Structure(wire.MOVE, now[0] if now else "", None,
                                     room.stream.paragraph(now[0]) if now else None, (), None,
                                     None, order=order))
    return frames
