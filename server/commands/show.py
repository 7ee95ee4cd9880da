"""`negotiation show FILE [--json]`: what the importer understood of a text.

Without --json, a readable outline: the heading lines, then one line per paragraph with its
chair-readable reference, its introductory phrase and the start of its words, the proposals
under the paragraph they answer, and what was set aside or reported; then the same for each
annex and decision a UN file holds. With --json, the whole
document in the JSON contract (docs/json.md).
"""

from __future__ import annotations

import argparse
import sys

from negotiation.brackets import link_refs_of, paragraph_brackets
from negotiation.jsonio import document_to_json
from negotiation.model import Document, Paragraph, ParagraphKind
from negotiation.references import document_names, walk_with_references
from server.commands.source import dump_json, load_document

EXCERPT = 72  # characters of a paragraph's words shown in the outline


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "show", help="print a text's structure (outline, or JSON with --json)",
        description="Import FILE (UTF-8 plain text or Markdown) and print its structure.")
    parser.add_argument("file", metavar="FILE", help="UTF-8 text or Markdown file")
    parser.add_argument("--json", action="store_true",
                        help="print the document as JSON (the contract of docs/json.md)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    doc = load_document(args.file)
    sys.stdout.write(dump_json(document_to_json(doc)) if args.json else outline(doc))
    return 0


def outline(doc: Document) -> str:
    lines = _outline(doc, link_refs_of(doc))
    names = document_names(doc)
    for document in list(doc.documents())[1:]:  # a UN file's annexes and decisions
        lines += ["", f"== {names[id(document)]} ==", *_outline(document, link_refs_of(doc))]
    return "\n".join(lines) + "\n"


def _outline(doc: Document, link_refs: frozenset[str]) -> list[str]:
    lines = [value for value in (doc.symbol, doc.title, doc.note, doc.organ) if value]
    references = list(walk_with_references(doc))
    width = max((len(reference) for reference, _ in references), default=0)
    section = None
    for reference, paragraph in references:
        heading = _section_heading(doc, paragraph)
        if heading and heading != section:
            section = heading
            lines.extend(["", heading])
        count = len(paragraph_brackets(paragraph, link_refs))
        marks = f"  [{count} open]" if count else ""
        lines.append(f"  {reference:<{width}}  {_summary(paragraph)}{marks}".rstrip())
        lines.extend(f"  {'':<{width}}    proposal by {p.delegation}: {_excerpt(p.text)}"
                     for p in paragraph.proposals)
    lines.append("")
    own_brackets = sum(len(paragraph_brackets(p, link_refs)) for p in doc.paragraphs())
    lines.append(f"{len(doc.footnotes)} footnotes, {len(doc.artifacts)} set aside, "
                 f"{len(doc.diagnostics)} diagnostics, "
                 f"{own_brackets} open brackets")
    lines.extend(f"  footnote {f.mark}: {_excerpt(f.text)}" for f in doc.footnotes)
    lines.extend(f"  set aside, line {a.line} ({a.reason}): {_excerpt(a.text)}"
                 for a in doc.artifacts)
    lines.extend(f"  {_located(d.message, d.line, d.column)}" for d in doc.diagnostics)
    return lines


def _located(message: str, line: int, column: int) -> str:
    """The message with its line and column, unless it already says where it is."""
    if f"line {line}, column {column}" in message:
        return message
    return f"line {line}, column {column}: {message}"


def _section_heading(doc: Document, paragraph: Paragraph) -> str | None:
    for name, top_level in (("Preamble", doc.preamble), ("Operative part", doc.operative),
                            ("Articles", doc.articles)):
        if any(paragraph is top for top in top_level):
            return f"{name} ({len(top_level)})"
    return None


def _summary(paragraph: Paragraph) -> str:
    parts = []
    if paragraph.kind is ParagraphKind.OPTIONS:
        return f"options block ({len(paragraph.children)} options)"
    if paragraph.intro and paragraph.intro_style == "heading":
        parts.append(f"{paragraph.intro}:")
    if paragraph.proposed_by:
        parts.append(f"tabled by {paragraph.proposed_by}:")
    parts.append(_excerpt(paragraph.text))
    if paragraph.status.value != "open":
        parts.append(f"({paragraph.status.value})")
    return " ".join(part for part in parts if part)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1].rstrip() + "…"
