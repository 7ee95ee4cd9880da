"""OAS footnotes: a mark such as "1/" after the title or a paragraph, the notes at the end.

    CD/RES. 10 (82-R/07)
    INTER-AMERICAN PROGRAM ... TRAFFICKING 1/          ← a mark after the title
    ...
    5. To promote the consolidation of ... problems.2/  ← a mark after a paragraph
    FOOTNOTES                                           ← optional heading
    1/ The Delegation of X reserves its position ...   ← the note of mark "1"
    2/ ...

A note definition is a line that opens with "N/" (or, under a FOOTNOTES heading, "N." or
"N)"); following lines that start no new note continue it. A mark is "N/" at the end of the
title or of a paragraph (taken off the text, kept in ``footnote_marks``) or inside a
paragraph's words ("Canada 1/ and": left in the text, the note still tied to it); it counts
only when a note "N" exists, so that "1/CP.17" or "2009/" never become marks by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from negotiation import phrases
from negotiation.layout import Line, SourceSpan, read_label
from negotiation.model import Paragraph

_DEFINITION = re.compile(r"[ \t]*(?P<mark>\d{1,2})/[ \t]+(?=\S)")
_DEFINITION_UNDER_HEADING = re.compile(r"[ \t]*(?P<mark>\d{1,2})[.)/][ \t]+(?=\S)")
_TRAILING_MARK = re.compile(r"(?<=[^\s\d/])[ \t]*(?P<mark>\d{1,2})/[ \t]*$")


@dataclass
class NoteDefinition:
    mark: str
    text: SourceSpan
    line: int


def note_definition(line: Line, under_heading: bool) -> tuple[str, int] | None:
    """(mark, column where the note's text starts) when ``line`` opens a footnote."""
    pattern = _DEFINITION_UNDER_HEADING if under_heading else _DEFINITION
    match = pattern.match(line.text)
    return (match.group("mark"), match.end()) if match else None


def trailing_marks(text: str, known: set[str]) -> tuple[str, list[str]]:
    """Take known footnote marks off the end of ``text``: ("... problems.2/", {"2"}) →
    ("... problems.", ["2"])."""
    marks: list[str] = []
    while True:
        match = _TRAILING_MARK.search(text)
        if not match or match.group("mark") not in known:
            return text, marks
        marks.insert(0, match.group("mark"))
        text = text[:match.start()]


def note_definitions(lines: list[Line], start: int
                     ) -> tuple[list[NoteDefinition], set[int], list[Line]]:
    """The notes from ``lines[start:]``: "N/ text" lines and everything under a FOOTNOTES
    heading. Returns the notes, the numbers of the lines they use, and the heading lines."""
    headings: list[Line] = []
    notes: list[NoteDefinition] = []
    used: set[int] = set()
    under_heading = False
    in_note = False  # the line above belongs to a note: a line right under it continues it
    for line in lines[start:]:
        if phrases.is_footnotes_heading(line.text):
            under_heading = True
            headings.append(line)
            used.add(line.number)
            continue
        opened = note_definition(line, under_heading)
        if opened:
            mark, column = opened
            notes.append(NoteDefinition(mark, SourceSpan.of_line(line, column), line.number))
            used.add(line.number)
            in_note = True
        elif notes and not line.blank and (under_heading or (
                in_note and read_label(line.text) is None
                and not phrases.is_operative_heading(line.text))):
            notes[-1].text = notes[-1].text.joined(SourceSpan.of_line(line).strip(), " ")
            used.add(line.number)
        else:
            in_note = False
    return notes, used, headings


def marked_paragraph(paragraphs: list[Paragraph], mark: str) -> Paragraph | None:
    """The paragraph marked "N/": at its end (taken off the text), else inside its words."""
    found = next((p for p in paragraphs if mark in p.footnote_marks), None)
    if found is None:
        inside = re.compile(rf"(?<=[^\s\d/])[ \t]?{mark}/(?=[\s,;.]|$)")
        found = next((p for p in paragraphs if inside.search(p.text)), None)
    return found
