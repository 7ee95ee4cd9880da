"""Documents: import a whole Document as its first revision, list them, load the current text."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlmodel import Session, col, func, select

from negotiation.chain import GENESIS
from negotiation.model import Document, Paragraph, ParagraphKind, ParagraphStatus
from server.store.errors import DocumentNotFound, InvalidDocument, ParagraphNotFound
from server.store.layout import ParagraphRow, assemble, details_of, extras_of, place
from server.store.ledger import StoreBase, new_id, utc
from server.store.types import DocumentSummary
from server.tables import DocumentRecord, ParagraphRecord, RevisionRecord

MAX_ID_LENGTH = 64


def check_document(document: Document) -> None:
    """Refuse a document the store cannot keep faithfully, naming the problem."""
    placed = place(document)
    if not placed:
        raise InvalidDocument("the document has no paragraphs")
    counts = Counter(p.paragraph.id for p in placed)
    duplicates = sorted(pid for pid, n in counts.items() if n > 1)
    if duplicates:
        raise InvalidDocument(f"paragraph ids must be unique; repeated: {', '.join(duplicates)}")
    bad = [p.paragraph.id for p in placed
           if not p.paragraph.id or len(p.paragraph.id) > MAX_ID_LENGTH]
    if bad:
        raise InvalidDocument(f"paragraph ids must be 1 to {MAX_ID_LENGTH} characters: {bad[0]!r}")


class Documents(StoreBase):
    def import_document(self, doc: Document, *, author: str, revision: str = "Draft",
                        at: datetime | None = None) -> str:
        """Store ``doc`` as a new document: every paragraph with a first version, and a first
        revision named ``revision``. One transaction. Returns the new document's id."""
        check_document(doc)
        at = utc(at)
        document_id = new_id()[:16]
        with self._write() as session:
            document = DocumentRecord(id=document_id, created_at=at, updated_at=at,
                                      head_seq=0, head_hash=GENESIS)
            set_meta(document, doc)
            session.add(document)
            session.flush()
            records = []
            for placed in place(doc):
                record = ParagraphRecord(document_id=document_id, id=placed.paragraph.id)
                set_placement(record, placed.paragraph, placed.section, placed.parent_id,
                              placed.position)
                records.append(record)
                session.add(record)
            session.flush()
            for record, placed in zip(records, place(doc), strict=True):
                self._new_version(session, document, record, placed.paragraph.text,
                                  author=author, delegation=None, at=at)
            self._snapshot(session, document, revision, author=author, at=at)
        return document_id

    def list_documents(self) -> list[DocumentSummary]:
        with self._read() as session:
            counts = dict(session.exec(select(RevisionRecord.document_id, func.count())
                                       .group_by(RevisionRecord.document_id)).all())
            documents = session.exec(select(DocumentRecord).order_by(
                col(DocumentRecord.created_at), col(DocumentRecord.id))).all()
            return [DocumentSummary(d.id, d.symbol, d.title, counts.get(d.id, 0),
                                    utc(d.updated_at)) for d in documents]

    def load_document(self, document_id: str) -> Document:
        """The current text of every live paragraph (working text), with stored ids."""
        with self._read() as session:
            return self._current_document(session, document_id)

    def get_paragraph_text(self, document_id: str, paragraph_id: str) -> str:
        with self._read() as session:
            return self._paragraph(session, document_id, paragraph_id).working_text

    # ----------------------------------------------------------------- shared with other parts

    def _current_document(self, session: Session, document_id: str) -> Document:
        document = self._document(session, document_id)
        records = session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document_id,
            col(ParagraphRecord.deleted).is_(False))).all()
        return assemble(meta_of(document), document.extras, [
            ParagraphRow(r.id, r.parent_id, r.section, r.position, r.kind, r.label, r.intro,
                         r.intro_style, r.status, r.details, r.working_text) for r in records])

    @staticmethod
    def _document(session: Session, document_id: str) -> DocumentRecord:
        document = session.get(DocumentRecord, document_id)
        if document is None:
            raise DocumentNotFound(document_id)
        return document

    def _paragraph(self, session: Session, document_id: str, paragraph_id: str
                   ) -> ParagraphRecord:
        record = session.get(ParagraphRecord, (document_id, paragraph_id))
        if record is None:
            self._document(session, document_id)
            raise ParagraphNotFound(document_id, paragraph_id)
        return record


def set_placement(record: ParagraphRecord, paragraph: Paragraph, section: str,
                  parent_id: str | None, position: int) -> None:
    """Copy where a paragraph stands and what it carries (not its text) onto its row."""
    record.section = section
    record.parent_id = parent_id
    record.position = position
    record.kind = ParagraphKind(paragraph.kind).value
    record.label = paragraph.label
    record.intro = paragraph.intro
    record.intro_style = paragraph.intro_style
    record.status = ParagraphStatus(paragraph.status).value
    record.details = details_of(paragraph)


def set_meta(record: DocumentRecord | RevisionRecord, doc: Document) -> None:
    record.symbol, record.title, record.organ = doc.symbol, doc.title, doc.organ
    record.note, record.language = doc.note, doc.language
    record.extras = extras_of(doc)



def meta_of(record: DocumentRecord | RevisionRecord) -> dict[str, str | None]:
    return {"symbol": record.symbol, "title": record.title, "organ": record.organ,
            "note": record.note, "language": record.language}
