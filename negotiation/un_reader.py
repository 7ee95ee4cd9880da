"""Read a UN resolution, decision or report of decisions (PDF, Word or Markdown text).

    read_un(lines, workbench, markdown=False)

1. The page pass (``un_pages``) or the Markdown pass (``un_markdown``) sets aside running
   heads, page-foot footnotes and markup, and cuts footnote marks out of the words.
2. A file holding several decisions ("Decision 1/CMA.6" ... "Decision 2/CMA.6" ...) becomes
   one document per decision, in ``Document.decisions``; the file's own masthead, title and
   table of contents stay with the top document (its symbol is the report's).
3. Each document's front matter is read line by line (masthead, agenda item, status and
   sponsor line, resolution number and title) up to the organ; the body after it is read
   block by block (``un_body``).
4. Footnotes are tied to the paragraph their mark was cut from.

The delegations named (sponsors, "[G77: ...]", "(Proposed by the African Group)") are those of
the UN registry (``registries.registry_for("UNGA")``).
"""

from __future__ import annotations

from negotiation import un_furniture, un_markdown, un_pages, un_phrases
from negotiation.body_lines import BodyLine
from negotiation.layout import Line
from negotiation.model import Document, Footnote, Paragraph
from negotiation.name_lists import split_names
from negotiation.registries import registry_for
from negotiation.un_blocks import blocks, opens_paragraph, read_label
from negotiation.un_body import Body
from negotiation.workbench import Workbench


def read_un(lines: list[Line], workbench: Workbench, *, markdown: bool = False) -> None:
    workbench.registry = registry_for("UNGA")
    prepared = un_markdown.prepare(lines) if markdown else un_pages.prepare(lines)
    for text, number, reason in prepared.artefacts:
        workbench.artifact(text, number, reason)
    body = prepared.lines
    top = workbench.doc
    starts = [i for i, line in enumerate(body)
              if un_furniture.decision_heading(line.text)]
    if _several_decisions(body, starts):
        _Front(workbench, top, markdown).read(body[:starts[0]])
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(body)
            heading = un_furniture.decision_heading(body[start].text)
            assert heading is not None
            decision = Document(symbol=heading[1])
            top.decisions.append(decision)
            _read_document(body[start + 1:end], decision, workbench, markdown)
    else:
        _read_document(body, top, workbench, markdown)
    organs = [d.organ for d in top.documents() if d.organ]
    top.language = un_phrases.language_of(organs[0] if organs else None)
    for document in top.documents():
        document.language = un_phrases.language_of(document.organ) if document.organ \
            else top.language
    _tie_notes(prepared.notes, workbench)


def _several_decisions(body: list[BodyLine], starts: list[int]) -> bool:
    """Several "Decision N/..." headings, or one under a report's own title and contents."""
    if len(starts) > 1:
        return True
    if not starts:
        return False
    before = [line.text.strip() for line in body[:starts[0]]]
    return any(un_furniture.CONTENTS.fullmatch(text) or text.startswith("Report of")
               for text in before)


def _read_document(lines: list[BodyLine], doc: Document, workbench: Workbench,
                   markdown: bool) -> None:
    texts = [line.text for line in lines]
    organ_at = next((i for i in range(len(lines))
                     if un_pages.organ_at(texts[i:i + 1] if i + 1 == len(lines)
                                          or lines[i + 1].blank_before else texts[i:i + 2])),
                    None)
    first_label = next((i for i, line in enumerate(lines)
                        if read_label(line.text.strip()) is not None
                        and not line.heading_level), len(lines))
    if organ_at is not None and organ_at <= first_label:
        following = texts[organ_at:organ_at + 1] if organ_at + 1 == len(lines) or \
            lines[organ_at + 1].blank_before else texts[organ_at:organ_at + 2]
        found = un_pages.organ_at(following)
        assert found is not None
        doc.organ, taken = found
        body_start = organ_at + taken
        front_end = organ_at
    else:
        front_end = body_start = _body_start(lines, doc)
    _Front(workbench, doc, markdown).read(lines[:front_end])
    Body(workbench, doc, markdown=markdown).read(blocks(lines[body_start:]))


def _body_start(lines: list[BodyLine], doc: Document) -> int:
    """Without an organ: the body starts at the first label or introductory phrase (a
    decision keeps its first line as its title)."""
    skip = 1 if doc.symbol and lines and not opens_paragraph(lines[0].text) else 0
    for index, line in enumerate(lines[skip:], start=skip):
        text = line.text.strip()
        if opens_paragraph(text) and not un_furniture.status_line(text):
            return index
    return len(lines)


_SPONSOR_LINES = 12  # a sponsor line naming dozens of delegations wraps over many lines


