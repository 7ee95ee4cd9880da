"""`negotiation verify [DOC] [--expect HEAD] [--json]`: recompute the hash chain, check the
signed head, the stored checkpoints and every state row against it; exit 1 naming what was
altered (document, paragraph, field).

``--expect`` takes a head recorded outside the database (a line printed by `negotiation
checkpoint`, ``SEQ:HASH`` or a bare hash): the chain must still reach it, so a chain truncated
or rewritten since is caught even by someone who could re-sign nothing."""

from __future__ import annotations

import argparse

from server.commands import CommandError
from server.commands.database import add_database_argument, open_store, print_json

TAMPERED = 1  # exit code when a document does not verify


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify", help="check that nothing stored was altered behind the server's back",
        description="Recompute every hash of DOC's log (or every document's), check the signed "
                    "head and checkpoints with the integrity key, and check the texts, layout "
                    "and metadata served against the log; name each thing altered.")
    parser.add_argument("document", metavar="DOC", nargs="?", help="document id (default: all)")
    parser.add_argument("--expect", metavar="HEAD",
                        help="a head recorded earlier (the line `negotiation checkpoint` "
                             "printed, SEQ:HASH, or HASH) that the chain must still reach")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from negotiation.seals import parse_expected_head

    expect = None
    if args.expect:
        try:
            expect = parse_expected_head(args.expect)
        except ValueError as error:
            raise CommandError(f"--expect: {error}") from None
        if args.document is None and expect.document_id is None:
            raise CommandError("--expect needs DOC (or a checkpoint line, which names it)")
        if args.document and expect.document_id not in (None, args.document):
            raise CommandError(f"--expect names document {expect.document_id}, not "
                               f"{args.document}")
    with open_store(args.db) as store:
        report = store.verify(args.document or (expect.document_id if expect else None),
                              expect)
    if args.json:
        print_json(report)
    elif report.ok:
        print(f"ok: {report.documents} document(s), {report.events} events verified"
              + ("" if report.signatures_checked else
                 " (no integrity key: signatures and seals not checked)"))
    else:
        print(f"FAILED: {report.first_mismatch}")
        for problem in report.problems[1:]:
            print(f"  also: {problem}")
    return 0 if report.ok else TAMPERED
