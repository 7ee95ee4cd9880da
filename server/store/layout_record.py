"""The layout a layout-changing event records: every paragraph of the document (deleted ones too)
as it stands in this transaction, as negotiation.chain_state.layout_json writes it.

A structure change, a status change and a revision carry it in their ``layout`` field, which
their hash covers, so verify can check the paragraph rows that pages and rooms serve against
the latest one (docs/integrity.md)."""

from __future__ import annotations

from sqlmodel import Session, select

from negotiation.chain_state import LAYOUT_FIELDS, layout_json
from server.tables import ParagraphRecord


def current_layout(session: Session, document_id: str) -> str:
    """The layout of ``document_id``'s paragraphs, changes of this transaction included."""
    session.flush()
    records = session.exec(select(ParagraphRecord).where(
        ParagraphRecord.document_id == document_id)).all()
    return layout_json({"id": r.id, **{name: getattr(r, name) for name in LAYOUT_FIELDS}}
                       for r in records)
