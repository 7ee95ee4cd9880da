"""The body of a UN resolution or decision: preamble, operative part, headings, annexes.

After the organ ("The General Assembly,") come preambular paragraphs that open with a phrase
("Recalling", "Taking note") and end with ","; the operative part simply begins at "1."
(no "RESOLVES:" line) or, in a decision of one paragraph, at an unnumbered paragraph opening
with an operative phrase ("Takes note of ..."). Then, block by block (``un_blocks``)::

    1. Requests ...:                     numbered paragraph (label "1", "19 bis")
    (a) ...;  (i) ...                    sub-paragraphs; "(i)" is a Roman numeral under "(h)"
                                         only when indentation or the letters before say so
    I. Scope and definition              a heading (structure, tied to the next paragraph;
    A. Process and timing                numbering runs on across headings)
    {Facilitators' note ...}             a note in braces: a heading of kind "note"
    Option 1 / Option 2: ... / Option A  options (``un_options``)
    “1. Welcomes ...                     a quoted paragraph: part of the paragraph quoting it
    Annex / Annex II                     an annex: a document of its own (its own numbering)
    Preamble                             in an annex: the preambular paragraphs follow
    22nd plenary meeting / 29 October    the meeting that adopted the text: set aside, and
                                         every paragraph's status becomes "adopted"
    (Proposed by the African Group)      who tabled the paragraph above (``proposed_by``)
    [G77: ...]                           a delegation's wording of the paragraph above
"""

from __future__ import annotations

import re

from negotiation import un_furniture, un_phrases
from negotiation.layout import SourceSpan, is_roman, reads_as_roman
from negotiation.model import Document, Paragraph, ParagraphKind
from negotiation.un_blocks import BRACES, Block, Label, read_label, table_row, words_after
from negotiation.un_headings import PREAMBLE, Headings
from negotiation.un_options import Options
from negotiation.un_proposals import apply_note, is_note, mixed_proposal, notes_off
from negotiation.workbench import Workbench, proposal_text

_END_OF_OPTIONS = re.compile(r"\s*\{\s*end\s+of\s+(?:the\s+)?options?\b[^}]*\}\s*", re.I)


