"""Import a draft resolution (OAS plain text) or a treaty-style draft (Markdown) into a Document.

    doc = import_text(Path("draft.txt").read_text(encoding="utf-8"), source="draft.txt")

The style is chosen from the text: Markdown front matter ("---" first) or "## " headings mean
the treaty style of the corpus (``negotiation.treaty``); anything else is read as an OAS
resolution (``negotiation.resolution``). Both readers place paragraphs on an ``Assembly``;
``finish`` then

* gives every paragraph its id: ``id_factory(position, text)`` where position is the
  paragraph's 0-based place in document order; the default gives "p-" and 8 hex digits of a
  hash of both, so importing the same text twice gives the same ids. Ids are kept by storage
  afterwards and never recomputed from labels, so renumbering does not change them;
* marks every paragraph "adopted" when the document note says Adopted;
* ties each footnote to the paragraph its mark follows;
* reports every finding and every malformed bracket as a Diagnostic with the paragraph's
  chair-readable reference and the line and column of the source file.

Import never raises on text; nothing is dropped (see ``invariants.unaccounted_words``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from negotiation.assembly import Assembly
from negotiation.brackets import link_refs_of
from negotiation.grammar import parse
from negotiation.invariants import out_of_order
from negotiation.layout import Line, split_lines
from negotiation.model import Diagnostic, Document, ParagraphKind, ParagraphStatus
from negotiation.phrases import note_says_adopted
from negotiation.references import paragraph_references
from negotiation.resolution import read_resolution

IdFactory = Callable[[int, str], str]


def default_id(position: int, text: str) -> str:
    """"p-" + 8 hex digits of a hash of the paragraph's import position and text."""
    digest = hashlib.sha256(f"{position}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"p-{digest[:8]}"


def import_text(text: str, *, source: str | None = None,
                id_factory: IdFactory | None = None) -> Document:
    """Read ``text`` (the whole file, already decoded) into a Document. Never raises on text.

    ``source`` (a file name) only labels diagnostics; ``id_factory`` replaces ``default_id``.
    """
    lines = split_lines(text)
    assembly = Assembly()
    if is_treaty_style(lines):
        from negotiation.treaty import read_treaty

        read_treaty(lines, assembly)
    else:
        read_resolution(lines, assembly)
    finish(assembly, id_factory or default_id)
    if source and assembly.doc.diagnostics:
        for diagnostic in assembly.doc.diagnostics:
            diagnostic.message = f"{source}: {diagnostic.message}"
    return assembly.doc


def is_treaty_style(lines: list[Line]) -> bool:
    first = next((line.text.strip() for line in lines if not line.blank), "")
    return first == "---" or any(line.text.startswith("## ") for line in lines)


def finish(assembly: Assembly, id_factory: IdFactory) -> None:
    doc = assembly.doc
    seen: set[str] = set()
    for position, paragraph in enumerate(doc.paragraphs()):
        paragraph_id = id_factory(position, paragraph.text)
        while paragraph_id in seen:  # a factory collision must never give two equal ids
            paragraph_id = id_factory(position, paragraph_id)
        seen.add(paragraph_id)
        paragraph.id = paragraph_id
    if note_says_adopted(doc.note):
        for paragraph in doc.paragraphs():
            paragraph.status = ParagraphStatus.ADOPTED
    for siblings in [doc.preamble, doc.operative, doc.articles,
                     *(p.children for p in doc.paragraphs())]:
        for paragraph, previous in out_of_order(siblings):
            assembly.find(f"label {paragraph.label} comes after {previous}, out of order; "
                          "kept as written", paragraph.line or 0, 1, paragraph)
    for paragraph in doc.paragraphs():
        if not paragraph.text and not paragraph.children \
                and paragraph.kind is not ParagraphKind.OPTIONS:
            assembly.find("has no words (a label or option with nothing after it); kept empty",
                          paragraph.line or 0, 1, paragraph)
    for footnote, paragraph in assembly.note_targets:
        footnote.paragraph_id = paragraph.id if paragraph is not None else None
    doc.artifacts.sort(key=lambda artifact: artifact.line)
    doc.diagnostics.extend(_diagnostics(assembly))
    doc.diagnostics.sort(key=lambda d: (d.line, d.column))


def _diagnostics(assembly: Assembly) -> list[Diagnostic]:
    doc = assembly.doc
    references = paragraph_references(doc)
    link_refs = assembly.link_refs or link_refs_of(doc)
    found: list[Diagnostic] = []
    for finding in assembly.findings:
        where = references.get(finding.paragraph.id) if finding.paragraph else None
        message = f"{where}: {finding.message}" if where else finding.message
        found.append(Diagnostic(message, finding.line, finding.column, where, finding.severity))
    for paragraph in doc.paragraphs():
        where = references.get(paragraph.id)
        texts = [(paragraph.text, assembly.span_of(paragraph), "")]
        texts += [(p.text, assembly.proposal_spans.get(id(p)), f"{p.delegation}'s proposal, ")
                  for p in paragraph.proposals]
        for text, span, inside in texts:
            if _balanced(text):
                continue  # the grammar's only findings are brackets without a partner
            for problem in parse(text, link_refs).diagnostics:
                line, column = (span.locate(problem.offset) if span is not None
                                else (paragraph.line or 0, problem.column))
                found.append(Diagnostic(f"{where}, {inside}line {line}, column {column}: "
                                        f"{problem.message}", line, column, where))
    return found


_SQUARE = re.compile(r"[\[\]]")


def _balanced(text: str) -> bool:
    """True when every "[" has its "]" (a cheap test that spares most paragraphs a parse)."""
    depth = 0
    for bracket in _SQUARE.findall(text):
        depth += 1 if bracket == "[" else -1
        if depth < 0:
            return False
    return depth == 0
