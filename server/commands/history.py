"""`negotiation history DOC PARAGRAPH [--json]`: every version of a paragraph, with word diffs,
authors, delegations and the bracket events and status changes between them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from negotiation.history import EventFact, render_diff
from server.commands.database import (
    add_database_argument,
    add_paragraph_argument,
    diff_json,
    open_store,
    print_json,
    resolve_paragraph,
)

if TYPE_CHECKING:
    from server.store import ParagraphHistory


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "history", help="show every version of one paragraph",
        description="Show PARAGRAPH's versions in order, each with a word diff against the "
                    "previous one ({+inserted+} [-deleted-]), its author and delegation.")
    parser.add_argument("document", metavar="DOC", help="document id")
    add_paragraph_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        paragraph = resolve_paragraph(store, args.document, args.paragraph)
        history = store.paragraph_history(args.document, paragraph)
    if args.json:
        print_json(history_json(history))
    else:
        print_history(history)
    return 0


def event_json(event: EventFact) -> dict[str, object]:
    return {"kind": event.kind, "id": event.id, "action": event.action, "author": event.author,
            "delegation": event.delegation, "at": event.at, "bracket": event.bracket,
            "reason": event.reason, "on_behalf_of": event.on_behalf_of}


def history_json(history: ParagraphHistory) -> dict[str, object]:
    return {"document": history.document_id, "paragraph": history.paragraph_id,
            "label": history.label, "section": history.section, "status": history.status,
            "deleted": history.deleted,
            "versions": [{"id": e.version.id, "seq": e.version.seq, "at": e.version.at,
                          "author": e.version.author, "delegation": e.version.delegation,
                          "text": e.version.text, "brackets": e.brackets,
                          "diff": diff_json(e.diff),
                          "events_before": [event_json(x) for x in e.events_before]}
                         for e in history.entries],
            "events_after": [event_json(x) for x in history.events_after]}


def event_line(event: EventFact) -> str:
    who = event.author + (f" ({event.delegation})" if event.delegation else "") + (
        f" in the name of {event.on_behalf_of}" if event.on_behalf_of else "")
    what = event.kind.replace("_", " ") + ": " + event.action
    if event.bracket:
        what += f" {event.bracket}"
    reason = f" — {event.reason}" if event.reason else ""
    return f"    · {event.at:%Y-%m-%d %H:%M} {what} by {who}{reason}"


def print_history(history: ParagraphHistory) -> None:
    label = f" ({history.section} {history.label})" if history.label else f" ({history.section})"
    state = history.status + (", deleted" if history.deleted else "")
    print(f"paragraph {history.paragraph_id}{label} — {state}")
    for number, entry in enumerate(history.entries, start=1):
        for event in entry.events_before:
            print(event_line(event))
        version = entry.version
        who = version.author + (f" ({version.delegation})" if version.delegation else "")
        print(f"v{number}  {version.at:%Y-%m-%d %H:%M:%S}  {who}  "
              f"open brackets: {entry.brackets}  [{version.id}]")
        print(f"    {render_diff(entry.diff)}")
    for event in history.events_after:
        print(event_line(event))
