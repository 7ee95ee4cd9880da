"""Structural operations of a room (insert, delete, move a paragraph) against the store.

The room (server/live/room.py) calls ``check_structure`` against its paragraph order, then
``change_structure`` with its edits committed and further commits held off
(``Committer.quiet``), so a structural change takes its place in the document's one ordered
stream; it then reloads its paragraph order from the returned document and broadcasts the
change ``structure_frame`` makes: the operation, the paragraph and the descriptions that
changed with it, never the whole order (docs/protocol.md, *structure*). Refusals are protocol
errors that change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool

from negotiation.model import Document
from server import protocol as wire
from server.live.ports import Peer
from server.live.stream import PROPOSAL, Stream
from server.store import DocumentNotFound, HeadMoved, ParagraphNotFound, StoreError

Description = Mapping[str, Any]  # a paragraph in the order: id, section, kind, label, parent...


def check_structure(message: wire.StructureMessage, order: Sequence[Description]) -> None:
    """``ProtocolError`` unless ``message`` names paragraphs of ``order`` (the live ones), none
    of them a delegation's proposal, and, for a move, a place outside the paragraph itself
    and its sub-paragraphs."""
    live = {meta["id"]: meta for meta in order}
    after = message.after if isinstance(message, wire.Insert | wire.Move) else None
    for paragraph_id in (getattr(message, "paragraph_id", None), after):
        if paragraph_id is not None and paragraph_id not in live:
            raise wire.ProtocolError(wire.UNKNOWN_PARAGRAPH, f"{message.type}: no paragraph "
                                     f"{paragraph_id!r} in this document", message.ref)
        if paragraph_id is not None and live[paragraph_id].get("kind") == PROPOSAL:
            raise wire.ProtocolError(wire.BAD_MESSAGE, f"{message.type}: {paragraph_id!r} is "
                                     "a delegation's proposal: it is tabled, withdrawn and "
                                     "adopted by bracket actions, and stands under the "
                                     "paragraph it answers", message.ref)
    if isinstance(message, wire.Move):
        ancestor = after
        while ancestor is not None:
            if ancestor == message.paragraph_id:
                raise wire.ProtocolError(wire.BAD_MESSAGE, f"move: {message.paragraph_id!r} "
                                         "cannot follow itself or one of its sub-paragraphs",
                                         message.ref)
            ancestor = live[ancestor]["parent"]


async def change_structure(store, document_id: str, name: str, delegation: str | None,
                           message: wire.StructureMessage, *, fence: int | None = None
                           ) -> tuple[str, Document]:
    """Apply an ``insert``, ``delete`` or ``move`` message with the room's ``fence``; returns
    the paragraph concerned and the document as it is now. ``ProtocolError`` when the store
    refuses it; ``HeadMoved`` (nothing written) when someone else wrote the document."""
    who = {"author": name, "delegation": delegation, "fence": fence}
    try:
        if isinstance(message, wire.Insert):
            paragraph_id = await run_in_threadpool(
                store.insert_paragraph, document_id, after=message.after,
                section=message.section, text=message.text, **who)
        elif isinstance(message, wire.Delete):
            paragraph_id = message.paragraph_id
            await run_in_threadpool(store.delete_paragraph, document_id, paragraph_id, **who)
        else:
            paragraph_id = message.paragraph_id
            await run_in_threadpool(store.move_paragraph, document_id, paragraph_id,
                                    after=message.after, **who)
        document = await run_in_threadpool(store.load_document, document_id)
    except HeadMoved:
        raise
    except StoreError as problem:
        code = wire.UNKNOWN_PARAGRAPH if isinstance(
            problem, DocumentNotFound | ParagraphNotFound) else wire.BAD_MESSAGE
        raise wire.ProtocolError(code, f"{message.type}: {problem}", message.ref) from None
    return paragraph_id, document


def structure_frame(peer: Peer, message: wire.StructureMessage, paragraph_id: str,
                    before: Sequence[Description], stream: Stream) -> wire.Structure:
    """The ``structure`` message for everyone, once the change is made and ``stream``
    reloaded: the change, who made it, the paragraph concerned (its description now, with its
    text and revision; None when deleted) and the descriptions that changed with it
    (``before`` is the order before the change). Never the whole order."""
    old = {meta["id"]: meta for meta in before}
    changed = tuple(meta for meta in stream.order
                    if meta["id"] != paragraph_id and meta["id"] in old
                    and old[meta["id"]] != meta)
    after = message.after if isinstance(message, wire.Insert | wire.Move) else None
    return wire.Structure(message.type, paragraph_id, after, stream.paragraph(paragraph_id),
                          changed, peer.name, peer.delegation, message.ref)
