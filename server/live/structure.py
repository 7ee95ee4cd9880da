"""Structural operations of a room (insert, delete, move a paragraph) against the store.

The room (server/live/room.py) calls ``change_structure`` with its edits committed and its commit
lock held, so a structural change takes its place in the document's one ordered stream; it
then reloads its paragraph order from the returned document and broadcasts a ``structure``
message (docs/protocol.md). Store refusals become protocol errors that change nothing.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from negotiation.model import Document
from server import protocol as wire
from server.store import DocumentNotFound, ParagraphNotFound, StoreError


async def change_structure(store, document_id: str, name: str, delegation: str | None,
                           message: wire.Message) -> tuple[str, Document]:
    """Apply an ``insert``, ``delete`` or ``move`` message; returns the paragraph concerned
    and the document as it is now. ``ProtocolError`` when the store refuses it."""
    who = {"author": name, "delegation": delegation}
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
    except StoreError as problem:
        code = wire.UNKNOWN_PARAGRAPH if isinstance(
            problem, DocumentNotFound | ParagraphNotFound) else wire.BAD_MESSAGE
        raise wire.ProtocolError(code, f"{message.type}: {problem}", message.ref) from None
    return paragraph_id, document
