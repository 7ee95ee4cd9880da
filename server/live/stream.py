"""The paragraphs of a room as it holds them, and the merge of one edit into them.

Every message of a room is handled under the room's lock, in arrival order, so two edits of one
paragraph are never merged concurrently. Each paragraph is a ``ParagraphStream``
(negotiation/sync/stream.py): its text, revision and the ops merged recently. ``Stream.merge``
is synchronous (no await): it transforms the edit through every op merged since the revision it
was made on, merges it into the text at once, so the next edit already merges against the new
text, and returns what the room passes on: the text to commit, the patch for the others, the
author's ack, and the op as applied with its author (``MergedEdit``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from negotiation.model import Document, Paragraph
from negotiation.sync import delta as codec
from negotiation.sync import stream as sync
from negotiation.sync.ops import Op
from server import protocol as wire
from server.live.counts import ClientCounts, Key
from server.live.ports import Peer
from server.store import ParagraphEdit

log = logging.getLogger("plenary.rooms")
PROPOSAL = "proposal"  # the kind of a delegation's proposal in the room's order


@dataclass
class _Live:
    """A paragraph as the room holds it: its recent revisions (the latest is the text)."""

    revisions: sync.ParagraphStream
    meta: dict[str, Any]


@dataclass(frozen=True)
class MergedEdit:
    """One change merged into a paragraph, exactly as applied: what attribution consumes
    (negotiation/authorship.py, ``Weave.apply(op, author)``), in stream order."""

    paragraph_id: str
    revision: int  # the revision it made (the text before it is revision - 1)
    op: Op  # ot.js-style, code points, on the text of revision - 1
    author: Peer | None  # whose edit it is; None: a change made outside the room
    text: str  # the paragraph's text after it


@dataclass
class Merged:
    """What one merged edit gives the room to pass on."""

    key: Key
    count: int | None  # the client's new count of merged edits, when it changed
    edit: ParagraphEdit | None  # the new text to commit, when the text changed
    patch: wire.PatchItem | None  # ... and the patch that brings the others to it
    reply: wire.Ack  # the author's ack
    merged: MergedEdit | None = None  # the op as applied, when the text changed


class Stream:
    def __init__(self, document_id: str) -> None:
        self.document_id = document_id
        self.counts = ClientCounts()
        self.order: list[dict[str, Any]] = []
        self._paragraphs: dict[str, _Live] = {}
        # paragraph -> its text as the store holds it from this room: loaded, or the last
        # committed (server/live/committer.py). A reload takes what changed outside the room
        # as the change from this text to the new stored one (server/live/reload.py).
        self.stored: dict[str, str] = {}

    def load(self, document: Document) -> None:
        """Take the paragraph order of ``document``; a paragraph already held keeps its
        revisions, a new one starts from its stored text. A delegation's proposal that is
        live text (``Proposal.id``) is a paragraph of the room too, of kind "proposal", right
        under the paragraph it answers (its ``parent``), with its ``delegation``."""
        order: list[dict[str, Any]] = []

        def visit(paragraph: Paragraph, section: str, parent: str | None) -> None:
            order.append({"id": paragraph.id, "section": section, "kind": str(paragraph.kind),
                          "label": paragraph.label, "parent": parent,
                          "status": str(paragraph.status)})
            self._hold(paragraph.id, paragraph.text)
            for proposal in paragraph.proposals:  # live text: a paragraph of the room
                if proposal.id is not None:
                    order.append({"id": proposal.id, "section": section, "kind": PROPOSAL,
                                  "label": None, "parent": paragraph.id, "status": "open",
                                  "delegation": proposal.delegation})
                    self._hold(proposal.id, proposal.text)
            for child in paragraph.children:
                visit(child, section, paragraph.id)

        for section, paragraphs in document.sections():
            for paragraph in paragraphs:
                visit(paragraph, str(section), None)
        self.order = order
        for meta in order:
            self._paragraphs[meta["id"]].meta = meta
        for gone in set(self._paragraphs) - {meta["id"] for meta in order}:
            del self._paragraphs[gone]
            self.stored.pop(gone, None)

    def _hold(self, paragraph_id: str, text: str) -> None:
        if paragraph_id not in self._paragraphs:
            self._paragraphs[paragraph_id] = _Live(sync.ParagraphStream(text), {})
            self.stored[paragraph_id] = text

    def proposal_delegation(self, paragraph_id: str | None) -> str | None:
        """The delegation whose proposal ``paragraph_id`` is (None: not a proposal)."""
        live = self._paragraphs.get(paragraph_id or "")
        if live is None or live.meta.get("kind") != PROPOSAL:
            return None
        return live.meta.get("delegation")

    def revisions(self, paragraph_id: str) -> sync.ParagraphStream | None:
        live = self._paragraphs.get(paragraph_id)
        return None if live is None else live.revisions

    def texts(self) -> dict[str, str]:
        """Every paragraph's text now, by id."""
        return {pid: live.revisions.text_now for pid, live in self._paragraphs.items()}

    def text_now(self, paragraph_id: str) -> str | None:
        live = self._paragraphs.get(paragraph_id)
        return None if live is None else live.revisions.text_now

    def paragraph(self, paragraph_id: str) -> dict[str, Any] | None:
        """A paragraph's metadata with its text and revision (``None``: no such paragraph)."""
        live = self._paragraphs.get(paragraph_id)
        if live is None:
            return None
        return dict(live.meta, text=live.revisions.text_now, rev=live.revisions.revision)

    def set_status(self, paragraph_id: str, status: str) -> None:
        """A status changed outside the stream (the chair, over HTTP)."""
        live = self._paragraphs.get(paragraph_id)
        if live is not None:
            live.meta["status"] = status

    def snapshot(self, client_id: str) -> list[dict[str, Any]]:
        """Every paragraph for a welcome: its text and revision, and this client's count ``n``
        of merged and committed edits, with ``conflicts`` when there are any to give
        (server/live/counts.py)."""
        paragraphs = []
        for meta in self.order:
            live, key = self._paragraphs[meta["id"]], (client_id, meta["id"])
            snapshot = dict(meta, text=live.revisions.text_now, rev=live.revisions.revision,
                            n=self.counts.durable.get(key, 0))
            conflicts = self.counts.welcome_conflicts(key)
            if conflicts:
                snapshot["conflicts"] = conflicts
            paragraphs.append(snapshot)
        return paragraphs

    def merge(self, peer: Peer, message: wire.Edit,
              check: Callable[[str, str], None] | None = None) -> Merged:
        """Merge one checked ``edit`` message; ``ProtocolError`` when it cannot be applied
        (then nothing changed). ``check(text, merged_text)``: the room's last word on the
        change, before anything changes (what it raises refuses the edit)."""
        paragraph_id, ref = message.paragraph_id, message.ref
        live = self._paragraphs.get(paragraph_id)
        if live is None:
            raise wire.ProtocolError(wire.UNKNOWN_PARAGRAPH, f"document {self.document_id!r} "
                                     f"has no paragraph {paragraph_id!r}", ref)
        key = (peer.client_id, paragraph_id)
        applied_before = self.counts.applied.get(key)
        received = _receive(live.revisions, peer.client_id, message, applied_before, check)
        if applied_before is not None and message.first_edit < applied_before:
            log.debug("room %s: %s %s: edits %d..%d of %d merged already, skipped (m %d)",
                      self.document_id, peer.client_id, paragraph_id, message.first_edit,
                      min(applied_before, message.first_edit + len(message.deltas)) - 1,
                      len(message.deltas), message.base_revision)
        taken = applied_before is None or message.first_edit >= applied_before
        conflicts = self.counts.merged(key, received.applied, taken,
                                       (c.as_dict() for c in received.conflicts))
        edit = patch = merged = None
        if received.entry is not None:
            edit = ParagraphEdit(paragraph_id, received.text, peer.name, peer.delegation,
                                 datetime.now(UTC))
            patch = patch_of(paragraph_id, live.revisions, received.entry)
            merged = MergedEdit(paragraph_id, received.entry.revision, received.entry.op,
                                peer, received.text)
        # conflicts are sent again in every ack until the client has taken one
        reply = wire.Ack(paragraph_id, received.applied, message.base_revision,
                         live.revisions.revision,
                         codec.from_op(received.shadow, received.reply), ref,
                         tuple(conflicts or ()))
        count = received.applied if received.applied != applied_before else None
        return Merged(key, count, edit, patch, reply, merged)


