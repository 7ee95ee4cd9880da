"""The chair's actions in a live document: bracket actions, status changes and the paragraph
under discussion, for the WebSocket and HTTP alike.

An action runs in the document's one ordered stream: with the room's lock held and its edits
so far committed (``Committer.quiet``), the store decides and writes it in one transaction
(server/store/chair_actions.py), then the room takes the new text as the paragraph's next
revision, sends the ``patch`` every editor applies, and the ``bracket_event`` (or
``status_event``) that says who did what and why. With no room open (nobody connected), the
store alone does it. Refusals become the documented errors and change nothing.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool

from negotiation import permissions
from negotiation.bracket_book import BracketBook
from negotiation.bracket_requests import Actor, BracketRequest, Forbidden, decide
from negotiation.bracket_text import BracketGone
from negotiation.errors import DomainError
from negotiation.permissions import Action
from negotiation.references import reference
from negotiation.status_requests import decide_status
from server import protocol as wire
from server.chair_identity import actor_for
from server.chair_messages import ChairMessage, SelectMessage, StatusMessage
from server.live.reload import texts_of
from server.live.stream import PROPOSAL
from server.store import DocumentNotFound, HeadMoved, ParagraphNotFound, StoreError
from server.store.chair_actions import ActionDone, BracketDecision


def who(actor: Actor) -> dict[str, Any]:
    return {"name": actor.author.name, "delegation": actor.author.delegation,
            "role": str(actor.role)}


def brackets_of(book: BracketBook, proposal_ids: tuple[str | None, ...] = ()
                ) -> dict[str, Any]:
    """A paragraph's open brackets as the clients show them; a proposal that is live text
    has the ``id`` of its paragraph (``proposal_ids``, in the order of ``book.proposals``)."""
    ids = (*proposal_ids, *[None] * (len(book.proposals) - len(proposal_ids)))
    return {"brackets": [{"written": b.written, "start": b.start, "kind": b.kind,
                          "options": list(b.options), "holders": list(b.holders),
                          "awaitingChair": b.awaiting_chair, "place": b.place}
                         for b in book.open_brackets()],
            "tabledBy": book.tabled_by,
            "proposals": [{"delegation": d, "text": t, "id": pid}
                          for (d, t), pid in zip(book.proposals, ids, strict=True)]}


def refusal(problem: Exception, ref: Any = None) -> wire.ProtocolError:
    """The documented error for a refused action."""
    if isinstance(problem, Forbidden):
        code = wire.FORBIDDEN
    elif isinstance(problem, BracketGone):
        code = wire.BRACKET_GONE
    elif isinstance(problem, DocumentNotFound | ParagraphNotFound):
        code = wire.UNKNOWN_PARAGRAPH
    elif isinstance(problem, DomainError):
        code = wire.REFUSED
    else:
        code = wire.STORE_FAILED
    return wire.ProtocolError(code, str(problem), ref)


async def bracket_action(store, room, document_id: str, paragraph_id: str,
                         request: BracketRequest, actor: Actor, ref: Any = None
                         ) -> dict[str, Any]:
    """Decide and record one bracket action; returns the ``bracket_event`` frame sent."""
    def decision(book: BracketBook, status: str, adopted: bool):
        return decide(book, request, actor, paragraph_id=paragraph_id,
                      paragraph_status=status, adopted=adopted)

    return await record(store, room, document_id, paragraph_id, decision, actor, ref)


async def record(store, room, document_id: str, paragraph_id: str, decision: BracketDecision,
                 actor: Actor, ref: Any = None) -> dict[str, Any]:
    """Record the bracket event ``decision(book, status, adopted)`` gives (it raises to
    refuse), in the room's turn; returns the ``bracket_event`` frame sent."""
    done = await _write(store, room, lambda fence: store.bracket_action(
        document_id, paragraph_id, decision, fence=fence), ref)
    event = done.event
    frame = {"type": wire.BRACKET_EVENT, "p": paragraph_id, "action": event.action.value,
             "bracket": event.bracket, "option": event.option, "reason": event.reason,
             "start": event.start, "by": {**who(actor), "inNameOf": event.on_behalf_of},
             "text": done.book.text,
             "seq": done.seq, "note": done.note, "ref": ref,
             **brackets_of(done.book, done.proposal_ids)}
    await _announce(store, room, paragraph_id, done, frame)
    return frame


async def status_action(store, room, document_id: str, paragraph_id: str, status: str,
                        reason: str | None, actor: Actor, ref: Any = None) -> dict[str, Any]:
    def decision(current: str, open_brackets: int, asked_by: str | None):
        return decide_status(actor, current, status, paragraph_id=paragraph_id,
                             open_brackets=open_brackets, asked_by=asked_by, reason=reason)

    done = await _write(store, room, lambda fence: store.status_action(
        document_id, paragraph_id, decision, fence=fence), ref)
    event = done.event
    frame = {"type": wire.STATUS_EVENT, "p": paragraph_id, "old": event.old.value,
             "new": event.new.value, "reason": event.reason, "by": who(actor),
             "seq": done.seq, "ref": ref}
    await _announce(store, room, paragraph_id, done, frame)
    return frame


