"""``ParagraphEvents``: a paragraph's status changes ("open" -> "agreed", ...) and bracket
events (raised, option added, joined, withdrawn, resolved), appended to the document's log."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from negotiation.model import ParagraphStatus
from server.store.documents import DocumentRepository
from server.store.errors import StoreError
from server.store.layout_record import current_layout
from server.store.ledger import Ledger, new_id, utc
from server.tables import DocumentRecord, ParagraphRecord

BRACKET_ACTIONS = ("raised", "option added", "joined", "withdrawn", "resolved")


class ParagraphEvents:
    def __init__(self, ledger: Ledger, documents: DocumentRepository) -> None:
        self._ledger = ledger
        self._documents = documents

    def change_status(self, document_id: str, paragraph_id: str, status: str, *, author: str,
                      delegation: str | None, reason: str | None = None,
                      at: datetime | None = None, fence: int | None = None) -> None:
        """Record a paragraph's new status ("agreed ad referendum", "agreed", ...)."""
        try:
            new_status = ParagraphStatus(status).value
        except ValueError as error:
            raise StoreError(f"unknown paragraph status {status!r}; expected one of "
                             f"{', '.join(s.value for s in ParagraphStatus)}") from error
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            self.status_change(session, document, record, new_status, author=author,
                               delegation=delegation, reason=reason, at=utc(at),
                               record_layout=True)

    def record_bracket_event(self, document_id: str, paragraph_id: str, action: str,
                             bracket: str, *, author: str, delegation: str | None,
                             option: str | None = None, reason: str | None = None,
                             at: datetime | None = None, fence: int | None = None) -> str:
        """Record that a bracket was raised, got an option, was joined, withdrawn or resolved;
        ``bracket`` is the bracket as written ("[shall][should]"). Returns the event id."""
        if action not in BRACKET_ACTIONS:
            raise StoreError(f"unknown bracket action {action!r}; expected one of "
                             f"{', '.join(BRACKET_ACTIONS)}")
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            self._documents.paragraph(session, document_id, paragraph_id)
            event = self._ledger.append(session, document, "bracket_events", {
                "id": new_id(), "paragraph_id": paragraph_id, "action": action,
                "bracket": bracket, "option": option, "author": author,
                "delegation": delegation, "reason": reason, "at": utc(at),
                "on_behalf_of": None})
            return event["id"]

    # ------------------------------------------------- for the other repositories, in a session

    def status_change(self, session: Session, document: DocumentRecord,
                      record: ParagraphRecord, new_status: str, *, author: str,
                      delegation: str | None, reason: str | None, at: datetime,
                      record_layout: bool = False) -> None:
        """Append a status change and set the paragraph's status (nothing when unchanged).
        ``record_layout``: hash the layout after it (not inside an import, whose revision
        records the layout once at the end)."""
        if record.status == new_status:
            return
        old_status, record.status = record.status, new_status
        session.add(record)
        self._ledger.append(session, document, "status_changes", {
            "id": new_id(), "paragraph_id": record.id, "old_status": old_status,
            "new_status": new_status, "author": author, "delegation": delegation,
            "reason": reason, "at": at,
            "layout": current_layout(session, document.id) if record_layout else None})