def _receive(paragraph: sync.ParagraphStream, client_id: str, message: wire.Edit,
             applied: int | None, check: Callable[[str, str], None] | None = None
             ) -> sync.Received:
    """The stream's ``receive`` of one edit message, its refusals as protocol errors."""
    paragraph_id, ref = message.paragraph_id, message.ref
    try:
        return paragraph.receive(client_id, message.first_edit, list(message.deltas), applied,
                                 m=None if message.base is not None else message.base_revision,
                                 base=message.base, max_units=wire.MAX_PARAGRAPH_UNITS,
                                 check=check)
    except sync.UnknownRevision as problem:
        raise wire.ProtocolError(wire.UNKNOWN_REVISION, f"paragraph {paragraph_id}: "
                                 f"{problem}; resend with your base text", ref) from None
    except sync.DeltaError as problem:
        raise wire.ProtocolError(wire.BAD_DELTA, f"paragraph {paragraph_id}: a delta does "
                                 f"not fit your shadow: {problem}", ref) from None
    except sync.OutOfOrder as problem:
        raise wire.ProtocolError(wire.OUT_OF_ORDER, f"paragraph {paragraph_id}: {problem}",
                                 ref) from None
    except sync.TooLong:
        raise wire.ProtocolError(wire.PARAGRAPH_TOO_LONG, f"paragraph {paragraph_id} would "
                                 f"exceed {wire.MAX_PARAGRAPH_UNITS} UTF-16 units",
                                 ref) from None


def patch_of(paragraph_id: str, paragraph: sync.ParagraphStream, entry: sync.Entry
             ) -> wire.PatchItem:
    """The patch of a stream entry: its delta on the text of the revision before."""
    return wire.PatchItem(paragraph_id, entry.revision - 1, entry.revision,
                          codec.from_op(paragraph.text_at(entry.revision - 1), entry.op))
