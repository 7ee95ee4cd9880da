"""Tamper evidence: recompute every document's hash chain and name the first event that does
not match (negotiation.versions.first_broken_link does the walking)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from negotiation.versions import ChainLink, first_broken_link
from server.store.history import History
from server.store.ledger import KIND_OF, fields_of
from server.store.types import VerifyReport
from server.tables import (
    BracketEventRecord,
    DocumentRecord,
    RevisionEntryRecord,
    RevisionRecord,
    StatusChangeRecord,
    StructureChangeRecord,
    VersionRecord,
)


class Verify(History):
    def verify(self, document_id: str | None = None) -> VerifyReport:
        """Check one document's chain, or every document's (stopping at the first failure)."""
        with self._read() as session:
            if document_id is not None:
                ids = [self._document(session, document_id).id]
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
    versions = session.exec(select(VersionRecord).where(
        VersionRecord.document_id == document_id)).all()
    hashes = {v.id: v.hash for v in versions}
    records: list = list(versions)
    for table in (BracketEventRecord, StatusChangeRecord, StructureChangeRecord):
        records += session.exec(select(table).where(table.document_id == document_id)).all()
    revisions = session.exec(select(RevisionRecord).where(
        RevisionRecord.document_id == document_id)).all()
    entries: dict[str, list[RevisionEntryRecord]] = {}
    for entry in session.exec(select(RevisionEntryRecord).join(
            RevisionRecord, col(RevisionRecord.id) == RevisionEntryRecord.revision_id).where(
            RevisionRecord.document_id == document_id)).all():
        entries.setdefault(entry.revision_id, []).append(entry)
    links = []
    for record in records:
        parent_hash = None
        if isinstance(record, VersionRecord) and record.parent_id is not None:
            parent_hash = hashes.get(record.parent_id, "missing")
        links.append(ChainLink(KIND_OF[type(record)], record.id, record.seq,
                               fields_of(record, parent_hash=parent_hash),
                               record.previous_hash, record.hash))
    links += [ChainLink("revision", r.id, r.seq, fields_of(r, entries=entries.get(r.id, [])),
                        r.previous_hash, r.hash) for r in revisions]
    return links
