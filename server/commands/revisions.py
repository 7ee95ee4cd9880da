"""`negotiation revisions DOC [--json]`: a document's named revisions, oldest first."""

from __future__ import annotations

import argparse

from server.commands.database import add_database_argument, open_store, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "revisions", help="list a stored document's revisions",
        description="List DOC's revisions: when, by whom, paragraphs, changes, open brackets.")
    parser.add_argument("document", metavar="DOC", help="document id")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        revisions = store.revisions(args.document)
    if args.json:
        print_json([{"name": r.name, "at": r.at, "author": r.author,
                     "paragraphs": r.paragraphs, "changed": r.changed, "new": r.new,
                     "dropped": r.dropped, "brackets": r.brackets} for r in revisions])
        return 0
    print(f"{'revision':<12} {'date':<16} {'paragraphs':>10} {'changed':>8} {'new':>5} "
          f"{'dropped':>8} {'brackets':>9}  author")
    for r in revisions:
        print(f"{r.name:<12} {r.at:%Y-%m-%d %H:%M} {r.paragraphs:>10} {r.changed:>8} "
              f"{r.new:>5} {r.dropped:>8} {r.brackets:>9}  {r.author}")
    return 0
