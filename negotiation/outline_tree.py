"""The ``Outline`` itself: an immutable tree of placements (the changes are negotiation.outline).

A ``Placement`` is where one paragraph stands, as the store's paragraph row holds it::

    Placement(id="op1a", section="operative", parent_id="op1", position=0,
              kind="subparagraph", deleted=False)

``position`` counts from 0 among its siblings: the paragraphs with the same parent or, at the
top, the same section. A sub-paragraph is in its parent's section. Deleted paragraphs keep
their place. A paragraph is *hidden* when it or one of its ancestors is deleted.

Inside, the outline keeps each paragraph's placement by id, and each group of siblings as a
tuple of ids in order, keyed ``(section, None)`` at the top of a section and ``(None,
parent_id)`` below a paragraph. The methods that change something (``inserted``, ``marked``,
``moved``) return a new outline and check only that the paragraphs they name exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol

from negotiation.errors import StructureError, UnknownParagraph
from negotiation.model import Document, Paragraph, ParagraphKind, Section

SECTION_ORDER = tuple(section.value for section in Section)  # document order
Key = tuple[str | None, str | None]


@dataclass(frozen=True)
class Placement:
    """Where one paragraph stands (see the module docstring)."""

    id: str
    section: str
    parent_id: str | None
    position: int
    kind: str
    deleted: bool = False


class OutlineRow(Protocol):
    """What ``Outline.from_rows`` reads of a stored paragraph (the store's row has it)."""

    id: str
    section: str
    parent_id: str | None
    position: int
    kind: str
    deleted: bool


def _key(section: str, parent_id: str | None) -> Key:
    return (None, parent_id) if parent_id is not None else (section, None)


class Outline:
    """Where every paragraph of a document stands, deleted ones included. Immutable."""

    __slots__ = ("_groups", "_places")

    def __init__(self, placements: Iterable[Placement] = ()) -> None:
        """An outline of ``placements`` in any order. Positions are read as an order among
        siblings (ties: live before deleted, then by id) and numbered again from 0; a
        sub-paragraph takes its parent's section. ``StructureError`` for repeated ids, a
        parent that is not there, a paragraph inside itself or an unknown section."""
        given: dict[str, Placement] = {}
        for placement in placements:
            if placement.id in given:
                raise StructureError(f"paragraph {placement.id!r} is there twice", placement.id)
            given[placement.id] = placement
        members: dict[Key, list[Placement]] = {}
        for placement in given.values():
            section = _root_section(given, placement)
            members.setdefault(_key(section, placement.parent_id), []).append(
                replace(placement, section=section))
        self._places: dict[str, Placement] = {}
        self._groups: dict[Key, tuple[str, ...]] = {}
        for key, group in members.items():
            group.sort(key=lambda p: (p.position, p.deleted, p.id))
            self._groups[key] = tuple(p.id for p in group)
            for position, placement in enumerate(group):
                self._places[placement.id] = replace(placement, position=position)

    @classmethod
    def from_rows(cls, rows: Iterable[OutlineRow]) -> Outline:
        """The outline of stored paragraph rows, in any order (as ``__init__`` reads them)."""
        return cls(Placement(r.id, r.section, r.parent_id, r.position, r.kind, r.deleted)
                   for r in rows)

    @classmethod
    def from_document(cls, document: Document) -> Outline:
        """The outline of a document's paragraphs, none deleted."""
        placements: list[Placement] = []

        def visit(paragraphs: list[Paragraph], section: str, parent: str | None) -> None:
            for position, paragraph in enumerate(paragraphs):
                placements.append(Placement(paragraph.id, section, parent, position,
                                            ParagraphKind(paragraph.kind).value))
                visit(paragraph.children, section, paragraph.id)

        for section, top_level in document.sections():
            visit(top_level, section.value, None)
        return cls(placements)

    # ----------------------------------------------------------------- reading

    def __getitem__(self, paragraph_id: str) -> Placement:
        try:
            return self._places[paragraph_id]
        except KeyError:
            raise UnknownParagraph(f"no paragraph {paragraph_id!r} in this document",
                                   paragraph_id) from None

    def __contains__(self, paragraph_id: object) -> bool:
        return paragraph_id in self._places

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Placement]:
        """Every placement in document order: sections in order, each paragraph before its
        sub-paragraphs."""
        for section in SECTION_ORDER:
            yield from self._walk((section, None))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outline):
            return NotImplemented
        return self._places == other._places

    __hash__ = None  # compared by value, but not meant as a key

    def __repr__(self) -> str:
        return f"Outline({list(self)!r})"

    def live(self) -> list[Placement]:
        """The placements not hidden, in document order."""
        return [p for p in self if not self.is_hidden(p.id)]

    def children(self, paragraph_id: str) -> tuple[str, ...]:
        return self._groups.get((None, self[paragraph_id].id), ())

    def ancestors(self, paragraph_id: str) -> list[str]:
        """Parent, grandparent, ... of a paragraph."""
        found, parent = [], self[paragraph_id].parent_id
        while parent is not None:
            found.append(parent)
            parent = self._places[parent].parent_id
        return found

    def descendants(self, paragraph_id: str) -> list[str]:
        """Sub-paragraphs, theirs, ..., in document order."""
        return [p.id for p in self._walk((None, self[paragraph_id].id))]

    def deleted_ancestor(self, paragraph_id: str) -> str | None:
        """The nearest deleted ancestor, if any."""
        return next((a for a in self.ancestors(paragraph_id) if self._places[a].deleted), None)

    def is_hidden(self, paragraph_id: str) -> bool:
        return self[paragraph_id].deleted or self.deleted_ancestor(paragraph_id) is not None

    def shown_below(self, paragraph_id: str) -> tuple[str, ...]:
        """The sub-paragraphs shown when this paragraph is: those with no deleted paragraph
        between them and it (themselves included), in document order."""
        shown: list[str] = []

        def visit(parent: str) -> None:
            for child in self._groups.get((None, parent), ()):
                if not self._places[child].deleted:
                    shown.append(child)
                    visit(child)

        visit(self[paragraph_id].id)
        return tuple(shown)

    def changed_since(self, before: Outline) -> list[Placement]:
        """The placements that are new or differ from ``before``'s, in document order: what
        a store updates after a change."""
        return [p for p in self if before._places.get(p.id) != p]

    # ----------------------------------------------------------------- changing

    def inserted(self, placement: Placement, after: str | None) -> Outline:
        """A new outline with ``placement`` after sibling ``after`` (or first)."""
        key = _key(placement.section, placement.parent_id)
        group = list(self._groups.get(key, ()))
        index = group.index(self[after].id) + 1 if after is not None else 0
        group.insert(index, placement.id)
        return self._derived({placement.id: placement}, {key: group}, index)

    def marked(self, paragraph_id: str, *, deleted: bool) -> Outline:
        """A new outline with the paragraph's deleted flag set to ``deleted``."""
        outline = self._derived({}, {}, 0)
        outline._places[paragraph_id] = replace(self[paragraph_id], deleted=deleted)
        return outline

    def moved(self, paragraph_id: str, after: str | None) -> Outline:
        """A new outline with the paragraph (and its sub-paragraphs) after ``after``, in its
        section and parent, or first among its siblings when ``after`` is None."""
        placement = self[paragraph_id]
        old_key = _key(placement.section, placement.parent_id)
        old_group = [p for p in self._groups[old_key] if p != paragraph_id]
        anchor = self[after] if after is not None else placement
        key = _key(anchor.section, anchor.parent_id)
        group = old_group if key == old_key else list(self._groups.get(key, ()))
        index = group.index(after) + 1 if after is not None else 0
        group.insert(index, paragraph_id)
        moved = replace(placement, section=anchor.section, parent_id=anchor.parent_id)
        outline = self._derived({paragraph_id: moved}, {old_key: old_group, key: group}, 0)
        if anchor.section != placement.section:
            for below in self.descendants(paragraph_id):
                outline._places[below] = replace(outline._places[below], section=anchor.section)
        return outline

    # ----------------------------------------------------------------- internals

    def _walk(self, key: Key) -> Iterator[Placement]:
        for paragraph_id in self._groups.get(key, ()):
            yield self._places[paragraph_id]
            yield from self._walk((None, paragraph_id))

    def _derived(self, places: dict[str, Placement], groups: dict[Key, list[str]],
                 start: int) -> Outline:
        """A copy with ``places`` and ``groups`` replaced, each group numbered again from
        ``start`` (the positions before it are unchanged)."""
        outline = Outline.__new__(Outline)
        outline._places = {**self._places, **places}
        outline._groups = dict(self._groups)
        for key, group in groups.items():
            outline._groups[key] = tuple(group)
            for position in range(start, len(group)):
                current = outline._places[group[position]]
                if current.position != position:
                    outline._places[group[position]] = replace(current, position=position)
        return outline


def _root_section(given: dict[str, Placement], placement: Placement) -> str:
    """The section of the top-level paragraph above ``placement`` (checked)."""
    seen = {placement.id}
    while placement.parent_id is not None:
        parent = given.get(placement.parent_id)
        if parent is None:
            raise StructureError(f"paragraph {placement.id!r} has parent "
                                 f"{placement.parent_id!r}, which is not there", placement.id)
        if parent.id in seen:
            raise StructureError(f"paragraph {parent.id!r} is inside itself", parent.id)
        seen.add(parent.id)
        placement = parent
    if placement.section not in SECTION_ORDER:
        raise StructureError(f"paragraph {placement.id!r} is in unknown section "
                             f"{placement.section!r}; expected one of "
                             f"{', '.join(SECTION_ORDER)}", placement.id)
    return placement.section
