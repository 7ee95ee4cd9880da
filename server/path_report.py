"""The path report: printable HTML of how every paragraph of a stored document reached its
wording, revision by revision, with each change marked and who introduced and who resolved
each bracket. One standalone page (print stylesheet included), built from the store's
``paragraph_path`` of every paragraph, in document order."""

from __future__ import annotations

from html import escape

from negotiation.references import paragraph_references
from server.store import Store
from server.store.types import ParagraphPath

STYLE = """
body { font-family: "Times New Roman", Times, serif; font-size: 11pt; max-width: 48em;
       margin: 2em auto; }
h1 { font-size: 16pt; } h2 { font-size: 12pt; border-top: 1px solid #000; padding-top: .5em; }
ins { background: #e6f4ea; text-decoration: underline; } del { background: #fde8e8; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #999;
        padding: .2em .4em; vertical-align: top; text-align: left; }
@page { size: A4; margin: 2cm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""
TAGS = {"insert": ("<ins>", "</ins>"), "delete": ("<del>", "</del>"), "equal": ("", "")}


def render_path_report(store: Store, document_id: str) -> str:
    document = store.load_document(document_id)
    names = paragraph_references(document)
    title = escape(" ".join((document.title or document.symbol or document_id).split()))
    parts = [f'<!DOCTYPE html>\n<html lang="{escape(document.language)}">\n<head>\n'
             f'<meta charset="utf-8">\n<title>Path report: {title}</title>\n'
             f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
             f"<h1>Path report: {title}</h1>\n"]
    for paragraph in document.paragraphs():
        path = store.paragraph_path(document_id, paragraph.id)
        parts.append(_section(names.get(paragraph.id, paragraph.id), path))
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def marked_diff(diff: list[tuple[str, str]]) -> str:
    """A word diff as HTML: insertions in <ins>, deletions in <del>, text escaped."""
    return "".join(TAGS[op][0] + escape(text) + TAGS[op][1] for op, text in diff)


def _section(name: str, path: ParagraphPath) -> str:
    rows = []
    for step in path.steps:
        if step.version_id is None:
            rows.append(f"<tr><td>{escape(step.revision)}</td><td>{step.at:%Y-%m-%d}</td>"
                        "<td>—</td><td>not in this revision</td></tr>")
        else:
            rows.append(f"<tr><td>{escape(step.revision)}</td><td>{step.at:%Y-%m-%d}</td>"
                        f"<td>{step.brackets}</td><td>{marked_diff(step.diff)}</td></tr>")
    lives = "".join(
        f"<li>{escape(life.bracket)}: introduced by {escape(_who(life.introduced))}; "
        + (f"resolved by {escape(_who(life.resolved))}" if life.resolved else "still open")
        + "</li>" for life in path.brackets)
    return (f"<section>\n<h2>{escape(name)} — {escape(path.status)}</h2>\n"
            "<table><thead><tr><th>revision</th><th>date</th><th>open brackets</th>"
            "<th>wording (changes marked)</th></tr></thead>\n<tbody>"
            + "".join(rows) + "</tbody></table>\n"
            + (f"<ul>{lives}</ul>\n" if lives else "")
            + f"<p>Final wording: {escape(path.final_text or '')}</p>\n</section>\n")


def _who(mark) -> str:
    who = mark.author + (f" ({mark.delegation})" if mark.delegation else "")
    return who + (f" in {mark.revision}" if mark.revision else "") + f", {mark.at:%Y-%m-%d}"
