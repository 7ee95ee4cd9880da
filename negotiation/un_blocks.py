"""Labels of UN paragraphs, and the body lines grouped into blocks (one paragraph, heading or
option each).

Labels, as PDF, Word and Markdown texts write them (leading "[" or "“" kept for the text)::

    "1."  alone, the text on the next line      number "1"
    "10. Requests ..."  "1.<TAB>Affirms ..."     number "10", "1"
    "19 bis.", "19quinquies", "48 bis<TAB>"      number "19 bis", "19 quinquies", "48 bis"
    "(a)", "(a)<TAB>", "a."                      letter "a"
    "(i)", "(iv)"                                letter or Roman numeral: the reader decides
    "I. Scope and definition", "A. Process"      heading "I", "A" with its title
    "Option 1", "Option 2:", "**Option A:**"     option "1", "2", "A"
    "{End of options}", "{Facilitators' note}"   a line in braces

Blocks: PDF text wraps a paragraph over lines and separates paragraphs by blank lines, but a
page break (furniture set aside) is not a paragraph break when the words go on; Word text puts
one paragraph on each line; Markdown separates paragraphs by blank lines. ``blocks`` joins the
lines of one paragraph (with a space, or nothing after a hyphen at the end of a line) and
starts a new block where a label, heading, option or introductory phrase says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from negotiation import un_furniture, un_phrases
from negotiation.body_lines import BodyLine
from negotiation.layout import SourceSpan

SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies",
            "decies")
_SUFFIX = "|".join(SUFFIXES)
_OPEN = r"(?P<open>[\[“\"]*)"
_NUMBER = re.compile(
    rf"[ \t]*(?:\*\*)?{_OPEN}(?P<n>\d{{1,3}})(?:(?:[ \t]?(?P<sfx>{_SUFFIX}))[.)]?|[.)](?!\d))"
    r"(?:\*\*)?(?=\s|$)[ \t]*")
_LETTER = re.compile(
    rf"[ \t]*{_OPEN}(?:\((?P<p>[a-z]{{1,2}}|[ivxl]{{1,6}})(?:[ \t]?(?P<psfx>{_SUFFIX}))?\)|"
    r"(?P<d>[a-z])[.)])(?=\s|$)[ \t]*")
_HEADING = re.compile(
    r"[ \t]*(?P<open>[\[*]*)(?P<h>[IVXL]{1,6}|[A-Z])\.(?:\*\*)?(?=[ \t]|$)[ \t]*"
    r"(?P<title>[\[“\"*{A-ZÀ-Ý].*?)?[ \t]*")
_NAMED_HEADING = re.compile(
    r"[ \t]*(?P<open>[\[*]*)(?P<h>(?:Chapter|Section|Part|Article|Chapitre|Partie|Capítulo|"
    r"Sección|Parte)\s+(?:[IVXL]{1,6}|\d{1,3}|[A-Z]))\.?(?:\*\*)?"
    r"(?:[ \t]*[.:–-]?[ \t]+(?P<title>\S.*?))?[ \t]*")
_OPTION = re.compile(
    r"[ \t]*(?P<open>[\[]*)(?:\*\*|\*)?(?P<word>Option|Opción|Alternative)[ \t]*"
    rf"(?P<n>\d{{1,2}}|[A-Z]|[IVX]{{1,4}})(?:[ \t]?(?P<sfx>{_SUFFIX}))?(?:\*\*|\*)?"
    r"(?=[\s:.–-]|$)[ \t]*(?:[:.–-][ \t]*)?(?:\*\*|\*)?[ \t]*")
BRACES = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*")
_TERMINAL = re.compile(r"[,;.:][\]”’\"')*_]*\s*$")
_CONNECTOR_END = re.compile(r"\b(?:of|the|and|to|for|in|on|with|from|by|a|an|de|la|des|du|"
                            r"del|y|et)\s*$")


@dataclass(frozen=True)
class Label:
    kind: str  # "number" | "letter" | "heading" | "option"
    label: str  # "19 bis", "a", "iv", "I", "Chapter I", "1" (of "Option 1")
    end: int  # offset where the words after the label start
    opening: str = ""  # "[" or "“" written before the label: kept with the words
    title: str | None = None  # a heading's words on the same line
    opening_at: int = 0  # offset of ``opening`` in the text


def read_label(text: str) -> Label | None:
    """The label opening ``text`` (see the module docstring), or None."""
    match = _OPTION.match(text)
    if match:
        suffix = f" {match.group('sfx')}" if match.group("sfx") else ""
        return Label("option", f"{match.group('word')} {match.group('n')}{suffix}", match.end(),
                     match.group("open"), opening_at=match.start("open"))
    match = _NUMBER.match(text)
    if match:
        suffix = f" {match.group('sfx')}" if match.group("sfx") else ""
        return Label("number", match.group("n") + suffix, match.end(), match.group("open"),
                     opening_at=match.start("open"))
    match = _LETTER.match(text)
    if match:
        letter = match.group("p") or match.group("d")
        suffix = f" {match.group('psfx')}" if match.group("psfx") else ""
        return Label("letter", letter + suffix, match.end(), match.group("open"),
                     opening_at=match.start("open"))
    for pattern in (_NAMED_HEADING, _HEADING):
        match = pattern.fullmatch(text)
        if match and _heading_title(match.group("title")):
            return Label("heading", match.group("h"), match.start("title")
                         if match.group("title") else len(text), match.group("open"),
                         match.group("title"), match.start("open"))
    return None


def _heading_title(title: str | None) -> bool:
    """A heading's title: none (a bare "I."), or words that do not end a sentence part."""
    if title is None:
        return True
    stripped = title.rstrip(" *_")
    return len(stripped) <= 250 and not stripped.endswith((",", ";"))


