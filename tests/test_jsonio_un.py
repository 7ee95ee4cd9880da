"""Issue 12's keys of the JSON form: decisions, annexes, headings, sponsors, label."""

from __future__ import annotations

import json

from negotiation.jsonio import document_from_json, document_to_json
from negotiation.model import Document, Heading, Paragraph, ParagraphKind

NEW_KEYS = {"label", "sponsors", "headings", "annexes", "decisions"}


def _paragraph(id_: str, text: str, label: str | None = None,
               kind: ParagraphKind = ParagraphKind.OPERATIVE) -> Paragraph:
    return Paragraph(id=id_, kind=kind, text=text, label=label, line=3)


def test_a_document_without_them_has_none_of_the_new_keys() -> None:
    data = document_to_json(Document(operative=[_paragraph("p-1", "To act.", "1")]))
    assert not NEW_KEYS & set(data)


def test_decisions_annexes_headings_round_trip_exactly() -> None:
    annex = Document(label="Annex I", title="Rules", operative=[_paragraph("p-3", "Rule.", "1")],
                     headings=[Heading("Scope", "I", "section", 1, 9, "p-3")])
    decision = Document(symbol="1/CMA.6", title="Matters", organ="The Conference of the Parties,",
                        preamble=[_paragraph("p-1", "Recalling x,", kind=ParagraphKind.PREAMBULAR)],
                        operative=[_paragraph("p-2", "Decides y.", "1")], annexes=[annex])
    top = Document(symbol="FCCC/PA/CMA/2024/17/Add.1", decisions=[decision],
                   sponsors=["Cuba", "Group of 77 and China"], label="80/4")
    data = document_to_json(top)
    assert set(data) >= {"decisions", "sponsors", "label"}
    assert data["decisions"][0]["annexes"][0]["headings"] == [
        {"text": "Scope", "label": "I", "kind": "section", "level": 1, "line": 9,
         "paragraph_id": "p-3"}]
    assert document_from_json(json.loads(json.dumps(data))) == top
