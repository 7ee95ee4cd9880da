"""Markdown rendering of a document, for reading (a wiki page, a pull request, an e-mail).

Brackets stay visible as written; delegations are bold::

    # HEMISPHERIC COOPERATION EFFORTS ...
    *AG/RES. 2348 (XXXVII-O/07)*
    **THE GENERAL ASSEMBLY,**
    ## Preamble
    ### RECOGNIZING:
    That human trafficking ... [shared responsibility / co-responsibility] ...
    *(Phrase in brackets at the request of the B.R. of **Venezuela**)*
    > [**VENEZUELA:**  That trafficking in persons is ...]
    ## Resolves
    1. To reaffirm ...
    3. To request that the General Secretariat:
        - **c.** [**BELIZE:**  Conduct a study ...]

Numbered paragraphs become an ordered list when their labels are 1, 2, 3 ... in order; a list
with inserted paragraphs ("1 bis") is written with bold labels instead, because Markdown would
renumber it.
"""

from __future__ import annotations

import re

from negotiation.model import Document, Paragraph, ParagraphKind
from negotiation.render import STATUS_MARKS, footnote_mark, proposal_notation

PROPOSAL_PREFIX = re.compile(r"\[([^\]\[:]+):")


def render_markdown(doc: Document) -> str:
    blocks: list[str] = []
    if doc.title:
        blocks.append("# " + " ".join(doc.title.split()))
    if doc.symbol:
        blocks.append(f"*{doc.symbol}*")
    if doc.note:
        blocks.append(f"*{doc.note}*")
    if doc.organ:
        blocks.append(f"**{doc.organ}**")
    if doc.preamble:
        blocks.append("## Preamble")
        heading: str | None = None
        for paragraph in doc.preamble:
            if paragraph.intro_style == "heading" and paragraph.intro:
                if paragraph.intro != heading:
                    blocks.append(f"### {paragraph.intro}:")
                heading = paragraph.intro
            else:
                heading = None
            blocks.extend(_paragraph(paragraph, "", numbered=False, bullet=False))
    if doc.operative:
        blocks.append("## Resolves")
        blocks.extend(_list(doc.operative, "", nested=False))
    for article in doc.articles:
        blocks.append("## " + (article.text or f"Article {article.label or ''}".rstrip()))
        blocks.extend(_list(article.children, "", nested=False))
    if doc.footnotes and doc.articles:  # Markdown footnotes, marked "[^1]" in the text
        blocks.extend(f"[^{f.mark}]: {f.text}".replace("\n", "\n    ").rstrip()
                      for f in doc.footnotes)
    elif doc.footnotes:
        blocks.append("## Footnotes")
        blocks.extend(f"{footnote_mark(f.mark)} {f.text}".rstrip() for f in doc.footnotes)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _list(paragraphs: list[Paragraph], indent: str, nested: bool) -> list[str]:
    numbered = [p.label for p in paragraphs] == [str(i) for i in range(1, len(paragraphs) + 1)]
    blocks: list[str] = []
    for paragraph in paragraphs:
        blocks.extend(_paragraph(paragraph, indent, numbered, bullet=nested))
    return blocks


def _paragraph(paragraph: Paragraph, indent: str, numbered: bool, bullet: bool) -> list[str]:
    """One paragraph, its notes, its proposals, then its children indented under it.

    A list item's children are indented four spaces (enough for "10. "); the children of a
    plain paragraph ("**1 bis.** ...") start a bullet list at the same indentation.
    """
    text = _bold_prefix(_own_text(paragraph))
    item = True
    if not text.strip() and paragraph.kind is not ParagraphKind.OPTION and not paragraph.label:
        # An unlabelled paragraph without words only holds others (an options block).
        return [line for child in paragraph.children
                for line in _paragraph(child, indent, False, bullet)]
    if paragraph.kind is ParagraphKind.OPTION:
        head, item = f"**{paragraph.label or 'Option'}:** {text}".rstrip(), False
    elif numbered:
        head = f"{paragraph.label}. {text}"
    elif bullet:
        head = f"- **{paragraph.label}.** {text}" if paragraph.label else f"- {text}"
    else:
        head, item = (f"**{paragraph.label}.** {text}" if paragraph.label else text), False
    notes = [footnote_mark(mark) for mark in paragraph.footnote_marks
             if f"[^{mark}]" not in paragraph.text]
    if paragraph.attribution:
        notes.append(f"*{_bold_names(paragraph.attribution, paragraph.requested_by)}*")
    if paragraph.status in STATUS_MARKS:
        notes.append(f"*{STATUS_MARKS[paragraph.status]}*")
    inner = indent + "    " if item else indent
    line = " ".join([head, *notes]).strip().replace("\n", "\n" + inner)
    blocks = [indent + line] if line else []
    blocks.extend(f"{inner}> {_bold_prefix(proposal_notation(p.delegation, p.text))}"
                  for p in paragraph.proposals)
    if paragraph.kind is ParagraphKind.OPTIONS:
        blocks.extend(_list(paragraph.children, indent, nested=bullet))
    elif paragraph.children:
        blocks.extend(_list(paragraph.children, inner, nested=True))
    return blocks


def _own_text(paragraph: Paragraph) -> str:
    if paragraph.proposed_by:
        return proposal_notation(paragraph.proposed_by, paragraph.text)
    return paragraph.text


def _bold_prefix(wording: str) -> str:
    """'[BELIZE:  Conduct ...]' → '[**BELIZE:**  Conduct ...]'."""
    match = PROPOSAL_PREFIX.match(wording)
    if not match:
        return wording
    return f"[**{match.group(1)}:**{wording[match.end():]}"


def _bold_names(note: str, names: list[str]) -> str:
    for name in names:
        if name and name in note:
            note = note.replace(name, f"**{name}**", 1)
    return note
