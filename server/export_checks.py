"""The two checks a stored document's export passes before it is written, each one small
function so that the issues that bring the real rules only change it here.

* ``ensure_verified``: a document that fails verification is never exported clean. Today it
  asks ``Store.verify(document_id)`` (the hash chain); when the integrity work of the live core
  lands (signed checkpoints, working texts covered), the same call covers it.
* ``export_allowed``: who may export. Today anyone who reaches the page (there are no accounts
  yet); when roles land, it answers from the permission table (the secretariat and the chair
  export; delegates and observers read) and the pages show the menu only to them.
"""

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


def export_allowed(person: object | None = None) -> bool:
    """Whether ``person`` may export (see the module docstring: everyone, until roles land)."""
    return True
