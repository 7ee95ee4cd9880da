"""``RevisionRepository``: named snapshots ("Draft", "Rev.1", "Adopted"), their summaries,
and rebuilding any past revision (importing a text as a revision is server/store/imports.py).

A revision row plus one entry per paragraph (which version, and where it stood) is all a past
revision needs: ``revision_document`` is one query joining entries to their versions.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlmodel import Session, col, select

from negotiation.brackets import document_brackets
from negotiation.model import Document
from server.store.documents import DocumentRepository, meta_of
from server.store.errors import RevisionExists, RevisionNotFound
from server.store.layout import ParagraphRow, assemble
from server.store.layout_record import current_layout
from server.store.ledger import Ledger, new_id, utc
from server.store.paragraph_log import ParagraphLog
from server.store.types import RevisionSummary
from server.tables import (
    DocumentRecord,
    ParagraphRecord,
    RevisionEntryRecord,
    RevisionRecord,
    VersionRecord,
)


class RevisionRepository:
    def __init__(self, ledger: Ledger, documents: DocumentRepository,
                 log: ParagraphLog) -> None:
        self._ledger = ledger
        self._documents = documents
        self._log = log

    def create_revision(self, document_id: str, name: str, *, author: str,
                        at: datetime | None = None, fence: int | None = None
                        ) -> RevisionSummary:
        """Snapshot the current text as revision ``name``; working text not yet versioned is
        versioned first, so the snapshot is exactly what people see."""
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            self._log.version_working_text(session, document)
            self.snapshot(session, document, name, author=author, at=utc(at))
        return self.summary(document_id, name)

    def revisions(self, document_id: str) -> list[RevisionSummary]:
        return self._summaries(document_id)

    def summary(self, document_id: str, name: str) -> RevisionSummary:
        """The summary of revision ``name`` (as ``revisions`` lists it)."""
        return self._summaries(document_id, only=name)[0]

    def revision_document(self, document_id: str, revision_name: str) -> Document:
        """The document exactly as it stood in revision ``revision_name``."""
        with self._ledger.read() as session:
            self._documents.document(session, document_id)
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

    # ------------------------------------------------- for the other repositories, in a session

    def snapshot(self, session: Session, document: DocumentRecord, name: str, *,
                 author: str, at: datetime) -> dict:
        """Append revision ``name``: one entry per live paragraph, its latest version."""
        if self.exists(session, document.id, name):
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
        revision = self._ledger.append(session, document, "revisions", {
            "id": revision_id, "name": name, "author": author, "at": at,
            "symbol": document.symbol, "title": document.title, "organ": document.organ,
            "note": document.note, "language": document.language,
            "extras": document.extras, "layout": current_layout(session, document.id)},
            entries=entries)
        self._ledger.queue(session, "revision_entries", entries)
        return revision

    @staticmethod
    def exists(session: Session, document_id: str, name: str) -> bool:
        return session.exec(select(RevisionRecord.id).where(
            RevisionRecord.document_id == document_id,
            RevisionRecord.name == name)).first() is not None

    # ----------------------------------------------------------------- internals

    def _summaries(self, document_id: str, only: str | None = None) -> list[RevisionSummary]:
        with self._ledger.read() as session:
            self._documents.document(session, document_id)
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
