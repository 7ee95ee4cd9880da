"""Brackets typed by hand in a live edit (negotiation/typed_brackets.py decides): the check
that refuses an edit whose "[NAME: …]" names a delegation the typist does not speak for
(error ``foreign_proposal``, nothing merged), and the holds of the brackets an edit newly
typed, recorded after it as "typed" bracket events in the typist's name, in the room's turn as
the chair's actions are (server/live/chair.py: the edit is committed first, the event carries
the room's fence, and every client gets the ``bracket_event``).

A bracket whose words are edited ("[shall / should]" typed over to "[shall / must]") is
recorded as "edited" in the name of each delegation that edited it (they hold it too; its
holders keep it): once per burst of typing, not per keystroke. ``Retyping`` follows the
bracket from edit to edit while people type in it; ``record_edits`` writes the events when
the last burst in the paragraph ends, and before any bracket or status action or structure
change of the room (so every action is decided on holders that follow the words), and when
the room closes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property

from negotiation.bracket_book import BracketBook
from negotiation.bracket_events import BracketAction, BracketEvent, record_bracket_action
from negotiation.bracket_requests import Actor
from negotiation.typed_brackets import EditedBracket, TypedHold, Typist, may_type, read_typing
from server import protocol as wire
from server.chair_identity import actor_for
from server.live import chair
from server.live.ports import Peer

log = logging.getLogger("plenary.rooms")


class TypingCheck:
    """The ``check`` the merge of one edit calls with the text and the text the edit makes:
    refuses the edit (``ProtocolError``), or keeps the holds it types (``holds``)."""

    def __init__(self, peer: Peer, message: wire.Edit) -> None:
        self.peer, self.paragraph_id, self.ref = peer, message.paragraph_id, message.ref
        self.holds: tuple[TypedHold, ...] = ()
        self.edits: tuple[EditedBracket, ...] = ()

    @cached_property
    def actor(self) -> Actor:
        peer = self.peer
        return actor_for(peer.name, peer.delegation, None, getattr(peer, "seat", None))

    def __call__(self, text: str, merged: str) -> None:
        if not may_type(text, merged):  # words typed: nothing more to read (every keystroke)
            return
        typist = Typist(self.actor.role, self.actor.author.delegation, self.actor.speaks_for)
        typing = read_typing(text, merged, typist)
        if typing.refusal:
            raise wire.ProtocolError(wire.FOREIGN_PROPOSAL, typing.refusal, self.ref)
        self.holds, self.edits = typing.holds, typing.edits


@dataclass
class Retyped:
    """A bracket being edited: as the record has it, as it reads now, and who edited it."""

    before: str
    written: str
    start: int
    actors: list[Actor] = field(default_factory=list)


class Retyping:
    """The brackets of a room whose words are being edited, not yet recorded."""

    def __init__(self) -> None:
        self._pending: dict[str, dict[str, Retyped]] = {}  # paragraph -> written now -> it

    def __bool__(self) -> bool:
        return bool(self._pending)

    def __contains__(self, paragraph_id: object) -> bool:
        return paragraph_id in self._pending

    def note(self, paragraph_id: str, edits: tuple[EditedBracket, ...], actor: Actor) -> None:
        """``actor``'s edit changed ``edits``: each follows on from the one pending as it
        read before, or starts from the record."""
        pending = self._pending.setdefault(paragraph_id, {})
        for edit in edits:
            entry = pending.pop(edit.before, None) or Retyped(edit.before, edit.written,
                                                              edit.start)
            entry.written, entry.start = edit.written, edit.start
            if all(a.author != actor.author for a in entry.actors):
                entry.actors.append(actor)
            if entry.written != entry.before:  # typed back as it was: nothing to record
                pending[entry.written] = entry
        if not pending:
            del self._pending[paragraph_id]

    def take(self, paragraph_id: str | None = None) -> list[tuple[str, Retyped]]:
        """The pending edits of ``paragraph_id`` (None: of every paragraph), forgotten."""
        chosen = list(self._pending) if paragraph_id is None else [paragraph_id]
        return [(pid, entry) for pid in chosen
                for entry in self._pending.pop(pid, {}).values()]


async def record_edits(store, room, paragraph_id: str | None = None) -> None:
    """The "edited" events of the brackets edited in ``paragraph_id`` (None: everywhere),
    one per delegation that edited each; a bracket edited or resolved again meanwhile (no
    longer there as it read) is left as it is, logged."""
    for pid, entry in room.retyping.take(paragraph_id):
        for actor in entry.actors:
            try:
                await chair.record(store, room, room.document_id, pid,
                                   _edited(pid, entry, actor), actor)
            except wire.ProtocolError as problem:
                log.info("document %s, paragraph %s: the edit of %r was not recorded: %s",
                         room.document_id, pid, entry.before[:60], problem)
                break


async def record_holds(store, room, typing: TypingCheck) -> None:
    """After the merged edit: each bracket it newly typed held by the typist's delegation;
    one typed over again meanwhile (no longer there as written) is left as it is, logged.
    The brackets it edited are noted, recorded when the burst ends (``record_edits``)."""
    paragraph_id = typing.paragraph_id
    if typing.edits:
        room.retyping.note(paragraph_id, typing.edits, typing.actor)
    for hold in typing.holds:
        try:
            await chair.record(store, room, room.document_id, paragraph_id,
                               _typed(paragraph_id, hold, typing.actor), typing.actor)
        except wire.ProtocolError as problem:
            log.info("document %s, paragraph %s: the hold of the typed %r was not recorded: "
                     "%s", room.document_id, paragraph_id, hold.written[:60], problem)


def _typed(paragraph_id: str, hold: TypedHold, actor: Actor):
    def decision(book: BracketBook, status: str, adopted: bool) -> BracketEvent:
        book.find(hold.written, hold.start)  # BracketGone: edited again meanwhile
        return record_bracket_action(paragraph_id, BracketAction.TYPED, hold.written,
                                     author=actor.author, start=hold.start)
    return decision


def _edited(paragraph_id: str, entry: Retyped, actor: Actor):
    def decision(book: BracketBook, status: str, adopted: bool) -> BracketEvent:
        here = [b.start for b in book.open_brackets() if b.written == entry.written
                and b.start is not None]
        if not here:  # BracketGone: edited again or resolved meanwhile
            book.find(entry.written, entry.start)
        start = min(here, key=lambda at: abs(at - entry.start))  # words typed before it
        return record_bracket_action(paragraph_id, BracketAction.EDITED, entry.written,
                                     author=actor.author, option=entry.before, start=start)
    return decision
