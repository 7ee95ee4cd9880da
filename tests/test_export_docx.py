"""Word export (negotiation.export_docx): the file opened again with python-docx, its
paragraphs, labels, layout and real footnotes checked."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import etree

from negotiation.docx_footnotes import W_NS, read_footnotes
from negotiation.export_docx import render_docx
from negotiation.importer import import_text

ROOT = Path(__file__).resolve().parent.parent
FOOTNOTES = ROOT / "fixtures" / "conventions" / "footnotes.txt"
NEGOTIATED = ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt"


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(BytesIO(data))


def test_layout_of_the_seeds_symbol_title_status_organ_and_numbered_paragraphs() -> None:
    word = reopen(render_docx(import_text(FOOTNOTES.read_text(encoding="utf-8"))))
    texts = [p.text for p in word.paragraphs]
    assert texts[:4] == ["AG/RES. 2500 (XL-O/10)", "STRENGTHENING HEMISPHERIC COOPERATION",
                         "(Adopted at the fourth plenary session, held on June 8, 2010)",
                         "THE GENERAL ASSEMBLY,"]
    symbol, title, status = word.paragraphs[:3]
    assert symbol.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    assert status.runs[0].italic
    assert "RESOLVES:" in texts
    numbered = [t for t in texts if t[:2] in ("1.", "2.")]
    assert numbered == ["1.\tTo urge the member states to cooperate.",
                        "2.\tTo request the Permanent Council to report on this resolution."]
    hanging = word.paragraphs[texts.index(numbered[0])].paragraph_format
    assert hanging.first_line_indent < 0 < hanging.left_indent


def test_reservations_are_real_word_footnotes() -> None:
    data = render_docx(import_text(FOOTNOTES.read_text(encoding="utf-8")))
    word = reopen(data)
    rels = [r for r in word.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.FOOTNOTES]
    assert len(rels) == 1 and rels[0].target_part.partname == "/word/footnotes.xml"
    notes = read_footnotes(word)
    assert notes == {
        1: "The Delegation of Nicaragua reserves its position on the title.",
        2: "The United States does not join consensus on this paragraph because it prejudges "
           "the outcome of negotiations.",
        3: "The Delegation of Canada will report separately."}
    body = etree.fromstring(word.element.xml.encode())
    references = [(int(r.get(f"{{{W_NS}}}id")), "".join(
        t.text or "" for t in r.getparent().getparent().iter(f"{{{W_NS}}}t"))[:20])
        for r in body.iter(f"{{{W_NS}}}footnoteReference")]
    assert [note_id for note_id, _ in references] == [1, 2, 3]
    assert references[0][1] == "STRENGTHENING HEMISP"  # the title's reservation


def test_bracketed_word_keeps_brackets_proposals_and_notes() -> None:
    word = reopen(render_docx(import_text(NEGOTIATED.read_text(encoding="utf-8")),
                              bracketed=True))
    texts = [p.text for p in word.paragraphs]
    assert any("[shared responsibility / co-responsibility]" in t for t in texts)
    assert any(t.startswith("[VENEZUELA:  That trafficking") for t in texts)
    assert any(t.startswith("c.\t[BELIZE:  Conduct a study") for t in texts)
    assert any("at the request of" in t for t in texts)


def test_a_draft_is_marked_in_its_header() -> None:
    word = reopen(render_docx(import_text(NEGOTIATED.read_text(encoding="utf-8")),
                              bracketed=True, draft=True))
    assert word.paragraphs[0].text == "DRAFT — not agreed"
    assert word.paragraphs[0].runs[0].bold
