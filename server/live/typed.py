"""Brackets typed by hand in a live edit (negotiation/typed_brackets.py decides): the check
that refuses an edit whose "[NAME: …]" names a delegation the typist does not speak for
(error ``foreign_proposal``, nothing merged), and the holds of the brackets an edit newly
typed, recorded after it as "typed" bracket events in the typist's name, in the room's turn as
the chair's actions are (server/live/chair.py: the edit is committed first, the event carries
the room's fence, and every client gets the ``bracket_event``). A proposal typed in the name of a
group the typist speaks for is held by the group, and its event says so (``on_behalf_of``).

The brackets an edit changed the words of are noted for server/live/retyped.py, which records
them once per burst of typing."""

from __future__ import annotations

import logging
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


async def record_holds(store, room, typing: TypingCheck) -> None:
    """After the merged edit: each bracket it newly typed held by the typist's delegation;
    one typed over again meanwhile (no longer there as written) is left as it is, logged.
    The brackets it edited are noted, recorded when the burst ends (server/live/retyped.py)."""
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
                                     author=actor.author, start=hold.start,
                                     on_behalf_of=hold.delegation)  # None when their own
    return decision

