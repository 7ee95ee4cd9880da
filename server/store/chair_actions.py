"""``ChairActions``: bracket actions and status changes decided by the domain and written in
one transaction: the hash-chained event, the version the action makes (attributed to the
actor), and the paragraph's state (text, the delegation that tabled it, its proposals, who
holds each bracket, who asked for an ad referendum).

The decision itself is the caller's function (negotiation.bracket_requests.decide,
negotiation.status.change_status), called inside the transaction with the paragraph as it is
now, so two people acting at once are decided one after the other on the current state.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from sqlmodel import Session, col, select

from negotiation.bracket_book import BracketBook
from negotiation.bracket_events import BracketEvent
from negotiation.model import ParagraphStatus
from negotiation.status import StatusChanged
from server.store.documents import DocumentRepository
from server.store.layout_record import current_layout
from server.store.ledger import Ledger, dumps, new_id, utc
from server.store.paragraph_events import ParagraphEvents
from server.store.paragraph_log import ParagraphLog
from server.tables import BracketEventRecord, DocumentRecord, ParagraphRecord

BracketDecision = Callable[[BracketBook, str, bool], BracketEvent]  # book, status, adopted
StatusDecision = Callable[[str, int, str | None], StatusChanged]  # status, open, asked_by


@dataclass(frozen=True)
class ActionDone:
    """What an action wrote: its event, the paragraph after it, and whether the text
    changed (then a version by the actor was appended)."""

    event: BracketEvent | StatusChanged
    book: BracketBook
    status: str
    text_changed: bool
    seq: int


def book_of(record: ParagraphRecord) -> BracketBook:
    return book_from(record.working_text, record.details)


def book_from(text: str, details_json: str | None) -> BracketBook:
    details = json.loads(details_json or "{}")
    return BracketBook(
        text, details.get("proposed_by"),
        tuple((p["delegation"], p["text"]) for p in details.get("proposals", [])),
        tuple(details.get("requested_by", [])),
        MappingProxyType({k: tuple(v) for k, v in details.get("holds", {}).items()}))


def adopted(session: Session, document_id: str) -> bool:
    """A document is adopted when every live paragraph is."""
    statuses = set(session.exec(select(ParagraphRecord.status).where(
        ParagraphRecord.document_id == document_id,
        col(ParagraphRecord.deleted).is_(False))).all())
    return statuses == {ParagraphStatus.ADOPTED.value}


class ChairActions:
    def __init__(self, ledger: Ledger, documents: DocumentRepository, log: ParagraphLog,
                 events: ParagraphEvents) -> None:
        self._ledger, self._documents, self._log, self._events = ledger, documents, log, events

    def paragraph_book(self, document_id: str, paragraph_id: str
                       ) -> tuple[BracketBook, str, bool]:
        """The paragraph's brackets now, its status, and whether the document is adopted."""
        with self._ledger.read() as session:
            record = self._documents.paragraph(session, document_id, paragraph_id)
            return book_of(record), record.status, adopted(session, document_id)

    def bracket_action(self, document_id: str, paragraph_id: str, decide: BracketDecision,
                       at: datetime | None = None, fence: int | None = None) -> ActionDone:
        when = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            book = book_of(record)
            event = decide(book, record.status, adopted(session, document_id))
            after = book.apply(event)
            who = event.author
            changed = after.text != book.text
            if changed:
                self._log.new_version(session, document, record, after.text, author=who.name,
                                      delegation=who.delegation, at=when)
                record.working_text = after.text
            details = json.loads(record.details or "{}")
            details.update(proposed_by=after.tabled_by, holds=dict(after.holds),
                           proposals=[{"delegation": d, "text": t} for d, t in after.proposals])
            record.details = dumps(details)
            session.add(record)
            row = self._ledger.append(session, document, "bracket_events", {  # hashes the
                "id": new_id(), "paragraph_id": paragraph_id, "action": event.action.value,
                "bracket": event.bracket, "option": event.option, "author": who.name,
                "delegation": who.delegation, "reason": event.reason, "at": when,
                "layout": current_layout(session, document.id)})  # details after it
            return ActionDone(event, after, record.status, changed, row["seq"])

    def status_change(self, document_id: str, paragraph_id: str, decide: StatusDecision,
                      at: datetime | None = None, fence: int | None = None) -> ActionDone:
        when = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            book = book_of(record)
            details = json.loads(record.details or "{}")
            event = decide(record.status, len(book.open_brackets()),
                           details.get("ad_referendum"))
            self._set_status(session, document, record, event, when)
            return ActionDone(event, book, record.status, False, document.head_seq)

    def adopt(self, document_id: str, decide: Callable[[dict[str, str]], list[StatusChanged]],
              at: datetime | None = None, fence: int | None = None) -> list[StatusChanged]:
        """Every live paragraph adopted at once (``decide`` refuses unless all are agreed)."""
        when = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            records = {r.id: r for r in session.exec(select(ParagraphRecord).where(
                ParagraphRecord.document_id == document_id,
                col(ParagraphRecord.deleted).is_(False))).all()}
            events = decide({pid: r.status for pid, r in records.items()})
            for event in events:
                self._set_status(session, document, records[event.paragraph_id], event, when)
            return events

    def _set_status(self, session: Session, document: DocumentRecord,
                    record: ParagraphRecord, event: StatusChanged, when: datetime) -> None:
        details = json.loads(record.details or "{}")
        if event.new is ParagraphStatus.AGREED_AD_REFERENDUM:
            details["ad_referendum"] = event.author.delegation
        else:
            details.pop("ad_referendum", None)
        record.details = dumps(details)
        self._events.status_change(session, document, record, event.new.value,
                                   author=event.author.name,
                                   delegation=event.author.delegation, reason=event.reason,
                                   at=when, record_layout=True)


@dataclass(frozen=True)
class ConsoleState:
    """What the chair's console reads in one transaction: every live paragraph's brackets and
    status, when each bracket was first raised or tabled, and when the document began."""

    books: dict[str, tuple[BracketBook, str]]
    since: dict[tuple[str, str], datetime]  # (paragraph id, bracket as written) -> first event
    created: datetime
    events: list[tuple[datetime, str]]  # (time, action) of every bracket event


def console_state(ledger: Ledger, document_id: str) -> ConsoleState:
    with ledger.read() as session:
        document = DocumentRepository.document(session, document_id)
        table = ParagraphRecord.__table__
        records = session.connection().execute(
            select(table.c.id, table.c.working_text, table.c.details, table.c.status).where(
                table.c.document_id == document_id, table.c.deleted.is_(False))).all()
        rows = session.exec(select(BracketEventRecord.paragraph_id,
                                   BracketEventRecord.bracket, BracketEventRecord.at,
                                   BracketEventRecord.action)
                            .where(BracketEventRecord.document_id == document_id)
                            .order_by(BracketEventRecord.seq)).all()
    since: dict[tuple[str, str], datetime] = {}
    for pid, bracket, at, _ in rows:
        since.setdefault((pid, bracket), utc(at))
    return ConsoleState({pid: (book_from(text, details), status)
                         for pid, text, details, status in records}, since,
                        utc(document.created_at), [(utc(at), a) for _, _, at, a in rows])
