"""The importer's workbench: a Document being built, plus where each piece came from.

Readers (``resolution`` for OAS plain text, ``treaty`` for the Markdown corpus) only place
things: paragraphs with the ``SourceSpan`` of their text, proposals, artefacts, notes to tie,
findings. ``importer.finish`` then gives ids, ties footnotes, and turns every finding and every
malformed bracket into a Diagnostic naming the paragraph, line and column of the source file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from negotiation.layout import SourceSpan
from negotiation.model import (
    Artifact,
    Document,
    Footnote,
    Heading,
    Paragraph,
    ParagraphKind,
    Proposal,
)
from negotiation.phrases import canonical_delegation
from negotiation.registries import Registry

# "[VENEZUELA:  That ...]": a delegation's name in capitals, a colon, the delegation's words.
_PROPOSAL_OPENING = re.compile(r"[ \t]*\[(?P<name>[A-ZÀ-Ý][A-ZÀ-Ý.'’()\- ]*[A-ZÀ-Ý.)]):[ \t]*")


@dataclass
class Finding:
    """Something to report, found while placing text; becomes a Diagnostic in ``finish``."""

    message: str
    line: int
    column: int
    paragraph: Paragraph | None = None
    severity: str = "warning"
    document: Document | None = None  # where to report it when no paragraph says (None: top)


@dataclass
class Workbench:
    doc: Document = field(default_factory=Document)
    spans: dict[int, SourceSpan] = field(default_factory=dict)  # id(paragraph) → its text
    proposal_spans: dict[int, SourceSpan] = field(default_factory=dict)  # id(proposal)
    note_targets: list[tuple[Footnote, Paragraph | None]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    link_refs: frozenset[str] = frozenset()
    title_marks: set[str] = field(default_factory=set)  # footnote marks after the title
    # UN texts (issue 12): the delegations they name, the documents adopted (all their
    # paragraphs get status "adopted"), headings to tie to the paragraph below them, and
    # bracket offsets already explained by a finding (a bracket spanning paragraphs).
    registry: Registry | None = None
    adopted: set[int] = field(default_factory=set)  # id(document)
    heading_targets: list[tuple[Heading, Paragraph | None]] = field(default_factory=list)
    explained: set[tuple[int, int]] = field(default_factory=set)  # (id(paragraph), offset)

    def paragraph(self, kind: ParagraphKind, span: SourceSpan, **fields: object) -> Paragraph:
        paragraph = Paragraph(id="", kind=kind, text=span.text, line=span.line, **fields)
        self.spans[id(paragraph)] = span
        return paragraph

    def set_text(self, paragraph: Paragraph, span: SourceSpan) -> None:
        paragraph.text = span.text
        paragraph.line = paragraph.line or span.line
        self.spans[id(paragraph)] = span

    def span_of(self, paragraph: Paragraph) -> SourceSpan | None:
        return self.spans.get(id(paragraph))

    def propose(self, paragraph: Paragraph, name: str, span: SourceSpan) -> Proposal:
        proposal = Proposal(delegation=self.delegation(name, span, paragraph), text=span.text)
        paragraph.proposals.append(proposal)
        self.proposal_spans[id(proposal)] = span
        return proposal

    def delegation(self, name: str, where: SourceSpan, paragraph: Paragraph | None) -> str:
        """The canonical delegation for ``name``; unknown names kept as written, reported."""
        if self.registry is not None:
            found = self.registry.find(name)
            canonical = found.name if found is not None else None
        else:
            canonical = canonical_delegation(name)
        if canonical is not None:
            return canonical
        line, column = where.locate(0)
        body = "UN" if self.registry is not None else "OAS"
        self.findings.append(Finding(
            f"“{name}” is not a known {body} delegation; kept as written", line, column,
            paragraph))
        return name

    def artifact(self, text: str, line: int, reason: str,
                 document: Document | None = None) -> None:
        if text.strip():
            (document or self.doc).artifacts.append(Artifact(text=text, line=line,
                                                             reason=reason))

    def find(self, message: str, line: int, column: int,
             paragraph: Paragraph | None = None, document: Document | None = None) -> None:
        self.findings.append(Finding(message, line, column, paragraph, document=document))


@dataclass(frozen=True)
class ProposalText:
    name: str  # as written: "VENEZUELA", "ST. KITTS AND NEVIS"
    start: int  # offset of the delegation's words in the paragraph text
    end: int  # offset just past them (the closing "]" excluded)


def proposal_text(text: str) -> ProposalText | None:
    """When ``text`` is one "[NAME:  words]" and nothing else, where the words are.

    A stray "]" after the closing bracket stays in the words ("...approved,”]]" keeps
    "...approved,”]"), so no character is lost; the grammar reports it.
    """
    match = _PROPOSAL_OPENING.match(text)
    if not match:
        return None
    depth = 0
    close = -1
    for offset in range(match.start("name") - 1, len(text)):
        char = text[offset]
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                close = offset
                break
    if close < 0:
        return None
    if text[close + 1:].strip(" \t]") != "":
        return None  # words after the bracket: an inline proposal inside a paragraph
    return ProposalText(match.group("name"), match.end(), text.rstrip().rfind("]"))
