"""``StructureRepository``: inserting, deleting and moving paragraphs, each recorded as a
structure change in the document's log.

A paragraph's place is its section, its parent and its ``position`` among its siblings
(server/store/layout.py); insert and move shift the later siblings, and a deleted paragraph
keeps its row and its versions (``deleted`` is set; its sub-paragraphs go with it, hidden, and
come back with it). The delegations' proposals answering it or one of its sub-paragraphs
(rows of their own, docs/chair.md) are deleted with it, each a structure change in the same
person's name after the paragraph's, and their details say which deletion took them
(``gone_with``), so that the paragraph's return brings them back (server/store/imports.py).
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, col, select

from negotiation.model import ParagraphKind, ParagraphStatus, Section
from server.store.documents import DocumentRepository
from server.store.errors import StoreError
from server.store.layout import answers
from server.store.layout_record import current_layout
from server.store.ledger import Ledger, dumps, new_id, utc
from server.store.paragraph_log import ParagraphLog
from server.tables import ParagraphRecord

KIND_OF_SECTION = {Section.PREAMBLE.value: ParagraphKind.PREAMBULAR.value,
                   Section.OPERATIVE.value: ParagraphKind.OPERATIVE.value,
                   Section.ARTICLES.value: ParagraphKind.ARTICLE.value}


def structure_row(paragraph_id: str, action: str, author: str, delegation: str | None,
                  at: datetime, *, after: str | None = None, layout: str | None = None
                  ) -> dict[str, object]:
    """A structure change: "inserted", "deleted", "restored" or "moved" (after ``after``);
    ``layout``: the document's paragraph layout after it (server/store/layout_record.py)."""
    return {"id": new_id(), "paragraph_id": paragraph_id, "action": action, "after_id": after,
            "author": author, "delegation": delegation, "at": at, "layout": layout}


def answering_subtree(session: Session, document_id: str, paragraph_id: str
                      ) -> list[ParagraphRecord]:
    """The live proposal rows answering ``paragraph_id`` or one of its sub-paragraphs, in
    document order of the paragraphs they answer, then as tabled."""
    records = session.exec(select(ParagraphRecord).where(
        ParagraphRecord.document_id == document_id)).all()
    children: dict[str, list[ParagraphRecord]] = {}
    for each in sorted(records, key=lambda r: r.position):
        if each.parent_id is not None:
            children.setdefault(each.parent_id, []).append(each)
    found: list[ParagraphRecord] = []
    under = [paragraph_id]
    while under:
        at = under.pop(0)
        for child in children.get(at, []):
            if answers(child.details) is not None:
                if not child.deleted:
                    found.append(child)
            elif not child.deleted:  # one deleted on its own took its proposals then
                under.append(child.id)
    return found


def take_with(proposal: ParagraphRecord, paragraph_id: str) -> None:
    """Mark a proposal's row deleted with the paragraph ``paragraph_id`` (its details say so:
    ``gone_with``)."""
    proposal.deleted = True
    proposal.details = dumps({**json.loads(proposal.details or "{}"),
                              "gone_with": paragraph_id})


def brought_back(proposal: ParagraphRecord) -> None:
    """A proposal's row live again, with the paragraph it went with."""
    proposal.deleted = False
    details = json.loads(proposal.details or "{}")
    details.pop("gone_with", None)
    proposal.details = dumps(details)


class StructureRepository:
    def __init__(self, ledger: Ledger, documents: DocumentRepository,
                 log: ParagraphLog) -> None:
        self._ledger = ledger
        self._documents = documents
        self._log = log

    def insert_paragraph(self, document_id: str, *, after: str | None, section: str,
                         text: str, author: str, delegation: str | None,
                         at: datetime | None = None, fence: int | None = None) -> str:
        """A new paragraph after ``after`` (same parent), or first at the top of ``section``."""
        if section not in KIND_OF_SECTION:
            raise StoreError(f"unknown section {section!r}; expected one of "
                             f"{', '.join(KIND_OF_SECTION)}")
        at = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            anchor = self._documents.paragraph(session, document_id, after) if after else None
            record = ParagraphRecord(
                document_id=document_id, id=f"p-{new_id()[:12]}",
                section=anchor.section if anchor else section,
                parent_id=anchor.parent_id if anchor else None,
                kind=anchor.kind if anchor else KIND_OF_SECTION[section],
                position=0, status=ParagraphStatus.OPEN.value)
            self._place_after(session, record, anchor)
            session.add(record)
            session.flush()
            self._ledger.append(session, document, "structure_changes", structure_row(
                record.id, "inserted", author, delegation, at, after=after,
                layout=current_layout(session, document_id)))
            self._log.new_version(session, document, record, text, author=author,
                                  delegation=delegation, at=at, force=True)
            return record.id

    def delete_paragraph(self, document_id: str, paragraph_id: str, *, author: str,
                         delegation: str | None, at: datetime | None = None,
                         fence: int | None = None) -> None:
        """Mark a paragraph deleted (it and its versions stay; its sub-paragraphs go with it)."""
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            if record.deleted:
                return
            at = utc(at)
            record.deleted = True
            session.add(record)
            self._ledger.append(session, document, "structure_changes", structure_row(
                paragraph_id, "deleted", author, delegation, at,
                layout=current_layout(session, document_id)))
            for proposal in answering_subtree(session, document_id, paragraph_id):
                take_with(proposal, paragraph_id)
                session.add(proposal)
                self._ledger.append(session, document, "structure_changes", structure_row(
                    proposal.id, "deleted", author, delegation, at,
                    layout=current_layout(session, document_id)))

    def move_paragraph(self, document_id: str, paragraph_id: str, *, after: str | None,
                       author: str, delegation: str | None, at: datetime | None = None,
                       fence: int | None = None) -> None:
        """Move a paragraph after ``after`` (taking its parent and section), or first among
        its current siblings when ``after`` is None."""
        if after == paragraph_id:
            raise StoreError("a paragraph cannot be moved after itself")
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            anchor = self._documents.paragraph(session, document_id, after) if after else None
            self._close_gap(session, record)
            if anchor is not None:
                record.section, record.parent_id = anchor.section, anchor.parent_id
            self._place_after(session, record, anchor)
            session.add(record)
            self._ledger.append(session, document, "structure_changes", structure_row(
                paragraph_id, "moved", author, delegation, utc(at), after=after,
                layout=current_layout(session, document_id)))

    # ----------------------------------------------------------------- internals

    @staticmethod
    def _siblings(session: Session, record: ParagraphRecord) -> list[ParagraphRecord]:
        query = select(ParagraphRecord).where(
            ParagraphRecord.document_id == record.document_id,
            ParagraphRecord.section == record.section, ParagraphRecord.id != record.id)
        query = query.where(col(ParagraphRecord.parent_id).is_(None) if record.parent_id is None
                            else ParagraphRecord.parent_id == record.parent_id)
        return list(session.exec(query.order_by(col(ParagraphRecord.position))).all())

    def _close_gap(self, session: Session, record: ParagraphRecord) -> None:
        for sibling in self._siblings(session, record):
            if sibling.position > record.position:
                sibling.position -= 1
                session.add(sibling)

    def _place_after(self, session: Session, record: ParagraphRecord,
                     anchor: ParagraphRecord | None) -> None:
        """Give ``record`` the position after ``anchor`` (or 0), shifting later siblings."""
        record.position = anchor.position + 1 if anchor else 0
        for sibling in self._siblings(session, record):
            if sibling.position >= record.position:
                sibling.position += 1
                session.add(sibling)