async def select(store, room, document_id: str, paragraph_id: str, actor: Actor,
                 ref: Any = None) -> dict[str, Any]:
    """The chair puts ``paragraph_id`` under discussion; every client is told."""
    decision = permissions.decide(actor.role, Action.SELECT)
    if not decision:
        raise wire.ProtocolError(wire.FORBIDDEN, decision.reason, ref)
    try:
        document = await run_in_threadpool(store.load_document, document_id)
        said = reference(document, paragraph_id)
        if said is None:
            raise ParagraphNotFound(document_id, paragraph_id)
        book, status, _ = await run_in_threadpool(store.paragraph_book, document_id,
                                                  paragraph_id)
    except StoreError as problem:
        raise refusal(problem, ref) from None
    frame = {"type": wire.SELECTED, "p": paragraph_id, "reference": said, "by": who(actor),
             "status": status, "ref": ref, **brackets_of(book)}
    if room is not None:
        room.selected = {k: v for k, v in frame.items() if k != "ref"}
        room.broadcast.publish(wire.encode(frame))
    return frame


async def handle(store, room, peer, message: ChairMessage) -> None:
    """A ``bracket``, ``status`` or ``select`` message of ``peer``, with the room's lock
    held; ``ProtocolError`` when refused."""
    actor = actor_for(peer.name, peer.delegation, message.role, getattr(peer, "seat", None))
    document_id, paragraph_id, ref = room.document_id, message.paragraph_id, message.ref
    if isinstance(message, SelectMessage):
        await select(store, room, document_id, paragraph_id, actor, ref)
    elif isinstance(message, StatusMessage):
        await status_action(store, room, document_id, paragraph_id, message.status,
                            message.reason, actor, ref)
    else:
        request = BracketRequest(
            message.action, message.bracket, message.start, message.end,
            message.alternatives, message.keep, message.wording, message.rationale,
            message.delegation)
        await bracket_action(store, room, document_id, paragraph_id, request, actor, ref)


async def _write(store, room, call, ref: Any):
    """``call(fence)`` in a thread: with the room's fence and its edits so far committed, or
    (no room) with no fence. When someone else wrote the document meanwhile (``HeadMoved``,
    nothing written), the room reloads and the action is decided again on the new text."""
    try:
        if room is None:
            return await run_in_threadpool(call, None)
        await room.retyping.flush()  # the holders follow the words typed so far
        async with room.committer.quiet():
            try:
                return await run_in_threadpool(call, room.fence.value)
            except HeadMoved:
                await room.reload_after_outside_write()
                return await run_in_threadpool(call, room.fence.value)
    except HeadMoved as problem:  # moved again at once: the client may retry
        raise wire.ProtocolError(wire.STORE_FAILED, str(problem), ref) from None
    except (DomainError, StoreError) as problem:
        raise refusal(problem, ref) from None


async def _announce(store, room, paragraph_id: str, done: ActionDone,
                    frame: dict[str, Any]) -> None:
    """The new text into the room's stream as a change made outside it (rebase.py: its patch
    goes to every client like anyone's edit) and the event frame, sent at once; then the
    live attribution read from the store (the actor's version). The room's lock is held
    throughout, so no edit merges before the attribution is up to date."""
    if room is None:
        return
    room.set_paragraph_status(paragraph_id, done.status)
    await _proposals_changed(store, room, paragraph_id, done, frame)
    old = room.stream.text_now(paragraph_id)
    new = done.book.text
    changed = old is not None and old != new
    if changed:
        change = room.apply_server_change(paragraph_id, old, new)
        if paragraph_id in room.stream.stored:  # what the store now holds from this room
            room.stream.stored[paragraph_id] = new
        if change.patch is not None:
            room.publish_patch(change.patch)
    room.broadcast.publish(wire.encode(frame))
    if changed:
        weaves = await run_in_threadpool(store.document_weaves, room.document_id,
                                         [paragraph_id])
        texts = {paragraph_id: new}
        room.authors.rebase(weaves, texts, texts, [paragraph_id])


async def _proposals_changed(store, room, paragraph_id: str, done: ActionDone,
                             frame: dict[str, Any]) -> None:
    """A proposal tabled, adopted or resolved is a paragraph of the room inserted or deleted
    (server/store/chair_actions.py): the room takes the new order and tells every client
    with a ``structure`` message by the actor, as for an ``insert`` or ``delete``."""
    if "proposals" not in frame:  # a status change
        return
    live = {meta["id"] for meta in room.stream.order if meta.get("parent") == paragraph_id
            and meta.get("kind") == PROPOSAL}
    now = {proposal["id"] for proposal in frame["proposals"] if proposal.get("id")}
    if live == now:
        return
    document = await run_in_threadpool(store.load_document, room.document_id)
    new = set(texts_of(document)) - set(room.stream.texts())
    weaves = await run_in_threadpool(store.document_weaves, room.document_id,
                                     new) if new else {}
    room.stream.load(document)
    room.authors.load(weaves, room.stream.texts())
    by = frame["by"]
    for gone in sorted(live - now):
        room.broadcast.publish(wire.encode(wire.Structure(
            "delete", gone, None, None, (), by["name"], by["delegation"])))
    after = None
    for meta in room.stream.order:
        if meta.get("parent") == paragraph_id and meta.get("kind") == PROPOSAL:
            if meta["id"] not in live:
                room.broadcast.publish(wire.encode(wire.Structure(
                    "insert", meta["id"], after, room.stream.paragraph(meta["id"]), (),
                    by["name"], by["delegation"])))
            after = meta["id"]
