"""Word import (negotiation.word_import): the round trip text → Word → import gives the same
structure, Word's automatic numbering (not in the text) becomes labels, footnotes become
reservations, brackets come through as typed."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from negotiation.export_docx import render_docx
from negotiation.importer import import_text
from negotiation.jsonio import document_to_json
from negotiation.render import render_bracketed
from negotiation.word_import import NotAWordFile, import_docx, word_text
from negotiation.word_numbering import Numbering

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "fixtures" / "seeds").glob("*.txt")),
           ROOT / "fixtures" / "conventions" / "footnotes.txt",
           ROOT / "fixtures" / "conventions" / "attribution.txt"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def structure(doc) -> dict:
    """The document's JSON without source lines and diagnostics, which depend on the layout."""
    data = document_to_json(doc)
    for key in ("diagnostics", "artifacts", "artifact_details"):
        data.pop(key, None)

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("line", "id")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node
    return strip(data)


CASES = [*((source, True) for source in SOURCES),  # every text in its bracketed layout
         *((source, False) for source in SOURCES  # the texts without brackets, clean
           if source.name.startswith(("002", "004", "footnotes")))]


@pytest.mark.parametrize(("source", "bracketed"), CASES,
                         ids=lambda v: v.name if isinstance(v, Path) else str(v))
def test_round_trip_through_word_gives_the_same_structure(source: Path, bracketed: bool) -> None:
    doc = import_text(source.read_text(encoding="utf-8"))
    back = import_docx(render_docx(doc, bracketed=bracketed))
    assert render_bracketed(back) == render_bracketed(doc)
    assert structure(back) == structure(doc)


def numbered_document() -> bytes:
    """A Word file as a secretariat receives it: operative paragraphs numbered by Word's
    automatic numbering (decimal, then lowerLetter "a)"), nothing typed, one footnote."""
    word = docx.Document()
    numbering = word.part.numbering_part.element
    abstract = etree.SubElement(numbering, qn("w:abstractNum"), {qn("w:abstractNumId"): "90"})
    for level, (kind, text) in enumerate([("decimal", "%1."), ("lowerLetter", "%2.")]):
        lvl = etree.SubElement(abstract, qn("w:lvl"), {qn("w:ilvl"): str(level)})
        etree.SubElement(lvl, qn("w:start"), {qn("w:val"): "1"})
        etree.SubElement(lvl, qn("w:numFmt"), {qn("w:val"): kind})
        etree.SubElement(lvl, qn("w:lvlText"), {qn("w:val"): text})
    num = etree.SubElement(numbering, qn("w:num"), {qn("w:numId"): "90"})
    etree.SubElement(num, qn("w:abstractNumId"), {qn("w:val"): "90"})

    def numbered(text: str, level: int) -> None:
        paragraph = word.add_paragraph(text)
        properties = paragraph._p.get_or_add_pPr()
        numbering_properties = etree.SubElement(properties, qn("w:numPr"))
        etree.SubElement(numbering_properties, qn("w:ilvl"), {qn("w:val"): str(level)})
        etree.SubElement(numbering_properties, qn("w:numId"), {qn("w:val"): "90"})

    word.add_paragraph("DRAFT RESOLUTION")
    word.add_paragraph("COOPERATION AGAINST TRAFFICKING")
    word.add_paragraph("THE GENERAL ASSEMBLY,")
    intro = word.add_paragraph()
    intro.add_run("RECALLING").bold = True
    intro.add_run(" its resolution AG/RES. 2348 (XXXVII-O/07);")
    word.add_paragraph("RESOLVES:")
    numbered("To urge the member states [to cooperate][to consider cooperating].", 0)
    numbered("To request that the General Secretariat:", 0)
    numbered("Conduct a study;", 1)
    numbered("Report to the Permanent Council.", 1)
    numbered("[BELIZE:  To hold a meeting of experts.]", 0)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def test_automatic_numbering_becomes_labels() -> None:
    text = word_text(numbered_document())
    assert "\n\n1. To urge the member states [to cooperate][to consider cooperating].\n\n" in text
    assert "\n\na. Conduct a study;\n\nb. Report to the Permanent Council.\n\n3. [BELIZE:" in text
    doc = import_docx(numbered_document())
    assert [p.label for p in doc.operative] == ["1", "2", "3"]
    assert [c.label for c in doc.operative[1].children] == ["a", "b"]
    assert doc.operative[2].proposed_by == "Belize"
    assert doc.preamble[0].intro == "RECALLING"
    assert doc.organ == "THE GENERAL ASSEMBLY,"


def test_word_numbering_formats() -> None:
    blob = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">'
            '<w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/>'
            '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerRoman"/>'
            '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
            '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>').encode()
    numbering = Numbering.from_xml(blob)
    labels = [numbering.label("7", level) for level in (0, 1, 1, 1, 0, 1)]
    assert labels == ["IV.", "(i)", "(ii)", "(iii)", "V.", "(i)"]
    assert numbering.label("8", 0) is None


def test_a_damaged_file_is_refused_with_a_reason() -> None:
    with pytest.raises(NotAWordFile, match="not a Word"):
        word_text(b"PK\x03\x04 not really a zip")
