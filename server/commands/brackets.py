"""`negotiation brackets FILE [--json]`: every open bracket, the way a chair reads them out.

    preambular paragraph 10, alternatives, held by Venezuela:
        “shared responsibility” / “co-responsibility”
    preambular paragraph 10, proposal by Venezuela:
        “That trafficking in persons is a crime that may be transnational ...”
    operative paragraph 3 (c), paragraph tabled by Belize:
        “Conduct a study on the feasibility of establishing a peer review mechanism, ...”
    5 open brackets

With --json, a list of {"where", "paragraph_id", "kind", "options", "requested_by"}; "kind"
is one of negotiation.brackets' kinds (passage, alternatives, placeholder, proposal, tabled,
paragraph, options).
"""

from __future__ import annotations

import argparse
import sys

from negotiation.brackets import document_brackets
from negotiation.errors import UnresolvedBracket
from server.commands.source import dump_json, load_document


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "brackets", help="list every open bracket: where, options, who holds it",
        description="Import FILE and list every open bracket as a chair would read it out.")
    parser.add_argument("file", metavar="FILE", help="UTF-8 text or Markdown file")
    parser.add_argument("--json", action="store_true",
                        help='print a list of {"where", "paragraph_id", "kind", "options", '
                             '"requested_by"}')
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    found = list(document_brackets(load_document(args.file)))
    if args.json:
        sys.stdout.write(dump_json([
            {"where": where, "paragraph_id": paragraph.id, "kind": bracket.kind,
             "options": list(bracket.options), "requested_by": list(bracket.requested_by)}
            for where, paragraph, bracket in found]))
        return 0
    lines = [read_out(UnresolvedBracket(where, bracket.options, bracket.requested_by,
                                        bracket.kind, bracket.depth))
             for where, _, bracket in found]
    noun = "open bracket" if len(found) == 1 else "open brackets"
    lines.append(f"{len(found)} {noun}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def read_out(bracket: UnresolvedBracket) -> str:
    """'operative paragraph 3 (c), paragraph tabled by Belize:' then the options, indented."""
    return f"{bracket.heading()}:\n    {bracket.options_text()}"