_MARKDOWN_TABLE = re.compile(r"\s*\|.*\|\s*")


def table_row(raw: str) -> bool:
    """A row of a table (annexes hold some): cells separated by tabs after any label, or a
    Markdown table row. Tables are no paragraphs; the reader sets their rows aside."""
    stripped = raw.strip()
    if _MARKDOWN_TABLE.fullmatch(stripped):
        return True
    label = read_label(stripped)
    if label is not None and label.kind == "heading":
        return False
    rest = stripped[label.end:] if label is not None else stripped
    return "\t" in rest.strip()


def ends_clause(text: str) -> bool:
    """Does the text end with "," ";" "." or ":" (closing quotes and brackets allowed)?"""
    return bool(_TERMINAL.search(text))


def starts_new(text: str) -> bool:
    """Does a line opening with ``text`` start a paragraph of its own wherever it stands?"""
    stripped = text.strip()
    label = read_label(stripped)
    if label is not None and label.kind in ("number", "option", "heading"):
        return True
    return bool(BRACES.fullmatch(stripped) or un_furniture.ANNEX.fullmatch(stripped)
                or un_furniture.meeting(stripped) or un_furniture.decision_heading(stripped))


def opens_paragraph(text: str) -> bool:
    """A label of any kind, or a listed introductory phrase ("Recalling", "Requests")."""
    stripped = text.strip()
    return (starts_new(stripped) or read_label(stripped) is not None
            or un_phrases.listed_preambular(stripped)
            or un_phrases.operative_phrase(stripped, guess=False) is not None)


@dataclass
class Block:
    lines: list[BodyLine] = field(default_factory=list)
    span: SourceSpan = field(default_factory=SourceSpan)

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def first(self) -> BodyLine:
        return self.lines[0]

    @property
    def marks(self) -> list[str]:
        return [mark for line in self.lines for mark in line.marks]


def blocks(lines: list[BodyLine]) -> list[Block]:
    """The body lines grouped into blocks, one paragraph, heading or option each."""
    found: list[Block] = []
    current: Block | None = None
    for line in lines:
        span = line.span.strip()
        if not span.text:
            continue
        if current is None or _breaks(current, line):
            current = Block([line], span)
            found.append(current)
            continue
        previous = current.text
        separator = "" if re.search(r"[^\W\d_]-$", previous) and span.text[:1].islower() \
            else " "
        current.lines.append(line)
        current.span = current.span.joined(span, separator)
    return found


def _breaks(block: Block, line: BodyLine) -> bool:
    """Does ``line`` start a new block after ``block``?"""
    text = line.text.strip()
    previous = block.lines[-1]
    if line.heading_level or previous.heading_level:
        return True
    if table_row(line.line.text) or table_row(previous.line.text):
        return True
    label = read_label(block.text.strip())
    only_label = label is not None and label.kind != "heading" and not \
        block.text[label.end:].strip()
    if only_label:  # "1." or "Option 1:" alone: its words are on the next line
        return starts_new(text) or read_label(text) is not None
    if line.blank_before and not line.page_break:
        return True
    if (label is not None and label.kind == "heading") or BRACES.fullmatch(block.text.strip()) \
            or _single_line_marker(block.text.strip()):
        if opens_paragraph(text):
            return True
        return not (text[:1].islower() or _CONNECTOR_END.search(block.text))
    if un_furniture.meeting(text.strip("*_ ")) or _single_line_marker(text):
        return True
    if line.page_break:
        return opens_paragraph(text) or (ends_clause(previous.text) and text[:1].isupper())
    if line.blank_before:
        return True
    if starts_new(text):
        return True
    clause = ends_clause(previous.text)
    if read_label(text) is not None:  # "(a)" on a line of its own
        return clause
    if line.tabbed and (clause or previous.tabbed):  # Word: one paragraph per line
        return True
    # "...in this field," then "Deploring ...": a participle after a comma opens a paragraph
    # even when the list does not know it (PDF text without blank lines between paragraphs)
    return clause and (opens_paragraph(text) or (previous.text.rstrip().endswith(",") and
                                                 un_phrases.preambular_intro(text) is not None))


def _single_line_marker(text: str) -> bool:
    """Lines that stand alone: "Preamble", "Annex", a meeting line, a date after it (in
    Markdown emphasis too)."""
    text = text.strip("*_ ")
    return bool(text in ("Preamble", "Préambule", "Preámbulo")
                or un_furniture.ANNEX.fullmatch(text) or un_furniture.meeting(text)
                or un_furniture.DATE.fullmatch(text))


def words_after(block: Block, label: Label) -> SourceSpan:
    """The words after a label, with the "[" or "“" written before the label kept."""
    words = block.span.slice(label.end).strip()
    if label.opening:
        start = label.opening_at
        return block.span.slice(start, start + len(label.opening)).joined(words, "")
    return words
