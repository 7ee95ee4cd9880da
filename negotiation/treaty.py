"""Read a treaty-style draft written in Markdown (the Paris Agreement corpus).

The layout, with what each part becomes::

    ---                                   front matter: artefacts ("title:" line included)
    title: Final Draft Negotiating Text
    ---
    *This is the [final draft][source] ...*   text before the preamble: artefact
    [source]: http://...                  link reference definition: artefact; its label
                                          makes "[text][source]" a link, not a bracket
    ## Draft agreement and ...            the first other heading: the document's title
    * TOC / {:toc} / {:.no_toc}           table-of-contents markers: artefacts
    ## Preamble
    The Parties to this Agreement,        the organ
    *Recalling* decisions 1/CP.17, ...    a preambular paragraph; its italic verb is the
                                          (inline) introductory phrase "Recalling"
    **Option 1:** *Recognizing* ...       options: one "options" paragraph whose children
    **Option 2:** *Recognizing* ...       are the options ("Option 1", "Option 2")
    Have agreed as follows:               end of the preamble
    ## [Article 3bis] *(REDD-plus)*       an article: label "3bis", text = the heading as
                                          written (its brackets mean the article is open)
    1. **Collective long-term goal**      a numbered paragraph of the article
        **Option 1:** [Parties aim ...]   indented: an options block inside paragraph 1
        **Option 2:**                     an option whose text is on the next lines
        3.3 In accordance with ...        a paragraph inside option 2 (label "3.3")
    2. **Option 1:** ...                  paragraph 2 made only of options
       1. hold the increase ...           indented numbers: sub-paragraphs
    No text                               right under an empty option: that option's text
    [^1]: The version of 23 October ...   a footnote, tied to the paragraph marked "[^1]"

Lines right under a paragraph with no blank line between (and no number or option of their
own) continue it; its text keeps the line break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from negotiation import phrases
from negotiation.brackets import LINK_DEFINITION_REASON
from negotiation.layout import Line, SourceSpan, read_label
from negotiation.model import Footnote, Paragraph, ParagraphKind
from negotiation.workbench import Workbench

_FRONT_MATTER_FENCE = "---"
_LINK_DEFINITION = re.compile(r"[ \t]{0,3}\[(?!\^)(?P<label>[^\]]+)\]:[ \t]+\S")
_FOOTNOTE_DEFINITION = re.compile(r"\[\^(?P<mark>[^\]]+)\]:[ \t]?")
_TOC_MARKER = re.compile(r"\s*(\* TOC|\{:[^}]*\})\s*")
_HEADING = re.compile(r"(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*$")
_ARTICLE = re.compile(
    r"\[?\s*Article\s+(?P<label>\d+(?:\s?(?:bis|ter|quater|quinquies))?)\s*\]?", re.I)
_OPTION = re.compile(
    r"(?P<indent>[ \t]*)(?:\*\*Option\s*(?P<n>[0-9]+|[IVX]+)(?P<marks>(?:\[\^\w+\])*)"
    r"\s*:?\s*\*\*\s*:?|Option\s+(?P<n2>[0-9]+|[IVX]+)\s*:)[ \t]*")
_DOTTED_LABEL = re.compile(
    r"(?P<label>\d+\.(?:\d+|x)(?:[ \t]?(?:bis|ter|quater|quat|quinquies|alt|Alt))*)"
    r"(?=[\s:\[])[ \t]*:?[ \t]*")
_ITALIC_INTRO = re.compile(r"[\[ ]*\*\[?(?P<intro>[A-Za-z][^*\[\]]*?)\]?\*")


@dataclass
class _Open:
    """A paragraph that may still receive children, with the indentation it was opened at."""

    indent: int
    paragraph: Paragraph
    is_option: bool = False
    # Does it take the paragraphs written below it at its own indentation? An option does
    # when its header has no words ("**Option 1:**" alone) or ends in a colon ("**Option 1:**
    # [Each Party's NDMC [shall] [should]:" then "1. ...", "2. ..."); an option with a
    # sentence of its own ends there ("**Option 2:** *Recognizing* ...,").
    takes_more: bool = False


def read_treaty(lines: list[Line], workbench: Workbench) -> None:
    link_refs = frozenset(m.group("label") for line in lines
                          if (m := _LINK_DEFINITION.match(line.text)))
    workbench.link_refs = link_refs
    _Reader(workbench).read(lines)


class _Reader:
    def __init__(self, workbench: Workbench) -> None:
        self.workbench = workbench
        self.doc = workbench.doc
        self.section = "front"  # "front" | "preamble" | "transition" | "articles"
        self.stack: list[_Open] = []
        self.article: Paragraph | None = None
        self.current: Paragraph | None = None  # the paragraph the next line may continue
        self.footnote: Footnote | None = None  # the footnote the next lines may continue
        self.previous_blank = True
        self.block_of: dict[int, Paragraph] = {}  # id(option) → its options block
        self.parent_of: dict[int, Paragraph | None] = {}  # id(block) → paragraph holding it

    # ----------------------------------------------------------------- the line loop

    def read(self, lines: list[Line]) -> None:
        start = self._front_matter(lines)
        for line in lines[start:]:
            if line.blank:
                self.previous_blank = True
                continue
            self._line(line)
            self.previous_blank = False
        self._tie_footnotes()

    def _front_matter(self, lines: list[Line]) -> int:
        first = next((i for i, line in enumerate(lines) if not line.blank), None)
        if first is None or lines[first].text.strip() != _FRONT_MATTER_FENCE:
            return 0
        end = next((i for i in range(first + 1, len(lines))
                    if lines[i].text.strip() == _FRONT_MATTER_FENCE), None)
        if end is None:
            return 0
        for line in lines[first:end + 1]:
            self.workbench.artifact(line.text, line.number, "Markdown front matter")
        return end + 1

    def _line(self, line: Line) -> None:
        text = line.text
        workbench = self.workbench
        if _LINK_DEFINITION.match(text):
            workbench.artifact(text, line.number, LINK_DEFINITION_REASON)
            self.current = None
            return
        if footnote := _FOOTNOTE_DEFINITION.match(text):
            self.footnote = Footnote(mark=footnote.group("mark"), text=text[footnote.end():])
            self.doc.footnotes.append(self.footnote)
            self.current = None
            return
        if self.footnote is not None and (not self.previous_blank or text.startswith("    ")):
            self.footnote.text += "\n" + text.strip()
            return
        self.footnote = None
        if _TOC_MARKER.fullmatch(text):
            workbench.artifact(text, line.number, "Markdown table of contents marker")
            return
        if heading := _HEADING.fullmatch(text):
            self._heading(heading.group("text"), line)
            return
        if self.section == "front":
            workbench.artifact(text, line.number, "text before the preamble")
            return
        if self.section == "preamble" and self.doc.organ is None and phrases.organ(text):
            self.doc.organ = text.strip()
            return
        if phrases.is_treaty_transition(text) and self.section == "preamble":
            self.section = "transition"
            self.stack = []
            self.current = None
            return
        if self.section == "transition":
            workbench.artifact(text, line.number, "text between the preamble and the articles")
            return
        self._body_line(line)

    def _heading(self, text: str, line: Line) -> None:
        self.stack = []
        self.current = None
        if text.strip().lower() == "preamble":
            if self.section == "front":
                self.section = "preamble"
            else:
                self.workbench.artifact(line.text, line.number, "preamble heading repeated")
            return
        article = _ARTICLE.match(text)
        if article:
            self.section = "articles"
            span = SourceSpan.of_line(line, line.text.find(text)).strip()
            label = re.sub(r"\s+", " ", article.group("label"))
            self.article = self.workbench.paragraph(ParagraphKind.ARTICLE, span, label=label)
            self.doc.articles.append(self.article)
            return
        if self.section == "front" and self.doc.title is None:
            self.doc.title = text
            return
        self.workbench.artifact(line.text, line.number, "heading that is not an article")

    # ----------------------------------------------------------------- paragraphs

    def _body_line(self, line: Line) -> None:
        text = line.text
        indent = len(text) - len(text.lstrip(" \t"))
        option = _OPTION.match(text)
        if option:
            self._option(line, indent, option)
            return
        stripped = SourceSpan.of_line(line, indent)
        label = _DOTTED_LABEL.match(stripped.text) or None
        number = read_label(stripped.text) if label is None else None
        if label is None and number is None and self._continues(line, indent):
            return
        if label is not None:
            self._item(line, indent, label.group("label"), stripped.slice(label.end()))
        elif number is not None:
            rest = stripped.slice(number.end)
            nested = _OPTION.match(rest.text)
            if nested:
                paragraph = self._item(line, indent, number.label, rest.slice(0, 0))
                self.stack.append(_Open(indent, paragraph))
                self._option(line, indent + 4, nested, rest)
                return
            self._item(line, indent, number.label, rest)
        else:
            top = self.stack[-1] if self.stack else None
            if (top is not None and top.is_option and not top.paragraph.text
                    and not top.paragraph.children and indent >= top.indent):
                self.workbench.set_text(top.paragraph, stripped.strip())
                self.current = top.paragraph
                return
            self._item(line, indent, None, stripped)

    def _continues(self, line: Line, indent: int) -> bool:
        if self.previous_blank or self.current is None:
            return False
        span = self.workbench.span_of(self.current)
        if span is None:
            return False
        more = SourceSpan.of_line(line, indent).strip()
        self.workbench.set_text(self.current, span.joined(more, "\n") if span.text else more)
        return True

    def _item(self, line: Line, indent: int, label: str | None, span: SourceSpan) -> Paragraph:
        while self.stack and (self.stack[-1].indent > indent or (
                self.stack[-1].indent == indent and not self.stack[-1].takes_more)):
            self.stack.pop()
        parent = self.stack[-1].paragraph if self.stack else None
        kind = self._kind_under(parent)
        span = span.strip()
        paragraph = self.workbench.paragraph(kind, span, label=label)
        if kind is ParagraphKind.PREAMBULAR:
            intro = _ITALIC_INTRO.match(span.text)
            if intro:
                paragraph.intro = intro.group("intro").strip()
                paragraph.intro_style = "inline"
        self._attach(parent, paragraph)
        self.stack.append(_Open(indent, paragraph))
        self.current = paragraph
        return paragraph

    def _option(self, line: Line, indent: int, match: re.Match[str],
                within: SourceSpan | None = None) -> None:
        number = match.group("n") or match.group("n2")
        while self.stack and (self.stack[-1].indent > indent or (
                self.stack[-1].indent == indent and not self.stack[-1].is_option)):
            self.stack.pop()
        top = self.stack[-1] if self.stack else None
        if top is not None and top.is_option and top.indent == indent and number not in (
                "1", "I"):
            self.stack.pop()
            block = self.block_of[id(top.paragraph)]
        else:
            parent = top.paragraph if top else None
            block = self.workbench.paragraph(ParagraphKind.OPTIONS,
                                            SourceSpan.of_line(line, indent, indent))
            self._attach(parent, block)
            self.parent_of[id(block)] = parent
        source = within if within is not None else SourceSpan.of_line(line)
        words = source.slice(match.end()).strip()
        if match.group("marks"):
            words = source.slice(match.start("marks"), match.end("marks")).joined(words, " ")
        option = self.workbench.paragraph(ParagraphKind.OPTION, words, label=f"Option {number}")
        block.children.append(option)
        self.block_of[id(option)] = block
        header = words.text.rstrip(" \t*_]")
        self.stack.append(_Open(indent, option, is_option=True,
                                takes_more=not header or header.endswith(":")))
        self.current = option

    def _kind_under(self, parent: Paragraph | None) -> ParagraphKind:
        if parent is None:
            return (ParagraphKind.PREAMBULAR if self.section == "preamble"
                    else ParagraphKind.OPERATIVE)
        if parent.kind is ParagraphKind.OPTION:
            grand = self._block_parent(parent)
            return self._kind_under(grand) if grand is not None else self._kind_under(None)
        return ParagraphKind.SUBPARAGRAPH

    def _block_parent(self, option: Paragraph) -> Paragraph | None:
        """The paragraph holding the options block of ``option`` (None: article or section)."""
        return self.parent_of.get(id(self.block_of[id(option)]))

    def _attach(self, parent: Paragraph | None, paragraph: Paragraph) -> None:
        if parent is not None:
            parent.children.append(paragraph)
        elif self.section == "preamble":
            self.doc.preamble.append(paragraph)
        elif self.article is not None:
            self.article.children.append(paragraph)
        else:  # pragma: no cover - body lines only come after a heading
            self.doc.operative.append(paragraph)

    # ----------------------------------------------------------------- footnotes

    def _tie_footnotes(self) -> None:
        paragraphs = list(self.doc.paragraphs())
        for footnote in self.doc.footnotes:
            mark = f"[^{footnote.mark}]"
            target = next((p for p in paragraphs if mark in p.text
                           or any(mark in q.text for q in p.proposals)), None)
            if target is not None and footnote.mark not in target.footnote_marks:
                target.footnote_marks.append(footnote.mark)
            self.workbench.note_targets.append((footnote, target))
