"""`negotiation checkpoint [DOC] [--json]`: verify a document, sign its current head with the
integrity key, keep the signed checkpoint and print it, one line a document, for the meeting's
record. `negotiation verify --expect LINE` later checks the chain still reaches that head."""

from __future__ import annotations

import argparse

from server.commands.database import add_database_argument, open_store, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "checkpoint", help="print a document's signed head for the meeting's record",
        description="Verify DOC (default: every document), sign its current head with the "
                    "integrity key, keep it, and print it as one line to copy into the record; "
                    "`negotiation verify --expect LINE` checks it later.")
    parser.add_argument("document", metavar="DOC", nargs="?", help="document id (default: all)")
    parser.add_argument("--adopt", action="store_true",
                        help="first sign what has no signature or seal yet (written before "
                             "the integrity key existed), then verify as usual")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from negotiation.seals import checkpoint_line

    with open_store(args.db, writes=True) as store:
        ids = [args.document] if args.document else [d.id for d in store.list_documents()]
        checkpoints = [store.checkpoint(document_id, adopt=args.adopt) for document_id in ids]
    if args.json:
        print_json([{**vars(c), "line": checkpoint_line(c)} for c in checkpoints])
    else:
        for checkpoint in checkpoints:
            print(checkpoint_line(checkpoint))
    return 0
