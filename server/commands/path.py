"""`negotiation path DOC [PARAGRAPH] [--json]`: a paragraph's path from draft to adopted text —
the revisions it went through with the diff between each and the delegations whose edits made
it, who introduced and who resolved each of its brackets, its final wording. Without
PARAGRAPH: the whole document as a table."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from negotiation.history import BracketMark, render_diff
from negotiation.timeline import paragraph_timeline
from server.commands.database import (
    add_database_argument,
    add_paragraph_argument,
    diff_json,
    open_store,
    paragraph_names,
    print_json,
    resolve_paragraph,
)

if TYPE_CHECKING:
    from server.store import ParagraphPath, ParagraphPathRow


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "path", help="show a paragraph's path through the revisions (or the document's table)",
        description="Show PARAGRAPH's way from draft to adopted text; without PARAGRAPH, a "
                    "table of every paragraph: times changed, when last, status.")
    parser.add_argument("document", metavar="DOC", help="document id")
    add_paragraph_argument(parser, optional=True)
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_database_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        if args.paragraph is None:
            rows = store.document_path_table(args.document)
            names = paragraph_names(store, args.document)
        else:
            paragraph = resolve_paragraph(store, args.document, args.paragraph)
            path = store.paragraph_path(args.document, paragraph)
            history = store.paragraph_history(args.document, paragraph)
            stages = paragraph_timeline(path.steps, history.entries, history.events_after)
            changed_by = {stage.revision: stage.delegations for stage in stages}
    if args.paragraph is None:
        print_json(rows) if args.json else print_table(rows, names)
    elif args.json:
        print_json(path_json(path, changed_by))
    else:
        print_path(path, changed_by)
    return 0


def mark_json(mark: BracketMark | None) -> dict[str, object] | None:
    if mark is None:
        return None
    return {"version": mark.version_id, "author": mark.author, "delegation": mark.delegation,
            "at": mark.at, "revision": mark.revision, "explicit": mark.explicit}


def path_json(path: ParagraphPath,
              changed_by: dict[str, list[str]] | None = None) -> dict[str, object]:
    """The path as JSON; ``changed_by``: revision -> delegations whose edits led to it."""
    changed_by = changed_by or {}
    return {"document": path.document_id, "paragraph": path.paragraph_id, "label": path.label,
            "status": path.status, "deleted": path.deleted,
            "revisions": [{"revision": s.revision, "at": s.at, "version": s.version_id,
                           "text": s.text, "brackets": s.brackets, "diff": diff_json(s.diff),
                           "changed_by": changed_by.get(s.revision, [])}
                          for s in path.steps],
            "brackets": [{"bracket": b.bracket, "introduced": mark_json(b.introduced),
                          "resolved": mark_json(b.resolved)} for b in path.brackets],
            "final_text": path.final_text}


def _who(mark: BracketMark) -> str:
    who = mark.author + (f" ({mark.delegation})" if mark.delegation else "")
    where = f" in {mark.revision}" if mark.revision else ""
    return f"{who}{where}, {mark.at:%Y-%m-%d}" + ("" if mark.explicit else " (from the text)")


def print_path(path: ParagraphPath, changed_by: dict[str, list[str]] | None = None) -> None:
    label = f" ({path.label})" if path.label else ""
    print(f"paragraph {path.paragraph_id}{label} — {path.status}"
          + (", deleted" if path.deleted else ""))
    for step in path.steps:
        if step.version_id is None:
            print(f"{step.revision}: (not in this revision)")
            continue
        who = (changed_by or {}).get(step.revision)
        print(f"{step.revision}  {step.at:%Y-%m-%d}  open brackets: {step.brackets}"
              + (f"  changed by: {', '.join(who)}" if who else ""))
        print(f"    {render_diff(step.diff)}")
    if path.brackets:
        print("brackets:")
    for life in path.brackets:
        resolved = f"resolved by {_who(life.resolved)}" if life.resolved else "still open"
        print(f"  {life.bracket}\n    introduced by {_who(life.introduced)}; {resolved}")
    print(f"final wording: {path.final_text}")


def print_table(rows: list[ParagraphPathRow], names: dict[str, str]) -> None:
    """One line a paragraph, named as the chair reads it out (dropped ones by their id)."""
    width = max([len("paragraph"), *(len(names.get(r.paragraph_id, r.paragraph_id))
                                     for r in rows)])
    print(f"{'paragraph':<{width}}  {'changes':>7}  {'last changed':<16}  {'brackets':>8}  status")
    for row in rows:
        last = f"{row.last_changed:%Y-%m-%d %H:%M}" if row.last_changed else "-"
        status = row.status + (" (deleted)" if row.deleted else "")
        name = names.get(row.paragraph_id, row.paragraph_id)
        print(f"{name:<{width}}  {row.changes:>7}  {last:<16}  {row.brackets:>8}  {status}")
