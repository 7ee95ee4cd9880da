"""The store: documents, paragraphs, versions, events and revisions in SQL (server/db.py).

    engine = server.db.create_engine_for(url)
    server.db.upgrade(engine)
    store = Store(engine)
    document_id = store.import_document(document, author="secretariat")

``Store`` (facade.py) is a thin facade: it builds the repositories below around one
``Ledger`` and hands every public call to the one that does that job. Each repository holds
what it needs (the ledger, other repositories passed in), never inherits from another:

* ``ledger.py``, ``Ledger``: the engine, read and write transactions, locking a document's
  row, the fence check of every write (``guard``: a room's write holds the fence it claimed,
  any other write moves it; docs/fencing.md), appending hash-chained events to its log
  (``fields_of``: what each kind hashes).
* ``documents.py``, ``DocumentRepository``: list documents, load the current text; finds the
  rows of a document and its paragraphs for the other repositories.
* ``paragraph_log.py``, ``ParagraphLog``: working text (group commit), client progress,
  append-only versions (``new_version``, and the room's sealed ones), versioning text left
  unversioned.
* ``attribution.py``, ``AttributionRepository``: each paragraph's weave (who wrote each
  character, in which version), stored with its text; the blame read from it.
* ``structure.py``, ``StructureRepository``: insert, move and delete paragraphs.
* ``paragraph_events.py``, ``ParagraphEvents``: status changes and bracket events.
* ``revisions.py``, ``RevisionRepository``: named snapshots, their summaries, past revisions.
* ``imports.py``, ``DocumentImporter``: a Document stored as a new document, or as a newer
  revision of a stored one.
* ``history.py``, ``HistoryReader``: a paragraph's history and path, the path table.
* ``verify.py``, ``Verifier``: recompute every hash chain, check signed heads, checkpoints
  and the state rows against it (``chain_reader.py`` reads them), name what was altered.
* ``checkpoints.py``, ``CheckpointRepository``: a verified head, signed for the record.
* ``working_seal.py`` and ``layout_record.py``: the seal of working text typed since the last
  version, and the layout a structure change, status change or revision hashes.

``layout`` flattens a Document into paragraph rows and back; ``types`` and ``errors`` are what
the store hands out and raises. Synchronous; async callers use ``run_in_threadpool`` or a
writer thread. Everything handed out is a negotiation.model object or a frozen dataclass from
server.store.types, never a table row.
"""

from __future__ import annotations

from server.store.attribution import ParagraphAttribution, StoredWeave
from server.store.errors import (
    DocumentNotFound,
    HeadMoved,
    InvalidDocument,
    ParagraphNotFound,
    RevisionExists,
    RevisionNotFound,
    StoreError,
    TamperedText,
)
from server.store.facade import Store
from server.store.types import (
    Claim,
    ClientProgress,
    DocumentSummary,
    ParagraphEdit,
    ParagraphHistory,
    ParagraphPath,
    ParagraphPathRow,
    RevisionSummary,
    SealedVersion,
    VerifyReport,
    VersionInfo,
)

__all__ = [
    "Claim",
    "ClientProgress",
    "DocumentNotFound",
    "DocumentSummary",
    "HeadMoved",
    "InvalidDocument",
    "ParagraphAttribution",
    "ParagraphEdit",
    "ParagraphHistory",
    "ParagraphNotFound",
    "ParagraphPath",
    "ParagraphPathRow",
    "RevisionExists",
    "RevisionNotFound",
    "RevisionSummary",
    "SealedVersion",
    "Store",
    "StoreError",
    "StoredWeave",
    "TamperedText",
    "VerifyReport",
    "VersionInfo",
]
