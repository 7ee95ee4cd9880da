"""Word (.docx) drafts read with python-docx, so that a secretariat can start from the file it
received: each body paragraph becomes a paragraph of text, with

* Word's automatic numbering (not in the text) written as the label Word prints ("1.", "a)"),
  computed by negotiation.word_numbering from the paragraph's own or its style's list;
* footnote references written as OAS marks ("1/") and the notes in a closing FOOTNOTES section;
* tabs after typed labels ("1.<tab>") made spaces; brackets and proposals kept as typed.

That text goes through the ordinary importer (negotiation.importer.import_text), which finds
the symbol, title, organ, introductory phrases, paragraphs and brackets as it does for text.
``word_text(data)`` returns the text, ``import_docx(data)`` the document.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document as open_word_document
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import etree

from negotiation.docx_footnotes import read_footnotes
from negotiation.importer import import_text
from negotiation.model import Document
from negotiation.render import FOOTNOTES
from negotiation.word_numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_MAGIC = b"PK\x03\x04"


class NotAWordFile(ValueError):
    """The bytes are not a Word (.docx) file python-docx can open."""


def is_docx(data: bytes) -> bool:
    """True when ``data`` starts like a .docx (a zip package)."""
    return data.startswith(DOCX_MAGIC)


def word_text(data: bytes) -> str:
    """The draft as the importer's text (see the module docstring)."""
    try:
        word = open_word_document(BytesIO(data))
    except Exception as error:  # python-docx raises several kinds on a damaged package
        raise NotAWordFile(f"not a Word (.docx) file python-docx can open: {error}") from None
    numbering = Numbering.from_xml(_numbering_blob(word))
    notes = read_footnotes(word)
    marks: dict[int, str] = {}
    lines: list[str] = []
    for paragraph in word.paragraphs:
        text = _paragraph_text(paragraph._p, notes, marks)
        where = _list_of(paragraph)
        label = numbering.label(*where) if where else None
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        if text.strip():
            lines.append(text.strip())
    if marks:
        lines.append(FOOTNOTES["en"])
        lines.extend(f"{mark}/ {notes[note_id]}" for note_id, mark in marks.items())
    return "\n\n".join(lines) + "\n"


def import_docx(data: bytes, *, source: str | None = None) -> Document:
    return import_text(word_text(data), source=source)


def _paragraph_text(p: etree._Element, notes: dict[int, str], marks: dict[int, str]) -> str:
    parts: list[str] = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}footnoteReference"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}footnoteReference":
            note_id = int(node.get(f"{W}id", "0"))
            if note_id in notes:
                marks.setdefault(note_id, str(len(marks) + 1))
                parts.append(f" {marks[note_id]}/")
        else:
            parts.append(" ")
    return "".join(parts)


def _list_of(paragraph) -> tuple[str, int] | None:
    """(numId, level) of the paragraph's list, from its own properties or its style's."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for properties in candidates:
        numbering = properties.numPr if properties is not None else None
        if numbering is not None and numbering.numId is not None:
            level = numbering.ilvl.val if numbering.ilvl is not None else 0
            return str(numbering.numId.val), int(level)
    return None


def _numbering_blob(word) -> bytes | None:
    for relationship in word.part.rels.values():
        if relationship.reltype == RELATIONSHIP_TYPE.NUMBERING:
            return relationship.target_part.blob
    return None
