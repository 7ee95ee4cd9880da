"""The document model of a draft resolution (or a treaty-style agreement).

A document is a plain tree of dataclasses, nothing more: no I/O, no framework.

    Document
      symbol, title, organ, note      "AG/RES. 2348 (XXXVII-O/07)", "THE GENERAL ASSEMBLY,", ...
      preamble:  [Paragraph]           preambular paragraphs, in order
      operative: [Paragraph]           operative paragraphs under "RESOLVES:"
      articles:  [Paragraph]           treaty style only: kind="article", children = paragraphs
      footnotes, artifacts, diagnostics
      UN texts (issue 12) add:
      label      the number printed before the title ("80/4" of resolution 80/4), or what
                 names an annex ("Annex", "Annex II")
      sponsors   canonical delegations of the sponsor line ("Cuba: draft resolution")
      headings   section headings and notes between paragraphs ("I. Scope", "{End of
                 options}" is not one), each tied to the paragraph it stands over
      annexes    [Document]            the annexes, each a document of its own
      decisions  [Document]            several decisions in one file ("Decision 1/CMA.6" ...)

    Paragraph
      id        stable, opaque; never derived from the label, so renumbering keeps it
      kind      "preambular" | "operative" | "subparagraph" | "article" | "options" | "option"
      label     "1", "1 bis", "a", "3bis", "Option 1", or None (preambular paragraphs)
      intro     the preambular introductory phrase ("CONSIDERING", "RECALLING"), or None
      intro_style  "heading" when the phrase stands on its own line over several paragraphs
                ("CONSIDERING:" then paragraphs; it is NOT part of `text`), "inline" when it
                opens this paragraph ("RECALLING that ..."; it IS part of `text`)
      text      the paragraph's own words in bracketed notation, without attribution notes,
                status marks or its label
      children  sub-paragraphs (a., b.), an article's paragraphs, an options block's options
      proposed_by  canonical delegation that tabled the whole paragraph ("c. [BELIZE: ...]")
      proposals    other delegations' alternative wordings of this paragraph ("[VENEZUELA: ...]")
      requested_by delegations that hold this paragraph's brackets, from an attribution note
      attribution  the attribution note as written ("(In brackets at the request of ...)")
      status    ParagraphStatus value

Everything in a paragraph that is derived (its open brackets, its chair-readable reference)
is computed by other modules from these fields, never stored twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class ParagraphStatus(StrEnum):
    """Where a paragraph stands on its way from first draft to adopted text."""

    OPEN = "open"
    AGREED_AD_REFERENDUM = "agreed ad referendum"
    AGREED = "agreed"
    ADOPTED = "adopted"


class ParagraphKind(StrEnum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    SUBPARAGRAPH = "subparagraph"
    ARTICLE = "article"
    OPTIONS = "options"
    OPTION = "option"


class Section(StrEnum):
    PREAMBLE = "preamble"
    OPERATIVE = "operative"
    ARTICLES = "articles"


@dataclass
class Proposal:
    """A delegation's alternative wording of a paragraph: "[VENEZUELA:  That ...]".

    ``id``: the proposal's own paragraph id when it is live text (tabled in the editor, or
    imported into a store: edited, versioned and attributed like any paragraph); None for a
    proposal that is only part of its paragraph (a parsed draft)."""

    delegation: str
    text: str
    id: str | None = field(default=None, compare=False)  # where it is stored, not what it is


@dataclass
class Paragraph:
    id: str
    kind: ParagraphKind
    text: str = ""
    label: str | None = None
    intro: str | None = None
    intro_style: str | None = None  # "heading" | "inline" | None
    children: list[Paragraph] = field(default_factory=list)
    proposed_by: str | None = None
    proposals: list[Proposal] = field(default_factory=list)
    requested_by: list[str] = field(default_factory=list)
    attribution: str | None = None
    status: ParagraphStatus = ParagraphStatus.OPEN
    footnote_marks: list[str] = field(default_factory=list)
    line: int | None = None  # 1-based line of the source text where the paragraph starts

    def walk(self) -> Iterator[Paragraph]:
        """This paragraph and all its descendants, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Footnote:
    """An OAS footnote ("1/" after a paragraph, the note at the end), usually a reservation."""

    mark: str
    text: str
    paragraph_id: str | None = None  # None when it marks the title or could not be tied


@dataclass
class Artifact:
    """Text that is not part of the resolution (page furniture, conversion debris), kept."""

    text: str
    line: int
    reason: str


@dataclass
class Diagnostic:
    """A plain-language finding about the input, with where it is (1-based line and column)."""

    message: str
    line: int
    column: int
    paragraph: str | None = None  # chair-readable reference, e.g. "operative paragraph 3 (c)"
    severity: str = "warning"  # "warning" | "error"


@dataclass
class Heading:
    """A heading between paragraphs ("I. Scope and definition", "A. Process and timing",
    "{Facilitators' note ...}"): structure, never paragraph text. Paragraph numbering runs on
    across headings, so a heading is tied to the paragraph it stands over, not a parent."""

    text: str  # as written, without its label: "Scope and definition", "[Financial matters]"
    label: str | None = None  # "I", "A", "1"; None for a note or an unnumbered heading
    kind: str = "section"  # "section" | "note" (a line in braces) | "preamble" ("Preamble")
    level: int = 1  # 1 for "I." (or the outermost kind in use), 2 for "A." under it, ...
    line: int = 0  # 1-based source line
    paragraph_id: str | None = None  # the first paragraph after it; None if none follows


@dataclass
class Document:
    symbol: str | None = None
    title: str | None = None
    organ: str | None = None
    note: str | None = None
    language: str = "en"
    preamble: list[Paragraph] = field(default_factory=list)
    operative: list[Paragraph] = field(default_factory=list)
    articles: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    label: str | None = None
    sponsors: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    annexes: list[Document] = field(default_factory=list)
    decisions: list[Document] = field(default_factory=list)

    def sections(self) -> Iterator[tuple[Section, list[Paragraph]]]:
        yield Section.PREAMBLE, self.preamble
        yield Section.OPERATIVE, self.operative
        yield Section.ARTICLES, self.articles

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph of the document, depth first, in document order."""
        for _, top_level in self.sections():
            for paragraph in top_level:
                yield from paragraph.walk()

    def find(self, paragraph_id: str) -> Paragraph | None:
        return next((p for p in self.paragraphs() if p.id == paragraph_id), None)

    def documents(self) -> Iterator[Document]:
        """This document, then its annexes and decisions (with theirs), in reading order."""
        yield self
        for annex in self.annexes:
            yield from annex.documents()
        for decision in self.decisions:
            yield from decision.documents()
