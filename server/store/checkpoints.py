"""``CheckpointRepository``: a document's current head, verified, signed with the integrity key
and kept (``checkpoints``, append-only) for ``negotiation checkpoint`` to print for the
meeting's record. A document that fails verification is never checkpointed: signing its head
would vouch for the tampering. ``adopt`` signs what was written before the key existed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from negotiation.seals import Checkpoint, Sealer
from server.store.errors import DocumentNotFound, TamperedText
from server.store.ledger import Ledger, new_id, utc
from server.store.verify import Verifier
from server.tables import ClientProgressRecord, DocumentRecord, ParagraphRecord


class CheckpointRepository:
    def __init__(self, ledger: Ledger, verifier: Verifier) -> None:
        self._ledger = ledger
        self._verifier = verifier

    def checkpoint(self, document_id: str, at: datetime | None = None, *,
                   adopt: bool = False) -> Checkpoint:
        """Verify ``document_id`` and sign its head (kept when there is a key; without one the
        head is returned unsigned and nothing is stored). ``adopt``: first sign what carries no
        signature or seal at all (a database written before migration 0006, or without the
        key): the operator's decision; anything else wrong still refuses, and then nothing is
        signed (one transaction)."""
        at = utc(at)
        with self._ledger.write() as session:
            sealer = self._ledger.sealer
            if adopt and sealer is not None:  # a write of the document: it moves the fence
                document = self._ledger.lock_document(session, document_id)
                self._adopt_unsigned(session, document, sealer)
            else:  # only read, and a checkpoint added: an open room keeps its fence
                document = session.exec(select(DocumentRecord).where(
                    DocumentRecord.id == document_id).with_for_update()).first()
                if document is None:
                    raise DocumentNotFound(document_id)
            session.flush()
            problems = self._verifier.problems_in(session, document_id)
            if problems:
                raise TamperedText(document_id, problems)
            signature = sealer.checkpoint(document_id, document.head_seq, document.head_hash,
                                          at) if sealer else None
            if signature is not None:
                self._ledger.queue(session, "checkpoints", [{
                    "id": new_id(), "document_id": document_id, "seq": document.head_seq,
                    "hash": document.head_hash, "at": at, "signature": signature}])
            return Checkpoint(document_id, document.head_seq, document.head_hash, at,
                              signature)

    @staticmethod
    def _adopt_unsigned(session: Session, document: DocumentRecord, sealer: Sealer) -> None:
        if document.head_signature is None:
            document.head_signature = sealer.head(document.id, document.head_seq,
                                                  document.head_hash)
            session.add(document)
        for record in session.exec(select(ParagraphRecord).where(
                ParagraphRecord.document_id == document.id,
                col(ParagraphRecord.working_seal).is_(None))).all():
            record.working_seal = sealer.working(
                document.id, record.id, record.working_text, record.working_author,
                record.working_delegation, utc(record.working_at) if record.working_at else None)
            session.add(record)
        for count in session.exec(select(ClientProgressRecord).where(
                ClientProgressRecord.document_id == document.id,
                col(ClientProgressRecord.seal).is_(None))).all():
            count.seal = sealer.progress(document.id, count.client_id, count.paragraph_id,
                                         count.applied)
            session.add(count)
