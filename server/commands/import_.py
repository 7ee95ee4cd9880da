"""`negotiation import FILE [--as-revision-of DOC --name Rev.1] [--json]`: store a text.

Without --as-revision-of, FILE becomes a new document whose first revision is --name ("Draft"
by default) and its id is printed. With it, FILE is imported as a newer revision of DOC: its
paragraphs are aligned with DOC's (negotiation.lineage), changed ones get a version, new ones
are added and dropped ones marked deleted; with --drafted-from EXPORT (the file FILE was
drafted from), each paragraph takes FILE's change on DOC's current text, so the words typed
since the export are kept (negotiation/revision_merge.py). Either way it is one transaction:
on any error nothing is written.

Once stored, a revision notice goes to the server processes through Redis when
``PLENARY_REDIS_URL`` is set (server/conference.py, ``publish_from_command``): the editors
open on the document show the revision at once. Without Redis the server's fence watch finds
it within ``PLENARY_FENCE_WATCH`` seconds (half a second by default).
"""

from __future__ import annotations

import argparse

from server.commands import CommandError
from server.commands.database import add_database_argument, open_store, print_json
from server.commands.source import load_document


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="store a text as a new document, or as a revision of one",
        description="Import FILE into the database and print the document's id.")
    parser.add_argument("file", metavar="FILE", help="UTF-8 text, Markdown or Word (.docx) file")
    parser.add_argument("--as-revision-of", metavar="DOC", dest="document",
                        help="import FILE as a newer revision of stored document DOC")
    parser.add_argument("--name", metavar="NAME", default=None,
                        help='the revision\'s name ("Rev.1", "Adopted"); default "Draft" for '
                             "a new document, required with --as-revision-of")
    parser.add_argument("--drafted-from", metavar="EXPORT", dest="drafted_from",
                        help="with --as-revision-of: the file FILE was drafted from (the "
                             "export that was edited); the words typed in DOC since are kept")
    parser.add_argument("--author", default="secretariat",
                        help="who is recorded as the author (default: secretariat)")
    parser.add_argument("--json", action="store_true",
                        help='print {"document": id, "revision": name}')
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.document and not args.name:
        raise CommandError("--as-revision-of needs --name, the new revision's name (e.g. Rev.1)")
    if args.drafted_from and not args.document:
        raise CommandError("--drafted-from goes with --as-revision-of")
    name = args.name or "Draft"
    document = load_document(args.file)
    drafted_from = load_document(args.drafted_from) if args.drafted_from else None
    if next(document.paragraphs(), None) is None and document.decisions:
        raise CommandError(f"{args.file}: a file of {len(document.decisions)} decisions, whose "
                           "paragraphs are in its decisions; the store keeps one document per "
                           "import and cannot store them yet (see `negotiation show`)")
    if next(document.paragraphs(), None) is None:
        raise CommandError(f"{args.file}: no paragraphs found, nothing to import "
                           f"({len(document.artifacts)} line(s) set aside as not part of a "
                           "resolution; see `negotiation show`)")
    with open_store(args.db, writes=True) as store:
        if args.document:
            summary = store.import_revision(args.document, document, revision=name,
                                            author=args.author, drafted_from=drafted_from)
            document_id = summary.document_id
        else:
            document_id = store.import_document(document, author=args.author, revision=name)
    _notify(document_id, "revision" if args.document else "import")
    if args.json:
        print_json({"document": document_id, "revision": name})
    else:
        print(document_id)
    return 0


def _notify(document_id: str, what: str) -> None:
    """The revision notice; a Redis that does not answer is a warning, not a failure (the
    text is stored and the fence watch finds it)."""
    import sys

    from server.conference import publish_from_command
    from server.settings import Settings, SettingsError

    try:
        settings = Settings.from_environment()
    except SettingsError as error:
        raise CommandError(str(error)) from None
    if settings.redis_url and not publish_from_command(settings, document_id, what):
        print(f"warning: Redis at {settings.redis_url} did not answer: the server processes "
              f"were not told of this {what}; editors open on the document show it within "
              f"{settings.fence_watch:g} s instead of at once", file=sys.stderr)
