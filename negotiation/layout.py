"""Lines of a source file, where each paragraph's words came from, and paragraph labels.

The importer never loses track of the source: every paragraph's text is a ``SourceSpan``, the
text plus, for each piece of it, the line and column it was cut from. A diagnostic found at an
offset of the paragraph's text (an unbalanced bracket) is reported at the line and column of
the SOURCE FILE::

    line 58:  "c."
    line 59:  "[BELIZE:  Conduct a study ...]"
    SourceSpan(text="[BELIZE:  Conduct a study ...]", pieces=[Piece(offset=0, line=59, column=1)])
    span.locate(10) == (59, 11)

Labels: "1." / "1 bis." / "4." alone on its line (the text follows below) / " 10." with stray
leading spaces, and lettered sub-paragraphs "a." / "(a)" / "a)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the source file
    text: str  # as written, without the line break

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t"))


def split_lines(text: str) -> list[Line]:
    """The source's lines, numbered from 1 (a leading byte-order mark is dropped)."""
    text = text.removeprefix("\ufeff")
    return [Line(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]


@dataclass(frozen=True)
class Piece:
    offset: int  # where this piece starts in the span's text
    line: int  # 1-based source line
    column: int  # 1-based source column of the piece's first character


@dataclass
class SourceSpan:
    """Text cut from the source, remembering where every character came from."""

    text: str = ""
    pieces: list[Piece] = field(default_factory=list)

    @classmethod
    def of_line(cls, line: Line, start: int = 0, end: int | None = None) -> SourceSpan:
        stop = len(line.text) if end is None else end
        return cls(line.text[start:stop], [Piece(0, line.number, start + 1)])

    @property
    def line(self) -> int | None:
        return self.pieces[0].line if self.pieces else None

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column) in the source of the character at ``offset`` of this text."""
        if not self.pieces:
            return 0, 0
        piece = self.pieces[0]
        for candidate in self.pieces:
            if candidate.offset <= offset:
                piece = candidate
            else:
                break
        return piece.line, piece.column + (offset - piece.offset)

    def slice(self, start: int, end: int | None = None) -> SourceSpan:
        stop = len(self.text) if end is None else end
        pieces: list[Piece] = []
        for index, piece in enumerate(self.pieces):
            piece_end = (self.pieces[index + 1].offset if index + 1 < len(self.pieces)
                         else len(self.text))
            outside = piece_end <= start or piece.offset >= stop
            if outside and not piece.offset == start == piece_end:
                continue
            first = max(piece.offset, start)
            pieces.append(Piece(first - start, piece.line, piece.column + first - piece.offset))
        if not pieces and self.pieces:
            line, column = self.locate(start)
            pieces = [Piece(0, line, column)]
        return SourceSpan(self.text[start:stop], pieces)

    def strip(self) -> SourceSpan:
        stripped = self.text.strip()
        if not stripped:
            return self.slice(len(self.text), len(self.text))
        start = len(self.text) - len(self.text.lstrip())
        return self.slice(start, start + len(stripped))

    def joined(self, other: SourceSpan, separator: str) -> SourceSpan:
        """This span, then ``separator`` (written by us, not in the source), then ``other``."""
        if not self.text and not self.pieces:
            return other
        base = len(self.text) + len(separator)
        pieces = self.pieces + [Piece(base + p.offset, p.line, p.column) for p in other.pieces]
        return SourceSpan(self.text + separator + other.text, pieces)


# --------------------------------------------------------------------------- labels

_SUFFIX = r"bis|ter|quater|quinquies|sexies|septies"
# "1.", "1 bis.", "1bis.", "10.", "3)": a number, an optional Latin suffix, a dot or ")".
_NUMBER_LABEL = re.compile(
    rf"[ \t]*(?P<number>\d{{1,3}})(?:[ \t]*(?P<suffix>{_SUFFIX}))?[ \t]*[.)](?=\s|$)[ \t]*")
# "a.", "(a)", "a)", "c.": one letter (two for "aa"), then the text or nothing; "iii.", "(iv)":
# lower-case Roman numerals, for sub-paragraphs of lettered ones.
_LETTER_LABEL = re.compile(
    rf"[ \t]*(?:\((?P<p>(?:[a-z]{{1,2}}|[ivx]{{3,4}})(?:[ \t]*(?:{_SUFFIX}))?)\)|"
    rf"(?P<l>(?:[a-z]{{1,2}}|[ivx]{{3,4}})(?:[ \t]*(?:{_SUFFIX}))?)[.)])(?=\s|$)[ \t]*")
_ROMAN = re.compile(r"(?:x|ix|iv|v?i{0,3}|xi{1,3}|xiv|xv)")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


@dataclass(frozen=True)
class Label:
    kind: str  # "number" | "letter"
    label: str  # normalised: "1", "1 bis", "a"
    end: int  # column (0-based) where the text after the label starts


def read_label(text: str) -> Label | None:
    """The operative label that opens ``text``, if any ("1 bis. To ..." → "1 bis")."""
    match = _NUMBER_LABEL.match(text)
    if match:
        suffix = match.group("suffix")
        label = match.group("number") + (f" {suffix}" if suffix else "")
        return Label("number", label, match.end())
    match = _LETTER_LABEL.match(text)
    if match:
        raw = match.group("p") or match.group("l")
        label = re.sub(r"[ \t]+", " ", re.sub(rf"([a-z])({_SUFFIX})$", r"\1 \2", raw))
        return Label("letter", label, match.end())
    return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def label_key(label: str) -> tuple[int, int] | None:
    """Sort key of a label: "3" → (3, 0), "3 bis" → (3, 1), "c" → (3, 0); None if unknown."""
    parts = label.split()
    suffixes = _SUFFIX.split("|")
    extra = suffixes.index(parts[1]) + 1 if len(parts) > 1 and parts[1] in suffixes else 0
    if len(parts) > 2 or (len(parts) == 2 and not extra):
        return None
    head = parts[0] if parts else ""
    if head.isdigit():
        return int(head), extra
    if len(head) == 1 and head in _LETTERS:
        return _LETTERS.index(head) + 1, extra
    if len(head) == 2 and head[0] == head[1] and head[0] in _LETTERS:
        return 26 + _LETTERS.index(head[0]) + 1, extra
    return None


def is_roman(label: str) -> bool:
    return bool(label) and bool(_ROMAN.fullmatch(label))


def roman_value(label: str) -> int:
    """"iv" → 4, "ix" → 9 (``label`` must satisfy ``is_roman``)."""
    total = 0
    for index, char in enumerate(label):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[label[index + 1]] if index + 1 < len(label) else 0
        total += -value if value < following else value
    return total


def reads_as_roman(label: str, letter_before: str | None) -> bool:
    """Is "i" (or "v", "x", "ii" ...) here a Roman numeral rather than a letter?

    A letter when it follows its letter in the alphabet ("h." then "i."), a numeral otherwise
    ("a." then "i." opens a sub-paragraph of a.).
    """
    if not is_roman(label) or letter_before is None:
        return False
    if len(label) > 1:
        return True
    before = letter_before.split()[0]
    follows = before in _LETTERS and _LETTERS.index(label) == _LETTERS.index(before) + 1
    return not follows
