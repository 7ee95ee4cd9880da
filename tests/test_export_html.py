"""Printable HTML (negotiation.export_html): the seeds' layout, a print stylesheet, notes
linked both ways, everything escaped."""

from __future__ import annotations

from pathlib import Path

from negotiation.export_html import render_html
from negotiation.importer import import_text
from negotiation.model import Document, Paragraph, ParagraphKind

ROOT = Path(__file__).resolve().parent.parent
FOOTNOTES = ROOT / "fixtures" / "conventions" / "footnotes.txt"


def test_layout_print_stylesheet_and_footnotes() -> None:
    page = render_html(import_text(FOOTNOTES.read_text(encoding="utf-8")))
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page and "@page" in page
    assert '<p class="symbol">AG/RES. 2500 (XL-O/10)</p>' in page
    assert '<h1 class="title">STRENGTHENING HEMISPHERIC COOPERATION<sup id="ref-1">' in page
    assert ('<div class="operative"><span class="label">1.</span><p>To urge the member states '
            "to cooperate.</p></div>") in page
    assert '<li id="fn-1">The Delegation of Nicaragua reserves its position' in page
    assert '<span class="intro">RECALLING</span>' in page


def test_everything_is_escaped_and_a_draft_is_marked() -> None:
    doc = Document(title="<b>x</b>", operative=[Paragraph(
        "op-1", ParagraphKind.OPERATIVE, '<script>alert("x")</script> [a / b]', label="1")])
    page = render_html(doc, bracketed=True, draft=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert '<p class="draft-mark">DRAFT — not agreed</p>' in page


def test_markdown_emphasis_of_imported_texts_is_shown_as_formatting() -> None:
    doc = Document(preamble=[Paragraph("pp-1", ParagraphKind.PREAMBULAR,
                                       "*Being* Parties to the **Convention**, 2 * 3")])
    page = render_html(doc)
    assert "<em>Being</em> Parties to the <strong>Convention</strong>, 2 * 3" in page
