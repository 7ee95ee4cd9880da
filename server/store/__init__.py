"""The store: documents, paragraphs, versions, events and revisions in SQL (server/db.py).

    engine = server.db.create_engine_for(url)
    server.db.upgrade(engine)
    store = Store(engine)
    document_id = store.import_document(document, author="secretariat")

``Store`` is assembled from one module per job, each building on the previous:
ledger (transactions, the hash chain) -> documents -> paragraph_log (working text, versions,
structure, status, bracket events) -> revisions -> history (history, path, table) -> verify.
Synchronous; async callers use ``run_in_threadpool`` or a writer thread. Everything handed out
is a negotiation.model object or a frozen dataclass from server.store.types, never a table row.
"""

from __future__ import annotations

from server.store.errors import (
    DocumentNotFound,
    InvalidDocument,
    ParagraphNotFound,
    RevisionExists,
    RevisionNotFound,
    StoreError,
)
from server.store.types import (
    ClientProgress,
    DocumentSummary,
    ParagraphEdit,
    ParagraphHistory,
    ParagraphPath,
    ParagraphPathRow,
    RevisionSummary,
    VerifyReport,
    VersionInfo,
)
from server.store.verify import Verify


class Store(Verify):
    """The whole store API, as agreed with the room and the pages; one instance per engine."""


__all__ = [
    "ClientProgress",
    "DocumentNotFound",
    "DocumentSummary",
    "InvalidDocument",
    "ParagraphEdit",
    "ParagraphHistory",
    "ParagraphNotFound",
    "ParagraphPath",
    "ParagraphPathRow",
    "RevisionExists",
    "RevisionNotFound",
    "RevisionSummary",
    "Store",
    "StoreError",
    "VerifyReport",
    "VersionInfo",
]
