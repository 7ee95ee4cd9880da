"""Where a paragraph is, said the way a chair reads it out. One notation for everything:

    preambular paragraph 10          preambular paragraphs counted 1..N in order, across
                                     heading groups ("CONSIDERING:", "RECALLING:")
    operative paragraph 3            the paragraph's own label ...
    operative paragraph 1 bis
    operative paragraph 3 (c)        ... sub-paragraph labels in parentheses
    unnumbered operative paragraph 4 an operative paragraph without label: its position
    Article 3bis                     treaty style: the article
    Article 3bis, paragraph 2 (a)    its numbered paragraphs and sub-paragraphs
    Article 1, text before paragraph 1    a paragraph without label: placed by its
    Article 1, text after paragraph 14    labelled neighbour ("text 2 after ..." for the
    operative paragraph 3, text after (b) second one there)
    operative part, text after paragraph 3
    Article 2, option 1              an options block is not named itself; its options are:
    Article 3, paragraph 1, option 2 (the block reads like the paragraph that holds it)

References are computed from the tree every time, never stored, so they follow renumbering.
A UN file may hold several documents; a paragraph of one of them is named after it
("decision 8/CMA.6, operative paragraph 3", "annex I, operative paragraph 2"): see
``document_names``.
"""

from __future__ import annotations

from collections.abc import Iterator

from negotiation.model import Document, Paragraph, ParagraphKind, Section


def paragraph_references(doc: Document) -> dict[str, str]:
    """Paragraph id → its chair-readable reference, for every paragraph of ``doc``."""
    return {paragraph.id: reference for reference, paragraph in walk_with_references(doc)}


def find_paragraph(doc: Document, wanted: str) -> str | None:
    """The id of the paragraph named by ``wanted``: its id, or its reference as a chair says it
    ("operative paragraph 3 (c)", "Preambular Paragraph 10"; case and spacing do not matter)."""
    key = _reference_key(wanted)
    for reference_, paragraph in walk_with_references(doc):
        if paragraph.id == wanted or _reference_key(reference_) == key:
            return paragraph.id
    return None


def _reference_key(text: str) -> str:
    return " ".join(text.replace("(", " (").split()).casefold()


def reference(doc: Document, paragraph_id: str) -> str | None:
    return paragraph_references(doc).get(paragraph_id)


def walk_with_references(doc: Document) -> Iterator[tuple[str, Paragraph]]:
    """(reference, paragraph) for every paragraph, depth first, in document order."""
    for section, top_level in doc.sections():
        for position, paragraph in enumerate(top_level, start=1):
            yield from _walk(paragraph, _top_reference(section, paragraph, position, top_level))


def _top_reference(section: Section, paragraph: Paragraph, position: int,
                   siblings: list[Paragraph]) -> str:
    if section is Section.PREAMBLE:
        return f"preambular paragraph {position}"
    if section is Section.ARTICLES:
        if paragraph.kind is ParagraphKind.ARTICLE and paragraph.label:
            return f"Article {paragraph.label}"
        return f"text before the articles {position}"
    if paragraph.label:
        return f"operative paragraph {paragraph.label}"
    return "operative part, " + _unlabelled(siblings, position, "paragraph {}")


def _unlabelled(siblings: list[Paragraph], position: int, shape: str) -> str:
    """"text after paragraph 14" / "text 2 after (b)" / "text before paragraph 1"."""
    before = siblings[:position - 1]
    labelled = [index for index, p in enumerate(before) if p.label]
    if labelled:
        last = labelled[-1]
        nth = sum(1 for p in before[last + 1:]
                  if not p.label and p.kind is not ParagraphKind.OPTIONS) + 1
        counted = "text" if nth == 1 else f"text {nth}"
        return f"{counted} after {shape.format(before[last].label)}"
    following = next((p.label for p in siblings[position:] if p.label), None)
    nth = sum(1 for p in before if p.kind is not ParagraphKind.OPTIONS) + 1
    counted = "text" if nth == 1 else f"text {nth}"
    if following is None:
        return counted if nth > 1 or len(siblings) > 1 else "text"
    return f"{counted} before {shape.format(following)}"


def _walk(paragraph: Paragraph, here: str) -> Iterator[tuple[str, Paragraph]]:
    yield here, paragraph
    for position, child in enumerate(paragraph.children, start=1):
        yield from _walk(child, child_reference(paragraph, here, child, position))


def child_reference(parent: Paragraph, parent_reference: str, child: Paragraph,
                    position: int) -> str:
    """The reference of ``child``, the ``position``-th child (1-based) of ``parent``."""
    if child.kind is ParagraphKind.OPTIONS:
        return parent_reference
    if child.kind is ParagraphKind.OPTION:
        label = (child.label or f"Option {position}").lower()
        return f"{parent_reference}, {label}"
    if parent.kind is ParagraphKind.ARTICLE or (
            parent.kind is ParagraphKind.OPTION and parent_reference.startswith("Article")
            and ", paragraph" not in parent_reference):
        if child.label:
            return f"{parent_reference}, paragraph {child.label}"
        return f"{parent_reference}, " + _unlabelled(parent.children, position, "paragraph {}")
    if child.label:
        return f"{parent_reference} ({child.label})"
    return f"{parent_reference}, " + _unlabelled(parent.children, position, "({})")


def document_names(doc: Document) -> dict[int, str]:
    """How a chair names each document ``doc`` holds, by ``id(document)``: "decision 8/CMA.6",
    "annex I", "decision 12/CMA.6, annex". The file's own document has no name."""
    names: dict[int, str] = {}

    def walk(document: Document, prefix: str | None) -> None:
        for annex in document.annexes:
            own = (annex.label or "annex").rstrip("*")
            own = own[:1].lower() + own[1:]
            names[id(annex)] = f"{prefix}, {own}" if prefix else own
            walk(annex, names[id(annex)])
        for decision in document.decisions:
            names[id(decision)] = f"decision {decision.symbol}"
            walk(decision, names[id(decision)])

    walk(doc, None)
    return names
