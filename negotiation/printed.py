"""A document as the secretariat prints it: one ``Block`` per printed paragraph, in order.

The HTML, Word and Akoma Ntoso renderers all lay out the same blocks, so the three agree on
what is printed and in which order::

    symbol        "CD/RES. 10 (82-R/07)"                  right-aligned
    title         "INTER-AMERICAN PROGRAM ..."            centred, bold
    status        "(Adopted at the fourth plenary ...)"   centred
    organ         "THE DIRECTING COUNCIL,"
    phrase        "CONSIDERING:"                          a heading introductory phrase, once
    preambular    "That the search for ..."               intro: "RECALLING" when inline
    resolves      "RESOLVES:"
    operative     label "1", then its sub-paragraphs (level 1, label "a") ...
    heading       a section heading of a UN text, or an article of a treaty-style text
    option        "Option 1" and its words
    proposal      "[VENEZUELA:  That ...]" (bracketed layout only)

Bracketed layout keeps every bracket, proposal, attribution note and status mark, with the
"(… at the request of …)" note derived from who holds the brackets when the text had none.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation.bracket_notes import note_for
from negotiation.model import Document, Footnote, Paragraph, ParagraphKind
from negotiation.render import RESOLVES, STATUS_MARKS, proposal_notation

DRAFT_MARK = "DRAFT — not agreed"
RESOLVES_WORDS = RESOLVES


@dataclass(frozen=True)
class Block:
    role: str
    text: str
    label: str | None = None
    intro: str | None = None  # an inline introductory phrase, printed apart ("RECALLING")
    level: int = 0  # 0 for a top-level paragraph, 1 for its sub-paragraphs, ...
    paragraph_id: str | None = None
    notes: tuple[Footnote, ...] = ()  # footnotes anchored at the end of this block


def printed_blocks(doc: Document, *, bracketed: bool) -> list[Block]:
    """The document's printed paragraphs in reading order (see the module docstring)."""
    notes = _notes_by_paragraph(doc)
    blocks: list[Block] = []
    header = [("symbol", doc.symbol), ("title", doc.title), ("status", doc.note),
              ("organ", doc.organ)]
    for role, text in header:
        if text:
            blocks.append(Block(role, " ".join(text.split()),
                                notes=tuple(notes.get(None, ())) if role == "title" else ()))
    headings = {h.paragraph_id: h for h in doc.headings if h.paragraph_id}
    heading_phrase: str | None = None
    for paragraph in doc.preamble:
        if paragraph.intro_style == "heading" and paragraph.intro:
            if paragraph.intro != heading_phrase:
                blocks.append(Block("phrase", paragraph.intro + ":"))
            heading_phrase = paragraph.intro
        else:
            heading_phrase = None
        blocks.extend(_paragraph_blocks(paragraph, "preambular", 0, bracketed, notes, headings))
    if doc.operative:
        blocks.append(Block("resolves", RESOLVES_WORDS.get(doc.language, RESOLVES_WORDS["en"])))
        for paragraph in doc.operative:
            blocks.extend(_paragraph_blocks(paragraph, "operative", 0, bracketed, notes,
                                            headings))
    for article in doc.articles:
        title = article.text or f"Article {article.label or ''}".strip()
        blocks.append(Block("heading", title, paragraph_id=article.id))
        for paragraph in article.children:
            blocks.extend(_paragraph_blocks(paragraph, "operative", 0, bracketed, notes,
                                            headings))
    return blocks


def _paragraph_blocks(paragraph: Paragraph, role: str, level: int, bracketed: bool,
                      notes: dict[str | None, list[Footnote]],
                      headings: dict[str, object]) -> list[Block]:
    blocks: list[Block] = []
    heading = headings.get(paragraph.id)
    if heading is not None:
        label = getattr(heading, "label", None)
        text = getattr(heading, "text", "")
        blocks.append(Block("heading", f"{label}. {text}" if label else text))
    if paragraph.kind is ParagraphKind.OPTION:
        role = "option"
    elif level > 0:
        role = "subparagraph"
    text = paragraph.text
    if paragraph.proposed_by:
        text = proposal_notation(paragraph.proposed_by, text)
    intro = None
    if (paragraph.intro and paragraph.intro_style == "inline"
            and text.startswith(paragraph.intro)):
        intro, text = paragraph.intro, text[len(paragraph.intro):]
    if bracketed:
        note = paragraph.attribution or _derived_attribution(paragraph)
        if note:
            text += " " + note
        if paragraph.status in STATUS_MARKS:
            text += " " + STATUS_MARKS[paragraph.status]
    if text.strip() or intro or paragraph.label:
        blocks.append(Block(role, text.strip() if not intro else text.rstrip(),
                            paragraph.label, intro, level, paragraph.id,
                            tuple(notes.get(paragraph.id, ()))))
    if bracketed:
        blocks.extend(Block("proposal", proposal_notation(p.delegation, p.text), None, None,
                            level, paragraph.id) for p in paragraph.proposals)
    child_level = level if paragraph.kind is ParagraphKind.OPTIONS else level + 1
    for child in paragraph.children:
        blocks.extend(_paragraph_blocks(child, role, child_level, bracketed, notes, headings))
    return blocks


def _derived_attribution(paragraph: Paragraph) -> str | None:
    """'(In brackets at the request of the delegation of Venezuela)' from who holds them."""
    if not paragraph.requested_by or "[" not in paragraph.text:
        return None
    return note_for(paragraph.requested_by)


def _notes_by_paragraph(doc: Document) -> dict[str | None, list[Footnote]]:
    """Footnotes by the paragraph they mark (None: the title), each once, in mark order."""
    by_mark = {f.mark: f for f in doc.footnotes}
    placed: dict[str | None, list[Footnote]] = {}
    seen: set[str] = set()
    for paragraph in doc.paragraphs():
        for mark in paragraph.footnote_marks:
            if mark in by_mark and mark not in seen:
                placed.setdefault(paragraph.id, []).append(by_mark[mark])
                seen.add(mark)
    for footnote in doc.footnotes:
        if footnote.mark not in seen:
            owner = footnote.paragraph_id if doc.find(footnote.paragraph_id or "") else None
            placed.setdefault(owner, []).append(footnote)
            seen.add(footnote.mark)
    return placed


def printed_label(block: Block) -> str:
    """"1.", "a." for a sub-paragraph (as the seeds write it), "Option 1:", "3.3" as written."""
    label = block.label or ""
    if not label:
        return ""
    if block.role == "option":
        return f"{label}:"
    return label if "." in label else f"{label}."
