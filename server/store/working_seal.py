"""The working seal: an HMAC, under the integrity key, over a paragraph's working text typed
since its last version (negotiation.seals), written with every working text and checked before
such text becomes a version (docs/integrity.md)."""

from __future__ import annotations

from datetime import datetime

from negotiation.seals import Sealer
from negotiation.weave_edits import edits_digest
from server.store.ledger import utc
from server.store.types import ParagraphEdit
from server.tables import ParagraphRecord


def working_seal(sealer: Sealer | None, document_id: str, paragraph_id: str, text: str,
                 author: str | None, delegation: str | None, at: datetime,
                 weave_edits: str | None = None) -> str | None:
    """``weave_edits``: the attribution of the text since the stored weave (its digest is
    sealed with the words it attributes)."""
    return sealer.working(document_id, paragraph_id, text, author, delegation, at,
                          edits_digest(weave_edits)) if sealer else None


def working_row(sealer: Sealer | None, document_id: str, edit: ParagraphEdit
                ) -> dict[str, object]:
    """The parameters of one working text's statement in a group commit, seal included."""
    at = utc(edit.at)
    return {"document": document_id, "paragraph": edit.paragraph_id,
            "working_text": edit.text, "working_author": edit.author,
            "working_delegation": edit.delegation, "working_at": at,
            "working_ops": edit.weave_edits,
            "working_seal": working_seal(sealer, document_id, edit.paragraph_id, edit.text,
                                         edit.author, edit.delegation, at, edit.weave_edits)}


def unvouched(sealer: Sealer | None, document_id: str, record: ParagraphRecord) -> str | None:
    """Why ``record``'s working text (ahead of its last version) may not become a version, or
    None when its seal verifies."""
    where = f"paragraph {record.id}, working_text"
    if sealer is None:
        return f"{where}: no integrity key is configured to check it"
    at = utc(record.working_at) if record.working_at else None
    if not sealer.verifies(record.working_seal, "working", [
            document_id, record.id, record.working_text, record.working_author,
            record.working_delegation, at, edits_digest(record.working_ops)]):
        return f"{where}: its seal does not verify (changed outside the server)"
    return None
