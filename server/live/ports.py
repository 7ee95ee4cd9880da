"""What a room talks to: a ``Peer`` per connection and a ``ParagraphStore``.

A room never touches a framework socket: server/ws.py makes the peers (tests make in-memory
ones), and server.store.Store is a ``ParagraphStore``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from negotiation.model import Document
from server.store import Claim, DocumentNotFound, ParagraphNotFound, StoredWeave
from server.store_writer import WritingStore


class ParagraphStore(WritingStore, Protocol):
    """What a room needs of the store (server.store.Store has it): the writes a
    ``ThreadWriter`` makes (``WritingStore``), and these reads and structure changes."""

    def load_document(self, document_id: str) -> Document: ...
    def check_document(self, document_id: str) -> None: ...
    def claim_document(self, document_id: str) -> Claim: ...
    def document_fence(self, document_id: str) -> int: ...
    def client_progress(self, document_id: str, client_id: str) -> dict[str, int]: ...
    def document_weaves(self, document_id: str, paragraph_ids: Iterable[str] | None = None
                        ) -> dict[str, StoredWeave]: ...
    def insert_paragraph(self, document_id: str, *, after: str | None, section: str,
                         text: str, author: str, delegation: str | None,
                         fence: int | None = None) -> str: ...
    def delete_paragraph(self, document_id: str, paragraph_id: str, *, author: str,
                         delegation: str | None, fence: int | None = None) -> None: ...
    def move_paragraph(self, document_id: str, paragraph_id: str, *, after: str | None,
                       author: str, delegation: str | None, fence: int | None = None
                       ) -> None: ...


def is_not_found(problem: Exception) -> bool:
    return isinstance(problem, DocumentNotFound | ParagraphNotFound)


class Peer(Protocol):
    """One connection as a room sees it (server/ws.py makes them; tests make in-memory ones)."""

    client_id: str
    name: str
    delegation: str | None

    def send(self, frame: str) -> None:
        """Queue one frame for this client; never blocks."""
