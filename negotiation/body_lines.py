"""The lines of a UN text that remain once furniture and footnotes are set aside.

The page pass (``un_pages``, PDF and Word text) and the Markdown pass (``un_markdown``) turn a
file's lines into ``BodyLine``s for the readers: each keeps its source line and a
``SourceSpan`` of the words that count, with footnote marks and markup cut out, so that every
character of a paragraph can still be traced to its line and column::

    line 96:  "resolution 79/7;1 "      mark "1" of a page-foot footnote, glued to the ";"
    BodyLine(span="resolution 79/7; ", marks=["1"])

and two flags about what stood before it: a blank line (paragraphs are separated by blank
lines in PDF text and Markdown) or a page break (running heads set aside; a paragraph cut
by a page break is joined again when the words say it goes on).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from negotiation.layout import Line, SourceSpan

TAB_WIDTH = 4  # columns a leading tab counts for when indentations are compared


@dataclass
class BodyLine:
    line: Line  # the source line, as written
    span: SourceSpan  # the words that count (marks and markup cut out), not stripped
    marks: list[str] = field(default_factory=list)  # footnote marks cut from it
    blank_before: bool = False  # a blank line stands between it and the body line before
    page_break: bool = False  # page furniture was set aside right before it
    heading_level: int = 0  # Markdown "## ..." gives 2; 0 for any other line

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def indent(self) -> int:
        """Columns of leading white space, a tab counting ``TAB_WIDTH``."""
        raw = self.line.text
        stripped = raw.lstrip(" \t")
        return len(raw[:len(raw) - len(stripped)].expandtabs(TAB_WIDTH))

    @property
    def tabbed(self) -> bool:
        """Does the line open with a tab (Word conversions: one paragraph per line)?"""
        return self.line.text.startswith("\t")


def body_line(line: Line, **flags: object) -> BodyLine:
    return BodyLine(line, SourceSpan.of_line(line), **flags)  # type: ignore[arg-type]


def cut(span: SourceSpan, start: int, end: int) -> SourceSpan:
    """``span`` without the characters ``start:end`` (a footnote mark, a tag)."""
    return span.slice(0, start).joined(span.slice(end), "")
