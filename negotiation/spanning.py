"""Brackets that do not close in the paragraph they open in (UN texts).

A bracket may be opened in one paragraph and closed in a later one, a real defect of
negotiating texts ("[1. Parties shall ...;" ... "3. ... review.]"). Each paragraph keeps its
words as written; the pair is reported once, naming both ends, instead of as a bracket never
closed and a bracket with no opening one.

"[may] [shall]": two brackets with a space between them are two passages for the grammar
(alternatives are written back to back, "[may][shall]"); UN drafts often mean alternatives,
so the importer points them out.
"""

from __future__ import annotations

import re

from negotiation.model import Paragraph

_SPACED = re.compile(r"\[[^\[\]\n]{1,40}\] \[[^\[\]\n]{1,40}\]")


def unmatched(text: str) -> list[tuple[int, str]]:
    """(offset, "[" or "]") of each bracket without a partner in ``text``, in order."""
    stack: list[int] = []
    lone: list[tuple[int, str]] = []
    for match in re.finditer(r"[\[\]]", text):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            stack.pop()
        else:
            lone.append((match.start(), "]"))
    lone.extend((offset, "[") for offset in stack)
    return sorted(lone)


def spanning_brackets(paragraphs: list[Paragraph]
                      ) -> list[tuple[Paragraph, int, Paragraph, int]]:
    """(opening paragraph, offset, closing paragraph, offset) for each bracket that opens in
    one paragraph and closes in a later one, ``paragraphs`` being in document order."""
    open_: list[tuple[Paragraph, int]] = []
    found: list[tuple[Paragraph, int, Paragraph, int]] = []
    for paragraph in paragraphs:
        if "[" not in paragraph.text and "]" not in paragraph.text:
            continue
        for offset, bracket in unmatched(paragraph.text):
            if bracket == "[":
                open_.append((paragraph, offset))
            elif open_ and open_[-1][0] is not paragraph:
                opening, at = open_.pop()
                found.append((opening, at, paragraph, offset))
    return found


def spaced_brackets(text: str) -> list[tuple[int, str]]:
    """(offset, "[may] [shall]") for each pair of brackets separated by one space."""
    if "] [" not in text:
        return []
    return [(match.start(), match.group()) for match in _SPACED.finditer(text)]
