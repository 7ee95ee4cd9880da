"""Write a document back out: bracketed text (the OAS conventions it came in) and clean text.

The bracketed rendering is the importer's input format, so that import → render → import gives
the same structure. Its layout, one block per blank-line-separated chunk::

    AG/RES. 2348 (XXXVII-O/07)                      symbol
    HEMISPHERIC COOPERATION EFFORTS ... 1/          title, with the marks of its footnotes
    (Adopted at the fourth plenary session ...)     note
    THE GENERAL ASSEMBLY,                           organ
    RECOGNIZING:                                    a "heading" introductory phrase, once
    That human trafficking ... [a / b] ... (Phrase in brackets at the request of ...)
    [VENEZUELA:  That trafficking ...]              a proposal, right after its paragraph
    RECALLING that ... (Agreed ad referendum)       an "inline" phrase is part of the text
    RESOLVES:
    3. To request that the General Secretariat:
    c. [BELIZE:  Conduct a study ...]               a paragraph tabled by a delegation
    FOOTNOTES
    1. The delegation of ... reserves ...

Treaty-style bodies (the corpus) come from Markdown and go back out in it: "## Article 3bis"
headings and "**Option 1:**" blocks.
"""

from __future__ import annotations

from negotiation.errors import OpenBracketsError, UnresolvedBracket
from negotiation.grammar import parse
from negotiation.model import Document, Paragraph, ParagraphKind, ParagraphStatus

RESOLVES = {"en": "RESOLVES:", "es": "RESUELVE:", "fr": "DÉCIDE:", "pt": "RESOLVE:"}
FOOTNOTES = {"en": "FOOTNOTES", "es": "NOTAS DE PIE DE PÁGINA", "fr": "NOTES DE BAS DE PAGE",
             "pt": "NOTAS DE RODAPÉ"}
STATUS_MARKS = {
    ParagraphStatus.AGREED_AD_REFERENDUM: "(Agreed ad referendum)",
    ParagraphStatus.AGREED: "(Agreed)",
}


# --------------------------------------------------------------------------- bracketed


def render_bracketed(doc: Document) -> str:
    """The document in bracketed notation, every open bracket, note and proposal kept."""
    return _render(doc, clean=False)


def render_clean(doc: Document) -> str:
    """The adopted words only; refuses with ``OpenBracketsError`` while any bracket is open."""
    unresolved = open_brackets(doc)
    if unresolved:
        raise OpenBracketsError(unresolved)
    return _render(doc, clean=True)


def _render(doc: Document, *, clean: bool) -> str:
    blocks: list[str] = []
    title_marks = [f.mark for f in doc.footnotes if f.paragraph_id is None]
    if doc.symbol:
        blocks.append(doc.symbol)
    if doc.title:
        blocks.append(doc.title + _marks(title_marks))
    if doc.note:
        blocks.append(doc.note)
    if doc.organ:
        blocks.append(doc.organ)
    heading: str | None = None
    for paragraph in doc.preamble:
        if paragraph.intro_style == "heading" and paragraph.intro:
            if paragraph.intro != heading:
                blocks.append(paragraph.intro + ":")
            heading = paragraph.intro
        else:
            heading = None
        blocks.extend(_paragraph_blocks(paragraph, clean))
    if doc.operative:
        blocks.append(RESOLVES.get(doc.language, RESOLVES["en"]))
        for paragraph in doc.operative:
            blocks.extend(_paragraph_blocks(paragraph, clean))
    for article in doc.articles:
        blocks.extend(_paragraph_blocks(article, clean))
    if doc.footnotes:
        blocks.append(FOOTNOTES.get(doc.language, FOOTNOTES["en"]))
        blocks.extend(f"{footnote_mark(f.mark)} {f.text}".rstrip() for f in doc.footnotes)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _paragraph_blocks(paragraph: Paragraph, clean: bool) -> list[str]:
    line = _label(paragraph) + _own_text(paragraph) + _marks(paragraph.footnote_marks)
    if not clean:
        if paragraph.attribution:
            line += " " + paragraph.attribution
        if paragraph.status in STATUS_MARKS:
            line += " " + STATUS_MARKS[paragraph.status]
    blocks = [line.rstrip()] if line.strip() or paragraph.kind is not ParagraphKind.OPTIONS else []
    if not clean:
        blocks.extend(proposal_notation(p.delegation, p.text) for p in paragraph.proposals)
    for child in paragraph.children:
        blocks.extend(_paragraph_blocks(child, clean))
    return blocks


