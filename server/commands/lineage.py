"""`negotiation lineage OLD NEW [--json]`: which paragraph of the newer text continues which.

OLD and NEW name two texts of one negotiation. Each is resolved by the first of
``DOCUMENT_SOURCES`` that knows it: a file (UTF-8 plain text or Markdown, imported; or a
``.json`` document in the contract of docs/json.md), else a stored document — its id for its
current text, ``ID@REVISION`` ("903e90b9a4284cc0@Rev.1") for a named revision — from the
database of ``--db`` / ``DATABASE_URL``. A source is a function
``(name, args) -> Document | None`` that answers None for a name it does not know.

Without --json, a table, one line per alignment in the newer text's order::

    kind       older text                  newer text
    edited     operative paragraph 4       operative paragraph 6      To urge those member …
    new                                    operative paragraph 5      To urge member states…

With --json, a list of ``{"kind", "old": [ref], "new": [ref]}``, a ref being
``{"section": "preamble" | "operative" | "articles", "index": top-level position from 0,
"id": paragraph id}``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from negotiation.lineage import Alignment, AlignmentKind, ParagraphRef, align
from negotiation.model import Document
from negotiation.references import paragraph_references
from server.commands import CommandError
from server.commands.database import add_database_argument, open_store
from server.commands.source import dump_json, load_document, read_source

EXCERPT = 40  # characters of a paragraph's words shown in the table

DocumentSource = Callable[[str, argparse.Namespace], Document | None]


def from_file(name: str, args: argparse.Namespace) -> Document | None:
    """A file: a ``.json`` document is read back as it is, any other text is imported."""
    if not Path(name).exists():
        return None
    if name.lower().endswith(".json"):
        from negotiation.jsonio import document_from_json

        try:
            return document_from_json(json.loads(read_source(name)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise CommandError(f"{name}: not a document in the JSON contract "
                               f"(docs/json.md): {error}") from None
    return load_document(name)


STORED = re.compile(r"(?P<document>[0-9a-f]{16})(?:@(?P<revision>.+))?")


def from_store(name: str, args: argparse.Namespace) -> Document | None:
    """A stored document: "ID" (its current text) or "ID@REVISION" (that revision's text)."""
    match = STORED.fullmatch(name)
    if match is None:
        return None
    with open_store(args.db) as store:
        if match["revision"] is None:
            return store.load_document(match["document"])
        return store.revision_document(match["document"], match["revision"])


DOCUMENT_SOURCES: list[DocumentSource] = [from_file, from_store]


def resolve(name: str, args: argparse.Namespace) -> Document:
    """The document ``name`` names, from the first source that knows it."""
    for source in DOCUMENT_SOURCES:
        document = source(name, args)
        if document is not None:
            return document
    raise CommandError(f"{name}: no such file, and not a stored document id (ID or ID@REVISION)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lineage", help="align the paragraphs of an older and a newer text",
        description="Align the paragraphs of OLD and NEW, two texts of one negotiation: "
                    "unchanged, edited, merged, split, new, dropped.")
    parser.add_argument("old", metavar="OLD",
                        help="the older text: a file, a stored document id, or ID@REVISION")
    parser.add_argument("new", metavar="NEW", help="the newer text, likewise")
    parser.add_argument("--json", action="store_true",
                        help='print [{"kind", "old": [ref], "new": [ref]}]')
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    old, new = resolve(args.old, args), resolve(args.new, args)
    alignment = align(old, new)
    if args.json:
        sys.stdout.write(dump_json([item.to_json() for item in alignment]))
    else:
        sys.stdout.write(table(old, new, alignment))
    return 0


def table(old: Document, new: Document, alignment: list[Alignment]) -> str:
    """The alignment as a table for people, then one line of counts per kind."""
    old_refs, new_refs = paragraph_references(old), paragraph_references(new)
    old_texts = {p.id: p.text for p in old.paragraphs()}
    new_texts = {p.id: p.text for p in new.paragraphs()}

    def where(refs: tuple[ParagraphRef, ...], names: dict[str, str]) -> str:
        return "; ".join(names.get(ref.id, ref.id) for ref in refs)

    rows = []
    for item in alignment:
        shown = item.new[0].id if item.new else item.old[0].id
        words = new_texts.get(shown) if item.new else old_texts.get(shown)
        rows.append((item.kind.value, where(item.old, old_refs), where(item.new, new_refs),
                     _excerpt(words or "")))
    widths = [max([len(heading), *(len(row[i]) for row in rows)])
              for i, heading in enumerate(("kind", "older text", "newer text"))]
    lines = [f"{'kind':<{widths[0]}}  {'older text':<{widths[1]}}  {'newer text':<{widths[2]}}"
             "  words"]
    lines.extend(f"{k:<{widths[0]}}  {o:<{widths[1]}}  {n:<{widths[2]}}  {w}".rstrip()
                 for k, o, n, w in rows)
    counts = Counter(item.kind for item in alignment)
    lines.append("")
    lines.append(", ".join(f"{counts[kind]} {kind.value}" for kind in AlignmentKind))
    return "\n".join(lines) + "\n"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1].rstrip() + "…"
