"""Brackets whose words are being edited in a room, and the record of each edit.

A bracket whose words someone edits ("[shall / should]" typed over to "[shall / must]";
negotiation/typed_brackets.py reads it) is recorded as an "edited" bracket event in the name
of each delegation that edited it: its holders keep it under its new words and the editor's
delegation holds it too (negotiation/bracket_book.py). Once per burst of typing, not per
keystroke: ``Retyping`` follows the bracket from edit to edit while people type in it, and
writes the events (in the room's turn, as the chair's actions: server/live/chair.py) when the
last burst in the paragraph ends, before any bracket or status action or structure change of
the room (so every action is decided on holders that follow the words), and when the room
closes. A bracket edited or resolved away meanwhile is left as it is, logged.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from negotiation.bracket_book import BracketBook
from negotiation.bracket_events import BracketAction, BracketEvent, record_bracket_action
from negotiation.bracket_requests import Actor
from negotiation.typed_brackets import EditedBracket
from server import protocol as wire
from server.live import chair

log = logging.getLogger("plenary.rooms")


@dataclass
class Retyped:
    """A bracket being edited: as the record has it, as it reads now, and who edited it."""

    before: str
    written: str
    start: int
    actors: list[Actor] = field(default_factory=list)


class Retyping:
    """The brackets of ``room`` whose words are being edited, not yet recorded."""

    def __init__(self, store, room) -> None:
        self._store, self._room = store, room
        self._pending: dict[str, dict[str, Retyped]] = {}  # paragraph -> written now -> it
        self._soon: set[asyncio.Task[None]] = set()

    def __bool__(self) -> bool:
        return bool(self._pending)

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

    def burst_ended(self, paragraph_id: str, still_typing: bool) -> None:
        """A burst of typing in ``paragraph_id`` ended: the last one there records its
        edits soon, in the room's turn."""
        if still_typing or paragraph_id not in self._pending:
            return
        task = asyncio.get_running_loop().create_task(self._in_turn(paragraph_id))
        self._soon.add(task)
        task.add_done_callback(self._soon.discard)

    async def closing(self) -> None:
        """The room closes: every edit recorded first, unless it handed its document over."""
        await self._in_turn(None)

    async def flush(self, paragraph_id: str | None = None) -> None:
        """The events of the brackets edited in ``paragraph_id`` (None: everywhere), with the
        room's lock held."""
        chosen = list(self._pending) if paragraph_id is None else [paragraph_id]
        for pid, entry in [(each, entry) for each in chosen
                           for entry in self._pending.pop(each, {}).values()]:
            for actor in entry.actors:
                try:
                    await chair.record(self._store, self._room, self._room.document_id, pid,
                                       _edited(pid, entry, actor), actor)
                except wire.ProtocolError as problem:
                    log.info("document %s, paragraph %s: the edit of %r was not recorded: %s",
                             self._room.document_id, pid, entry.before[:60], problem)
                    break

    async def _in_turn(self, paragraph_id: str | None) -> None:
        if not self._pending or self._room.fence.surrendered:
            return
        async with self._room.exclusive():
            if not self._room.fence.surrendered:
                await self.flush(paragraph_id)


def _edited(paragraph_id: str, entry: Retyped, actor: Actor):
    def decision(book: BracketBook, status: str, adopted: bool) -> BracketEvent:
        here = [b.start for b in book.open_brackets() if b.written == entry.written
                and b.start is not None]
        if not here:
            book.find(entry.written, entry.start)  # BracketGone: edited again or resolved
        start = min(here, key=lambda at: abs(at - entry.start))  # words typed before it
        return record_bracket_action(paragraph_id, BracketAction.EDITED, entry.written,
                                     author=actor.author, option=entry.before, start=start)
    return decision
