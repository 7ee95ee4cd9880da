"""The paragraphs of a room as it holds them, and the merge of one edit into them.

Every message of a room is handled under the room's lock, in arrival order, so two edits of one
paragraph are never merged concurrently. ``Stream.merge`` is synchronous (no await): it checks
the edit against the paragraph's recent revisions (negotiation.diffsync), merges it into the
text at once, so the next edit already merges against the new text, and returns what the room
passes on: the text to commit, the patch for the others and the author's ack.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from negotiation import diffsync
from negotiation.model import Document, Paragraph
from server import protocol as wire
from server.live.counts import ClientCounts, Key
from server.live.ports import Peer
from server.store import ParagraphEdit

log = logging.getLogger("plenary.rooms")


@dataclass
class _Live:
    """A paragraph as the room holds it: its recent revisions (the latest is the text)."""

    revisions: diffsync.Revisions
    meta: dict[str, Any]


@dataclass
class Merged:
    """What one merged edit gives the room to pass on."""

    key: Key
    count: int | None  # the client's new count of merged edits, when it changed
    edit: ParagraphEdit | None  # the new text to commit, when the text changed
    patch: wire.PatchItem | None  # ... and the patch that brings the others to it
    reply: wire.Ack  # the author's ack


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
        revisions, a new one starts from its stored text."""
        order: list[dict[str, Any]] = []

        def visit(paragraph: Paragraph, section: str, parent: str | None) -> None:
            order.append({"id": paragraph.id, "section": section, "kind": str(paragraph.kind),
                          "label": paragraph.label, "parent": parent,
                          "status": str(paragraph.status)})
            if paragraph.id not in self._paragraphs:
                self._paragraphs[paragraph.id] = _Live(diffsync.Revisions(paragraph.text), {})
                self.stored[paragraph.id] = paragraph.text
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

    def revisions(self, paragraph_id: str) -> diffsync.Revisions | None:
        live = self._paragraphs.get(paragraph_id)
        return None if live is None else live.revisions

    def texts(self) -> dict[str, str]:
        """Every paragraph's text now, by id."""
        return {pid: live.revisions.text_now for pid, live in self._paragraphs.items()}

    def text_now(self, paragraph_id: str) -> str | None:
        live = self._paragraphs.get(paragraph_id)
        return None if live is None else live.revisions.text_now

    def replace_text(self, paragraph_id: str, text: str, status: str | None = None
                     ) -> dict[str, Any] | None:
        """A text written outside the edit stream (a bracket action, committed already)
        becomes the paragraph's next revision; returns the patch for every client (None when
        the text and status are as held)."""
        live = self._paragraphs.get(paragraph_id)
        if live is None:
            return None
        if status is not None:
            live.meta["status"] = status
        current = live.revisions.text_now
        if text == current:
            return None
        old_revision = live.revisions.revision
        revision = live.revisions.advance(text)
        return {"p": paragraph_id, "from": old_revision, "to": revision,
                "delta": diffsync.make_delta(current, text)}

    def paragraph(self, paragraph_id: str) -> dict[str, Any] | None:
        """A paragraph's metadata with its text and revision (``None``: no such paragraph)."""
        live = self._paragraphs.get(paragraph_id)
        if live is None:
            return None
        return dict(live.meta, text=live.revisions.text_now, rev=live.revisions.revision)

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

    def merge(self, peer: Peer, message: wire.Edit) -> Merged:
        """Merge one checked ``edit`` message; ``ProtocolError`` when it cannot be applied
        (then nothing changed)."""
        paragraph_id, ref = message.paragraph_id, message.ref
        live = self._paragraphs.get(paragraph_id)
        if live is None:
            raise wire.ProtocolError(wire.UNKNOWN_PARAGRAPH, f"document {self.document_id!r} "
                                     f"has no paragraph {paragraph_id!r}", ref)
        key = (peer.client_id, paragraph_id)
        applied_before = self.counts.applied.get(key)
        base = message.base
        if base is None:
            try:
                base = live.revisions.text(message.base_revision)
            except diffsync.UnknownRevision as problem:
                raise wire.ProtocolError(wire.UNKNOWN_REVISION, f"paragraph {paragraph_id}: "
                                         f"{problem}; resend with your base text", ref) from None
        current = live.revisions.text_now
        try:
            received = diffsync.receive_edits(base, message.first_edit, list(message.deltas),
                                              applied_before, current)
        except diffsync.DeltaError as problem:
            raise wire.ProtocolError(wire.BAD_DELTA, f"paragraph {paragraph_id}: a delta does "
                                     f"not fit your shadow: {problem}", ref) from None
        except diffsync.OutOfOrder as problem:
            raise wire.ProtocolError(wire.OUT_OF_ORDER, f"paragraph {paragraph_id}: {problem}",
                                     ref) from None
        for text in (received.shadow, received.text):
            if diffsync.utf16_length(text) > wire.MAX_PARAGRAPH_UNITS:
                raise wire.ProtocolError(wire.PARAGRAPH_TOO_LONG, f"paragraph {paragraph_id} "
                                         f"would exceed {wire.MAX_PARAGRAPH_UNITS} UTF-16 "
                                         "units", ref)
        if applied_before is not None and message.first_edit < applied_before:
            log.debug("room %s: %s %s: edits %d..%d of %d merged already, skipped (m %d)",
                      self.document_id, peer.client_id, paragraph_id, message.first_edit,
                      min(applied_before, message.first_edit + len(message.deltas)) - 1,
                      len(message.deltas), message.base_revision)
        taken = applied_before is None or message.first_edit >= applied_before
        conflicts = self.counts.merged(
            key, received.applied, taken,
            ({"text": c.inserted, "removed": c.removed, "context": c.context,
              "message": c.message} for c in received.conflicts))
        edit = patch = None
        if received.text != current:
            old_revision = live.revisions.revision
            revision = live.revisions.advance(received.text)
            edit = ParagraphEdit(paragraph_id, received.text, peer.name, peer.delegation,
                                 datetime.now(UTC))
            patch = wire.PatchItem(paragraph_id, old_revision, revision,
                                   diffsync.make_delta(current, received.text))
        # conflicts are sent again in every ack until the client has taken one
        reply = wire.Ack(paragraph_id, received.applied, message.base_revision,
                         live.revisions.revision,
                         diffsync.make_delta(received.shadow, received.text), ref,
                         tuple(conflicts or ()))
        count = received.applied if received.applied != applied_before else None
        return Merged(key, count, edit, patch, reply)
