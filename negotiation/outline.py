"""Changes to a document's paragraph structure, as events: pure functions.

The structure is an ``Outline`` (negotiation.outline_tree): one ``Placement`` per paragraph,
deleted ones included, as the store's paragraph row holds it (section, parent, position among
its siblings, kind, deleted flag). A deleted paragraph is marked, never removed; it and its
sub-paragraphs are *hidden*, and come back when it is restored (those deleted on their own
stay deleted).

The changes
-----------
``insert_paragraph``, ``delete_paragraph``, ``restore_paragraph`` and ``move_paragraph`` check
a request against the outline, refuse a bad one with a ``StructureError`` naming what is wrong
(nothing changes), and return the EVENT to store with the outline after it::

    event, outline = insert_paragraph(outline, after="op1", section="operative",
                                      new_id="p-5d2c", author=Author("ana", "Peru"))
    event == Inserted("p-5d2c", after="op1", section="operative", parent_id=None,
                      kind="operative", author=Author("ana", "Peru"))

``apply(outline, event)`` makes the change an event records: replaying a document's stored
events from its first outline gives its outline now. ``apply`` checks only what keeps the
outline whole (the paragraphs exist, the event's place agrees with its anchor, a restored
paragraph was deleted), so a log written under older, looser rules still replays; a mismatch
is a ``StructureError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from negotiation.author import Author
from negotiation.errors import AlreadyDeleted, StructureError
from negotiation.model import ParagraphKind, Section
from negotiation.outline_tree import Outline, OutlineRow, Placement

__all__ = ["KIND_OF_SECTION", "Deleted", "Inserted", "Moved", "Outline", "OutlineRow",
           "Placement", "Restored", "StructureEvent", "apply", "delete_paragraph",
           "insert_paragraph", "move_paragraph", "restore_paragraph"]

# the kind of a paragraph inserted first at the top of a section
KIND_OF_SECTION = {Section.PREAMBLE.value: ParagraphKind.PREAMBULAR.value,
                   Section.OPERATIVE.value: ParagraphKind.OPERATIVE.value,
                   Section.ARTICLES.value: ParagraphKind.ARTICLE.value}


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class Inserted:
    """A new paragraph: after ``after`` (same section and parent), or first at the top of
    ``section`` when ``after`` is None."""

    action: ClassVar[str] = "inserted"
    paragraph_id: str
    after: str | None
    section: str
    parent_id: str | None
    kind: str
    author: Author


@dataclass(frozen=True)
class Deleted:
    """A paragraph marked deleted; ``subparagraphs``: those hidden with it (they were
    showing), in document order."""

    action: ClassVar[str] = "deleted"
    paragraph_id: str
    author: Author
    subparagraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Restored:
    """A deleted paragraph shown again; ``subparagraphs``: those shown again with it."""

    action: ClassVar[str] = "restored"
    paragraph_id: str
    author: Author
    subparagraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Moved:
    """A paragraph (with its sub-paragraphs) moved after ``after``, taking its section and
    parent, or first among its siblings when ``after`` is None; ``section`` and
    ``parent_id`` say where it landed."""

    action: ClassVar[str] = "moved"
    paragraph_id: str
    after: str | None
    section: str
    parent_id: str | None
    author: Author


StructureEvent = Inserted | Deleted | Restored | Moved


# --------------------------------------------------------------------------- requests


def insert_paragraph(outline: Outline, *, after: str | None, section: str, new_id: str,
                     author: Author) -> tuple[Inserted, Outline]:
    """A new paragraph ``new_id`` after ``after``, taking its section, parent and kind (the
    section asked for is then not used), or first at the top of ``section`` when ``after``
    is None. ``after`` may be a deleted paragraph: the new one takes the place it had."""
    if section not in KIND_OF_SECTION:
        raise StructureError(f"unknown section {section!r}; expected one of "
                             f"{', '.join(KIND_OF_SECTION)}")
    if not isinstance(new_id, str) or not new_id:
        raise StructureError(f"a new paragraph's id must be a non-empty string; got {new_id!r}")
    if new_id in outline:
        raise StructureError(f"the document already has a paragraph {new_id!r}", new_id)
    if after is None:
        event = Inserted(new_id, None, section, None, KIND_OF_SECTION[section], author)
    else:
        anchor = outline[after]
        event = Inserted(new_id, after, anchor.section, anchor.parent_id, anchor.kind, author)
    return event, apply(outline, event)


def delete_paragraph(outline: Outline, paragraph_id: str, *, author: Author
                     ) -> tuple[Deleted, Outline]:
    """Mark a paragraph deleted; its sub-paragraphs are hidden with it. ``AlreadyDeleted``
    when it is deleted or hidden already."""
    placement = outline[paragraph_id]
    if placement.deleted:
        raise AlreadyDeleted(f"paragraph {paragraph_id!r} is already deleted", paragraph_id)
    ancestor = outline.deleted_ancestor(paragraph_id)
    if ancestor is not None:
        raise AlreadyDeleted(f"paragraph {paragraph_id!r} is already deleted with "
                             f"{ancestor!r}, its parent paragraph", paragraph_id)
    event = Deleted(paragraph_id, author, outline.shown_below(paragraph_id))
    return event, apply(outline, event)


def restore_paragraph(outline: Outline, paragraph_id: str, *, author: Author
                      ) -> tuple[Restored, Outline]:
    """Show a deleted paragraph again, with the sub-paragraphs that were hidden with it."""
    placement = outline[paragraph_id]
    ancestor = outline.deleted_ancestor(paragraph_id)
    if ancestor is not None:
        raise StructureError(f"paragraph {paragraph_id!r} is inside deleted paragraph "
                             f"{ancestor!r}; restore {ancestor!r} first", paragraph_id)
    if not placement.deleted:
        raise StructureError(f"paragraph {paragraph_id!r} is not deleted", paragraph_id)
    event = Restored(paragraph_id, author, outline.shown_below(paragraph_id))
    return event, apply(outline, event)


def move_paragraph(outline: Outline, paragraph_id: str, *, after: str | None,
                   author: Author) -> tuple[Moved, Outline]:
    """Move a paragraph and its sub-paragraphs after ``after``, taking its section and
    parent (its kind stays), or first among its current siblings when ``after`` is None.
    Refused: after itself, into its own sub-paragraphs, or a hidden paragraph."""
    if after == paragraph_id:
        raise StructureError("a paragraph cannot be moved after itself", paragraph_id)
    placement = outline[paragraph_id]
    if outline.is_hidden(paragraph_id):
        raise StructureError(f"paragraph {paragraph_id!r} is deleted; restore it before "
                             "moving it", paragraph_id)
    if after is None:
        event = Moved(paragraph_id, None, placement.section, placement.parent_id, author)
    else:
        anchor = outline[after]
        if paragraph_id in outline.ancestors(after):
            raise StructureError(f"paragraph {paragraph_id!r} cannot be moved after "
                                 f"{after!r}, one of its own sub-paragraphs", paragraph_id)
        event = Moved(paragraph_id, after, anchor.section, anchor.parent_id, author)
    return event, apply(outline, event)


# --------------------------------------------------------------------------- replay


def apply(outline: Outline, event: StructureEvent) -> Outline:
    """The outline after a stored event (see the module docstring)."""
    if isinstance(event, Inserted):
        if event.paragraph_id in outline:
            raise StructureError(f"inserted paragraph {event.paragraph_id!r} exists "
                                 "already", event.paragraph_id)
        _check_place(outline, event.paragraph_id, event.after, event.section, event.parent_id)
        return outline.inserted(Placement(event.paragraph_id, event.section, event.parent_id,
                                          0, event.kind), event.after)
    if isinstance(event, Deleted | Restored):
        deleted = outline[event.paragraph_id].deleted
        if deleted == isinstance(event, Deleted):
            state = "deleted" if deleted else "not deleted"
            raise StructureError(f"{event.action} paragraph {event.paragraph_id!r} was "
                                 f"{state} already", event.paragraph_id)
        return outline.marked(event.paragraph_id, deleted=not deleted)
    if isinstance(event, Moved):
        placement = outline[event.paragraph_id]
        if event.after is None:
            if (event.section, event.parent_id) != (placement.section, placement.parent_id):
                raise StructureError(f"moved paragraph {event.paragraph_id!r} is recorded in "
                                     f"{event.section}/{event.parent_id}, but it is in "
                                     f"{placement.section}/{placement.parent_id}",
                                     event.paragraph_id)
        elif event.paragraph_id == event.after or \
                event.paragraph_id in outline.ancestors(event.after):
            raise StructureError(f"paragraph {event.paragraph_id!r} cannot go after "
                                 f"{event.after!r}", event.paragraph_id)
        else:
            _check_place(outline, event.paragraph_id, event.after, event.section,
                         event.parent_id)
        return outline.moved(event.paragraph_id, event.after)
    raise TypeError(f"not a structure event: {event!r}")


def _check_place(outline: Outline, paragraph_id: str, after: str | None, section: str,
                 parent_id: str | None) -> None:
    """An event's recorded place must be its anchor's (or the top of a known section)."""
    if after is None:
        if section not in KIND_OF_SECTION or parent_id is not None:
            raise StructureError(f"paragraph {paragraph_id!r} is recorded first in "
                                 f"{section}/{parent_id}; only the top of a section "
                                 f"({', '.join(KIND_OF_SECTION)}) can be", paragraph_id)
        return
    anchor = outline[after]
    if (anchor.section, anchor.parent_id) != (section, parent_id):
        raise StructureError(f"paragraph {paragraph_id!r} is recorded in "
                             f"{section}/{parent_id}, but {after!r} is in "
                             f"{anchor.section}/{anchor.parent_id}", paragraph_id)

