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
    1/ The delegation of ... reserves ...          a footnote, its mark written "1/"

Treaty-style bodies (the corpus) come from Markdown and go back out in it: "## Article 3bis"
headings and "**Option 1:**" blocks.
"""

from __future__ import annotations

from negotiation.brackets import LINK_DEFINITION_REASON, document_brackets
from negotiation.errors import OpenBracketsError, UnresolvedBracket
from negotiation.model import Document, Paragraph, ParagraphKind, ParagraphStatus

RESOLVES = {"en": "RESOLVES:", "es": "RESUELVE:", "fr": "DÉCIDE:", "pt": "RESOLVE:"}
FOOTNOTES = {"en": "FOOTNOTES", "es": "NOTAS DE PIE DE PÁGINA", "fr": "NOTES DE BAS DE PAGE",
             "pt": "NOTAS DE RODAPÉ"}
TREATY_TRANSITION = "Have agreed as follows:"
TREATY_INDENT = "    "  # one level of nesting in the Markdown treaty style
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
    blocks = _treaty_blocks(doc, clean) if doc.articles else _resolution_blocks(doc, clean)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _resolution_blocks(doc: Document, clean: bool) -> list[str]:
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
    blocks.extend(_preamble_blocks(doc.preamble, clean))
    if doc.operative:
        blocks.append(RESOLVES.get(doc.language, RESOLVES["en"]))
        for paragraph in doc.operative:
            blocks.extend(_paragraph_blocks(paragraph, clean))
    if doc.footnotes:
        blocks.append(FOOTNOTES.get(doc.language, FOOTNOTES["en"]))
        blocks.extend(f"{footnote_mark(f.mark)} {f.text}".rstrip() for f in doc.footnotes)
    return blocks


def _preamble_blocks(preamble: list[Paragraph], clean: bool, step: str = "") -> list[str]:
    """Preambular paragraphs, with each "heading" introductory phrase written once."""
    blocks: list[str] = []
    heading: str | None = None
    indents = _sibling_indents(preamble, "", step, top_level=True)
    for paragraph, indent in zip(preamble, indents, strict=True):
        if paragraph.intro_style == "heading" and paragraph.intro:
            if paragraph.intro != heading:
                blocks.append(paragraph.intro + ":")
            heading = paragraph.intro
        else:
            heading = None
        blocks.extend(_paragraph_blocks(paragraph, clean, indent, step))
    return blocks


def _treaty_blocks(doc: Document, clean: bool) -> list[str]:
    """The Markdown layout of the corpus: "## title", "## Preamble", "## Article 3bis", ..."""
    blocks: list[str] = []
    if doc.title:
        blocks.append(f"## {doc.title}")
    if doc.organ or doc.preamble:
        blocks.append("## Preamble")
    if doc.organ:
        blocks.append(doc.organ)
    blocks.extend(_preamble_blocks(doc.preamble, clean, TREATY_INDENT))
    if doc.preamble:
        blocks.append(TREATY_TRANSITION)
    for article in doc.articles:
        blocks.extend(_paragraph_blocks(article, clean, "", TREATY_INDENT))
    for footnote in doc.footnotes:
        text = footnote.text.replace("\n", "\n    ")
        blocks.append(f"[^{footnote.mark}]: {text}".rstrip())
    # Link definitions ("[ref]: http://...") are set aside as artefacts, but without them
    # "[Convention][ref]" would read as two alternatives: they are written back.
    blocks.extend(artifact.text.strip() for artifact in doc.artifacts
                  if artifact.reason == LINK_DEFINITION_REASON)
    return blocks


def _paragraph_blocks(paragraph: Paragraph, clean: bool, indent: str = "",
                      step: str = "") -> list[str]:
    """The paragraph's line (label, words, footnote marks, notes), proposals, then children.

    In the treaty style (``step`` four spaces) children are indented deeper than their parent,
    since the treaty reader nests by indentation; OAS texts are written flush left.
    """
    line = _label(paragraph) + _own_text(paragraph)
    if paragraph.kind is not ParagraphKind.ARTICLE:
        line += _marks([m for m in paragraph.footnote_marks if f"[^{m}]" not in line])
    if not clean:
        if paragraph.attribution:
            line += " " + paragraph.attribution
        if paragraph.status in STATUS_MARKS:
            line += " " + STATUS_MARKS[paragraph.status]
    line = line.rstrip().replace("\n", "\n" + indent)
    blocks = [indent + line] if line else []
    if not clean:
        blocks.extend(indent + proposal_notation(p.delegation, p.text)
                      for p in paragraph.proposals)
    if paragraph.kind is ParagraphKind.OPTIONS:  # a block's options share its indentation
        indents = [indent] * len(paragraph.children)
    elif paragraph.kind is ParagraphKind.ARTICLE:  # "## Article" starts afresh
        indents = _sibling_indents(paragraph.children, indent, step, top_level=True)
    else:
        indents = _sibling_indents(paragraph.children, indent + step, step)
    for child, child_indent in zip(paragraph.children, indents, strict=True):
        blocks.extend(_paragraph_blocks(child, clean, child_indent, step))
    return blocks


def _sibling_indents(siblings: list[Paragraph], indent: str, step: str,
                     top_level: bool = False) -> list[str]:
    """Where each sibling starts, so that the treaty reader, which nests by indentation, reads
    them back as siblings.

    That reader takes a line at the indentation of an open option as part of the option when
    the option's header is empty or ends in a colon, and an options block right after another
    at the same indentation as its continuation (or as nested in its last option). Each such
    conflict is resolved by writing this sibling and all later ones one space shallower; a
    nested list has ``len(step) - 1`` spaces to spare above its parent, a top-level list
    starts as deep as its conflicts need. OAS texts (no ``step``) are written flush left.
    """
    if not step:
        return [indent] * len(siblings)
    conflicts = [index for index in range(1, len(siblings))
                 if _reads_into_previous(siblings[index - 1], siblings[index])]
    spare = len(conflicts) if top_level else min(len(conflicts), len(step) - 1)
    depth = len(indent) + (spare if top_level else 0)
    floor = len(indent) - spare if not top_level else 0
    indents = []
    for index in range(len(siblings)):
        if index in conflicts and depth > floor:
            depth -= 1
        indents.append(" " * depth)
    return indents


def _reads_into_previous(previous: Paragraph, paragraph: Paragraph) -> bool:
    if previous.kind is not ParagraphKind.OPTIONS or not previous.children:
        return False
    if paragraph.kind is ParagraphKind.OPTIONS:
        return True
    header = previous.children[-1].text.rstrip(" \t*_]")
    return not header or header.endswith(":")


def _label(paragraph: Paragraph) -> str:
    if paragraph.kind is ParagraphKind.ARTICLE:
        return "## " if paragraph.text else f"## Article {paragraph.label or ''}".rstrip()
    if paragraph.kind is ParagraphKind.OPTION:
        return f"**{paragraph.label or 'Option'}:**" + (" " if paragraph.text else "")
    if paragraph.label and "." in paragraph.label:
        return f"{paragraph.label} "  # treaty labels "3.3", "3.3bis" have no dot after them
    if paragraph.label:
        return f"{paragraph.label}. "
    return ""


def _own_text(paragraph: Paragraph) -> str:
    """The paragraph's words; a tabled paragraph is written inside its delegation's bracket."""
    if paragraph.proposed_by:
        return proposal_notation(paragraph.proposed_by, paragraph.text)
    return paragraph.text


def proposal_notation(delegation: str, text: str) -> str:
    """'[VENEZUELA:  That ...]': the OAS way of writing a delegation's wording."""
    return f"[{delegation.upper()}:  {text}]"


def footnote_mark(mark: str) -> str:
    """OAS footnote marks are written "1/" after the paragraph."""
    return f"{mark}/"


def _marks(marks: list[str]) -> str:
    return "".join(f" {footnote_mark(mark)}" for mark in marks)


# --------------------------------------------------------------------------- open brackets


def open_brackets(doc: Document) -> list[UnresolvedBracket]:
    """Every open bracket of the document, in reading order, as a chair reads it out."""
    return [UnresolvedBracket(where, bracket.options, bracket.requested_by, bracket.kind,
                              bracket.depth)
            for where, _, bracket in document_brackets(doc)]
