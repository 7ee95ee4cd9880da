"""`negotiation export FILE --format bracketed|clean|markdown|json [-o OUT]`.

bracketed  the text in the conventions it came in (negotiation.render.render_bracketed)
clean      the adopted words only; refused, exit code 1, with the list of open brackets on
           standard error while any bracket is open (nothing is written)
markdown   for reading (negotiation.render_markdown)
json       the JSON contract (docs/json.md)

With -o OUT the output is written to a temporary file next to OUT and renamed over it, so OUT
is either the old file or the whole new one, never a partial write.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from negotiation.errors import OpenBracketsError
from negotiation.jsonio import document_to_json
from negotiation.model import Document
from negotiation.render import render_bracketed, render_clean
from negotiation.render_markdown import render_markdown
from server.commands import CommandError
from server.commands.source import dump_json, load_document

RENDERERS: dict[str, Callable[[Document], str]] = {
    "bracketed": render_bracketed,
    "clean": render_clean,
    "markdown": render_markdown,
    "json": lambda doc: dump_json(document_to_json(doc)),
}
REFUSED = 1  # exit code of a clean export while brackets are open


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write a text out as bracketed text, clean text, Markdown or JSON",
        description="Import FILE and write it out in the chosen format.")
    parser.add_argument("file", metavar="FILE", help="UTF-8 text or Markdown file")
    parser.add_argument("--format", required=True, choices=list(RENDERERS),
                        help="bracketed: as negotiated; clean: adopted words only (refused "
                             "while a bracket is open); markdown; json")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write to OUT (atomically) instead of standard output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    doc = load_document(args.file)
    try:
        text = RENDERERS[args.format](doc)
    except OpenBracketsError as refused:
        print(f"negotiation export: {refused}", file=sys.stderr)
        return REFUSED
    if args.output:
        write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory + rename."""
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
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise CommandError(f"{path}: cannot write ({error.strerror or error})") from None
        raise