def _label(paragraph: Paragraph) -> str:
    if paragraph.kind is ParagraphKind.ARTICLE:
        return f"## Article {paragraph.label or ''}".rstrip() + (" " if paragraph.text else "")
    if paragraph.kind is ParagraphKind.OPTION:
        return f"**{paragraph.label or 'Option'}:**" + (" " if paragraph.text else "")
    if paragraph.label:
        return f"{paragraph.label}. "
    return ""


def _own_text(paragraph: Paragraph) -> str:
    """The paragraph's words; a tabled paragraph is written inside its delegation's bracket."""
    if paragraph.proposed_by and not paragraph.text.lstrip().startswith("["):
        return proposal_notation(paragraph.proposed_by, paragraph.text)
    return paragraph.text


def proposal_notation(delegation: str, text: str) -> str:
    """'[VENEZUELA:  That ...]': the OAS way of writing a delegation's wording."""
    if text.lstrip().startswith("[") and text.rstrip().endswith("]"):
        return text
    return f"[{delegation.upper()}:  {text}]"


def footnote_mark(mark: str) -> str:
    """OAS footnote marks are written "1/"; a Markdown mark "[^1]" stays as it is."""
    return mark if mark.endswith("/") or mark.startswith("[") else f"{mark}/"


def _marks(marks: list[str]) -> str:
    return "".join(f" {footnote_mark(mark)}" for mark in marks)


# --------------------------------------------------------------------------- open brackets


def open_brackets(doc: Document) -> list[UnresolvedBracket]:
    """Every open bracket of the document, in reading order, as a chair reads it out."""
    found: list[UnresolvedBracket] = []
    for paragraph in doc.paragraphs():
        where = _where(doc, paragraph)
        held = tuple(paragraph.requested_by)
        parsed = parse(paragraph.text)
        if paragraph.proposed_by and not (parsed.brackets and parsed.brackets[0].delegation):
            found.append(UnresolvedBracket(where, (paragraph.text,), (paragraph.proposed_by,)))
        for bracket in parsed.brackets:
            delegation = (paragraph.proposed_by,) if bracket.delegation else held
            found.append(UnresolvedBracket(where, bracket.options, delegation))
        found.extend(UnresolvedBracket(where, (p.text,), (p.delegation,))
                     for p in paragraph.proposals)
        if paragraph.kind is ParagraphKind.OPTIONS and len(paragraph.children) > 1:
            found.append(UnresolvedBracket(where, tuple(c.label or "" for c in paragraph.children)))
    return found


def _where(doc: Document, paragraph: Paragraph) -> str:
    for section, top_level in doc.sections():
        for index, top in enumerate(top_level, start=1):
            path = _path(top, paragraph)
            if path is None:
                continue
            name = {"preamble": "preambular paragraph", "operative": "operative paragraph",
                    "articles": "article"}[section.value]
            head = f"{name} {top.label or index}"
            return head + "".join(f" ({p.label})" if p.label else "" for p in path[1:])
    return f"paragraph {paragraph.id}"


def _path(top: Paragraph, target: Paragraph) -> list[Paragraph] | None:
    if top is target:
        return [top]
    for child in top.children:
        below = _path(child, target)
        if below is not None:
            return [top, *below]
    return None

