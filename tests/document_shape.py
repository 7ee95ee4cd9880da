"""What a render → import round trip must keep: the document's JSON less what a re-import may
legitimately change (source lines, artefacts — page furniture is not written back — and
diagnostics, which carry lines). Shared by the renderer and property tests."""

from __future__ import annotations

from negotiation.jsonio import document_to_json
from negotiation.model import Document


def comparable(doc: Document) -> dict:
    data = document_to_json(doc)
    for key in ("artifacts", "artifact_details", "diagnostics"):
        data.pop(key)

    def drop_lines(paragraph: dict) -> None:
        paragraph.pop("line")
        for child in paragraph["children"]:
            drop_lines(child)

    for key in ("preamble", "operative", "articles"):
        for paragraph in data[key]:
            drop_lines(paragraph)
    return data
