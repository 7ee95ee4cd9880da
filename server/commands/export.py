"""`negotiation export DOCUMENT_OR_FILE --format FORMAT [--revision NAME] [-o OUT] [--draft]`.

DOCUMENT_OR_FILE is a file (UTF-8 text, Markdown or Word .docx) when such a file exists, else
the id of a stored document (its current text, as edited live, or --revision NAME). Formats
(negotiation.exports, server.exports):

clean           the adopted words only, as plain text
markdown        the adopted words, Markdown
html            the adopted words, printable HTML (print to PDF gives the layout)
docx            the adopted words, Word, reservations as Word footnotes
akn             Akoma Ntoso XML (AKN4UN statement "resolution")
bracketed       as negotiated, brackets, proposals and notes kept (plain text)
markdown-bracketed  the same, Markdown (delegations in bold)
html-bracketed  the same, printable HTML
docx-bracketed  the same, Word
json            the JSON contract (docs/json.md)
path-report     stored documents only: how every paragraph reached its wording (HTML)

A clean format is refused, exit code 1, with the list of what is not agreed on standard error
(open brackets and proposals in the chair's notation, paragraphs not agreed; for a stored
document also a record that fails verification), and nothing is written. --draft lays out the
current text the same way, marked "DRAFT — not agreed".

With -o OUT the output is written to a temporary file next to OUT and renamed over it, so OUT
is either the old file or the whole new one, never a partial write.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from negotiation.clean_gate import CleanExportRefused
from negotiation.exports import Export, export
from server.commands import CommandError
from server.commands.database import add_database_argument, open_store
from server.commands.source import load_document
from server.exports import DESCRIPTIONS, FORMAT_NAMES, PATH_REPORT, export_stored

REFUSED = 1  # exit code of a clean export while something is not agreed


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write a file or a stored document out: text, Markdown, HTML, Word, "
                       "Akoma Ntoso, JSON",
        description="Write DOCUMENT_OR_FILE out in the chosen format.")
    parser.add_argument("source", metavar="DOCUMENT_OR_FILE",
                        help="a UTF-8 text, Markdown or Word (.docx) file, or a stored "
                             "document's id")
    parser.add_argument("--format", required=True, choices=FORMAT_NAMES,
                        help="; ".join(f"{name}: {DESCRIPTIONS[name]}" for name in FORMAT_NAMES)
                        + " (clean formats are refused while anything is not agreed)")
    parser.add_argument("--revision", metavar="NAME",
                        help="a stored document's revision (default: its current text)")
    parser.add_argument("--draft", action="store_true",
                        help='lay out the current text, brackets and all, marked "DRAFT — not '
                             'agreed"')
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write to OUT (atomically) instead of standard output")
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = _export(args)
    except CleanExportRefused as refused:
        print(f"negotiation export: {refused}", file=sys.stderr)
        return REFUSED
    if args.output:
        write_atomically(Path(args.output), result.content)
    else:
        sys.stdout.buffer.write(result.content)
        sys.stdout.flush()
    return 0


def _export(args: argparse.Namespace) -> Export:
    if Path(args.source).exists():
        if args.revision or args.format == PATH_REPORT:
            raise CommandError(f"{args.source}: --revision and path-report need a stored "
                               "document's id, not a file")
        return export(load_document(args.source), args.format, issued=date.today(),
                      draft=args.draft)
    with open_store(args.db) as store:
        return export_stored(store, args.source, args.format, revision=args.revision,
                             draft=args.draft)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` through a temporary file in the same
    directory + rename."""
    if path.is_dir():
        raise CommandError(f"{path}: is a directory; give a file name to write to")
    directory = path.parent
    if not directory.is_dir():
        raise CommandError(f"{path}: cannot write, directory {directory} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.",
                                             suffix=".tmp")
    except OSError as error:
        raise CommandError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise CommandError(f"{path}: cannot write ({error.strerror or error})") from None
        raise
