"""Headings between the paragraphs of a UN text, tied to the paragraph below them.

    I. Scope and definitions           a Roman heading (level 1), its label "I"
    A. Process and timing              a lettered one (level 2)
    II.                                a bare number: its title may follow on the next line;
                                       alone (a Word conversion leaves "I." before decisions)
                                       it is set aside
    {Facilitators' note: ...}          a note in braces (kind "note")
    Preamble                           an annex's preamble begins (kind "preamble")
    Paragraph 3                        a short line without a full stop in the operative
                                       part: an unnumbered heading
    ## I. ADOPTION                     Markdown headings, with or without a label

Paragraph numbering runs on across headings: a heading is structure, never a parent; it
waits for the next paragraph placed and is tied to it (``Heading.paragraph_id``). A heading
closes any open options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negotiation import un_furniture, un_phrases
from negotiation.layout import SourceSpan
from negotiation.model import Heading, Paragraph
from negotiation.un_blocks import Block, Label, ends_clause, read_label, words_after

if TYPE_CHECKING:
    from negotiation.un_body import Body

PREAMBLE = ("Preamble", "Préambule", "Preámbulo")
MAX_HEADING_WORDS = 12


class Headings:
    def __init__(self, body: Body) -> None:
        self.body = body
        self.pending: list[Heading] = []  # waiting for the paragraph below them
        self.bare: tuple[Label, Block] | None = None  # "I." waiting for its title

    def add(self, label: str | None, span: SourceSpan, block: Block,
            kind: str = "section") -> None:
        body = self.body
        body.options.close_all()
        level = 2 if label and len(label) == 1 and label not in "IVX" else 1
        if block.first.heading_level and label is None:
            level = max(1, block.first.heading_level - 1)
        heading = Heading(span.text, label, kind, level, span.line or block.first.line.number)
        body.doc.headings.append(heading)
        self.pending.append(heading)
        body.workbench.spans[id(heading)] = span
        if kind == "preamble":
            body.part = "preamble"
        elif kind == "section" and body.part == "start":
            body.part = "operative"

    def labelled(self, label: Label, block: Block) -> None:
        """"I. Scope": a heading; "I." alone: waits for its title."""
        if label.title is None:
            self.bare = (label, block)
        else:
            self.add(label.label, words_after(block, label), block)

    def markdown(self, block: Block) -> None:
        span = block.span.strip()
        label = read_label(span.text)
        if label is not None and label.kind == "heading" and label.title is not None:
            self.add(label.label, words_after(block, label), block)
        elif span.text in PREAMBLE:
            self.add(None, span, block, kind="preamble")
        else:
            self.add(None, span, block)

    def title_of_bare(self, block: Block) -> bool:
        """The words under a bare "I." become its title when they read as one."""
        if self.bare is None:
            return False
        label, bare = self.bare
        text = block.text.strip()
        if read_label(text) is not None or ends_clause(text) or \
                len(text.split()) > MAX_HEADING_WORDS or un_furniture.ANNEX.fullmatch(text):
            return False
        self.bare = None
        self.add(label.label, block.span.strip(), bare)
        return True

    def lone(self) -> None:
        """A bare "I." with no title after it: set aside."""
        if self.bare is not None:
            _, block = self.bare
            self.body.workbench.artifact(
                block.text.strip(), block.first.line.number,
                "heading number with no heading (left by the conversion)",
                document=self.body.doc)
            self.bare = None

    def unnumbered(self, block: Block, text: str) -> bool:
        """A short line without a full stop in the operative part: "Paragraph 3"."""
        body = self.body
        if body.part != "operative" or ends_clause(text) or len(block.lines) > 1 or \
                len(text.split()) > MAX_HEADING_WORDS or not text[:1].isupper() or \
                un_phrases.operative_phrase(text) or body.options.holder() is not None:
            return False
        self.add(None, block.span.strip(), block)
        return True

    def tie(self, paragraph: Paragraph) -> None:
        for heading in self.pending:
            self.body.workbench.heading_targets.append((heading, paragraph))
        self.pending = []

    def close(self) -> None:
        self.lone()
        for heading in self.pending:
            self.body.workbench.heading_targets.append((heading, None))
        self.pending = []
