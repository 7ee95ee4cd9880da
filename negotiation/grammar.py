"""The bracket grammar of negotiated text: parse a paragraph's words into spans, render them back.

Representation (one paragraph's text)::

    "requires [shared responsibility / co-responsibility] and [shall][should] [[x] y]"

    [Text("requires "),
     Group(cells=[Cell(options=[[Text("shared responsibility")], [Text("co-responsibility")]],
                       separators=[" / "])]),
     Text(" and "),
     Group(cells=[Cell([[Text("shall")]]), Cell([[Text("should")]])]),   # adjacent alternatives
     Text(" "),
     Group(cells=[Cell([[Group(cells=[Cell([[Text("x")]])]), Text(" y")]])])]  # nesting

* A ``Cell`` is one pair ``[ ... ]``. Its content splits into options on " / " (a slash with
  white space on both sides, at the cell's own level: "ministers/secretaries" is one word).
* A ``Group`` is one negotiation bracket: a single cell, or cells written back to back with
  nothing between them ("[shall][should]"), which are alternatives to each other.
* A cell may open with a delegation's name and a colon, "[VENEZUELA:  That ...]": its
  ``prefix`` keeps that name exactly as written ("VENEZUELA:  "). A name in capitals may hold
  digits ("[G77: ...]"); a name in mixed case counts only when a registry of delegations
  knows it ("[African Group: ...]", "[Brazil: ...]"; "[Note: ...]" stays a passage).
* A ``Literal`` is square-bracketed text that is *not* a negotiation bracket and is kept
  verbatim: a document citation "[CIM/RES. 225/02 (XXXI-O/02)]", an editorial letter "[w]ill",
  a conversion artefact "[image: image2.wmf]", a Markdown link "[text](url)" or "[text][ref]",
  a footnote mark "[^3]", or a bracket with no partner (reported as a diagnostic).

Parsing is lossless: ``render(parse(text).nodes) == text`` for every string, so no character
of the input is ever lost. Offsets are 0-based positions in the paragraph text; diagnostics
carry 1-based line and column within that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

OPTION_SEPARATOR = re.compile(r"[ \t]+/[ \t]+")
PREFIX = re.compile(r"([A-ZÀ-Ý][A-ZÀ-Ý0-9.'’()\- ]*[A-ZÀ-Ý0-9.)]):[ \t]+")
MIXED_PREFIX = re.compile(r"([A-ZÀ-Ý][\wÀ-ÿ.'’()\- ]{1,60}?):[ \t]+")
CITATION = re.compile(r"[A-Z][A-Za-z]*(?:-[A-Z]+)?/[A-Za-z. ]*\d[\w./\-() ]*")
EDITORIAL = re.compile(r"[a-zà-ÿ]{1,3}|[A-ZÀ-Ý]")
PLACEHOLDER = re.compile(r"\W*placeholder\b", re.IGNORECASE)
ARTEFACT = re.compile(r"(image|figure|picture|graphic|table|inline|object)\s*:", re.IGNORECASE)
LINK_TARGET = re.compile(r"\(|\[")
MARKUP = re.compile(r"[*_`]")


class BracketKind(StrEnum):
    PASSAGE = "passage"  # "[the most vulnerable]": keep it or delete it
    ALTERNATIVES = "alternatives"  # "[a / b]" or "[shall][should]"
    PLACEHOLDER = "placeholder"  # "[Placeholder for ...]", "[ ]"
    PROPOSAL = "proposal"  # "[VENEZUELA: ...]": a delegation's wording


class LiteralReason(StrEnum):
    CITATION = "citation"
    EDITORIAL = "editorial"
    ARTEFACT = "artefact"
    LINK = "link"
    FOOTNOTE = "footnote"
    UNMATCHED = "unmatched"


@dataclass
class Text:
    text: str


@dataclass
class Literal:
    text: str
    reason: LiteralReason


@dataclass
class Cell:
    options: list[list[Node]]
    separators: list[str] = field(default_factory=list)
    prefix: str = ""


@dataclass
class Group:
    cells: list[Cell]
    start: int = 0
    end: int = 0  # offset just past the last "]"


Node = Text | Literal | Group


@dataclass(frozen=True)
class Bracket:
    """One open negotiation bracket, flattened for readers (chair, exports, counts)."""

    start: int
    end: int
    depth: int  # 1 for an outermost bracket
    kind: BracketKind
    options: tuple[str, ...]  # each alternative in bracketed notation, nested brackets kept
    delegation: str | None = None  # name as written in a "[NAME: ...]" prefix


@dataclass(frozen=True)
class GrammarDiagnostic:
    message: str
    offset: int
    line: int
    column: int


@dataclass
class ParsedText:
    text: str
    nodes: list[Node]
    brackets: list[Bracket]
    diagnostics: list[GrammarDiagnostic]

    def whole_group(self) -> Group | None:
        """The group that spans the whole text (trailing punctuation or space allowed), if any."""
        significant = [n for n in self.nodes if not (isinstance(n, Text) and _is_trailer(n.text))]
        if len(significant) == 1 and isinstance(significant[0], Group):
            return significant[0] if self.nodes[0] is significant[0] else None
        return None


def _is_trailer(text: str) -> bool:
    return text.strip(" \t\n.,;:”\"'’") == ""


# --------------------------------------------------------------------------- parsing


def parse(text: str, link_refs: frozenset[str] = frozenset()) -> ParsedText:
    """Parse one paragraph's text. Never raises; malformed brackets become diagnostics.

    ``link_refs`` names the Markdown reference-link labels defined in the source document
    ("[source]: http://..."), so that "[text][source]" is read as a link, not as alternatives.
    """
    pairs, unmatched = _pair_brackets(text)
    diagnostics = [_unmatched_diagnostic(text, offset) for offset in unmatched]
    builder = _Builder(text, pairs, set(unmatched), link_refs)
    nodes = builder.sequence(0, len(text))
    brackets: list[Bracket] = []
    _collect(nodes, text, 1, brackets)
    return ParsedText(text=text, nodes=nodes, brackets=brackets, diagnostics=sorted(
        diagnostics, key=lambda d: d.offset))


def _pair_brackets(text: str) -> tuple[dict[int, int], list[int]]:
    """Match "[" with "]" by nesting. Returns open→close offsets and the unmatched offsets."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    unmatched: list[int] = []
    for match in re.finditer(r"[\[\]]", text):
        offset = match.start()
        if match.group() == "[":
            stack.append(offset)
        elif stack:
            pairs[stack.pop()] = offset
        else:
            unmatched.append(offset)
    unmatched.extend(stack)
    return pairs, sorted(unmatched)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _unmatched_diagnostic(text: str, offset: int) -> GrammarDiagnostic:
    line, column = line_and_column(text, offset)
    excerpt = _excerpt(text, offset)
    if text[offset] == "[":
        message = (f"opening bracket '[' is never closed (near “{excerpt}”); "
                   "the text is kept as written")
    else:
        message = (f"closing bracket ']' has no opening bracket (near “{excerpt}”); "
                   "the text is kept as written")
    return GrammarDiagnostic(message=message, offset=offset, line=line, column=column)


