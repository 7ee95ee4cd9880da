"""``Verifier``, tamper evidence: for each document, recompute its hash chain
(negotiation.chain), check its signed head and stored checkpoints with the integrity key
(negotiation.seals), check an expected head recorded outside the database, and check every state
row that pages and rooms serve against the chain (negotiation.chain_state). docs/integrity.md
says what this does and does not catch."""

from __future__ import annotations

from sqlmodel import Session, col, select

from negotiation.chain import ChainLink, first_broken_link, missed_head
from negotiation.chain_state import ChainState, audit
from negotiation.seals import ExpectedHead, Sealer
from server.store.chain_reader import StateRows, links, state_rows
from server.store.documents import DocumentRepository
from server.store.ledger import Ledger
from server.store.types import VerifyReport
from server.tables import DocumentRecord


class Verifier:
    def __init__(self, ledger: Ledger, documents: DocumentRepository) -> None:
        self._ledger = ledger
        self._documents = documents

    def verify(self, document_id: str | None = None, expect: ExpectedHead | None = None
               ) -> VerifyReport:
        """Check one document, or every document (stopping at the first that fails);
        ``expect``: a head the chain of ``document_id`` must still reach."""
        sealer = self._ledger.sealer
        with self._ledger.read() as session:
            if document_id is not None:
                ids = [self._documents.document(session, document_id).id]
            else:
                ids = list(session.exec(select(DocumentRecord.id).order_by(
                    col(DocumentRecord.created_at), col(DocumentRecord.id))).all())
            events = 0
            for current in ids:
                chain = links(session, current)
                events += len(chain)
                problems = document_problems(current, chain, state_rows(session, current),
                                             sealer, expect)
                if problems:
                    return VerifyReport(False, problems[0], len(ids), events, current,
                                        problems, sealer is not None)
            return VerifyReport(True, None, len(ids), events,
                                signatures_checked=sealer is not None)

    def problems_in(self, session: Session, document_id: str) -> list[str]:
        """Every problem of one document as ``session`` sees it (its own changes included)."""
        return document_problems(document_id, links(session, document_id),
                                 state_rows(session, document_id), self._ledger.sealer)


def document_problems(document_id: str, chain: list[ChainLink], rows: StateRows,
                      sealer: Sealer | None, expect: ExpectedHead | None = None) -> list[str]:
    """Everything wrong with one document, the chain's first broken link first."""
    document = rows.document
    problems: list[str] = []
    broken = first_broken_link(chain, expected_head=document["head_hash"])
    if broken is not None:
        problems.append(broken.describe())
    last = max((link.seq for link in chain), default=0)
    if document["head_seq"] != last:
        problems.append(f"document head, head_seq: is {document['head_seq']}; the log's last "
                        f"event is {last}")
    if sealer is not None and not sealer.verifies(
            document["head_signature"], "head",
            [document_id, document["head_seq"], document["head_hash"]]):
        problems.append(f"document head, head_signature: the head (event "
                        f"{document['head_seq']}) has no valid signature under the integrity "
                        "key (rewritten outside the server, or written without the key)")
    for checkpoint in rows.checkpoints:
        problems += _checkpoint_problems(document_id, chain, checkpoint, sealer)
    if expect is not None and expect.document_id in (None, document_id):
        missed = missed_head(chain, expect.hash, expect.seq)
        if missed:
            problems.append(f"expected head: {missed}")
    state = ChainState.from_links(chain)
    problems += [found.describe() for found in audit(
        state, document, rows.paragraphs, rows.progress, sealer, rows.weaves)]
    return [f"document {document_id}: {problem}" for problem in problems]


def _checkpoint_problems(document_id: str, chain: list[ChainLink], checkpoint: dict,
                         sealer: Sealer | None) -> list[str]:
    where = f"checkpoint {checkpoint['id']} (event {checkpoint['seq']})"
    problems = []
    if sealer is not None and not sealer.verifies(
            checkpoint["signature"], "checkpoint",
            [document_id, checkpoint["seq"], checkpoint["hash"], checkpoint["at"]]):
        problems.append(f"{where}: its signature does not verify under the integrity key")
    missed = missed_head(chain, checkpoint["hash"], checkpoint["seq"])
    if missed:
        problems.append(f"{where}: {missed}")
    return problems
