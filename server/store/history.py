"""``HistoryReader``: a paragraph's history and path, and the document's path table. It gathers
the stored facts and hands them to negotiation.history, which assembles them (diffs, events
between versions, bracket lives)."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from negotiation.history import (
    EventFact,
    RevisionFact,
    VersionFact,
    assemble_history,
    assemble_path,
    bracket_count,
)
from server.store.documents import DocumentRepository
from server.store.ledger import Ledger, utc
from server.store.types import ParagraphHistory, ParagraphPath, ParagraphPathRow
from server.tables import (
    BracketEventRecord,
    ParagraphRecord,
    RevisionEntryRecord,
    RevisionRecord,
    StatusChangeRecord,
    StructureChangeRecord,
    VersionRecord,
)


class HistoryReader:
    def __init__(self, ledger: Ledger, documents: DocumentRepository) -> None:
        self._ledger = ledger
        self._documents = documents

    def paragraph_history(self, document_id: str, paragraph_id: str) -> ParagraphHistory:
        """Every version of the paragraph in order, each with a word diff against the previous
        one, its author and delegation, and the events recorded between them."""
        with self._ledger.read() as session:
            record = self._documents.paragraph(session, document_id, paragraph_id)
            versions = _versions(session, document_id, paragraph_id)
            events = _events(session, document_id, paragraph_id)
        history = assemble_history(versions, events)
        return ParagraphHistory(document_id, paragraph_id, record.label, record.section,
                                record.status, record.deleted, history.entries,
                                history.events_after)

    def paragraph_path(self, document_id: str, paragraph_id: str) -> ParagraphPath:
        """The revisions the paragraph went through, with the diff between each, who
        introduced and who resolved each of its brackets, and its final wording."""
        with self._ledger.read() as session:
            record = self._documents.paragraph(session, document_id, paragraph_id)
            versions = _versions(session, document_id, paragraph_id)
            events = _events(session, document_id, paragraph_id)
            revisions = _revisions(session, document_id, paragraph_id)
        path = assemble_path(versions, revisions, events, paragraph_id)
        return ParagraphPath(document_id, paragraph_id, record.label, record.status,
                             record.deleted, path.steps, path.brackets, path.final_text)

    def document_path_table(self, document_id: str) -> list[ParagraphPathRow]:
        """Every paragraph (deleted ones too, marked): how many times it changed, when last,
        its status, and its open brackets now. In document order, deleted ones last."""
        with self._ledger.read() as session:
            document = self._documents.current_document(session, document_id)
            records = {r.id: r for r in session.exec(select(ParagraphRecord).where(
                ParagraphRecord.document_id == document_id)).all()}
            counts = {pid: (n, last) for pid, n, last in session.exec(
                select(VersionRecord.paragraph_id, func.count(), func.max(VersionRecord.at))
                .where(VersionRecord.document_id == document_id)
                .group_by(VersionRecord.paragraph_id)).all()}
        order = [p.id for p in document.paragraphs()]
        live = set(order)
        order += sorted(pid for pid in records if pid not in live)
        rows = []
        for pid in order:
            record = records[pid]
            n, last = counts.get(pid, (0, None))
            rows.append(ParagraphPathRow(
                pid, record.label, record.section, max(n - 1, 0),
                utc(last) if last is not None else None, record.status,
                record.deleted or pid not in live,
                bracket_count(record.working_text)))
        return rows


def _versions(session: Session, document_id: str, paragraph_id: str) -> list[VersionFact]:
    table = VersionRecord.__table__  # a Core query: 1,000 rows without ORM overhead
    rows = session.connection().execute(
        select(table.c.id, table.c.seq, table.c.text, table.c.author, table.c.delegation,
               table.c.at)
        .where(table.c.document_id == document_id, table.c.paragraph_id == paragraph_id)
        .order_by(table.c.seq)).all()
    return [VersionFact(vid, seq, text, author, delegation, utc(at))
            for vid, seq, text, author, delegation, at in rows]


def _events(session: Session, document_id: str, paragraph_id: str) -> list[EventFact]:
    def where(table):
        return (table.document_id == document_id, table.paragraph_id == paragraph_id)

    events = [EventFact("bracket_event", e.id, e.seq, e.action, e.author, e.delegation,
                        utc(e.at), bracket=e.bracket, reason=e.reason, option=e.option,
                        on_behalf_of=e.on_behalf_of)
              for e in session.exec(select(BracketEventRecord).where(
                  *where(BracketEventRecord))).all()]
    events += [EventFact("status_change", e.id, e.seq, f"{e.old_status} -> {e.new_status}",
                         e.author, e.delegation, utc(e.at), reason=e.reason)
               for e in session.exec(select(StatusChangeRecord).where(
                   *where(StatusChangeRecord))).all()]
    events += [EventFact("structure_change", e.id, e.seq, e.action, e.author, e.delegation,
                         utc(e.at))
               for e in session.exec(select(StructureChangeRecord).where(
                   *where(StructureChangeRecord))).all()]
    return sorted(events, key=lambda e: e.seq)


def _revisions(session: Session, document_id: str, paragraph_id: str) -> list[RevisionFact]:
    revisions = session.exec(select(RevisionRecord).where(
        RevisionRecord.document_id == document_id).order_by(col(RevisionRecord.seq))).all()
    held = dict(session.exec(
        select(RevisionEntryRecord.revision_id, RevisionEntryRecord.version_id)
        .join(RevisionRecord, col(RevisionRecord.id) == RevisionEntryRecord.revision_id)
        .where(RevisionRecord.document_id == document_id,
               RevisionEntryRecord.paragraph_id == paragraph_id)).all())
    return [RevisionFact(r.name, r.seq, utc(r.at), r.author,
                         {paragraph_id: held[r.id]} if r.id in held else {})
            for r in revisions]
