"""Read an OAS draft resolution or resolution written as plain text.

The layout, top to bottom (every part optional, quirks of the seeds in brackets)::

    front matter    furniture ("Item 74 on the agenda", "June 4, 2009"), "DRAFT RESOLUTION",
                    the symbol "CD/RES. 10 (82-R/07)", the title (over several lines, odd
                    capitals), a footnote mark "1/", the note "(Adopted at ...)"
    organ           "THE GENERAL ASSEMBLY,", "LA ASAMBLEA GENERAL,"
    preamble        one paragraph per line; "CONSIDERING:" stands over the paragraphs below
                    it (heading glued to the paragraph above, no blank line); "RECALLING that"
                    opens its own paragraph; "[VENEZUELA:  ...]" right after a paragraph is
                    Venezuela's wording of it; notes "(Agreed)", "(... at the request of ...)"
    "RESOLVES:"
    operative       "1." / "1 bis." / "4." alone with the text below, "a." sub-paragraphs,
                    "c. [BELIZE:  ...]" a sub-paragraph tabled by Belize
    footnotes       "FOOTNOTES", then "1/ The delegation of ..."

Anything that is no part of the resolution becomes an artefact with its line and reason.
"""

from __future__ import annotations

import re

from negotiation import phrases
from negotiation.footnotes import marked_paragraph, note_definitions, trailing_marks
from negotiation.layout import Line, SourceSpan, read_label, reads_as_roman
from negotiation.model import Footnote, Paragraph, ParagraphKind, ParagraphStatus
from negotiation.workbench import Workbench, proposal_text

_GLUED_ARTEFACT = re.compile(r"\[(?:image|figure|picture|graphic|object)\s*:[^\]]*\]", re.I)
_TITLE_WORD = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")
_BODY_FURNITURE = {"page number", "date line", "page header", "organisation name (page header)",
                   "OAS series reference (page header)"}


def read_resolution(lines: list[Line], workbench: Workbench) -> None:
    organ_at = next((i for i, line in enumerate(lines) if phrases.organ(line.text)), None)
    body_start = organ_at + 1 if organ_at is not None else _first_body_line(lines)
    notes, note_lines, headings = note_definitions(lines, body_start)
    for heading in headings:  # the footnotes stand for their heading
        workbench.artifact(heading.text.strip(), heading.number, "footnotes heading")
    known_marks = {note.mark for note in notes}
    _front_matter(lines[:organ_at if organ_at is not None else body_start], workbench,
                  known_marks)
    if organ_at is not None:
        workbench.doc.organ = phrases.organ(lines[organ_at].text)
    heading = next((line.text for line in lines[body_start:]
                    if phrases.is_operative_heading(line.text)), None)
    workbench.doc.language = phrases.language_of(workbench.doc.organ, heading)
    _Body(workbench, known_marks).read([line for line in lines[body_start:]
                                       if line.number not in note_lines])
    for note in notes:
        footnote = Footnote(mark=note.mark, text=note.text.text)
        workbench.doc.footnotes.append(footnote)
        target = marked_paragraph(list(workbench.doc.paragraphs()), note.mark)
        workbench.note_targets.append((footnote, target))
        if target is None and note.mark not in workbench.title_marks:
            workbench.find(f"footnote {note.mark}/ is not marked anywhere in the text; "
                          "kept as a footnote of the document", note.line, 1)


def _first_body_line(lines: list[Line]) -> int:
    """Without an organ line, the body starts at the first heading, intro or label."""
    for index, line in enumerate(lines):
        text = line.text.strip()
        if (phrases.intro_heading(text) or phrases.is_operative_heading(text)
                or phrases.inline_intro(text) or read_label(text)):
            return index
    return len(lines)


def _front_matter(lines: list[Line], workbench: Workbench, known_marks: set[str]) -> None:
    doc = workbench.doc
    title: list[str] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        glued = _GLUED_ARTEFACT.search(text)
        if glued:
            workbench.artifact(text[glued.start():], line.number, "conversion artefact")
            text = text[:glued.start()].strip()
            if not text:
                continue
        if phrases.document_type(text):
            workbench.artifact(text, line.number, "document type line")
        elif phrases.symbol(text) and doc.symbol is None:
            doc.symbol = phrases.symbol(text)
        elif phrases.document_note(text) and doc.note is None:
            doc.note = text
        elif reason := phrases.furniture(text):
            workbench.artifact(text, line.number, reason)
        elif _TITLE_WORD.search(text):
            words, marks = trailing_marks(text, known_marks)
            title.append(words.strip())
            workbench.title_marks.update(marks)
        else:
            workbench.artifact(text, line.number, "front matter that is not the title")
    if title:
        doc.title = " ".join(title)


