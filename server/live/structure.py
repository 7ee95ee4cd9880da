"""Structural operations of a room (insert, delete, move a paragraph) against the store.

The room (server/live/room.py) calls ``change_structure`` with its edits committed and further
commits held off (``Committer.quiet``), so a structural change takes its place in the
document's one ordered stream; it then reloads its paragraph order from the returned document
and broadcasts the ``structure`` message ``structure_frame`` makes (docs/protocol.md). Store
refusals become protocol errors that change nothing.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool

from negotiation.model import Document
from server import protocol as wire
from server.live.ports import Peer
from server.live.stream import Stream
from server.store import DocumentNotFound, HeadMoved, ParagraphNotFound, StoreError


async def change_structure(store, document_id: str, name: str, delegation: str | None,
                           message: wire.Message, *, fence: int | None = None
                           ) -> tuple[str, Document]:
    """Apply an ``insert``, ``delete`` or ``move`` message with the room's ``fence``; returns
    the paragraph concerned and the document as it is now. ``ProtocolError`` when the store
    refuses it; ``HeadMoved`` (nothing written) when someone else wrote the document."""
    who = {"author": name, "delegation": delegation, "fence": fence}
    try:
        if message.type == wire.INSERT:
            paragraph_id = await run_in_threadpool(
                store.insert_paragraph, document_id, after=message["after"],
                section=message["section"], text=message["text"], **who)
        elif message.type == wire.DELETE:
            paragraph_id = message["p"]
            await run_in_threadpool(store.delete_paragraph, document_id, paragraph_id, **who)
        else:
            paragraph_id = message["p"]
            await run_in_threadpool(store.move_paragraph, document_id, paragraph_id,
                                    after=message["after"], **who)
        document = await run_in_threadpool(store.load_document, document_id)
    except HeadMoved:
        raise
    except StoreError as problem:
        code = wire.UNKNOWN_PARAGRAPH if isinstance(
            problem, DocumentNotFound | ParagraphNotFound) else wire.BAD_MESSAGE
        raise wire.ProtocolError(code, f"{message.type}: {problem}", message.ref) from None
    return paragraph_id, document


def structure_frame(peer: Peer, message: wire.Message, paragraph_id: str,
                    stream: Stream) -> dict[str, Any]:
    """The ``structure`` message for everyone, once the change is made and ``stream``
    reloaded: the change, who made it, the paragraph concerned and the new order."""
    frame: dict[str, Any] = {"type": wire.STRUCTURE, "op": message.type, "p": paragraph_id,
                             "ref": message.ref,
                             "by": {"name": peer.name, "delegation": peer.delegation}}
    if message.type != wire.DELETE:
        frame["after"] = message["after"]
    paragraph = stream.paragraph(paragraph_id)
    if paragraph is not None:
        frame["paragraph"] = paragraph
    frame["order"] = stream.order
    return frame
