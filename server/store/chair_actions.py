"""``ChairActions``: bracket actions and status changes decided by the domain and written in
one transaction: the hash-chained event, the version the action makes (attributed to the
actor), and the paragraph's state (text, the delegation that tabled it, its proposals, who
holds each bracket, who asked for an ad referendum).

A proposal tabled under a paragraph is a paragraph row of its own (server/store/layout.py,
``proposal_details``): tabling inserts it (a structure change, and its first version by the
tabling person), its delegation's delegates then edit it live like any paragraph, and
adopting or resolving it marks the row deleted (a structure change; its versions stay). Its
holders are kept in its own row, so they survive edits of its words. A proposal that is only
in the paragraph's details (an older store) is kept there, as before.

The decision itself is the caller's function (negotiation.bracket_requests.decide,
negotiation.status.change_status), called inside the transaction with the paragraph as it is
now, so two people acting at once are decided one after the other on the current state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from sqlmodel import Session, col, select

from negotiation.author import Author
from negotiation.bracket_book import BracketBook, written_proposal
from negotiation.bracket_events import BracketEvent
from negotiation.bracket_notes import note
from negotiation.errors import BracketActionError
from negotiation.model import ParagraphStatus
from negotiation.status import StatusChanged
from server.store.documents import DocumentRepository
from server.store.layout import answers, proposal_details, shown
from server.store.layout_record import current_layout
from server.store.ledger import Ledger, dumps, new_id, utc
from server.store.paragraph_events import ParagraphEvents
from server.store.paragraph_log import ParagraphLog
from server.store.structure import structure_row
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
    # the id of each of ``book.proposals`` that is a paragraph of its own (None: in the
    # paragraph's details); empty when the action does not touch proposals
    proposal_ids: tuple[str | None, ...] = ()
    # the paragraph's attribution note after it, derived from the holders
    # (negotiation/bracket_notes.py)
    note: str | None = None


@dataclass(frozen=True)
class ProposalRow:
    """A proposal that is a row of its own: its id, delegation, words and holders."""

    id: str
    delegation: str
    text: str
    holders: tuple[str, ...]


def proposal_row(paragraph_id: str, text: str, details_json: str | None) -> ProposalRow:
    details = json.loads(details_json or "{}")
    return ProposalRow(paragraph_id, details["delegation"], text,
                       tuple(details.get("holders", [details["delegation"]])))


def proposal_records(session: Session, record: ParagraphRecord) -> list[ParagraphRecord]:
    """The live proposal rows answering ``record``, in the order they were tabled."""
    rows = session.exec(select(ParagraphRecord).where(
        ParagraphRecord.document_id == record.document_id,
        ParagraphRecord.parent_id == record.id,
        col(ParagraphRecord.deleted).is_(False))).all()
    return sorted((r for r in rows if answers(r.details) == record.id),
                  key=lambda r: r.position)


def book_of(session: Session, record: ParagraphRecord) -> BracketBook:
    return book_from(record.working_text, record.details,
                     [proposal_row(r.id, r.working_text, r.details)
                      for r in proposal_records(session, record)])


def book_from(text: str, details_json: str | None,
              rows: Sequence[ProposalRow] = ()) -> BracketBook:
    """A paragraph's book: its details' proposals first, then those that are rows."""
    details = json.loads(details_json or "{}")
    holds = {k: tuple(v) for k, v in details.get("holds", {}).items()}
    holds.update((written_proposal(row.delegation, row.text), row.holders) for row in rows)
    return BracketBook(
        text, details.get("proposed_by"),
        (*((p["delegation"], p["text"]) for p in details.get("proposals", [])),
         *((row.delegation, row.text) for row in rows)),
        tuple(details.get("requested_by", [])), MappingProxyType(holds))


def shown_records(session: Session, document_id: str) -> dict[str, ParagraphRecord]:
    """The rows of the document as it reads: live, under no deleted paragraph
    (server/store/layout.py, ``shown``)."""
    records = {r.id: r for r in session.exec(select(ParagraphRecord).where(
        ParagraphRecord.document_id == document_id,
        col(ParagraphRecord.deleted).is_(False))).all()}
    kept = shown((r.id, r.parent_id) for r in records.values())
    return {pid: r for pid, r in records.items() if pid in kept}


def adopted(session: Session, document_id: str) -> bool:
    """A document is adopted when every paragraph it shows is."""
    statuses = {r.status for r in shown_records(session, document_id).values()}
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
            return book_of(session, record), record.status, adopted(session, document_id)

    def bracket_action(self, document_id: str, paragraph_id: str, decide: BracketDecision,
                       at: datetime | None = None, fence: int | None = None) -> ActionDone:
        when = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            if answers(record.details) is not None:
                raise BracketActionError("this is a delegation's proposal: act on it from "
                                         "the paragraph it answers", paragraph_id)
            rows = proposal_records(session, record)
            book = book_of(session, record)
            event = decide(book, record.status, adopted(session, document_id))
            after = book.apply(event)
            who = event.author
            changed = after.text != book.text
            if changed:
                self._log.new_version(session, document, record, after.text, author=who.name,
                                      delegation=who.delegation, at=when)
                record.working_text = after.text
            kept = self._proposals_after(session, document, record, rows, book, after, who,
                                         when)
            details = json.loads(record.details or "{}")
            in_rows = {written_proposal(d, t) for d, t in kept}
            details.update(proposed_by=after.tabled_by,
                           holds={k: v for k, v in after.holds.items() if k not in in_rows},
                           proposals=[{"delegation": d, "text": t} for d, t in
                                      _without(after.proposals, kept)])
            record.details = dumps(details)
            session.add(record)
            row = self._ledger.append(session, document, "bracket_events", {  # hashes the
                "id": new_id(), "paragraph_id": paragraph_id, "action": event.action.value,
                "bracket": event.bracket, "option": event.option, "author": who.name,
                "delegation": who.delegation, "reason": event.reason, "at": when,
                "on_behalf_of": event.on_behalf_of,
                "layout": current_layout(session, document.id)})  # details after it
            ids = [r.id for r in proposal_records(session, record)]
            return ActionDone(event, after, record.status, changed, row["seq"],
                              (*[None] * (len(after.proposals) - len(ids)), *ids),
                              note(after, details.get("attribution")))

    def _proposals_after(self, session: Session, document: DocumentRecord,
                         record: ParagraphRecord, rows: list[ParagraphRecord],
                         book: BracketBook, after: BracketBook, who: Author,
                         when: datetime) -> list[tuple[str, str]]:
        """Bring the proposal rows to ``after``: a row whose proposal is gone (adopted,
        resolved) is marked deleted, a tabled one becomes a new row (its first version by
        ``who``), the others take their holders. Returns the (delegation, words) of the
        proposals that are rows now."""
        left = list(after.proposals)
        details_count = len(book.proposals) - len(rows)
        for delegation, words in book.proposals[:details_count]:
            if (delegation, words) in left:  # in the details: stays there
                left.remove((delegation, words))
        kept: list[tuple[str, str]] = []
        for row in rows:
            own = (json.loads(row.details)["delegation"], row.working_text)
            if own in left:
                left.remove(own)
                kept.append(own)
                row.details = proposal_details(record.id, own[0], after.holds.get(
                    written_proposal(*own), (own[0],)))
                session.add(row)
            else:
                row.deleted = True
                session.add(row)
                self._ledger.append(session, document, "structure_changes", structure_row(
                    row.id, "deleted", who.name, who.delegation, when,
                    layout=current_layout(session, document.id)))
        for delegation, words in left:  # tabled by this action
            self._table(session, document, record, delegation, words,
                        after.holds.get(written_proposal(delegation, words), (delegation,)),
                        who, when)
            kept.append((delegation, words))
        return kept

    def _table(self, session: Session, document: DocumentRecord, record: ParagraphRecord,
               delegation: str, words: str, holders: tuple[str, ...], who: Author,
               when: datetime) -> None:
        """A new proposal row under ``record``, after its other proposals and sub-paragraphs
        (positions only order it among the answered paragraph's rows)."""
        siblings = session.exec(select(ParagraphRecord.position).where(
            ParagraphRecord.document_id == document.id,
            ParagraphRecord.parent_id == record.id)).all()
        row = ParagraphRecord(
            document_id=document.id, id=f"p-{new_id()[:12]}", section=record.section,
            parent_id=record.id, kind=record.kind, position=max(siblings, default=-1) + 1,
            status=ParagraphStatus.OPEN.value,
            details=proposal_details(record.id, delegation, holders))
        session.add(row)
        session.flush()
        self._ledger.append(session, document, "structure_changes", structure_row(
            row.id, "inserted", who.name, who.delegation, when,
            layout=current_layout(session, document.id)))
        self._log.new_version(session, document, row, words, author=who.name,
                              delegation=who.delegation, at=when, force=True)

    def status_change(self, document_id: str, paragraph_id: str, decide: StatusDecision,
                      at: datetime | None = None, fence: int | None = None) -> ActionDone:
        when = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            book = book_of(session, record)
            details = json.loads(record.details or "{}")
            event = decide(record.status, len(book.open_brackets()),
                           details.get("ad_referendum"))
            self._set_status(session, document, record, event, when)
            return ActionDone(event, book, record.status, False, document.head_seq)

    def adopt(self, document_id: str, decide: Callable[[dict[str, str]], list[StatusChanged]],
              at: datetime | None = None, fence: int | None = None) -> list[StatusChanged]:
        """Every paragraph the document shows adopted at once (``decide`` refuses unless all
        are agreed); rows hidden under a deleted paragraph are not part of it."""
        when = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            records = shown_records(session, document_id)
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


def _without(proposals: Sequence[tuple[str, str]], taken: Sequence[tuple[str, str]]
             ) -> list[tuple[str, str]]:
    """``proposals`` less one occurrence of each of ``taken``."""
    left = list(proposals)
    for proposal in taken:
        if proposal in left:
            left.remove(proposal)
    return left


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
            select(table.c.id, table.c.working_text, table.c.details, table.c.status,
                   table.c.position, table.c.parent_id).where(
                table.c.document_id == document_id, table.c.deleted.is_(False))).all()
        kept = shown((r[0], r[5]) for r in records)  # none hidden under a deleted paragraph
        records = [r[:5] for r in records if r[0] in kept]
        rows = session.exec(select(BracketEventRecord.paragraph_id,
                                   BracketEventRecord.bracket, BracketEventRecord.at,
                                   BracketEventRecord.action)
                            .where(BracketEventRecord.document_id == document_id)
                            .order_by(BracketEventRecord.seq)).all()
    since: dict[tuple[str, str], datetime] = {}
    for pid, bracket, at, _ in rows:
        since.setdefault((pid, bracket), utc(at))
    under: dict[str, list[ProposalRow]] = {}  # the proposal rows of each paragraph
    for pid, text, details, _, _ in sorted(records, key=lambda r: r[4]):
        if (answered := answers(details)) is not None:
            under.setdefault(answered, []).append(proposal_row(pid, text, details))
    return ConsoleState({pid: (book_from(text, details, under.get(pid, ())), status)
                         for pid, text, details, status, _ in records
                         if answers(details) is None}, since,
                        utc(document.created_at), [(utc(at), a) for _, _, at, a in rows])
