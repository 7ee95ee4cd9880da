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
title or of a paragraph, counted only when a note "N" exists, so that "1/CP.17" or "2009/"
never become marks by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from negotiation.layout import Line, SourceSpan

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
