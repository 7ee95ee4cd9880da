"""The check a stored document's export passes before it is written: a document that fails
verification (``Store.verify``: the hash chain, the signed head, the sealed working texts,
docs/integrity.md) is never exported clean. Who may export is the permission table's
``Action.EXPORT``, checked by the route's guard (server/export_pages.py)."""

from __future__ import annotations

from negotiation.clean_gate import CleanExportRefused
from server.store import Store


def ensure_verified(store: Store, document_id: str) -> None:
    """Raise ``CleanExportRefused`` when the stored record fails verification."""
    report = store.verify(document_id)
    if not report.ok:
        raise CleanExportRefused(
            [f"the stored record fails verification ({report.first_mismatch}); "
             "run `negotiation verify` and restore it before issuing a clean text"])
