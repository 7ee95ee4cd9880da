"""Printable HTML of a document: one standalone page whose print stylesheet gives the
organisation's layout, so that the browser's "print to PDF" issues the text.

``render_html(doc, bracketed=False, draft=False)``: the clean text (call
``clean_gate.ensure_clean`` first), the bracketed text, or either marked "DRAFT — not agreed"
in its header. Footnotes are numbered notes at the foot of the text, each linked both ways.
Everything from the document is escaped; the page loads nothing.
"""

from __future__ import annotations

from html import escape

from negotiation.emphasis import emphasis_runs
from negotiation.model import Document
from negotiation.printed import DRAFT_MARK, Block, printed_blocks, printed_label

STYLE = """
body { font-family: "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.4;
       max-width: 42em; margin: 2em auto; color: #000; background: #fff; }
.draft-mark { border: 2px solid #000; padding: .2em .5em; font-weight: bold;
              text-align: center; letter-spacing: .05em; }
.symbol { text-align: right; }
.title { text-align: center; font-weight: bold; font-size: 13pt; }
.status { text-align: center; font-style: italic; }
.organ, .resolves, .phrase { font-weight: bold; }
.heading { font-weight: bold; font-size: 12pt; text-align: center; margin-top: 1.5em; }
.preambular { text-indent: 3em; text-align: justify; }
.operative, .subparagraph, .option, .proposal { display: flex; gap: 1em; text-align: justify; }
.subparagraph { margin-left: 3em; } .level-2 { margin-left: 6em; }
.label { flex: 0 0 2.5em; white-space: nowrap; }
.option .label { flex-basis: 5.5em; }
.intro { font-style: italic; }
.proposal { margin-left: 3em; }
.notes { border-top: 1px solid #000; margin-top: 2em; font-size: 10pt; }
sup a { text-decoration: none; color: inherit; }
@page { size: A4; margin: 2.5cm 2.5cm 2.5cm 2.5cm; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


def render_html(doc: Document, *, bracketed: bool = False, draft: bool = False) -> str:
    """The whole HTML page (see the module docstring)."""
    blocks = printed_blocks(doc, bracketed=bracketed)
    title = escape(" ".join((doc.title or doc.symbol or "Document").split()))
    notes: list[tuple[int, str]] = []
    body: list[str] = []
    if draft:
        body.append(f'<p class="draft-mark">{DRAFT_MARK}</p>')
    for block in blocks:
        body.append(_block(block, notes))
    if notes:
        body.append('<section class="notes" aria-label="Footnotes"><ol>')
        body.extend(f'<li id="fn-{n}">{text} <a href="#ref-{n}" aria-label="back to the text">'
                    f"↩</a></li>" for n, text in notes)
        body.append("</ol></section>")
    lang = escape(doc.language or "en")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _block(block: Block, notes: list[tuple[int, str]]) -> str:
    marks = ""
    for footnote in block.notes:
        number = len(notes) + 1
        notes.append((number, escape(footnote.text)))
        marks += f'<sup id="ref-{number}"><a href="#fn-{number}">{number}</a></sup>'
    text = "".join(f"<{style}>{escape(words)}</{style}>" if style else escape(words)
                   for words, style in emphasis_runs(block.text))
    if block.intro:
        text = f'<span class="intro">{escape(block.intro)}</span>{text}'
    classes = block.role + (f" level-{block.level}" if block.level > 1 else "")
    if block.role == "title":
        return f'<h1 class="title">{text}{marks}</h1>'
    if block.role == "heading":
        return f'<h2 class="heading">{text}{marks}</h2>'
    if block.label is not None or block.role in ("operative", "subparagraph", "option"):
        label = escape(printed_label(block))
        return (f'<div class="{classes}"><span class="label">{label}</span>'
                f"<p>{text}{marks}</p></div>")
    return f'<p class="{classes}">{text}{marks}</p>'

