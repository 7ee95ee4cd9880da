"""Revisions: named snapshots ("Draft", "Rev.1", "Adopted"), importing a newer text as one,
and rebuilding any past revision.

A revision row plus one entry per paragraph (which version, and where it stood) is all a past
revision needs: ``revision_document`` is one query joining entries to their versions.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlmodel import Session, col, select

from negotiation.brackets import document_brackets
from negotiation.model import Document, ParagraphStatus
from server.store.documents import check_document, meta_of, set_meta, set_placement
from server.store.errors import RevisionExists, RevisionNotFound
from server.store.layout import ParagraphRow, assemble, place
from server.store.ledger import new_id, utc
from server.store.paragraph_log import Versions, structure_row
from server.store.types import RevisionSummary
from server.tables import (
    DocumentRecord,
    ParagraphRecord,
    RevisionEntryRecord,
    RevisionRecord,
    VersionRecord,
)

IMPORT_DELEGATION = None  # an imported text speaks for the secretariat, not a delegation


class Revisions(Versions):
    def create_revision(self, document_id: str, name: str, *, author: str,
                        at: datetime | None = None) -> RevisionSummary:
        """Snapshot the current text as revision ``name``; working text not yet versioned is
        versioned first, so the snapshot is exactly what people see."""
        with self._write() as session:
            document = self._lock_document(session, document_id)
            self._version_working_text(session, document)
            self._snapshot(session, document, name, author=author, at=utc(at))
        return self._summaries(document_id, only=name)[0]

    def revisions(self, document_id: str) -> list[RevisionSummary]:
        return self._summaries(document_id)

    def revision_document(self, document_id: str, revision_name: str) -> Document:
        """The document exactly as it stood in revision ``revision_name``."""
        with self._read() as session:
            self._document(session, document_id)
            revision = session.exec(select(RevisionRecord).where(
                RevisionRecord.document_id == document_id,
                RevisionRecord.name == revision_name)).first()
            if revision is None:
                raise RevisionNotFound(document_id, revision_name)
            rows = session.exec(
                select(RevisionEntryRecord, VersionRecord.text)
                .join(VersionRecord, col(VersionRecord.id) == RevisionEntryRecord.version_id)
                .where(RevisionEntryRecord.revision_id == revision.id)).all()
            return assemble(meta_of(revision), revision.extras, [
                ParagraphRow(e.paragraph_id, e.parent_id, e.section, e.position, e.kind,
                             e.label, e.intro, e.intro_style, e.status, e.details, text)
                for e, text in rows])

    def import_revision(self, document_id: str, doc: Document, *, revision: str, author: str,
                        at: datetime | None = None) -> RevisionSummary:
        """Import a newer text of a stored document as revision ``revision``, in ONE transaction.

        Paragraphs are aligned with the current text (negotiation.lineage) and the newer
        paragraphs take the ids of the ones they continue: a changed paragraph gets a version,
        a new one is inserted, a dropped one is marked deleted (never removed).
        """
        from negotiation import lineage

        check_document(doc)
        at = utc(at)
        with self._write() as session:
            document = self._lock_document(session, document_id)
            if self._revision_exists(session, document_id, revision):
                raise RevisionExists(document_id, revision)
            self._version_working_text(session, document)
            current = self._current_document(session, document_id)
            alignment = lineage.align(current, doc)
            linked = lineage.link_ids(current, doc, alignment)
            check_document(linked)
            self._apply_text(session, document, linked, author=author, at=at)
            set_meta(document, linked)
            session.add(document)
            self._snapshot(session, document, revision, author=author, at=at)
        summary = self._summaries(document_id, only=revision)[0]
        kinds = Counter(str(getattr(a.kind, "value", a.kind)) for a in alignment)
        return RevisionSummary(**{**summary.__dict__, "alignment": dict(kinds)})

    # ----------------------------------------------------------------- internals

    def _apply_text(self, session: Session, document: DocumentRecord, linked: Document, *,
                    author: str, at: datetime) -> None:
        existing = {r.id: r for r in session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document.id)).all()}
        self._preload_versions(session, [r.head_version_id for r in existing.values()])
        placed = place(linked)
        kept = {p.paragraph.id for p in placed}
        for record in existing.values():
            if record.id not in kept and not record.deleted:
                record.deleted = True
                session.add(record)
                self._append(session, document, "structure_changes", structure_row(
                    record.id, "deleted", author, IMPORT_DELEGATION, at))
        fresh: set[str] = set()
        for item in placed:
            record = existing.get(item.paragraph.id)
            if record is None:
                record = ParagraphRecord(document_id=document.id, id=item.paragraph.id)
                fresh.add(record.id)
                existing[record.id] = record
            status = record.status
            set_placement(record, item.paragraph, item.section, item.parent_id, item.position)
            if record.id not in fresh:
                record.status = status  # changed below, as a recorded status change
            session.add(record)
        session.flush()
        for item in placed:
            record = existing[item.paragraph.id]
            if record.id in fresh:
                self._append(session, document, "structure_changes", structure_row(
                    record.id, "inserted", author, IMPORT_DELEGATION, at))
            else:
                if record.deleted:
                    record.deleted = False
                    self._append(session, document, "structure_changes", structure_row(
                        record.id, "restored", author, IMPORT_DELEGATION, at))
                self._status_change(session, document, record,
                                    ParagraphStatus(item.paragraph.status).value,
                                    author=author, delegation=IMPORT_DELEGATION,
                                    reason="imported text", at=at)
            self._new_version(session, document, record, item.paragraph.text, author=author,
                              delegation=IMPORT_DELEGATION, at=at,
                              force=record.head_version_id is None)

    def _snapshot(self, session: Session, document: DocumentRecord, name: str, *,
                  author: str, at: datetime) -> dict:
        if self._revision_exists(session, document.id, name):
            raise RevisionExists(document.id, name)
        session.flush()
        records = session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document.id,
            col(ParagraphRecord.deleted).is_(False))).all()
        live = {r.id for r in records}
        revision_id = new_id()
        entries = [{"revision_id": revision_id, "paragraph_id": r.id,
                    "version_id": r.head_version_id, "parent_id": r.parent_id,
                    "section": r.section, "kind": r.kind, "position": r.position,
                    "label": r.label, "intro": r.intro, "intro_style": r.intro_style,
                    "status": r.status, "details": r.details} for r in records
                   if r.head_version_id and (r.parent_id is None or r.parent_id in live)]
        revision = self._append(session, document, "revisions", {
            "id": revision_id, "name": name, "author": author, "at": at,
            "symbol": document.symbol, "title": document.title, "organ": document.organ,
            "note": document.note, "language": document.language,
            "extras": document.extras}, entries=entries)
        self._queue(session, "revision_entries", entries)
        return revision

    @staticmethod
    def _revision_exists(session: Session, document_id: str, name: str) -> bool:
        return session.exec(select(RevisionRecord.id).where(
            RevisionRecord.document_id == document_id,
            RevisionRecord.name == name)).first() is not None

    def _summaries(self, document_id: str, only: str | None = None) -> list[RevisionSummary]:
        with self._read() as session:
            self._document(session, document_id)
            revisions = session.exec(select(RevisionRecord).where(
                RevisionRecord.document_id == document_id).order_by(
                col(RevisionRecord.seq))).all()
            rows = session.exec(
                select(RevisionEntryRecord.revision_id, RevisionEntryRecord.paragraph_id,
                       RevisionEntryRecord.version_id)
                .join(RevisionRecord, col(RevisionRecord.id) == RevisionEntryRecord.revision_id)
                .where(RevisionRecord.document_id == document_id)).all()
        held: dict[str, dict[str, str]] = {}
        for revision_id, paragraph_id, version_id in rows:
            held.setdefault(revision_id, {})[paragraph_id] = version_id
        # Counted exactly as `negotiation brackets` counts a file (proposals, tabled paragraphs
        # and options blocks included), so a chair sees one number for one text.
        brackets: Counter[str] = Counter({
            r.id: sum(1 for _ in document_brackets(self.revision_document(document_id, r.name)))
            for r in revisions if only is None or r.name == only})
        summaries, previous = [], None
        for revision in revisions:
            versions = held.get(revision.id, {})
            before = held.get(previous.id, {}) if previous else {}
            summaries.append(RevisionSummary(
                document_id=document_id, name=revision.name, at=utc(revision.at),
                author=revision.author, paragraphs=len(versions),
                brackets=brackets[revision.id],
                changed=sum(1 for p, v in versions.items() if p in before and before[p] != v),
                new=sum(1 for p in versions if p not in before) if previous else len(versions),
                dropped=sum(1 for p in before if p not in versions)))
            previous = revision
        return [s for s in summaries if only is None or s.name == only]
