"""The Markdown pass over a UN decision written in Markdown (the conventions of the corpus).

What is Markdown and not text is set aside, keeping every character as an artefact::

    ---  ...  ---                      YAML front matter (and "---" or "***" rules later on)
    * TOC / {:toc} / {:.no_toc}        table-of-contents markers
    <!-- ... -->                       HTML comments (over several lines too)
    <span style="...">Decides</span>   HTML tags: the tags are set aside, the words kept
    ~~deleted~~                        struck-through words
    [source]: http://...               link reference definitions
    [^1]: The note ...                 footnote definitions (tied to the paragraph with "[^1]")

Headings ("## I. Adoption") become body lines with their level; the "#"s are cut off.
Emphasis stays in the words ("*Recalling* ...", as the treaty style keeps it); footnote marks
"[^1]" stay in the words and are not brackets.
"""

from __future__ import annotations

import re

from negotiation.body_lines import BodyLine, cut
from negotiation.brackets import LINK_DEFINITION_REASON
from negotiation.layout import Line, SourceSpan
from negotiation.un_pages import PageNote, Prepared

_FENCE = "---"
_TOC = re.compile(r"\s*(?:\* TOC|\{:[^}]*\})\s*")
_LINK_DEFINITION = re.compile(r"[ \t]{0,3}\[(?!\^)[^\]]+\]:[ \t]+\S")
_FOOTNOTE = re.compile(r"\[\^(?P<mark>[^\]]+)\]:[ \t]?")
_HEADING = re.compile(r"(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_TAG = re.compile(r"</?(?:span|sup|sub|em|strong|u|b|i|small|br|div|p|a)\b[^>]*>", re.I)
_STRUCK = re.compile(r"~~[^~]+~~")
_RULE = re.compile(r"\s{0,3}([-*_])(?:\s*\1){2,}\s*")


def prepare(lines: list[Line]) -> Prepared:
    prepared = Prepared()
    index = _front_matter(lines, prepared)
    note: PageNote | None = None
    blank = False
    in_comment = False
    while index < len(lines):
        line = lines[index]
        index += 1
        text = line.text
        if in_comment or "<!--" in text:
            span, in_comment = _comments(line, in_comment, prepared)
            if not span.text.strip():
                continue
        else:
            span = SourceSpan.of_line(line)
        text = span.text
        if not text.strip():
            blank = True
            continue
        if _RULE.fullmatch(text):
            prepared.artefacts.append((text, line.number, "Markdown horizontal rule"))
            continue
        if _TOC.fullmatch(text):
            prepared.artefacts.append((text, line.number, "Markdown table of contents marker"))
            continue
        if _LINK_DEFINITION.match(text):
            prepared.artefacts.append((text, line.number, LINK_DEFINITION_REASON))
            continue
        opened = _FOOTNOTE.match(text)
        if opened:
            note = PageNote(opened.group("mark"), span.slice(opened.end()).strip(), line.number)
            prepared.notes.append(note)
            blank = False
            continue
        if note is not None and (not blank or text.startswith("    ")):
            note.text = note.text.joined(span.strip(), "\n")
            continue
        note = None
        span = _inline_markup(span, line, prepared)
        heading = _HEADING.fullmatch(span.text)
        level = 0
        if heading:
            level = len(heading.group("hashes"))
            span = span.slice(heading.start("text"), heading.end("text"))
        prepared.lines.append(BodyLine(line, span, blank_before=blank, heading_level=level))
        blank = False
    _targets(prepared)
    return prepared


def _front_matter(lines: list[Line], prepared: Prepared) -> int:
    first = next((i for i, line in enumerate(lines) if not line.blank), None)
    if first is None or lines[first].text.strip() != _FENCE:
        return 0
    end = next((i for i in range(first + 1, len(lines))
                if lines[i].text.strip() == _FENCE), None)
    if end is None:
        return 0
    for line in lines[first:end + 1]:
        prepared.artefacts.append((line.text, line.number, "Markdown front matter"))
    return end + 1


def _comments(line: Line, in_comment: bool, prepared: Prepared) -> tuple[SourceSpan, bool]:
    """The line without its HTML comments (which may open or close on other lines)."""
    span = SourceSpan.of_line(line)
    position = 0
    while position <= len(span.text):
        if in_comment:
            close = span.text.find("-->", position)
            stop = len(span.text) if close < 0 else close + 3
            prepared.artefacts.append((span.text[position:stop], line.number, "HTML comment"))
            span = cut(span, position, stop)
            if close < 0:
                return span, True
            in_comment = False
            continue
        opening = span.text.find("<!--", position)
        if opening < 0:
            break
        position = opening
        in_comment = True
    return span, in_comment


def _inline_markup(span: SourceSpan, line: Line, prepared: Prepared) -> SourceSpan:
    """Cut HTML tags and struck-through words out of the words, as artefacts."""
    for pattern, reason in ((_STRUCK, "struck-through words"), (_TAG, "HTML markup")):
        while True:
            match = pattern.search(span.text)
            if match is None:
                break
            prepared.artefacts.append((match.group(), line.number, reason))
            span = cut(span, match.start(), match.end())
    return span


def _targets(prepared: Prepared) -> None:
    """Each footnote's mark "[^n]" is first found on which body line?"""
    for note in prepared.notes:
        mark = f"[^{note.mark}]"
        note.target = next((line for line in prepared.lines if mark in line.text), None)
        if note.target is not None:
            note.target.marks.append(note.mark)