class _Body:
    """The preamble and the operative part, read line by line."""

    def __init__(self, workbench: Workbench, known_marks: set[str]) -> None:
        self.workbench = workbench
        self.known_marks = known_marks
        self.doc = workbench.doc
        self.section = "preamble"
        self.heading: str | None = None
        self.heading_is_fresh = False  # no paragraph yet under the current heading
        self.heading_line: Line | None = None
        self.last: Paragraph | None = None  # the paragraph a note or proposal refers to
        self.last_top: Paragraph | None = None  # the last numbered operative paragraph
        self.last_line = -10
        self.pending_label: tuple[str, str, Line] | None = None  # ("number", "4", line)

    def read(self, lines: list[Line]) -> None:
        for line in lines:
            if line.blank:
                continue
            self._line(line)
        self._unused_heading()
        if self.pending_label:
            kind, label, line = self.pending_label
            self._place(kind, label, SourceSpan.of_line(line, len(line.text)), line)

    def _line(self, line: Line) -> None:
        text = line.text
        glued = _GLUED_ARTEFACT.search(text)
        if glued:
            self.workbench.artifact(text[glued.start():], line.number,
                                   "conversion artefact glued to the text")
            text = text[:glued.start()]
            if not text.strip():
                return
        stripped = text.strip()
        reason = phrases.furniture(stripped)
        if reason in _BODY_FURNITURE and self.pending_label is None:
            self.workbench.artifact(stripped, line.number, reason)
            return
        if phrases.is_operative_heading(stripped):
            if self.section == "operative":
                self.workbench.artifact(stripped, line.number, "operative heading repeated")
                self.workbench.find(f"“{stripped}” repeated; the operative part began before",
                                   line.number, 1)
                return
            self._unused_heading()
            self.section = "operative"
            self.heading = None
            return
        if self.section == "preamble" and (heading := phrases.intro_heading(stripped)):
            self._unused_heading()
            self.heading = heading
            self.heading_is_fresh = True
            self.heading_line = line
            return
        if self._standalone_note(stripped, line):
            return
        span = SourceSpan.of_line(Line(line.number, text)).strip()
        if self.section == "operative":
            label = read_label(span.text)
            if self.pending_label is None and label is not None:
                rest = span.slice(label.end)
                if not rest.text.strip():
                    self.pending_label = (label.kind, label.label, line)
                    return
                self._place(label.kind, label.label, rest, line)
                return
            if self.pending_label is not None:
                kind, label_text, _ = self.pending_label
                self.pending_label = None
                self._place(kind, label_text, span, line)
                return
        if self._continues(span, line):
            return
        self._place(None, None, span, line)

    def _unused_heading(self) -> None:
        """A heading ("CONSIDERING:") with no paragraph under it is kept as an artefact."""
        if self.heading is not None and self.heading_is_fresh and self.heading_line is not None:
            line = self.heading_line
            self.workbench.artifact(line.text.strip(), line.number,
                                   "introductory phrase with no paragraph under it")
            self.workbench.find(f"“{line.text.strip()}” has no paragraph under it; set aside",
                               line.number, 1)
        self.heading_is_fresh = False

    # ----------------------------------------------------------------- placing a paragraph

    def _place(self, kind: str | None, label: str | None, span: SourceSpan, line: Line) -> None:
        span, notes = self._notes_off(span)
        span, marks = self._marks_off(span)
        parsed = proposal_text(span.text)
        if parsed is not None and label is None and self._can_answer():
            self.workbench.propose(self.last, parsed.name, span.slice(parsed.start, parsed.end))
            self._apply_notes(self.last, notes, line)
            self.last.footnote_marks.extend(marks)
            self.last_line = line.number
            return
        whole = span
        if parsed is not None:
            span = span.slice(parsed.start, parsed.end)
        paragraph = self._new_paragraph(kind, label, span, line)
        if parsed is not None:
            paragraph.proposed_by = self.workbench.delegation(parsed.name, whole, paragraph)
        paragraph.footnote_marks.extend(marks)
        self._apply_notes(paragraph, notes, line)
        self.last = paragraph
        self.last_line = line.number

    def _can_answer(self) -> bool:
        """A "[NAME: ...]" answers the paragraph just above it, within the same heading group."""
        if self.last is None or self.heading_is_fresh:
            return False
        in_section = self.doc.preamble if self.section == "preamble" else self.doc.operative
        return any(self.last is p for top in in_section for p in top.walk())

    def _new_paragraph(self, kind: str | None, label: str | None, span: SourceSpan,
                       line: Line) -> Paragraph:
        workbench = self.workbench
        if self.section == "preamble":
            intro = phrases.inline_intro(span.text.lstrip("[*_ \t"))
            if intro:
                self._unused_heading()
                self.heading = None
                paragraph = workbench.paragraph(ParagraphKind.PREAMBULAR, span, intro=intro,
                                               intro_style="inline")
            elif self.heading:
                paragraph = workbench.paragraph(ParagraphKind.PREAMBULAR, span,
                                               intro=self.heading, intro_style="heading")
            else:
                paragraph = workbench.paragraph(ParagraphKind.PREAMBULAR, span)
            self.heading_is_fresh = False
            self.doc.preamble.append(paragraph)
            return paragraph
        if kind == "letter" and self.last_top is not None:
            paragraph = workbench.paragraph(ParagraphKind.SUBPARAGRAPH, span, label=label)
            lettered = self.last_top.children
            if lettered and reads_as_roman(label or "", lettered[-1].label):
                lettered[-1].children.append(paragraph)  # "a." then "i.", "ii.": under a.
            else:
                lettered.append(paragraph)
            return paragraph
        paragraph = workbench.paragraph(ParagraphKind.OPERATIVE, span, label=label)
        if kind == "letter":
            workbench.find(f"sub-paragraph {label}. comes before any numbered operative "
                          "paragraph; kept as an operative paragraph", line.number, 1, paragraph)
        elif label is None:
            workbench.find("operative paragraph without a number; kept in place",
                          line.number, 1, paragraph)
        self.doc.operative.append(paragraph)
        self.last_top = paragraph
        return paragraph

    def _continues(self, span: SourceSpan, line: Line) -> bool:
        """A line starting in lower case right under an unfinished paragraph continues it."""
        last = self.last
        if (last is None or line.number != self.last_line + 1 or not span.text[:1].islower()
                or last.text.rstrip()[-1:] in (".", ";", ":", "]", ")")):
            return False
        previous = self.workbench.span_of(last)
        if previous is None:
            return False
        self.workbench.set_text(last, previous.joined(span, " "))
        self.last_line = line.number
        return True

    # ----------------------------------------------------------------- notes and marks

    def _notes_off(self, span: SourceSpan) -> tuple[SourceSpan, list[tuple[str, int, int]]]:
        words, notes = phrases.split_trailing_notes(span.text)
        located = []
        position = len(words)
        for note in notes:
            at = span.text.find(note, position)
            line, column = span.locate(at)
            located.append((note, line, column))
            position = at + len(note)
        return span.slice(0, len(words.rstrip())), located

    def _marks_off(self, span: SourceSpan) -> tuple[SourceSpan, list[str]]:
        words, marks = trailing_marks(span.text, self.known_marks)
        return span.slice(0, len(words.rstrip()) if marks else len(span.text)), marks

    def _standalone_note(self, text: str, line: Line) -> bool:
        """"(Agreed ad referendum)" or an attribution note alone on its line."""
        if not (text.startswith("(") and text.endswith(")")):
            return False
        if phrases.status_mark(text) is None and not phrases.is_attribution(text):
            return False
        column = line.text.find(text) + 1
        if self.last is None:
            self.workbench.artifact(text, line.number, "note with no paragraph before it")
            return True
        self._apply_notes(self.last, [(text, line.number, column)], line)
        return True

    def _apply_notes(self, paragraph: Paragraph, notes: list[tuple[str, int, int]],
                     line: Line) -> None:
        for note, note_line, column in notes:
            status = phrases.status_mark(note)
            if status is not None:
                if paragraph.status is not ParagraphStatus.OPEN:
                    self.workbench.find(f"second status mark {note} after “{paragraph.status}”; "
                                       "the last one counts", note_line, column, paragraph)
                paragraph.status = ParagraphStatus(status)
                continue
            attribution = phrases.attribution_of(note)
            if attribution is None:
                continue
            known, unknown = attribution
            paragraph.attribution = (note if paragraph.attribution is None
                                     else f"{paragraph.attribution} {note}")
            for name in [*known, *unknown]:
                if name not in paragraph.requested_by:
                    paragraph.requested_by.append(name)
            for name in unknown:
                self.workbench.find(f"“{name}” in the note {note} is not a known OAS "
                                   "delegation; kept as written", note_line, column, paragraph)