class Body:
    """Reads the blocks after the organ into ``doc`` (and its annexes)."""

    def __init__(self, workbench: Workbench, doc: Document, *, annex: bool = False,
                 parent: Body | None = None, markdown: bool = False) -> None:
        self.workbench = workbench
        self.doc = doc
        self.annex = annex
        self.markdown = markdown
        self.top_indent = 0  # indentation of the last numbered paragraph (Markdown lists)
        self.parent = parent
        self.part = "start" if annex else "preamble"
        self.options = Options(self)
        self.last: Paragraph | None = None  # the paragraph a note, quote or proposal follows
        self.last_top: Paragraph | None = None  # the paragraph lettered ones go under
        self.letter_indent: dict[int, int] = {}  # id(sub-paragraph) -> its indentation
        self.headings = Headings(self)
        self.inner: Body | None = None  # the annex being read
        self.after_meeting = False
        self.unnumbered: list[Paragraph] = []
        self.title_expected = annex

    # ----------------------------------------------------------------- the block loop

    def read(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.block(block)
        self.close()

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()
            self.inner = None
        self.headings.close()
        self.options.close_all()
        numbered = any(p.label for p in self.doc.operative)
        if numbered:
            for paragraph in self.unnumbered:
                self.workbench.find("operative paragraph without a number; kept in place",
                                   paragraph.line or 0, 1, paragraph)

    def block(self, block: Block) -> None:
        text = block.text.strip()
        bare = text.strip("*_ ")  # Markdown may set a meeting line or "*Annex*" in emphasis
        if self.inner is not None:
            if un_furniture.meeting(bare) or un_furniture.ANNEX.fullmatch(bare):
                self.inner.close()
                self.inner = None
            else:
                self.inner.block(block)
                return
        if self.headings.title_of_bare(block):
            return
        self.headings.lone()
        if len(block.lines) == 1 and table_row(block.first.line.text):
            self._artefact(block, "table row")
            return
        if un_furniture.meeting(bare):
            self._artefact(block, "plenary meeting that adopted the text")
            self._adopted()
            self.after_meeting = True
            return
        if self.after_meeting and un_furniture.DATE.fullmatch(bare):
            self._artefact(block, "date of adoption")
            return
        self.after_meeting = False
        annex = un_furniture.ANNEX.fullmatch(text) or un_furniture.ANNEX.fullmatch(bare)
        if annex:
            self._open_annex(annex, block)
            return
        if self.title_expected:
            self.title_expected = False
            if self._annex_title(block):
                return
        if block.first.heading_level:
            self.headings.markdown(block)
            return
        if _END_OF_OPTIONS.fullmatch(text):
            self._artefact(block, "end of options")
            self.options.close_innermost()
            return
        if BRACES.fullmatch(text):
            self.headings.add(None, block.span.strip(), block, kind="note")
            return
        if bare in PREAMBLE:
            self.headings.add(None, block.span.strip(), block, kind="preamble")
            return
        if self._quoted(block):
            return
        label = read_label(text)
        if label is not None and label.kind == "heading":
            self.headings.labelled(label, block)
            return
        if label is not None and label.kind == "option":
            self.options.option(label, block)
            return
        if label is not None:
            self._labelled(label, block)
            return
        self._unlabelled(block)

    # ----------------------------------------------------------------- paragraphs

    def _labelled(self, label: Label, block: Block) -> None:
        words = words_after(block, label)
        if label.kind == "number" and self.markdown and self.last_top is not None and \
                block.first.indent > self.top_indent + 1 and self.options.holder() is None:
            # Markdown: "1." indented under "12." is a sub-paragraph of 12 (a nested list)
            self.place(ParagraphKind.SUBPARAGRAPH, words, block, label.label,
                       container=self.last_top.children)
            return
        self.options.before_label(label.label)
        nested = read_label(words.text)
        if nested is not None and nested.kind == "option":  # "16. Option 1 ...", "(a) Option A"
            empty = words.slice(0, 0)
            if label.kind == "number":
                paragraph = self.place(ParagraphKind.OPERATIVE, empty, block, label.label)
            else:
                paragraph = self._lettered(label, empty, block)
            self.options.option(nested, block, within=words, holder=paragraph)
            return
        if label.kind == "number":
            self.place(ParagraphKind.OPERATIVE, words, block, label.label)
            return
        self._lettered(label, words, block)

    def _lettered(self, label: Label, words: SourceSpan, block: Block) -> Paragraph:
        parent = self.last_top
        holder = self.options.holder()
        if holder is not None and (parent is None or not any(p is parent
                                                             for p in holder.walk())):
            parent = None  # "Option I" then "(a)": the option's own sub-paragraphs
        if parent is None:
            if holder is not None:
                return self.place(ParagraphKind.SUBPARAGRAPH, words, block, label.label,
                                  container=holder.children)
            paragraph = self.place(ParagraphKind.OPERATIVE, words, block, label.label)
            self.workbench.find(f"sub-paragraph ({label.label}) comes before any numbered "
                               "paragraph; kept as an operative paragraph",
                               block.first.line.number, 1, paragraph)
            return paragraph
        siblings = parent.children
        previous = next((p for p in reversed(siblings) if p.kind is ParagraphKind.SUBPARAGRAPH),
                        None)
        container = siblings
        if previous is not None and self._roman(label.label, previous, block):
            container = previous.children
        paragraph = self.place(ParagraphKind.SUBPARAGRAPH, words, block, label.label,
                               container=container)
        self.letter_indent[id(paragraph)] = block.first.indent
        return paragraph

    def _roman(self, label: str, previous: Paragraph, block: Block) -> bool:
        """Is "(i)" here a Roman numeral under ``previous`` rather than the next letter?"""
        bare = label.split()[0]
        if not is_roman(bare):
            return False
        if previous.children and is_roman((previous.children[-1].label or "").split()[0]):
            return True  # "(ii)" after "(i)"
        indent = self.letter_indent.get(id(previous))
        if indent is not None and block.first.indent > indent:
            return True
        if indent is not None and block.first.indent < indent:
            return False
        return reads_as_roman(bare, previous.label)

    def _unlabelled(self, block: Block) -> None:
        span = block.span.strip()
        text = span.text
        if self._proposal(block, span) or self._standalone_note(block, span):
            return
        if self.options.takes_text(span, block):
            return
        if self.part == "start":
            self.part = "preamble" if un_phrases.preambular_intro(text) and \
                un_phrases.listed_preambular(text) else "operative"
        if self.part == "preamble":
            operative = un_phrases.operative_phrase(text) is not None and \
                text.rstrip(" *_”’\"").endswith((".", ";")) and not \
                un_phrases.listed_preambular(text)
            if not operative:
                self.place(ParagraphKind.PREAMBULAR, span, block)
                return
        if text[:1].islower() and self._continue_last(span):
            return
        if self.headings.unnumbered(block, text):
            return
        paragraph = self.place(ParagraphKind.OPERATIVE, span, block)
        if self.options.holder() is None:
            self.unnumbered.append(paragraph)

    def place(self, kind: ParagraphKind, span: SourceSpan, block: Block,
              label: str | None = None, *, container: list[Paragraph] | None = None
              ) -> Paragraph:
        """A new paragraph from ``span``, put where the part and open options say."""
        span, notes = notes_off(span)
        parsed = proposal_text(span.text) or mixed_proposal(span.text)
        whole = span
        if parsed is not None:
            span = span.slice(parsed.start, parsed.end)
        fields: dict[str, object] = {"label": label}
        if kind is ParagraphKind.PREAMBULAR:
            intro = un_phrases.preambular_intro(span.text.lstrip("[“\"( \t"))
            if intro:
                fields.update(intro=intro, intro_style="inline")
        paragraph = self.workbench.paragraph(kind, span, **fields)
        if parsed is not None:
            paragraph.proposed_by = self.workbench.delegation(parsed.name, whole, paragraph)
        paragraph.footnote_marks.extend(block.marks)
        for note, line, column in notes:
            apply_note(self.workbench, paragraph, note, line, column)
        if container is None:
            container = self.options.container()
            if container is not None and kind is ParagraphKind.OPERATIVE:
                self._options_are_operative()
        if container is None:
            if kind is ParagraphKind.OPERATIVE and self.part != "operative":
                self.part = "operative"
            container = self.doc.preamble if kind is ParagraphKind.PREAMBULAR \
                else self.doc.operative
        container.append(paragraph)
        if kind is ParagraphKind.OPERATIVE:
            self.last_top = paragraph
            self.top_indent = block.first.indent
        self.last = paragraph
        self._tie_headings(paragraph)
        return paragraph

    def _options_are_operative(self) -> None:
        """Options opened in the preamble that hold numbered paragraphs are operative."""
        outer = self.options.outermost()
        if self.part != "operative" and outer is not None and self.doc.preamble \
                and self.doc.preamble[-1] is outer:
            self.doc.operative.append(self.doc.preamble.pop())
            self.part = "operative"

    def add(self, paragraph: Paragraph, container: list[Paragraph] | None) -> None:
        """Put a paragraph made elsewhere (an options block) at the top of the part."""
        if container is None:
            container = self.doc.preamble if self.part == "preamble" else self.doc.operative
            if self.part == "start":
                self.part = "operative"
                container = self.doc.operative
        container.append(paragraph)
        self._tie_headings(paragraph)

    def _tie_headings(self, paragraph: Paragraph) -> None:
        self.headings.tie(paragraph)

    # ----------------------------------------------------------------- what follows a paragraph

    def _quoted(self, block: Block) -> bool:
        """“1. Welcomes ...”: a paragraph quoted by the one above (which ends with ":")."""
        text = block.text.lstrip()
        last = self.last
        if last is None or not text.startswith(("“", '"')):
            return False
        if not (last.text.rstrip().endswith(":") or last.text.count("“") > last.text.count("”")):
            return False
        return self._continue_last(block.span.strip(), separator="\n", block=block)

    def _continue_last(self, span: SourceSpan, separator: str = " ",
                       block: Block | None = None) -> bool:
        last = self.last
        previous = self.workbench.span_of(last) if last is not None else None
        if last is None or previous is None:
            return False
        self.workbench.set_text(last, previous.joined(span, separator) if previous.text
                               else span)
        if block is not None:
            last.footnote_marks.extend(block.marks)
        return True

    def _proposal(self, block: Block, span: SourceSpan) -> bool:
        """"[G77: ...]" alone right after a paragraph: that delegation's wording of it."""
        parsed = proposal_text(span.text) or mixed_proposal(span.text)
        if parsed is None or self.last is None:
            return False
        self.workbench.propose(self.last, parsed.name, span.slice(parsed.start, parsed.end))
        self.last.footnote_marks.extend(block.marks)
        return True

    def _standalone_note(self, block: Block, span: SourceSpan) -> bool:
        text = span.text
        if self.last is None or not (text.startswith("(") and text.endswith(")")):
            return False
        if not is_note(text):
            return False
        line, column = span.locate(0)
        apply_note(self.workbench, self.last, text, line, column)
        return True

    # ----------------------------------------------------------------- headings and annexes

    def _open_annex(self, match: re.Match[str], block: Block) -> None:
        self.options.close_all()
        self.headings.lone()
        annex = Document(label=match.group("annex") + (match.group("marks") or ""))
        self.doc.annexes.append(annex)
        self.inner = Body(self.workbench, annex, annex=True, parent=self,
                          markdown=self.markdown)
        if match.group("title"):
            annex.title = match.group("title")
            self.inner.title_expected = False
        if id(self.doc) in self.workbench.adopted:
            self.workbench.adopted.add(id(annex))

    def _annex_title(self, block: Block) -> bool:
        text = block.text.strip()
        if read_label(text) is not None or un_phrases.listed_preambular(text) or \
                BRACES.fullmatch(text) or text in PREAMBLE:
            return False
        self.doc.title = " ".join(text.split())
        self.workbench.spans[id(self.doc)] = block.span.strip()
        return True

    def _adopted(self) -> None:
        body: Body | None = self
        while body is not None:
            self.workbench.adopted.add(id(body.doc))
            for annex in body.doc.annexes:
                self.workbench.adopted.add(id(annex))
            body = body.parent

    def _artefact(self, block: Block, reason: str) -> None:
        self.workbench.artifact(block.text.strip(), block.first.line.number, reason,
                               document=self.doc)
