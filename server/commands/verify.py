"""`negotiation verify [DOC] [--json]`: recompute the hash chain; exit 1 naming the first
version or event that does not match."""

from __future__ import annotations

import argparse

from server.commands.database import add_database_argument, open_store, print_json

TAMPERED = 1  # exit code when a chain does not verify


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify", help="check that no stored version or event was altered",
        description="Recompute every hash of DOC's log (or every document's) and name the "
                    "first version or event that does not match.")
    parser.add_argument("document", metavar="DOC", nargs="?", help="document id (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        report = store.verify(args.document)
    if args.json:
        print_json(report)
    elif report.ok:
        print(f"ok: {report.documents} document(s), {report.events} events verified")
    else:
        print(f"FAILED: {report.first_mismatch}")
    return 0 if report.ok else TAMPERED
