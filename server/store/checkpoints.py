"""``CheckpointRepository``: a document's current head, verified, signed with the integrity key
and kept (``checkpoints``, append-only) for ``negotiation checkpoint`` to print for the
meeting's record. A document that fails verification is never checkpointed: signing its head
would vouch for the tampering."""

from __future__ import annotations

from datetime import datetime

from negotiation.seals import Checkpoint
from server.store.errors import TamperedText
from server.store.ledger import Ledger, new_id, utc
from server.store.verify import Verifier


class CheckpointRepository:
    def __init__(self, ledger: Ledger, verifier: Verifier) -> None:
        self._ledger = ledger
        self._verifier = verifier

    def checkpoint(self, document_id: str, at: datetime | None = None, *,
                   adopt: bool = False) -> Checkpoint:
        """Verify ``document_id`` and sign its head (kept when there is a key; without one the
        head is returned unsigned and nothing is stored). ``adopt``: a head that carries no
        signature at all (written before migration 0005, or without the key) is signed when
        nothing else is wrong -- the operator's decision, after checking the record."""
        at = utc(at)
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id)
            report = self._verifier.verify(document_id)
            sealer = self._ledger.sealer
            if not report.ok and adopt and sealer and document.head_signature is None and all(
                    "head_signature" in problem for problem in report.problems):
                document.head_signature = self._ledger.sign_head(
                    document_id, document.head_seq, document.head_hash)
                session.add(document)
            elif not report.ok:
                raise TamperedText(document_id, report.problems)
            signature = sealer.checkpoint(document_id, document.head_seq, document.head_hash,
                                          at) if sealer else None
            if signature is not None:
                self._ledger.queue(session, "checkpoints", [{
                    "id": new_id(), "document_id": document_id, "seq": document.head_seq,
                    "hash": document.head_hash, "at": at, "signature": signature}])
            return Checkpoint(document_id, document.head_seq, document.head_hash, at,
                              signature)
