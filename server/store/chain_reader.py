"""Reading one document's log, and the state rows beside it, as plain data for the verifier:
``links`` (negotiation.chain.ChainLink, one per event, what it hashes) and ``state_rows``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from negotiation.chain import ChainLink
from server.store.ledger import LOG_KINDS, LOG_TABLES, fields_of
from server.tables import (
    CheckpointRecord,
    ClientProgressRecord,
    DocumentRecord,
    ParagraphRecord,
    ParagraphWeaveRecord,
    RevisionEntryRecord,
)


@dataclass(frozen=True)
class StateRows:
    """The state rows of one document, as dicts of their columns."""

    document: dict[str, Any]
    paragraphs: list[dict[str, Any]]
    progress: list[dict[str, Any]]
    checkpoints: list[dict[str, Any]]
    weaves: list[dict[str, Any]]  # paragraph_weaves: the stored attribution


def _rows(session: Session, table: Any, *where: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in session.connection().execute(select(table).where(*where))
            .mappings()]


def state_rows(session: Session, document_id: str) -> StateRows:
    documents, paragraphs = DocumentRecord.__table__, ParagraphRecord.__table__
    progress, checkpoints = ClientProgressRecord.__table__, CheckpointRecord.__table__
    weaves = ParagraphWeaveRecord.__table__
    return StateRows(
        _rows(session, documents, documents.c.id == document_id)[0],
        _rows(session, paragraphs, paragraphs.c.document_id == document_id),
        _rows(session, progress, progress.c.document_id == document_id),
        sorted(_rows(session, checkpoints, checkpoints.c.document_id == document_id),
               key=lambda row: row["seq"]),
        _rows(session, weaves, weaves.c.document_id == document_id))


def links(session: Session, document_id: str) -> list[ChainLink]:
    """Every event of ``document_id``'s log with the fields it hashes (ledger.fields_of)."""
    def rows(table: str) -> list[dict]:
        model = LOG_TABLES[table].__table__
        return _rows(session, model, model.c.document_id == document_id)

    versions = rows("versions")
    hashes = {v["id"]: v["hash"] for v in versions}
    revisions = rows("revisions")
    entry_table = RevisionEntryRecord.__table__
    entries: dict[str, list[dict]] = {}
    for entry in _rows(session, entry_table,
                       entry_table.c.revision_id.in_([r["id"] for r in revisions])):
        entries.setdefault(entry["revision_id"], []).append(entry)
    found = []
    for table in LOG_KINDS:
        for row in versions if table == "versions" else revisions if table == "revisions" \
                else rows(table):
            parent_hash = None
            if table == "versions" and row["parent_id"] is not None:
                parent_hash = hashes.get(row["parent_id"], "missing")
            fields = fields_of(table, row, parent_hash=parent_hash,
                               entries=entries.get(row["id"], []))
            found.append(ChainLink(LOG_KINDS[table], row["id"], row["seq"], fields,
                                   row["previous_hash"], row["hash"]))
    return found
