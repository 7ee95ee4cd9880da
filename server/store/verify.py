"""``Verifier``, tamper evidence: recompute every document's hash chain and name the first event
that does not match (negotiation.chain.first_broken_link does the walking)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from negotiation.chain import ChainLink, first_broken_link
from server.store.documents import DocumentRepository
from server.store.ledger import LOG_KINDS, LOG_TABLES, Ledger, fields_of
from server.store.types import VerifyReport
from server.tables import DocumentRecord, RevisionEntryRecord


class Verifier:
    def __init__(self, ledger: Ledger, documents: DocumentRepository) -> None:
        self._ledger = ledger
        self._documents = documents

    def verify(self, document_id: str | None = None) -> VerifyReport:
        """Check one document's chain, or every document's (stopping at the first failure)."""
        with self._ledger.read() as session:
            if document_id is not None:
                ids = [self._documents.document(session, document_id).id]
            else:
                ids = list(session.exec(select(DocumentRecord.id).order_by(
                    col(DocumentRecord.created_at), col(DocumentRecord.id))).all())
            events = 0
            for current in ids:
                document = session.get(DocumentRecord, current)
                links = _links(session, current)
                events += len(links)
                broken = first_broken_link(links, expected_head=document.head_hash)
                if broken is not None:
                    return VerifyReport(False, f"document {current}: {broken.describe()}",
                                        len(ids), events, current)
            return VerifyReport(True, None, len(ids), events)


def _links(session: Session, document_id: str) -> list[ChainLink]:
    connection = session.connection()

    def rows(table: str) -> list[dict]:
        columns = LOG_TABLES[table].__table__.c
        return [dict(r) for r in connection.execute(
            select(LOG_TABLES[table].__table__).where(columns.document_id == document_id)
        ).mappings()]

    versions = rows("versions")
    hashes = {v["id"]: v["hash"] for v in versions}
    revisions = rows("revisions")
    entry_table = RevisionEntryRecord.__table__
    entries: dict[str, list[dict]] = {}
    for entry in connection.execute(select(entry_table).where(entry_table.c.revision_id.in_(
            [r["id"] for r in revisions]))).mappings():
        entries.setdefault(entry["revision_id"], []).append(dict(entry))
    links = []
    for table in LOG_KINDS:
        for row in versions if table == "versions" else revisions if table == "revisions" \
                else rows(table):
            parent_hash = None
            if table == "versions" and row["parent_id"] is not None:
                parent_hash = hashes.get(row["parent_id"], "missing")
            fields = fields_of(table, row, parent_hash=parent_hash,
                               entries=entries.get(row["id"], []))
            links.append(ChainLink(LOG_KINDS[table], row["id"], row["seq"], fields,
                                   row["previous_hash"], row["hash"]))
    return links
