"""Word (.docx) of a document in the layout of the seeds, written with python-docx.

Symbol right-aligned, title centred in bold, status line centred in italics, the organ,
"heading" introductory phrases on their own line, preambular paragraphs indented with inline
introductory phrases and Markdown emphasis ("*Being*") in italics, "RESOLVES:", numbered
operative paragraphs ("1.") with lettered sub-paragraphs ("a.") on a hanging indent, and
reservations as real Word footnotes (negotiation.docx_footnotes). Labels are typed in the text
(a "1 bis" cannot be numbered by Word), so the file reads the same in any word processor and
imports back to the same structure.

``render_docx(doc, bracketed=False, draft=False) -> bytes``; call ``clean_gate.ensure_clean``
first for the clean text.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document as new_word_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from negotiation.docx_footnotes import FootnoteWriter
from negotiation.emphasis import emphasis_runs
from negotiation.model import Document
from negotiation.printed import DRAFT_MARK, Block, printed_blocks, printed_label

INDENT = Cm(1.25)  # one level of hanging indent, as the seeds' operative paragraphs


def render_docx(doc: Document, *, bracketed: bool = False, draft: bool = False) -> bytes:
    word = new_word_document()
    style = word.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    word.core_properties.title = " ".join((doc.title or "").split())
    word.core_properties.subject = doc.symbol or ""
    notes = FootnoteWriter(word)
    if draft:
        mark = word.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.add_run(DRAFT_MARK).bold = True
    for block in printed_blocks(doc, bracketed=bracketed):
        paragraph = _write(word, block)
        for footnote in block.notes:
            notes.reference(paragraph, footnote.text)
    notes.attach()
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _write(word, block: Block):
    paragraph = word.add_paragraph()
    layout = paragraph.paragraph_format
    layout.space_after = Pt(10)
    if block.role == "symbol":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(block.text)
    elif block.role == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(block.text).bold = True
    elif block.role == "status":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(block.text).italic = True
    elif block.role == "heading":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(block.text).bold = True
    elif block.role in ("organ", "phrase", "resolves"):
        paragraph.add_run(block.text)
    elif block.role == "preambular":
        layout.first_line_indent = INDENT
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _words(paragraph, block)
    else:  # operative, subparagraph, option, proposal: label, tab, words on a hanging indent
        depth = block.level + 1
        layout.left_indent = INDENT * depth
        layout.first_line_indent = -INDENT
        layout.tab_stops.add_tab_stop(INDENT * depth)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        label = printed_label(block)
        if label:
            paragraph.add_run(label + "\t")
        _words(paragraph, block)
    return paragraph


def _words(paragraph, block: Block) -> None:
    if block.intro:
        paragraph.add_run(block.intro).italic = True
    for words, style in emphasis_runs(block.text):
        run = paragraph.add_run(words)
        run.italic = True if style == "em" else None
        run.bold = True if style == "strong" else None
