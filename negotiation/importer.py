"""Import a draft resolution or decision (OAS or UN) or a treaty-style draft into a Document.

    doc = import_text(Path("draft.txt").read_text(encoding="utf-8"), source="draft.txt")

The style is chosen from the text (``text_style``): a UN text (a sentence-case organ such as
"The General Assembly,", a "Decision 1/CMA.6" heading, a "United Nations" masthead) is read by
``negotiation.un_reader``, in Markdown too when nothing of the treaty style comes first;
Markdown front matter ("---" first) or "## " headings otherwise mean the treaty style of the
corpus (``negotiation.treaty``); anything else is read as an OAS resolution
(``negotiation.resolution``). The readers place paragraphs on a ``Workbench``; ``finish`` then

* gives every paragraph its id: ``id_factory(position, text)`` where position is the
  paragraph's 0-based place in document order; the default gives "p-" and 8 hex digits of a
  hash of both, so importing the same text twice gives the same ids. Ids are kept by storage
  afterwards and never recomputed from labels, so renumbering does not change them;
* marks every paragraph "adopted" when the document note says Adopted;
* ties each footnote to the paragraph its mark follows;
* reports every finding and every malformed bracket as a Diagnostic with the paragraph's
  chair-readable reference and the line and column of the source file.

A UN file may hold several documents (``Document.decisions``, ``Document.annexes``): ids run
on across them, and each finding is reported in the document of its paragraph, its reference
naming the document ("decision 8/CMA.6, operative paragraph 3"). In UN texts a bracket opened
in one paragraph and closed in a later one is reported once, naming both ends, and two
brackets separated by a space ("[may] [shall]") are pointed out.

Import never raises on text; nothing is dropped (see ``invariants.unaccounted_words``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from negotiation import phrases, un_furniture, un_phrases
from negotiation.brackets import link_refs_of
from negotiation.grammar import parse
from negotiation.invariants import out_of_order
from negotiation.layout import Line, split_lines
from negotiation.model import Diagnostic, Document, Paragraph, ParagraphKind, ParagraphStatus
from negotiation.phrases import note_says_adopted
from negotiation.references import document_names, paragraph_references
from negotiation.resolution import read_resolution
from negotiation.spanning import spaced_brackets, spanning_brackets
from negotiation.workbench import Finding, Workbench

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
    workbench = Workbench()
    style = text_style(lines)
    if style == "treaty":
        from negotiation.treaty import read_treaty

        read_treaty(lines, workbench)
    elif style in ("un", "un-markdown"):
        from negotiation.un_reader import read_un

        read_un(lines, workbench, markdown=style == "un-markdown")
    else:
        read_resolution(lines, workbench)
    finish(workbench, id_factory or default_id)
    if source:
        for document in workbench.doc.documents():
            for diagnostic in document.diagnostics:
                diagnostic.message = f"{source}: {diagnostic.message}"
    return workbench.doc


def is_treaty_style(lines: list[Line]) -> bool:
    return text_style(lines) == "treaty"


_TREATY_HEADING = re.compile(r"##\s+(?:Preamble\s*$|\[?\s*Article\s+\d)")
_MARKDOWN_ONLY = re.compile(r"\[\^[^\]]+\]:|\s*\{:[^}]*\}\s*$")


def text_style(lines: list[Line]) -> str:
    """"oas", "treaty" (Markdown of the corpus), "un" or "un-markdown"."""
    first = next((line.text.strip() for line in lines if not line.blank), "")
    markdown = first == "---" or any(line.text.startswith("## ") for line in lines)
    un_at = _first_un_signal(lines)
    if markdown:
        treaty_at = next((i for i, line in enumerate(lines) if _treaty_signal(line.text)),
                         None)
        if un_at is not None and (treaty_at is None or un_at < treaty_at):
            return "un-markdown"
        return "treaty"
    if un_at is None:
        return "oas"
    return "un-markdown" if any(_MARKDOWN_ONLY.match(line.text) for line in lines) else "un"


def _first_un_signal(lines: list[Line]) -> int | None:
    """Index of the first line only a UN text has: its organ in sentence case, a decision
    heading, or (near the top) the "United Nations" masthead and its distribution line."""
    for index, line in enumerate(lines):
        text = line.text
        if un_phrases.organ(text) or un_furniture.decision_heading(text):
            return index
        if index < 40 and (un_furniture.furniture(text) in ("masthead: the organisation",
                                                          "distribution line")
                           or (un_furniture.MASTHEAD_TABLE.fullmatch(text)
                               and "United Nations" in text)):
            return index
    return None


def _treaty_signal(text: str) -> bool:
    return bool(_TREATY_HEADING.match(text) or phrases.is_treaty_transition(text)
                or (phrases.organ(text) == text.strip() and text.strip().startswith(
                    ("The Parties", "Las Partes", "Les Parties", "As Partes"))))


def finish(workbench: Workbench, id_factory: IdFactory) -> None:
    doc = workbench.doc
    documents = list(doc.documents())
    seen: set[str] = set()
    position = 0
    for document in documents:
        for paragraph in document.paragraphs():
            paragraph_id = id_factory(position, paragraph.text)
            while paragraph_id in seen:  # a factory collision must never give two equal ids
                paragraph_id = id_factory(position, paragraph_id)
            seen.add(paragraph_id)
            paragraph.id = paragraph_id
            position += 1
    for document in documents:
        if note_says_adopted(document.note) or id(document) in workbench.adopted:
            for paragraph in document.paragraphs():
                paragraph.status = ParagraphStatus.ADOPTED
        for siblings in [document.preamble, document.operative, document.articles,
                         *(p.children for p in document.paragraphs())]:
            for paragraph, previous in out_of_order(siblings):
                workbench.find(f"label {paragraph.label} comes after {previous}, out of order; "
                              "kept as written", paragraph.line or 0, 1, paragraph)
        for paragraph in document.paragraphs():
            if not paragraph.text and not paragraph.children \
                    and paragraph.kind is not ParagraphKind.OPTIONS:
                workbench.find("has no words (a label or option with nothing after it); kept "
                              "empty", paragraph.line or 0, 1, paragraph)
    for footnote, paragraph in workbench.note_targets:
        footnote.paragraph_id = paragraph.id if paragraph is not None else None
    for heading, paragraph in workbench.heading_targets:
        heading.paragraph_id = paragraph.id if paragraph is not None else None
    if workbench.registry is not None:
        for document in documents:
            _bracket_findings(workbench, document)
    owner = {id(p): d for d in documents for p in d.paragraphs()}
    names = document_names(doc)
    for document in documents:
        document.artifacts.sort(key=lambda artifact: artifact.line)
        document.diagnostics.extend(_diagnostics(workbench, document, owner,
                                                 names.get(id(document))))
        document.diagnostics.sort(key=lambda d: (d.line, d.column))


def _diagnostics(workbench: Workbench, doc: Document, owner: dict[int, Document],
                 name: str | None) -> list[Diagnostic]:
    references = paragraph_references(doc)
    if name:
        references = {key: f"{name}, {value}" for key, value in references.items()}
    link_refs = workbench.link_refs or link_refs_of(doc)
    found: list[Diagnostic] = []
    for finding in workbench.findings:
        if _home(finding, owner, workbench.doc) is not doc:
            continue
        where = references.get(finding.paragraph.id) if finding.paragraph else None
        if where is None and name and finding.paragraph is None:
            where = name
        message = f"{where}: {finding.message}" if where else finding.message
        found.append(Diagnostic(message, finding.line, finding.column, where, finding.severity))
    for paragraph in doc.paragraphs():
        where = references.get(paragraph.id)
        texts = [(paragraph.text, workbench.span_of(paragraph), "")]
        texts += [(p.text, workbench.proposal_spans.get(id(p)), f"{p.delegation}'s proposal, ")
                  for p in paragraph.proposals]
        for text, span, inside in texts:
            if _balanced(text):
                continue  # the grammar's only findings are brackets without a partner
            for problem in parse(text, link_refs).diagnostics:
                if not inside and (id(paragraph), problem.offset) in workbench.explained:
                    continue
                line, column = (span.locate(problem.offset) if span is not None
                                else (paragraph.line or 0, problem.column))
                found.append(Diagnostic(f"{where}, {inside}line {line}, column {column}: "
                                        f"{problem.message}", line, column, where))
    for heading in doc.headings:
        if _balanced(heading.text):
            continue
        span = workbench.spans.get(id(heading))
        where = f"heading {heading.label}" if heading.label else "heading"
        where = f"{name}, {where}" if name else where
        for problem in parse(heading.text, link_refs).diagnostics:
            line, column = (span.locate(problem.offset) if span is not None
                            else (heading.line, problem.column))
            found.append(Diagnostic(f"{where}, line {line}, column {column}: "
                                    f"{problem.message}", line, column, where))
    return found


def _home(finding: Finding, owner: dict[int, Document], top: Document) -> Document:
    if finding.paragraph is not None and id(finding.paragraph) in owner:
        return owner[id(finding.paragraph)]
    return finding.document or top


def _bracket_findings(workbench: Workbench, doc: Document) -> None:
    """UN texts: brackets spanning paragraphs, and "[may] [shall]" written with a space."""
    paragraphs = list(doc.paragraphs())
    for opening, open_at, closing, close_at in spanning_brackets(paragraphs):
        line, column = _locate(workbench, opening, open_at)
        close_line, close_column = _locate(workbench, closing, close_at)
        between = paragraphs.index(closing) - paragraphs.index(opening) + 1
        references = paragraph_references(doc)
        workbench.explained.update({(id(opening), open_at), (id(closing), close_at)})
        workbench.findings.append(Finding(
            f"opening bracket '[' at line {line}, column {column} closes in "
            f"{references.get(closing.id, 'a later paragraph')}, line {close_line}, column "
            f"{close_column}: the bracket spans {between} paragraphs; each paragraph is kept "
            "as written", line, column, opening))
    for paragraph in paragraphs:
        for offset, written in spaced_brackets(paragraph.text):
            line, column = _locate(workbench, paragraph, offset)
            joined = written.replace("] [", "][")
            workbench.findings.append(Finding(
                f"line {line}, column {column}: “{written}”, two brackets separated by a "
                "space, are read as two passages; if they are alternatives, write them back "
                f"to back (“{joined}”)", line, column, paragraph))


def _locate(workbench: Workbench, paragraph: Paragraph, offset: int) -> tuple[int, int]:
    span = workbench.span_of(paragraph)
    return span.locate(offset) if span is not None else (paragraph.line or 0, 1)


_SQUARE = re.compile(r"[\[\]]")


def _balanced(text: str) -> bool:
    """True when every "[" has its "]" (a cheap test that spares most paragraphs a parse)."""
    depth = 0
    for bracket in _SQUARE.findall(text):
        depth += 1 if bracket == "[" else -1
        if depth < 0:
            return False
    return depth == 0
