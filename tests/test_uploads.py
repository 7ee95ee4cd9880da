"""An uploaded draft (server.uploads): Word or UTF-8 text, refused with a reason otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.export_docx import render_docx
from negotiation.importer import import_text
from negotiation.render import render_bracketed
from server.uploads import UploadRefused, document_from_upload

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt"


def test_a_word_draft_and_a_text_draft_give_the_same_document() -> None:
    text = SEED.read_text(encoding="utf-8")
    from_word = document_from_upload(render_docx(import_text(text), bracketed=True),
                                     "draft.docx")
    from_text = document_from_upload(text.encode(), "draft.txt")
    assert render_bracketed(from_word) == render_bracketed(from_text)


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xff\xfeW\x00o\x00r\x00d\x00", "neither a Word (.docx) file nor UTF-8 text"),
    (b"PK\x03\x04broken", "not a Word (.docx) file python-docx can open"),
    (b"  \n\n", "the file is empty")])
def test_unreadable_uploads_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UploadRefused, match=reason.replace("(", r"\(").replace(")", r"\)")):
        document_from_upload(data, "draft.doc")