class _Front:
    """The masthead, status line, sponsors and title above the organ."""

    def __init__(self, workbench: Workbench, doc: Document, markdown: bool) -> None:
        self.workbench = workbench
        self.doc = doc
        self.markdown = markdown
        self.state = ""  # "agenda" | "masthead" | "contents" | "title" | "adopted"
        self.title: list[str] = []

    def read(self, lines: list[BodyLine]) -> None:
        index = 0
        while index < len(lines):
            taken = self._wrapped_status(lines, index)
            if taken:
                index += taken
                continue
            self._line(lines[index])
            index += 1
        if self.title:
            self.doc.title = " ".join(" ".join(self.title).split())

    def _set_aside(self, line: BodyLine, reason: str) -> None:
        self.workbench.artifact(line.text.strip(), line.line.number, reason,
                               document=self.doc)

    def _line(self, line: BodyLine) -> None:
        text = line.text.strip()
        doc = self.doc
        if line.blank_before and self.state in ("agenda", "title", "masthead"):
            self.state = ""
        if self.state == "contents":
            self._set_aside(line, "table of contents")
            return
        if un_furniture.MASTHEAD_TABLE.fullmatch(text):
            doc.symbol = doc.symbol or un_furniture.table_symbol(text)
            self._set_aside(line, "masthead (table)")
            return
        found = un_furniture.symbol(text)
        if found and doc.symbol is None:
            doc.symbol = found
            return
        with_symbol = un_furniture.organisation_and_symbol(text)
        if with_symbol:
            doc.symbol = doc.symbol or with_symbol
            self._set_aside(line, "masthead: the organisation")
            return
        heading = un_furniture.decision_heading(text)
        if heading is not None:
            if doc.symbol is None:
                doc.symbol = heading[1]
            else:
                self._set_aside(line, "decision heading")
            return
        if un_furniture.CONTENTS.fullmatch(text):
            self.state = "contents"
            self._set_aside(line, "table of contents")
            return
        if self._status(line, text):
            return
        reason = un_furniture.furniture(text) or ("editorial line"
                                                  if un_furniture.editorial(text) else None)
        if reason is not None or (found and doc.symbol is not None):
            self._set_aside(line, reason or "symbol repeated")
            self.state = "agenda" if reason == "agenda item line" else ""
            return
        if un_furniture.masthead_organ(text) and not self.title:
            self._set_aside(line, "masthead: the organ")
            self.state = "masthead"
            return
        if self.state == "masthead" and text[:1].islower():
            self._set_aside(line, "masthead: the organ")
            return
        if self.state == "agenda":
            self._set_aside(line, "agenda item title")
            return
        self._text(line, text)

    def _wrapped_status(self, lines: list[BodyLine], index: int) -> int:
        """A sponsor line wrapped over lines ("Bolivia (Plurinational State of), Côte
        d'Ivoire, ... and" / "Venezuela (Bolivarian Republic of):* draft resolution"): how
        many lines it takes, or 0."""
        if self.doc.note is not None or un_furniture.status_line(lines[index].text.strip()):
            return 0
        text = lines[index].text.strip()
        for end in range(index + 1, min(index + _SPONSOR_LINES, len(lines))):
            if lines[end].blank_before:
                return 0
            text = f"{text} {lines[end].text.strip()}"
            if un_furniture.SPONSOR_LINE.fullmatch(text):
                self._status(lines[index], text)
                return end - index + 1
        return 0

    def _status(self, line: BodyLine, text: str) -> bool:
        doc = self.doc
        if self.state == "adopted" and text.startswith(("on ", "le ", "el ")):
            doc.note = f"{doc.note} {text}"
            self.state = ""
            return True
        if not un_furniture.status_line(text) or doc.note is not None:
            return False
        doc.note = text
        self.state = "adopted" if un_furniture.ADOPTED.search(text) else ""
        if un_furniture.ADOPTED.search(text):
            self.workbench.adopted.add(id(doc))
        sponsors = un_furniture.SPONSOR_LINE.fullmatch(text)
        if sponsors:
            registry = self.workbench.registry
            for name in split_names(sponsors.group("sponsors"),
                                    lambda n: registry is not None
                                    and registry.find(n) is not None):
                found = registry.find(name) if registry is not None else None
                doc.sponsors.append(found.name if found is not None else name)
                if found is None:
                    self.workbench.find(f"sponsor “{name}” is not a known UN delegation; kept "
                                       "as written", line.line.number, 1, document=doc)
        return True

    def _text(self, line: BodyLine, text: str) -> None:
        doc = self.doc
        if self.markdown and not line.heading_level and not self.title:
            self._set_aside(line, "text before the document")
            return
        continues = self.title and self.state == "title" and not line.blank_before and (
            not line.heading_level or text[:1].islower())
        if continues:
            self.title.append(text)
            return
        if self.title or (self.markdown and not line.heading_level):
            self._set_aside(line, "front matter that is not the title")
            return
        number = un_furniture.RESOLUTION_NUMBER.match(text)
        if number and doc.label is None:
            doc.label = number.group("number")
            text = text[number.end():]
        self.title.append(text)
        self.state = "title"


def _tie_notes(notes: list[un_pages.PageNote], workbench: Workbench) -> None:
    """Each footnote goes to the document of the paragraph its mark was cut from."""
    owner: dict[int, tuple[Document, Paragraph]] = {}
    for document in workbench.doc.documents():
        for paragraph in document.paragraphs():
            span = workbench.span_of(paragraph)
            for piece in (span.pieces if span is not None else []):
                owner.setdefault(piece.line, (document, paragraph))
    for note in notes:
        footnote = Footnote(mark=note.mark, text=note.text.text)
        target = None
        document = workbench.doc
        if note.target is not None:
            found = _marked(note.mark, note.target.line.number, owner, workbench)
            if found is not None:
                document, target = found
        document.footnotes.append(footnote)
        workbench.note_targets.append((footnote, target))
        if target is None and note.mark.isdigit():
            workbench.find(f"footnote {note.mark} is not marked anywhere in the text; kept as "
                          "a footnote of the document", note.line, 1)


def _marked(mark: str, line: int, owner: dict[int, tuple[Document, Paragraph]],
            workbench: Workbench) -> tuple[Document, Paragraph] | None:
    """The paragraph holding the line the mark was cut from (else one carrying the mark)."""
    if line in owner:
        return owner[line]
    for document in workbench.doc.documents():
        for paragraph in document.paragraphs():
            if mark in paragraph.footnote_marks:
                return document, paragraph
    return None