def _excerpt(text: str, offset: int, width: int = 24) -> str:
    start = max(0, offset - width // 2)
    snippet = text[start:offset + width // 2].replace("\n", " ")
    return ("…" if start else "") + snippet + ("…" if offset + width // 2 < len(text) else "")


class _Builder:
    def __init__(self, text: str, pairs: dict[int, int], unmatched: set[int],
                 link_refs: frozenset[str]) -> None:
        self.text = text
        self.pairs = pairs
        self.unmatched = unmatched
        self.link_refs = {ref.lower() for ref in link_refs}

    def sequence(self, start: int, end: int) -> list[Node]:
        """Nodes for text[start:end], which holds only whole pairs and unmatched brackets."""
        nodes: list[Node] = []
        position = start
        cursor = start
        text = self.text
        while True:
            found = _next_bracket(text, cursor, end)
            if found < 0:
                break
            if found in self.unmatched:
                _append_text(nodes, text[position:found])
                nodes.append(Literal(text[found], LiteralReason.UNMATCHED))
                position = cursor = found + 1
                continue
            close = self.pairs.get(found)
            if close is None or close >= end:
                # A "]" inside this span whose "[" is outside cannot happen for whole pairs.
                cursor = found + 1
                continue
            reason, literal_end = self._literal_reason(found, close, end)
            _append_text(nodes, text[position:found])
            if reason is not None:
                nodes.append(Literal(text[found:literal_end], reason))
                position = cursor = literal_end
                continue
            cells = [self._cell(found, close)]
            group_end = close + 1
            while (group_end < end and text[group_end] == "[" and group_end in self.pairs
                   and self.pairs[group_end] < end
                   and self._literal_reason(group_end, self.pairs[group_end], end)[0] is None):
                cells.append(self._cell(group_end, self.pairs[group_end]))
                group_end = self.pairs[group_end] + 1
            nodes.append(Group(cells=cells, start=found, end=group_end))
            position = cursor = group_end
        _append_text(nodes, text[position:end])
        return nodes

    def _literal_reason(self, open_: int, close: int, end: int) -> tuple[LiteralReason | None, int]:
        """Why the pair at open_..close is not a negotiation bracket, and where the literal ends."""
        text = self.text
        content = text[open_ + 1:close]
        after = text[close + 1:close + 2] if close + 1 < end else ""
        before = text[open_ - 1] if open_ > 0 else ""
        if content.startswith("^"):
            return LiteralReason.FOOTNOTE, close + 1
        if after == "(" and _looks_like_url_target(text, close + 1, end):
            return LiteralReason.LINK, self._link_end(close + 1, end)
        if after == "[" and close + 1 in self.pairs and self.pairs[close + 1] < end:
            ref = text[close + 2:self.pairs[close + 1]]
            if ref.lower() in self.link_refs or (ref == "" and content.lower() in self.link_refs):
                return LiteralReason.LINK, self.pairs[close + 1] + 1
        if content.lower() in self.link_refs and after != "[":
            return LiteralReason.LINK, close + 1
        if ARTEFACT.match(content):
            return LiteralReason.ARTEFACT, close + 1
        if CITATION.fullmatch(content.strip()):
            return LiteralReason.CITATION, close + 1
        # "[w]ill", "[T]he": a letter changed at the start of a quoted word. Letters glued to a
        # word's END ("communication[s]", "modalit[y][ies]") are a negotiated ending.
        if EDITORIAL.fullmatch(content) and after.isalpha() and not before.isalpha():
            return LiteralReason.EDITORIAL, close + 1
        return None, close + 1

    def _link_end(self, paren: int, end: int) -> int:
        close = self.text.find(")", paren, end)
        return close + 1 if close >= 0 else paren

    def _cell(self, open_: int, close: int) -> Cell:
        inner_start = open_ + 1
        prefix = ""
        match = PREFIX.match(self.text, inner_start, close)
        if not match:
            match = MIXED_PREFIX.match(self.text, inner_start, close)
            if match and not known_delegation(match.group(1)):
                match = None
        if match:
            prefix = match.group()
            inner_start = match.end()
        splits = self._top_level_separators(inner_start, close)
        options: list[list[Node]] = []
        separators: list[str] = []
        position = inner_start
        for sep_start, sep_end in splits:
            options.append(self.sequence(position, sep_start))
            separators.append(self.text[sep_start:sep_end])
            position = sep_end
        options.append(self.sequence(position, close))
        return Cell(options=options, separators=separators, prefix=prefix)

    def _top_level_separators(self, start: int, end: int) -> list[tuple[int, int]]:
        """" / " separators at this cell's own level (not inside nested pairs)."""
        found: list[tuple[int, int]] = []
        position = start
        text = self.text
        while position < end:
            slash = text.find("/", position, end)
            if slash < 0:
                break
            nested_open = _next_bracket(text, position, slash)
            if nested_open >= 0 and nested_open in self.pairs and self.pairs[nested_open] < end:
                position = self.pairs[nested_open] + 1
                continue
            if nested_open >= 0:
                position = nested_open + 1
                continue
            match = OPTION_SEPARATOR.match(text, _space_start(text, slash, position), end)
            if match and match.end() > slash + 1 and match.start() < slash:
                found.append((match.start(), match.end()))
                position = match.end()
            else:
                position = slash + 1
        return found


def known_delegation(name: str) -> bool:
    """Is ``name`` a delegation of the OAS or of a UN body ("African Group", "Brazil")?"""
    from negotiation.registries import all_delegations, oas_member_states

    return all_delegations().find(name) is not None or oas_member_states().find(name) is not None


def _space_start(text: str, slash: int, floor: int) -> int:
    start = slash
    while start > floor and text[start - 1] in " \t":
        start -= 1
    return start


def _next_bracket(text: str, start: int, end: int) -> int:
    open_ = text.find("[", start, end)
    close = text.find("]", start, end)
    candidates = [c for c in (open_, close) if c >= 0]
    return min(candidates) if candidates else -1


def _looks_like_url_target(text: str, paren: int, end: int) -> bool:
    close = text.find(")", paren, end)
    if close < 0:
        return False
    target = text[paren + 1:close]
    return bool(target) and " " not in target.strip() and (
        "/" in target or "." in target or target.startswith("#"))


def _append_text(nodes: list[Node], text: str) -> None:
    if not text:
        return
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text + text)
    else:
        nodes.append(Text(text))


# --------------------------------------------------------------------------- reading


def _collect(nodes: list[Node], source: str, depth: int, out: list[Bracket]) -> None:
    for node in nodes:
        if not isinstance(node, Group):
            continue
        options = [render(option) for cell in node.cells for option in cell.options]
        prefixes = [cell.prefix for cell in node.cells if cell.prefix]
        delegation = prefixes[0].rstrip(": \t") if prefixes else None
        out.append(Bracket(start=node.start, end=node.end, depth=depth,
                           kind=_kind(options, delegation), options=tuple(options),
                           delegation=delegation))
        for cell in node.cells:
            for option in cell.options:
                _collect(option, source, depth + 1, out)


def _kind(options: list[str], delegation: str | None) -> BracketKind:
    if delegation is not None:
        return BracketKind.PROPOSAL
    if len(options) > 1:
        return BracketKind.ALTERNATIVES
    bare = MARKUP.sub("", options[0]).strip()
    if not bare or PLACEHOLDER.match(bare):
        return BracketKind.PLACEHOLDER
    return BracketKind.PASSAGE


# --------------------------------------------------------------------------- rendering


def render(nodes: list[Node]) -> str:
    """Bracketed notation for nodes; exact inverse of ``parse``."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Literal):
            parts.append(node.text)
            continue
        for cell in node.cells:
            parts.append("[" + cell.prefix)
            for index, option in enumerate(cell.options):
                if index:
                    parts.append(cell.separators[index - 1] if index - 1 < len(cell.separators)
                                 else " / ")
                parts.append(render(option))
            parts.append("]")
    return "".join(parts)


def structure(nodes: list[Node]) -> list:
    """A plain, comparable shape of the bracket structure (offsets left out), for tests."""
    shape: list = []
    for node in nodes:
        if isinstance(node, Text):
            shape.append(node.text)
        elif isinstance(node, Literal):
            shape.append(("literal", node.reason.value, node.text))
        else:
            shape.append(("group", [(cell.prefix, [structure(o) for o in cell.options])
                                    for cell in node.cells]))
    return shape


def open_brackets(text: str, link_refs: frozenset[str] = frozenset()) -> list[Bracket]:
    return parse(text, link_refs).brackets
