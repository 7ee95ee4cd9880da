"""When a text may be issued clean (negotiation.clean_gate), and the refusals in the chair's
notation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from negotiation.clean_gate import CleanExportRefused, clean_refusals, ensure_clean
from negotiation.exports import FORMATS, export
from negotiation.importer import import_text
from negotiation.model import ParagraphStatus

ROOT = Path(__file__).resolve().parent.parent
NEGOTIATED = ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt"
ADOPTED = ROOT / "fixtures" / "seeds" / "004_e08f240b2092f966.txt"


def test_open_brackets_proposals_and_unagreed_paragraphs_are_listed_as_the_chair_reads() -> None:
    reasons = clean_refusals(import_text(NEGOTIATED.read_text(encoding="utf-8")))
    assert reasons[:5] == [
        "preambular paragraph 10: [shared responsibility / co-responsibility]",
        "preambular paragraph 10: [VENEZUELA: That trafficking in persons is a crime that …]",
        "preambular paragraph 12: [Recognizing the recent accomplishments of the 12th "
        "meeting …]",
        "preambular paragraph 12: [VENEZUELA: Recognizing the recent accomplishments of the "
        "12th Meeting …]",
        "operative paragraph 3 (c): [BELIZE: Conduct a study on the feasibility of "
        "establishing …]"]
    assert reasons[5] == "preambular paragraph 1: not agreed (open)"


def test_agreed_ad_referendum_is_not_yet_agreed() -> None:
    doc = import_text(ADOPTED.read_text(encoding="utf-8"))
    ensure_clean(doc)
    doc.operative[1].status = ParagraphStatus.AGREED_AD_REFERENDUM
    assert clean_refusals(doc) == ["operative paragraph 2: not agreed (agreed ad referendum)"]


@pytest.mark.parametrize("name", [n for n, f in FORMATS.items() if f.clean])
def test_every_clean_format_refuses_and_its_draft_is_marked(name: str) -> None:
    doc = import_text(NEGOTIATED.read_text(encoding="utf-8"))
    with pytest.raises(CleanExportRefused, match="operative paragraph 3 \\(c\\): \\[BELIZE"):
        export(doc, name, issued=date(2007, 6, 1))
    draft = export(doc, name, issued=date(2007, 6, 1), draft=True)
    if name != "docx":  # the Word file is a zip: checked in test_export_docx
        assert "DRAFT — not agreed".encode() in draft.content
    if name in ("clean", "markdown", "html"):  # a draft shows what is still open
        assert b"VENEZUELA" in draft.content and b"[shared responsibility" in draft.content
