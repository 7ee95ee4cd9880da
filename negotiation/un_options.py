"""Options in UN negotiating texts: alternatives for a paragraph, a passage or a whole part.

    Option 1                          a bare option line: the paragraphs below belong to it
    16. ...                           (numbered paragraphs inside an option keep their labels)
    Option 2: Parties shall ...       an option with words of its own ends on its line
    Option 3: {No text required}      a title in braces
    {End of options}                  closes the innermost options block
    16. Option 1 ... Option 2 ...     options inside paragraph 16 (they end at paragraph 17)
    Option A / Option B               nested options (a series of another kind) inside an option

Each block of options becomes a paragraph of kind "options" whose children are the options
(kind "option", label "Option 1"), as in the treaty style; an option holds its words in its
text, or paragraphs as children. A block ends at "{End of options}", at a heading, at the next
option "1" of its series, at an annex or decision, or when a numbered paragraph follows an
option that has words of its own (or, for options inside paragraph 16, at paragraph 17).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from negotiation.layout import SourceSpan, label_key
from negotiation.model import Paragraph, ParagraphKind
from negotiation.un_blocks import BRACES, Block, Label

if TYPE_CHECKING:
    from negotiation.un_body import Body

_NO_TEXT = re.compile(r"no\s+text", re.I)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_FIRST = ("1", "A", "I", "a")


@dataclass
class _Frame:
    block: Paragraph  # the "options" paragraph
    series: str  # "number" | "letter" | "roman"
    option: Paragraph  # the option being read
    takes_more: bool  # does it take the paragraphs below it?
    holder: Paragraph | None  # the numbered paragraph holding the block ("16. Option 1")
    where: list[Paragraph] | None  # the list the block stands in (None: top of the part)


class Options:
    def __init__(self, body: Body) -> None:
        self.body = body
        self.frames: list[_Frame] = []

    # ----------------------------------------------------------------- where paragraphs go

    def container(self) -> list[Paragraph] | None:
        """The list a new paragraph goes into: the open option taking paragraphs, or None."""
        while self.frames and not self.frames[-1].takes_more:
            self.frames.pop()
        return self.frames[-1].option.children if self.frames else None

    def outermost(self) -> Paragraph | None:
        """The options block that holds all open ones, if any is open."""
        return self.frames[0].block if self.frames else None

    def holder(self) -> Paragraph | None:
        """The option that takes the paragraphs below it, if one is open."""
        return self.frames[-1].option if self.frames and self.frames[-1].takes_more else None

    def before_label(self, label: str) -> None:
        """A labelled paragraph closes options held by a paragraph it comes after ("17."
        after options inside 16, "(b)" after options inside (a))."""
        for index, frame in enumerate(self.frames):
            holder = frame.holder
            if holder is not None and _same_series(label, holder.label) and \
                    _after(label, holder.label):
                del self.frames[index:]
                break

    def takes_text(self, span: SourceSpan, block: Block) -> bool:
        """Words right under a bare "Option 2" are that option's words."""
        if not self.frames:
            return False
        frame = self.frames[-1]
        option = frame.option
        if option.text or option.children or not frame.takes_more:
            return False
        self.body.workbench.set_text(option, span)
        option.footnote_marks.extend(block.marks)
        frame.takes_more = _takes_more(span.text)
        return True

    # ----------------------------------------------------------------- options

    def option(self, label: Label, block: Block, *, within: SourceSpan | None = None,
               holder: Paragraph | None = None) -> Paragraph:
        number = label.label.split()[1] if " " in label.label else label.label
        series = self._series(number)
        first = number in _FIRST
        same = next((i for i in range(len(self.frames) - 1, -1, -1)
                     if self.frames[i].series == series), None)
        source = within if within is not None else block.span
        words = source.slice(label.end).strip()
        if label.opening:
            words = source.slice(label.opening_at, label.opening_at + len(label.opening)
                                 ).joined(words, "")
        option = self.body.workbench.paragraph(ParagraphKind.OPTION, words, label=label.label)
        option.footnote_marks.extend(block.marks)
        if same is not None and not first:
            del self.frames[same + 1:]
            frame = self.frames[same]
            frame.block.children.append(option)
            frame.option = option
            frame.takes_more = _takes_more(words.text)
        else:
            if same is not None:
                where = self.frames[same].where
                holder = holder or self.frames[same].holder
                del self.frames[same:]
            else:
                where = self._where(holder)
                if not first:
                    line, column = source.locate(label.end)
                    self.body.workbench.find(f"{label.label} comes with no option before it "
                                            "in its block; read as the first option of a new "
                                            "block", line, column)
            if holder is None and where is None:
                last = self.body.last
                if last is not None and last.kind in (ParagraphKind.OPERATIVE,
                                                      ParagraphKind.SUBPARAGRAPH) \
                        and last.label and not last.children and (
                            not last.text or last.text.rstrip(" *_]").endswith(":")):
                    holder = last  # "16." alone, or "6. Requests ...:", then "Option 1"
                    where = last.children
            block_paragraph = self.body.workbench.paragraph(
                ParagraphKind.OPTIONS, source.slice(label.opening_at, label.opening_at))
            block_paragraph.children.append(option)
            if holder is not None:
                where = holder.children
            if where is None:
                self.body.add(block_paragraph, None)
            else:
                where.append(block_paragraph)
                self.body._tie_headings(block_paragraph)
            self.frames.append(_Frame(block_paragraph, series, option, _takes_more(words.text),
                                      holder, where))
        self.body.last = option
        return option

    def _where(self, holder: Paragraph | None) -> list[Paragraph] | None:
        if holder is not None:
            return holder.children
        while self.frames and not self.frames[-1].takes_more:
            self.frames.pop()
        return self.frames[-1].option.children if self.frames else None

    def _series(self, number: str) -> str:
        if number.isdigit():
            return "number"
        if number in _ROMAN:
            letters = [f for f in self.frames if f.series == "letter"]
            previous = letters[-1].option.label.split()[-1] if letters else ""
            if len(number) == 1 and previous and ord(number) == ord(previous) + 1:
                return "letter"  # "Option I" after "Option H"
            return "roman"
        return "letter"

    def close_innermost(self) -> None:
        if self.frames:
            self.frames.pop()

    def close_all(self) -> None:
        self.frames.clear()


def _takes_more(text: str) -> bool:
    """An option takes the paragraphs below it when it has no words, ends with ":", or has
    only a title in braces that does not say there is no text."""
    stripped = text.strip().rstrip("*_ ")
    if not stripped or stripped.endswith(":"):
        return True
    return bool(BRACES.fullmatch(stripped)) and not _NO_TEXT.search(stripped)


def _same_series(label: str, other: str | None) -> bool:
    """Both numbers ("17", "16 bis") or both letters ("b", "a")."""
    return bool(other) and label[:1].isdigit() == (other or "")[:1].isdigit()


def _after(label: str, other: str | None) -> bool:
    mine, theirs = label_key(label), label_key(other or "")
    return mine is not None and theirs is not None and mine > theirs
