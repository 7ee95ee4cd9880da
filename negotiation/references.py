"""Where a paragraph is, said the way a chair reads it out. One notation for everything:

    preambular paragraph 10          preambular paragraphs counted 1..N in order, across
                                     heading groups ("CONSIDERING:", "RECALLING:")
    operative paragraph 3            the paragraph's own label ...
    operative paragraph 1 bis
    operative paragraph 3 (c)        ... sub-paragraph labels in parentheses
    unnumbered operative paragraph 4 an operative paragraph without label: its position
    Article 3bis                     treaty style: the article
    Article 3bis, paragraph 2 (a)    its numbered paragraphs and sub-paragraphs
    Article 1, unnumbered paragraph 1
    Article 2, option 1              an options block is not named itself; its options are:
    Article 3, paragraph 1, option 2 (the block reads like the paragraph that holds it)

References are computed from the tree every time, never stored, so they follow renumbering.
"""

from __future__ import annotations

from collections.abc import Iterator

from negotiation.model import Document, Paragraph, ParagraphKind, Section


def paragraph_references(doc: Document) -> dict[str, str]:
    """Paragraph id → its chair-readable reference, for every paragraph of ``doc``."""
    return {paragraph.id: reference for reference, paragraph in walk_with_references(doc)}


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
    if paragraph.kind is ParagraphKind.OPTIONS:
        return f"operative part, options after paragraph {_previous_label(siblings, position)}"
    if paragraph.label:
        return f"operative paragraph {paragraph.label}"
    return f"unnumbered operative paragraph {position}"


def _previous_label(siblings: list[Paragraph], position: int) -> str:
    labels = [p.label for p in siblings[:position - 1] if p.label]
    return labels[-1] if labels else "0"


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
        return f"{parent_reference}, unnumbered paragraph {position}"
    if child.label:
        return f"{parent_reference} ({child.label})"
    return f"{parent_reference}, unnumbered text {position}"
