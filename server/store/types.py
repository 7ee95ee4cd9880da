"""What the store hands in and out besides negotiation.model objects: small frozen dataclasses.

Times are timezone-aware (UTC). Ids are strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from negotiation.history import BracketLife, EventFact, HistoryEntry, PathStep
from negotiation.model import Document
from negotiation.weave_snapshot import WeaveSnapshot


@dataclass(frozen=True)
class ParagraphEdit:
    """A paragraph's new working text, as acknowledged to its author (``Store.record_edits``)."""

    paragraph_id: str
    text: str
    author: str
    delegation: str | None = None
    at: datetime | None = None
    # the paragraph's Weave.to_json(), as of its version ``weave_version``, when the room
    # stores the whole weave again (server/store/attribution.py); None: left as it is
    weave: str | None = None
    weave_version: str | None = None
    # the edits made to the stored weave since then, giving this text's attribution
    # (negotiation.weave_edits, ``edits_json``); None: unknown (the weave is read without)
    weave_edits: str | None = None
    # the whole weave to store, not written out yet: the store's writer makes ``weave`` of
    # it (``resolved``), off a live room's event loop (negotiation/weave_snapshot.py)
    weave_snapshot: WeaveSnapshot | None = None

    def resolved(self) -> ParagraphEdit:
        """This edit with its weave written out."""
        if self.weave_snapshot is None:
            return self
        return replace(self, weave=self.weave_snapshot.to_json(), weave_snapshot=None)


@dataclass(frozen=True)
class SealedVersion:
    """A version the room sealed (``Weave.seal``): only ``author``'s own changes, under the id
    the room gave it, appended by ``Store.record_edits`` with the batch it belongs to."""

    paragraph_id: str
    version_id: str
    text: str
    author: str
    delegation: str | None
    at: datetime
    # digest of the attribution it seals (negotiation.weave_replay.sealed_digest), hashed
    # with the version (server/store/ledger.py)
    weave: str | None = None
    # the weave right after the seal, its digest not made yet: the store's writer makes
    # ``weave`` of it (``resolved``), off a live room's event loop
    sealed: WeaveSnapshot | None = None

    def resolved(self) -> SealedVersion:
        """This version with its digest made."""
        if self.sealed is None:
            return self
        return replace(self, weave=self.sealed.sealed_digest(), sealed=None)


@dataclass(frozen=True)
class ClientProgress:
    """How many of one client's edits of one paragraph the room has merged (``applied``: the
    number the client's next new edit carries). Written by ``Store.record_edits`` in the same
    transaction as the texts those edits made, so after a restart a resent edit that was
    already merged is recognised and not merged twice. ``ClientProgress("4f1c0e9a2b7d4c11",
    "op-3", 8)``: that client's edits 0..7 of op-3 are in the stored text."""

    client_id: str
    paragraph_id: str
    applied: int


@dataclass(frozen=True)
class Claim:
    """A document as a room takes it (``Store.claim_document``): its current text, and the
    fence every write of the room then carries (server/store/ledger.py, ``Ledger.guard``)."""

    document: Document
    fence: int


@dataclass(frozen=True)
class VersionInfo:
    id: str
    document_id: str
    paragraph_id: str
    seq: int  # position in the document's event log
    parent_id: str | None
    hash: str
    at: datetime
    created: bool = True  # False when the text equalled the latest version (nothing appended)


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    symbol: str | None
    title: str | None
    revisions: int
    updated: datetime


@dataclass(frozen=True)
class RevisionSummary:
    document_id: str
    name: str
    at: datetime
    author: str
    paragraphs: int  # paragraphs the revision holds
    brackets: int  # open brackets, as negotiation.brackets.document_brackets counts them
    changed: int = 0  # paragraphs whose version differs from the previous revision's
    new: int = 0  # paragraphs not in the previous revision
    dropped: int = 0  # paragraphs of the previous revision not in this one
    alignment: dict[str, int] = field(default_factory=dict)  # import_revision: kind -> count


@dataclass(frozen=True)
class ParagraphHistory:
    document_id: str
    paragraph_id: str
    label: str | None
    section: str
    status: str
    deleted: bool
    entries: list[HistoryEntry]  # versions in order, with diff, events before, bracket count
    events_after: list[EventFact]  # events after the last version


@dataclass(frozen=True)
class ParagraphPath:
    document_id: str
    paragraph_id: str
    label: str | None
    status: str
    deleted: bool
    steps: list[PathStep]  # one per revision of the document, in order
    brackets: list[BracketLife]  # each bracket: who introduced it, who resolved it
    final_text: str | None


@dataclass(frozen=True)
class ParagraphPathRow:
    paragraph_id: str
    label: str | None
    section: str
    changes: int  # versions after the first
    last_changed: datetime | None
    status: str
    deleted: bool
    brackets: int  # open brackets in the current text


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    first_mismatch: str | None  # "version 9f1c... (event 17): its stored hash does not match ..."
    documents: int = 0
    events: int = 0
    document_id: str | None = None  # the document holding the first mismatch
    # every problem found in that document, first_mismatch first: "document D: paragraph op1,
    # working_text: differs from its last version and its seal does not verify (...)"
    problems: list[str] = field(default_factory=list)
    signatures_checked: bool = False  # False: no integrity key, seals and signatures unchecked
