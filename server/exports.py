"""Exports of stored documents, shared by `negotiation export` and the pages: the document (or
one of its revisions) loaded from the store, checked (server.export_checks) and rendered
(negotiation.exports), or the path report (server.path_report)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from negotiation.exports import FORMATS, Export, export
from server.export_checks import ensure_verified
from server.path_report import render_path_report
from server.store import Store

PATH_REPORT = "path-report"
FORMAT_NAMES = [*FORMATS, PATH_REPORT]
DESCRIPTIONS = {**{name: f.description for name, f in FORMATS.items()},
                PATH_REPORT: "path report (printable HTML)"}


def export_stored(store: Store, document_id: str, name: str, *, revision: str | None = None,
                  draft: bool = False) -> Export:
    """Stored document ``document_id`` (its current text, or ``revision``) in format ``name``.

    A clean format is refused (``CleanExportRefused``) while anything is open, and when the
    stored record fails verification; ``draft`` lays out the current text marked as a draft.
    """
    if name == PATH_REPORT:
        return Export(render_path_report(store, document_id).encode(),
                      "text/html; charset=utf-8", ".path.html")
    if revision is not None:
        doc = store.revision_document(document_id, revision)
        issued = next((r.at for r in store.revisions(document_id) if r.name == revision),
                      datetime.now(UTC)).date()
    else:
        doc = store.load_document(document_id)
        issued = datetime.now(UTC).date()
    if FORMATS[name].clean and not draft:
        ensure_verified(store, document_id)
    return export(doc, name, issued=issued, draft=draft)


def file_name(document_id: str, symbol: str | None, name: str, suffix: str) -> str:
    """A download name: the symbol (or id), each run of other characters than letters, digits,
    "." and "_" made one "-", then the format's suffix."""
    base = re.sub(r"[^A-Za-z0-9._]+", "-", symbol or document_id)
    kind = "" if name in ("clean", "docx", "html", "akn", "markdown", "json", PATH_REPORT) \
        else "-" + name.split("-")[-1]
    return f"{base.strip('-') or 'document'}{kind}{suffix}"
