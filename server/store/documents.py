"""``DocumentRepository``: list the documents, load one's current text, and find the rows of a
document and its paragraphs for the other repositories (raising ``DocumentNotFound`` and
``ParagraphNotFound``)."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from negotiation.model import Document, Paragraph, ParagraphKind, ParagraphStatus
from server.store.errors import DocumentNotFound, ParagraphNotFound
from server.store.layout import ParagraphRow, assemble, details_of, extras_of
from server.store.ledger import Ledger, utc
from server.store.types import DocumentSummary
from server.tables import DocumentRecord, ParagraphRecord, RevisionRecord


class DocumentRepository:
    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def list_documents(self) -> list[DocumentSummary]:
        with self._ledger.read() as session:
            counts = dict(session.exec(select(RevisionRecord.document_id, func.count())
                                       .group_by(RevisionRecord.document_id)).all())
            documents = session.exec(select(DocumentRecord).order_by(
                col(DocumentRecord.created_at), col(DocumentRecord.id))).all()
            return [DocumentSummary(d.id, d.symbol, d.title, counts.get(d.id, 0),
                                    utc(d.updated_at)) for d in documents]

    def load_document(self, document_id: str) -> Document:
        """The current text of every live paragraph (working text), with stored ids."""
        with self._ledger.read() as session:
            return self.current_document(session, document_id)

    def get_paragraph_text(self, document_id: str, paragraph_id: str) -> str:
        with self._ledger.read() as session:
            return self.paragraph(session, document_id, paragraph_id).working_text

    # ------------------------------------------------- for the other repositories, in a session

    def current_document(self, session: Session, document_id: str) -> Document:
        document = self.document(session, document_id)
        table = ParagraphRecord.__table__  # plain rows: no ORM objects for a read (4x faster)
        rows = session.connection().execute(select(
            table.c.id, table.c.parent_id, table.c.section, table.c.position, table.c.kind,
            table.c.label, table.c.intro, table.c.intro_style, table.c.status,
            table.c.details, table.c.working_text).where(
                table.c.document_id == document_id, table.c.deleted.is_(False))).all()
        return assemble(meta_of(document), document.extras, [ParagraphRow(*r) for r in rows])

    @staticmethod
    def document(session: Session, document_id: str) -> DocumentRecord:
        document = session.get(DocumentRecord, document_id)
        if document is None:
            raise DocumentNotFound(document_id)
        return document

    def paragraph(self, session: Session, document_id: str, paragraph_id: str
                  ) -> ParagraphRecord:
        record = session.get(ParagraphRecord, (document_id, paragraph_id))
        if record is None:
            self.document(session, document_id)
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
