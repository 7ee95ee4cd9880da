"""``DocumentImporter``: a whole Document stored as a new document (its first revision), or as a
newer revision of a stored one, each in ONE transaction.

A revision drafted from an older text (an export) is given that text too: each paragraph then
takes the drafter's change on the current text, and the words delegations typed since the
export stay (negotiation/revision_merge.py).

A newer text is aligned with the current one (negotiation.lineage), and its paragraphs take the
ids of the ones they continue: a changed paragraph gets a version, a new one is inserted, a
dropped one is marked deleted (never removed), a returning one restored, a changed status
recorded as a status change.

A delegation's alternative wording under a paragraph ("[VENEZUELA: That ...]") is stored as a
paragraph row of its own under it (server/store/layout.py, ``proposal_details``), so that
delegation can edit it live (docs/chair.md, *Proposals are live text*). A newer text keeps the
row of a proposal it still has word for word under the same paragraph; the proposals of a
paragraph it drops are deleted with it, and come back with it (the same rows, restored) when a
later text has them again.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import datetime

from sqlmodel import Session, select

from negotiation.chain import GENESIS
from negotiation.model import Document, ParagraphKind, ParagraphStatus, Proposal
from server.store.documents import DocumentRepository, set_meta, set_placement
from server.store.errors import InvalidDocument, RevisionExists
from server.store.layout import PlacedParagraph, answers, place, proposal_details
from server.store.ledger import Ledger, new_id, utc
from server.store.paragraph_events import ParagraphEvents
from server.store.paragraph_log import ParagraphLog
from server.store.revisions import RevisionRepository
from server.store.structure import brought_back, structure_row, take_with
from server.store.types import RevisionSummary
from server.tables import DocumentRecord, ParagraphRecord

MAX_ID_LENGTH = 64
IMPORT_DELEGATION = None  # an imported text speaks for the secretariat, not a delegation


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


class DocumentImporter:
    def __init__(self, ledger: Ledger, documents: DocumentRepository, log: ParagraphLog,
                 events: ParagraphEvents, revisions: RevisionRepository) -> None:
        self._ledger = ledger
        self._documents = documents
        self._log = log
        self._events = events
        self._revisions = revisions

    def import_document(self, doc: Document, *, author: str, revision: str = "Draft",
                        at: datetime | None = None) -> str:
        """Store ``doc`` as a new document: every paragraph with a first version, and a first
        revision named ``revision``. One transaction. Returns the new document's id."""
        check_document(doc)
        at = utc(at)
        document_id = new_id()[:16]
        with self._ledger.write() as session:
            document = DocumentRecord(id=document_id, created_at=at, updated_at=at,
                                      head_seq=0, head_hash=GENESIS)
            set_meta(document, doc)
            session.add(document)
            session.flush()
            records = []
            for placed in _with_live_proposals(place(doc), {}):
                record = ParagraphRecord(document_id=document_id, id=placed.paragraph.id)
                set_placement(record, placed.paragraph, placed.section, placed.parent_id,
                              placed.position)
                records.append((record, placed.paragraph.text))
                session.add(record)
                for position, proposal in enumerate(placed.paragraph.proposals,
                                                    len(placed.paragraph.children)):
                    records.append((_proposal_record(document_id, placed, proposal,
                                                     position), proposal.text))
                    session.add(records[-1][0])
            session.flush()
            for record, text in records:
                # its weave is read from this version: every word the importer's
                self._log.new_version(session, document, record, text,
                                      author=author, delegation=None, at=at)
            self._revisions.snapshot(session, document, revision, author=author, at=at)
        return document_id

    def import_revision(self, document_id: str, doc: Document, *, revision: str, author: str,
                        at: datetime | None = None, fence: int | None = None,
                        drafted_from: Document | None = None) -> RevisionSummary:
        """Import a newer text of a stored document as revision ``revision`` (see the module
        docstring); the summary's ``alignment`` counts the paragraphs by kind of alignment.
        ``drafted_from``: the text ``doc`` was drafted from (an export); then each paragraph
        is ``doc``'s change applied to the current text, read in this transaction, so words
        typed since that export are kept (negotiation/revision_merge.py)."""
        from negotiation import lineage
        from negotiation.revision_merge import merge_revision

        check_document(doc)
        given = at
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            # timed once the document is ours: a room's commit that took the lock first
            # carries edits timed after this call began
            at = utc(given)
            if self._revisions.exists(session, document_id, revision):
                raise RevisionExists(document_id, revision)
            self._log.version_working_text(session, document)
            current = self._documents.current_document(session, document_id)
            if drafted_from is None:
                alignment = lineage.align(current, doc)
                linked = lineage.link_ids(current, doc, alignment)
            else:  # merged, with the ids of the current paragraphs it continues
                linked = merge_revision(current, drafted_from, doc)
                alignment = lineage.align(current, linked)
            check_document(linked)
            self._apply_text(session, document, linked, author=author, at=at)
            set_meta(document, linked)
            session.add(document)
            self._revisions.snapshot(session, document, revision, author=author, at=at)
        summary = self._revisions.summary(document_id, revision)
        kinds = Counter(str(getattr(a.kind, "value", a.kind)) for a in alignment)
        return RevisionSummary(**{**summary.__dict__, "alignment": dict(kinds)})

    # ----------------------------------------------------------------- internals

    def _apply_text(self, session: Session, document: DocumentRecord, linked: Document, *,
                    author: str, at: datetime) -> None:
        existing = {r.id: r for r in session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document.id)).all()}
        self._log.preload_versions(session, [r.head_version_id for r in existing.values()])
        placed = _with_live_proposals(place(linked), existing)
        paragraphs = {p.paragraph.id for p in placed}
        kept = paragraphs | {q.id for p in placed for q in p.paragraph.proposals}
        for record in existing.values():
            if record.id not in kept and not record.deleted:
                answered = answers(record.details)
                if answered is not None and answered not in paragraphs:
                    take_with(record, answered)  # dropped with the paragraph it answers
                else:
                    record.deleted = True
                session.add(record)
                self._ledger.append(session, document, "structure_changes", structure_row(
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
        proposals: list[ParagraphRecord] = []
        returning: list[ParagraphRecord] = []
        for item in placed:
            for position, proposal in enumerate(item.paragraph.proposals,
                                                len(item.paragraph.children)):
                record = existing.get(proposal.id)
                if record is not None:  # the same words under the same paragraph: the row
                    if record.deleted:  # stays, or comes back with its paragraph
                        brought_back(record)
                        session.add(record)
                        returning.append(record)
                    continue
                record = _proposal_record(document.id, item, proposal, position)
                proposals.append(record)
                session.add(record)
        session.flush()
        for record in returning:
            self._ledger.append(session, document, "structure_changes", structure_row(
                record.id, "restored", author, IMPORT_DELEGATION, at))
        for record in proposals:
            self._ledger.append(session, document, "structure_changes", structure_row(
                record.id, "inserted", author, IMPORT_DELEGATION, at))
            self._log.new_version(session, document, record, record.working_text,
                                  author=author, delegation=IMPORT_DELEGATION, at=at,
                                  force=True)
        for item in placed:
            record = existing[item.paragraph.id]
            if record.id in fresh:
                self._ledger.append(session, document, "structure_changes", structure_row(
                    record.id, "inserted", author, IMPORT_DELEGATION, at))
            else:
                if record.deleted:
                    record.deleted = False
                    self._ledger.append(session, document, "structure_changes", structure_row(
                        record.id, "restored", author, IMPORT_DELEGATION, at))
                self._events.status_change(session, document, record,
                                           ParagraphStatus(item.paragraph.status).value,
                                           author=author, delegation=IMPORT_DELEGATION,
                                           reason="imported text", at=at)
            self._log.new_version(session, document, record, item.paragraph.text,
                                  author=author, delegation=IMPORT_DELEGATION, at=at,
                                  force=record.head_version_id is None, supersede=True)


def _with_live_proposals(placed: list[PlacedParagraph],
                         existing: dict[str, ParagraphRecord]) -> list[PlacedParagraph]:
    """``placed`` with every proposal given the id of its own row: the id of a row of
    ``existing`` with the same delegation and words under the same paragraph, else a new one.
    A live row is taken first, then one deleted with its paragraph (``gone_with``), which comes
    back with it. (The paragraphs are copies: the caller's document is left as it is.)"""
    free: dict[tuple[str, str, str], list[str]] = {}
    for record in sorted(existing.values(), key=lambda r: r.deleted):
        answered = answers(record.details)
        if answered is None:
            continue
        details = json.loads(record.details)
        if not record.deleted or details.get("gone_with"):
            free.setdefault((answered, details["delegation"], record.working_text),
                            []).append(record.id)
    out = []
    for item in placed:
        paragraph = item.paragraph
        proposals = []
        for proposal in paragraph.proposals:
            same = free.get((paragraph.id, proposal.delegation, proposal.text))
            proposals.append(dataclasses.replace(
                proposal, id=same.pop(0) if same else f"p-{new_id()[:12]}"))
        out.append(dataclasses.replace(
            item, paragraph=dataclasses.replace(paragraph, proposals=proposals)))
    return out


def _proposal_record(document_id: str, placed: PlacedParagraph, proposal: Proposal,
                     position: int) -> ParagraphRecord:
    """The row of ``proposal``, under the paragraph ``placed`` (its text is set by the
    caller's first version)."""
    return ParagraphRecord(
        document_id=document_id, id=proposal.id, section=placed.section,
        parent_id=placed.paragraph.id, kind=ParagraphKind(placed.paragraph.kind).value,
        position=position, status=ParagraphStatus.OPEN.value, working_text=proposal.text,
        details=proposal_details(placed.paragraph.id, proposal.delegation,
                                 (proposal.delegation,)))
