"""Real Word footnotes for python-docx, which has no footnote API: the footnotes part
(``word/footnotes.xml``) written with lxml, and read back the same way.

``FootnoteWriter(document)`` collects notes while the body is written; ``reference(paragraph,
text)`` puts the superscript footnote reference at the end of a body paragraph, and
``attach()`` adds the part (with the two separator notes Word expects) and its relationship.
``read_footnotes(document)`` returns {id: text} of a document's footnotes (any Word file).
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_URI = "/word/footnotes.xml"
FIRST_ID = 1  # ids -1 and 0 are the separator and continuation separator


class FootnoteWriter:
    def __init__(self, document: WordDocument) -> None:
        self._document = document
        self._notes: list[tuple[int, str]] = []

    def reference(self, paragraph: WordParagraph, text: str) -> int:
        """A footnote holding ``text``, referenced at the end of ``paragraph``; its id."""
        note_id = FIRST_ID + len(self._notes)
        self._notes.append((note_id, text))
        run = paragraph.add_run()
        properties = run._r.get_or_add_rPr()
        align = properties.makeelement(qn("w:vertAlign"), {qn("w:val"): "superscript"})
        properties.append(align)
        run._r.append(run._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(note_id)}))
        return note_id

    def attach(self) -> None:
        """Add the footnotes part to the package (nothing when no note was written)."""
        if not self._notes:
            return
        root = etree.Element(f"{{{W_NS}}}footnotes", nsmap={"w": W_NS})
        for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
            note = etree.SubElement(root, f"{{{W_NS}}}footnote",
                                    {f"{{{W_NS}}}type": kind, f"{{{W_NS}}}id": str(note_id)})
            run = etree.SubElement(etree.SubElement(note, f"{{{W_NS}}}p"), f"{{{W_NS}}}r")
            etree.SubElement(run, f"{{{W_NS}}}{kind}")
        for note_id, text in self._notes:
            note = etree.SubElement(root, f"{{{W_NS}}}footnote", {f"{{{W_NS}}}id": str(note_id)})
            paragraph = etree.SubElement(note, f"{{{W_NS}}}p")
            mark = etree.SubElement(paragraph, f"{{{W_NS}}}r")
            properties = etree.SubElement(mark, f"{{{W_NS}}}rPr")
            etree.SubElement(properties, f"{{{W_NS}}}vertAlign", {f"{{{W_NS}}}val": "superscript"})
            etree.SubElement(mark, f"{{{W_NS}}}footnoteRef")
            words = etree.SubElement(etree.SubElement(paragraph, f"{{{W_NS}}}r"), f"{{{W_NS}}}t")
            words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            words.text = " " + text
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        main = self._document.part
        part = Part(PackURI(FOOTNOTES_URI), FOOTNOTES_TYPE, blob, main.package)
        main.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def read_footnotes(document: WordDocument) -> dict[int, str]:
    """{footnote id: its text} of a Word document; separators left out."""
    for relationship in document.part.rels.values():
        if relationship.reltype == RELATIONSHIP_TYPE.FOOTNOTES:
            root = etree.fromstring(relationship.target_part.blob)
            break
    else:
        return {}
    notes: dict[int, str] = {}
    for note in root.iter(f"{{{W_NS}}}footnote"):
        if note.get(f"{{{W_NS}}}type") in ("separator", "continuationSeparator",
                                            "continuationNotice"):
            continue
        text = "".join(t.text or "" for t in note.iter(f"{{{W_NS}}}t"))
        notes[int(note.get(f"{{{W_NS}}}id", "0"))] = text.strip()
    return notes
