"""The page pass over a UN text converted from PDF or Word: running heads, page-foot footnotes.

PDF text repeats page furniture at every page break, often in the middle of a sentence, and
prints each page's footnotes at its foot after a separator::

    Recalling its resolutions 47/19 of 24 November 1992, ... 67/4 of
                                              ← page break: set aside, paragraph goes on
    A/80/L.6                                  running head: the symbol
    25-16107                                  the job number
    2/2                                       the page number
    13 November 2012, 68/8 of 29 October 2013, ...
    ...
    resolution 79/7;1                         footnote mark "1" glued to the ";"
    __________________                        separator: the page's footnotes follow
    1 A/80/83.                                footnote 1

Adopted texts also repeat their title as a running head; it is recognised as text of the
front matter (the masthead and title above the organ) standing next to other furniture.

``prepare`` returns the body lines (``body_lines.BodyLine``) with the marks cut out, the
footnotes with the body line their mark was found on, and the artefacts (text, line, reason).
Marks are found on the page of their footnote, after the previous mark: glued to a word or
punctuation ("for 2024,1", "Weapons;3"), glued to a year ("19904" is 1990 with mark 4), or set
off by a space at the end of a line. A footnote whose mark cannot be found is kept untied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from negotiation import un_furniture, un_phrases
from negotiation.body_lines import BodyLine, body_line, cut
from negotiation.layout import Line, SourceSpan

# "1 A/80/83.", "12\tUnited Nations, Treaty Series ...", "* Any changes to the list ...".
_NOTE = re.compile(r"[ \t]*(?P<mark>\d{1,3}|\*{1,3})(?:[ \t]+|\t)(?=\S)")
_SPONSORS_NOTE = re.compile(r"\s*Any changes to the list of sponsors\b", re.I)
_WORDS = re.compile(r"[^\W_]+")
# What may stand right before a glued mark: a letter or punctuation, not a digit, a slash
# ("S-10/2") or a hyphen; and not the dot of a decision symbol ("11/CMA.3 and").
_GLUED_BEFORE = re.compile(r"[^\W\d_]|[,;:.)”’\"'\]]")


@dataclass
class PageNote:
    mark: str
    text: SourceSpan
    line: int  # 1-based line of the note's definition
    target: BodyLine | None = None  # the body line its mark was cut from


@dataclass
class Prepared:
    lines: list[BodyLine] = field(default_factory=list)
    notes: list[PageNote] = field(default_factory=list)
    artefacts: list[tuple[str, int, str]] = field(default_factory=list)


def prepare(lines: list[Line]) -> Prepared:
    """Body lines, footnotes and artefacts of a PDF or Word text (see the module docstring)."""
    front = _front_end(lines)
    front_text = _normalised(" ".join(line.text for line in lines[:front]))
    kind: dict[int, str] = {}  # index → why the line is not body text
    prepared = Prepared()
    _running_heads(lines, front, front_text, kind, prepared)
    pages = _footnotes(lines, kind, prepared)
    body: list[tuple[int, BodyLine]] = []
    blank = False
    broken = False
    for index, line in enumerate(lines):
        if index in kind:
            broken = broken or kind[index] == "page"
            continue
        if line.blank:
            blank = True
            continue
        body.append((index, body_line(line, blank_before=blank, page_break=broken)))
        blank = broken = False
    _find_marks(body, pages, front, prepared)
    prepared.lines = [line for _, line in body]
    return prepared


def _front_end(lines: list[Line]) -> int:
    """Index of the organ line (or first decision heading): the masthead ends there."""
    for index, line in enumerate(lines):
        if un_furniture.decision_heading(line.text) or organ_at(
                [other.text for other in lines[index:index + 2]]):
            return index
    return 0


def organ_at(texts: list[str]) -> tuple[str, int] | None:
    """The organ opening ``texts`` and how many lines it takes: one, or two when PDF text
    wraps it ("The Conference of the Parties serving as the meeting of the Parties to the
    Paris" / "Agreement,")."""
    if not texts:
        return None
    found = un_phrases.organ(texts[0])
    if len(texts) > 1 and texts[1].strip() and texts[0].strip().startswith(
            ("The ", "La ", "Le ", "L'", "L’", "El ")) and not (found and found.endswith(",")):
        joined = un_phrases.organ(f"{texts[0].strip()} {texts[1].strip()}")
        if joined:
            return joined, 2
    return (found, 1) if found else None


def _normalised(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _hard_furniture(text: str) -> str | None:
    if un_furniture.symbol(text):
        return "running head: the symbol"
    if un_furniture.JOB_NUMBER.fullmatch(text):
        return "running head: the job number"
    if un_furniture.PAGE_NUMBER.fullmatch(text):
        return "page number"
    if un_furniture.BARCODE.fullmatch(text):
        return "barcode"
    return None


def _running_heads(lines: list[Line], front: int, front_text: str, kind: dict[int, str],
                   prepared: Prepared) -> None:
    """Set aside page furniture after the masthead, with the title lines repeated beside it."""
    hard = {i: reason for i in range(front, len(lines))
            if (reason := _hard_furniture(lines[i].text))}
    for i in range(front, len(lines)):  # "2" alone between blank lines: a page number
        if un_furniture.BARE_NUMBER.fullmatch(lines[i].text) and \
                (i == 0 or lines[i - 1].blank) and (i + 1 == len(lines) or lines[i + 1].blank):
            hard[i] = "page number"

    def title_run(start: int, step: int) -> list[int]:
        """The lines of the title repeated right under (or above) a symbol running head: the
        longest run of lines whose words, read in order, are three or more, all printed in
        the masthead, with no clause ending."""
        run: list[int] = []
        best: list[int] = []
        other = start
        while front <= other < len(lines) and not lines[other].blank and other not in hard \
                and len(run) < 4:
            if lines[other].text.strip().endswith((",", ";", ".", ":")):
                break
            run.append(other)
            words = _normalised(" ".join(lines[i].text for i in sorted(run)))
            if words not in front_text:
                break
            if len(words.split()) >= 3:
                best = list(run)
            other += step
        return best

    cluster: set[int] = set()
    for index, reason in hard.items():
        cluster.add(index)
        for step in (-1, 1):
            other = index + step
            while front <= other < len(lines) and other not in cluster and (
                    lines[other].blank or other in hard):
                cluster.add(other)
                other += step
        if reason == "running head: the symbol":  # the title under it, or just above it
            for step in (1, -1):
                cluster.update(title_run(index + step, step))
    for index in sorted(cluster):
        kind[index] = "page"
        if not lines[index].blank:
            reason = hard.get(index, "running head: the title")
            prepared.artefacts.append((lines[index].text.strip(), lines[index].number, reason))


def _footnotes(lines: list[Line], kind: dict[int, str], prepared: Prepared
               ) -> list[tuple[int, int, int]]:
    """Read every footnote block; returns (page, first note, separator index) per block."""
    blocks: list[tuple[int, int, int]] = []
    page = 0
    index = 0
    previous_page_line = False
    while index < len(lines):
        if kind.get(index) == "page":
            if not previous_page_line:
                page += 1
            previous_page_line = True
            index += 1
            continue
        previous_page_line = False
        if not un_furniture.FOOTNOTE_SEPARATOR.fullmatch(lines[index].text):
            index += 1
            continue
        kind[index] = "note"
        prepared.artefacts.append((lines[index].text.strip(), lines[index].number,
                                   "footnote separator"))
        first = len(prepared.notes)
        blocks.append((page, first, index))
        index = _note_block(lines, index + 1, kind, prepared)
    return blocks


def _note_block(lines: list[Line], index: int, kind: dict[int, str], prepared: Prepared) -> int:
    """Notes from ``index`` to the page break (or a line after a blank that opens no note)."""
    current: PageNote | None = None
    blank = False
    while index < len(lines) and kind.get(index) != "page":
        line = lines[index]
        if line.blank:
            blank = True
            index += 1
            continue
        opened = _NOTE.match(line.text)
        if opened:
            current = PageNote(opened.group("mark"), SourceSpan.of_line(line, opened.end()),
                               line.number)
            if current.mark.startswith("*") and _SPONSORS_NOTE.match(current.text.text):
                prepared.artefacts.append((line.text.strip(), line.number,
                                           "note on the list of sponsors"))
                current = None
            else:
                prepared.notes.append(current)
        elif current is not None and not blank:
            current.text = current.text.strip().joined(SourceSpan.of_line(line).strip(), " ")
        elif not blank and prepared.artefacts and prepared.artefacts[-1][2] == \
                "note on the list of sponsors":
            text, number, reason = prepared.artefacts[-1]
            prepared.artefacts[-1] = (f"{text} {line.text.strip()}", number, reason)
        else:
            break  # the body goes on below the notes
        kind[index] = "note"
        blank = False
        index += 1
    for note in prepared.notes:
        note.text = note.text.strip()
    return index


def _find_marks(body: list[tuple[int, BodyLine]], blocks: list[tuple[int, int, int]],
                front: int, prepared: Prepared) -> None:
    """Cut each numbered footnote's mark out of the body line it is found on."""
    pages = _pages_of(body)
    after = (-1, -1)  # (body position, offset) of the last mark found
    for page, first, separator in blocks:
        end = next((n for n, (index, _) in enumerate(body) if index > separator), len(body))
        start = next((n for n, (index, _) in enumerate(body) if pages[n] == page
                      and index >= front), end)
        following = (blocks[blocks.index((page, first, separator)) + 1][1]
                     if (page, first, separator) != blocks[-1] else len(prepared.notes))
        for note in prepared.notes[first:following]:
            if not note.mark.isdigit():
                continue
            found = _mark_position(body, note.mark, max(start, after[0]), end,
                                   after[1] if after[0] >= start else -1)
            if found is None:
                continue
            position, begin, stop = found
            line = body[position][1]
            line.span = cut(line.span, begin, stop)
            line.marks.append(note.mark)
            note.target = line
            after = (position, begin)


def _pages_of(body: list[tuple[int, BodyLine]]) -> list[int]:
    page = 0
    pages = []
    for _, line in body:
        if line.page_break:
            page += 1
        pages.append(page)
    return pages


def _mark_position(body: list[tuple[int, BodyLine]], mark: str, start: int, end: int,
                   offset: int) -> tuple[int, int, int] | None:
    """(body position, start, end) of the first place ``mark`` is written, or None."""
    for finder in (_glued, _after_year, _spaced_at_end):
        for position in range(start, end):
            text = body[position][1].span.text
            floor = offset + 1 if position == start else 0
            found = finder(text, mark, floor)
            if found is not None:
                return position, found, found + len(mark)
    return None


def _glued(text: str, mark: str, floor: int) -> int | None:
    for match in re.finditer(rf"(?<=\S){mark}(?=\s|$)", text[floor:]):
        at = floor + match.start()
        before = text[at - 1]
        if not _GLUED_BEFORE.fullmatch(before) or (at >= 2 and before == "."
                                                  and text[at - 2].isupper()):
            continue
        return at
    return None


def _after_year(text: str, mark: str, floor: int) -> int | None:
    match = re.compile(rf"(?<![\d/.,])(?:1[89]|20)\d\d{mark}(?=[\s,;.:)]|$)").search(text, floor)
    return match.start() + 4 if match else None


def _spaced_at_end(text: str, mark: str, floor: int) -> int | None:
    match = re.compile(rf"(?<=[,;:.”)]) {mark}\s*$").search(text, floor)
    return match.start() + 1 if match else None
