"""The database tables (SQLModel). Named ``...Record`` so they never clash with domain names;
only server/store reads and writes them, and it hands out negotiation.model objects instead.

Two kinds of table:

* *State*, updated in place: ``DocumentRecord`` (metadata, the head of its event log, and
  the fence of its writers, docs/fencing.md),
  ``ParagraphRecord`` (order, parent, label, status, deleted flag, and the working text the room
  writes on every acknowledged edit), ``ParagraphWeaveRecord`` (who wrote each character of that
  text), ``ClientProgressRecord`` (each live client's count of
  merged edits, written with that text), ``DelegationRecord``, ``UserRecord``.
* *The log*, append-only and hash-chained (negotiation.chain): ``VersionRecord``,
  ``BracketEventRecord``, ``StatusChangeRecord``, ``StructureChangeRecord``, ``RevisionRecord``
  with its ``RevisionEntryRecord`` rows. Every log row has the document's ``seq`` (1, 2, ...,
  shared by all log tables of one document), ``previous_hash`` and ``hash``. On SQLite and
  PostgreSQL a trigger refuses UPDATE and DELETE on these tables (migration 0002), and on
  ``CheckpointRecord`` (signed heads, migration 0006).

The state is not trusted: ``negotiation verify`` checks it against the log, and the head,
working texts and client counts carry HMACs under a key kept outside the database
(docs/integrity.md).

A revision is one ``RevisionRecord`` plus one ``RevisionEntryRecord`` per paragraph it holds,
naming the version of that paragraph and where it stood (section, parent, position, label), so a
past revision is rebuilt with one query, whatever happened since. JSON columns (``details``,
``extras``) hold what is carried along but not queried, e.g.
``{"proposed_by": "Belize", "proposals": [], "requested_by": ["Venezuela"], ...}``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKeyConstraint,
    Index,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

HASH_LENGTH = 64  # hex sha256
ID_LENGTH = 64


def _time(nullable: bool = False):
    return Field(sa_type=DateTime(timezone=True), nullable=nullable)


class DocumentRecord(SQLModel, table=True):
    __tablename__ = "documents"

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    symbol: str | None = None
    title: str | None = Field(default=None, sa_type=Text)
    organ: str | None = None
    note: str | None = Field(default=None, sa_type=Text)
    language: str = "en"
    extras: str = Field(default="{}", sa_type=Text)  # JSON: footnotes, artifacts
    created_at: datetime = _time()
    updated_at: datetime = _time()
    head_seq: int = 0  # seq of the last event of this document's log
    head_hash: str = Field(max_length=HASH_LENGTH)  # hash of that event (GENESIS when none)
    # the fencing token of the document's writers (migration 0004, docs/fencing.md): a room's
    # writes hold the value it claimed; every other write moves it
    fence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # HMAC of (id, head_seq, head_hash) under the integrity key (negotiation.seals): a head
    # rewritten by someone without the key does not carry a valid one (migration 0006)
    head_signature: str | None = Field(default=None, max_length=HASH_LENGTH)


class ParagraphRecord(SQLModel, table=True):
    __tablename__ = "paragraphs"

    document_id: str = Field(primary_key=True, foreign_key="documents.id",
                             max_length=ID_LENGTH)
    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    parent_id: str | None = Field(default=None, max_length=ID_LENGTH)
    section: str  # negotiation.model.Section value
    kind: str  # negotiation.model.ParagraphKind value
    position: int  # among its siblings (same section and parent), from 0
    label: str | None = None
    intro: str | None = None
    intro_style: str | None = None
    status: str = "open"
    deleted: bool = False  # dropped paragraphs are marked, never removed
    details: str = Field(default="{}", sa_type=Text)  # JSON, see the module docstring
    working_text: str = Field(default="", sa_type=Text)  # latest acknowledged text
    working_author: str | None = None
    working_delegation: str | None = None
    working_at: datetime | None = _time(nullable=True)
    head_version_id: str | None = Field(default=None, max_length=ID_LENGTH)
    # HMAC of the working text, its author, delegation and time under the integrity key: text
    # typed since the last version is vouched for by the key, not by the row (migration 0006)
    working_seal: str | None = Field(default=None, max_length=HASH_LENGTH)
    # the edits made to the stored weave since it was stored, with their authors
    # (negotiation.weave_edits), for this working text; covered by the working seal (0009)
    working_ops: str | None = Field(default=None, sa_type=Text)


class ClientProgressRecord(SQLModel, table=True):
    """State: how many of one live client's edits of one paragraph are merged into the stored
    working text (``applied``: edits 0..applied-1), written with that text in one transaction
    (``Store.record_edits``), so a resent edit is not merged twice after a restart. One row per
    (document, client id of the protocol's hello, paragraph), updated in place; e.g.
    ``("7e0c2b1d9f3a4c55", "4f1c0e9a2b7d4c11", "op-3", 8)`` (migration 0003)."""

    __tablename__ = "client_progress"

    document_id: str = Field(primary_key=True, foreign_key="documents.id",
                             max_length=ID_LENGTH)
    client_id: str = Field(primary_key=True, max_length=ID_LENGTH)
    paragraph_id: str = Field(primary_key=True, max_length=ID_LENGTH)
    applied: int
    seal: str | None = Field(default=None, max_length=HASH_LENGTH)  # HMAC of the row (0006)


class ParagraphWeaveRecord(SQLModel, table=True):
    """State: who wrote each character of a paragraph (``negotiation.authorship.Weave``, its
    canonical JSON), as of version ``version_id`` (the paragraph's latest version when it was
    written; None before any). The live room writes it when it seals a version there (or
    after many edits), in the same transaction as the versions it seals, and the edits since
    with every working text (``ParagraphRecord.working_ops``); versions stored after
    ``version_id`` by other writers are replayed onto it when it is read
    (server/store/attribution.py, migrations 0005 and 0009). Its versioned part must give the
    digest ``version_id`` records (``negotiation verify``)."""

    __tablename__ = "paragraph_weaves"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "paragraph_id"],
                             ["paragraphs.document_id", "paragraphs.id"]),
    )

    document_id: str = Field(primary_key=True, max_length=ID_LENGTH)
    paragraph_id: str = Field(primary_key=True, max_length=ID_LENGTH)
    version_id: str | None = Field(default=None, max_length=ID_LENGTH)
    weave: str = Field(sa_type=Text)


class VersionRecord(SQLModel, table=True):
    __tablename__ = "versions"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "paragraph_id"],
                             ["paragraphs.document_id", "paragraphs.id"]),
        UniqueConstraint("document_id", "seq"),
        Index("ix_versions_paragraph", "document_id", "paragraph_id", "seq"),
    )

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    document_id: str = Field(foreign_key="documents.id", max_length=ID_LENGTH)
    paragraph_id: str = Field(max_length=ID_LENGTH)
    seq: int
    parent_id: str | None = Field(default=None, foreign_key="versions.id",
                                  max_length=ID_LENGTH)
    text: str = Field(sa_type=Text)
    patch: str = Field(default="", sa_type=Text)  # diff-match-patch patch from the parent
    author: str
    delegation: str | None = None
    at: datetime = _time()
    previous_hash: str = Field(max_length=HASH_LENGTH)
    hash: str = Field(max_length=HASH_LENGTH)
    # digest of the paragraph's attribution as sealed with this version, hashed with it
    # (negotiation.weave_replay.sealed_digest); None: not recorded (migration 0009)
    weave: str | None = Field(default=None, max_length=HASH_LENGTH)


class DelegationRecord(SQLModel, table=True):
    __tablename__ = "delegations"

    name: str = Field(primary_key=True)  # canonical name, "Venezuela"
    code: str | None = None  # ISO 3166 alpha-3 when known
    member: bool = True  # an OAS member state (seed data) or one added later


class UserRecord(SQLModel, table=True):
    """A person who logs in (migration 0004): ``login`` is e-mail-like, ``password_hash`` an
    argon2 hash only (server/auth/passwords.py); ``secretariat`` may create negotiations."""

    __tablename__ = "users"

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    name: str
    delegation: str | None = Field(default=None, foreign_key="delegations.name")
    created_at: datetime = _time()
    login: str | None = Field(default=None, unique=True, index=True, max_length=254)
    password_hash: str | None = Field(default=None, sa_type=Text)
    secretariat: bool = False


class BracketEventRecord(SQLModel, table=True):
    """A bracket raised, an option added, a delegation joined or withdrew, or it was resolved."""

    __tablename__ = "bracket_events"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "paragraph_id"],
                             ["paragraphs.document_id", "paragraphs.id"]),
        UniqueConstraint("document_id", "seq"),
        Index("ix_bracket_events_paragraph", "document_id", "paragraph_id", "seq"),
    )

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    document_id: str = Field(foreign_key="documents.id", max_length=ID_LENGTH)
    paragraph_id: str = Field(max_length=ID_LENGTH)
    seq: int
    action: str  # "raised" | "option added" | "joined" | "withdrawn" | "resolved"
    bracket: str = Field(sa_type=Text)  # the bracket as written, "[shall][should]"
    option: str | None = Field(default=None, sa_type=Text)
    author: str
    delegation: str | None = None
    reason: str | None = Field(default=None, sa_type=Text)
    at: datetime = _time()
    # the document's paragraph layout after this event (holds and proposals live in the
    # paragraph's details), hashed with it; None on events written before migration 0008
    layout: str | None = Field(default=None, sa_type=Text)
    # the negotiating group the author acted in the name of (None: their own delegation,
    # ``delegation``), hashed with the event when set (migration 0010)
    on_behalf_of: str | None = Field(default=None, max_length=80)
    previous_hash: str = Field(max_length=HASH_LENGTH)
    hash: str = Field(max_length=HASH_LENGTH)


class StatusChangeRecord(SQLModel, table=True):
    __tablename__ = "status_changes"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "paragraph_id"],
                             ["paragraphs.document_id", "paragraphs.id"]),
        UniqueConstraint("document_id", "seq"),
        Index("ix_status_changes_paragraph", "document_id", "paragraph_id", "seq"),
    )

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    document_id: str = Field(foreign_key="documents.id", max_length=ID_LENGTH)
    paragraph_id: str = Field(max_length=ID_LENGTH)
    seq: int
    old_status: str
    new_status: str
    author: str
    delegation: str | None = None
    reason: str | None = Field(default=None, sa_type=Text)
    at: datetime = _time()
    # the whole document's paragraph layout after this event (negotiation.chain_state
    # .layout_json), hashed with it; None on events written before migration 0006 and on the
    # events of an import, whose revision records it
    layout: str | None = Field(default=None, sa_type=Text)
    previous_hash: str = Field(max_length=HASH_LENGTH)
    hash: str = Field(max_length=HASH_LENGTH)


class StructureChangeRecord(SQLModel, table=True):
    """A paragraph inserted, deleted (marked), restored or moved."""

    __tablename__ = "structure_changes"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "paragraph_id"],
                             ["paragraphs.document_id", "paragraphs.id"]),
        UniqueConstraint("document_id", "seq"),
        Index("ix_structure_changes_paragraph", "document_id", "paragraph_id", "seq"),
    )

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    document_id: str = Field(foreign_key="documents.id", max_length=ID_LENGTH)
    paragraph_id: str = Field(max_length=ID_LENGTH)
    seq: int
    action: str  # "inserted" | "deleted" | "restored" | "moved"
    after_id: str | None = Field(default=None, max_length=ID_LENGTH)
    author: str
    delegation: str | None = None
    at: datetime = _time()
    # the whole document's paragraph layout after this event (negotiation.chain_state
    # .layout_json), hashed with it; None on events written before migration 0006 and on the
    # events of an import, whose revision records it
    layout: str | None = Field(default=None, sa_type=Text)
    previous_hash: str = Field(max_length=HASH_LENGTH)
    hash: str = Field(max_length=HASH_LENGTH)


class RevisionRecord(SQLModel, table=True):
    """A named snapshot of the whole document: "Draft", "Rev.1", "Rev.2", "Adopted"."""

    __tablename__ = "revisions"
    __table_args__ = (
        UniqueConstraint("document_id", "name"),
        UniqueConstraint("document_id", "seq"),
    )

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    document_id: str = Field(foreign_key="documents.id", max_length=ID_LENGTH)
    seq: int
    name: str
    author: str
    at: datetime = _time()
    symbol: str | None = None
    title: str | None = Field(default=None, sa_type=Text)
    organ: str | None = None
    note: str | None = Field(default=None, sa_type=Text)
    language: str = "en"
    extras: str = Field(default="{}", sa_type=Text)
    # the whole document's paragraph layout after this event (negotiation.chain_state
    # .layout_json), hashed with it; None on events written before migration 0006 and on the
    # events of an import, whose revision records it
    layout: str | None = Field(default=None, sa_type=Text)
    previous_hash: str = Field(max_length=HASH_LENGTH)
    hash: str = Field(max_length=HASH_LENGTH)


class RevisionEntryRecord(SQLModel, table=True):
    """One paragraph of a revision: which version, and where it stood at that point."""

    __tablename__ = "revision_entries"

    revision_id: str = Field(primary_key=True, foreign_key="revisions.id",
                             max_length=ID_LENGTH)
    paragraph_id: str = Field(primary_key=True, max_length=ID_LENGTH)
    version_id: str = Field(foreign_key="versions.id", max_length=ID_LENGTH)
    parent_id: str | None = Field(default=None, max_length=ID_LENGTH)
    section: str
    kind: str
    position: int
    label: str | None = None
    intro: str | None = None
    intro_style: str | None = None
    status: str = "open"
    details: str = Field(default="{}", sa_type=Text)


class CheckpointRecord(SQLModel, table=True):
    """A document's head at one moment, signed with the integrity key (``negotiation
    checkpoint``); verify checks the signature and that the chain still holds that hash at
    that seq. Append-only like the log (migration 0006)."""

    __tablename__ = "checkpoints"
    __table_args__ = (Index("ix_checkpoints_document", "document_id", "seq"),)

    id: str = Field(primary_key=True, max_length=ID_LENGTH)
    document_id: str = Field(foreign_key="documents.id", max_length=ID_LENGTH)
    seq: int
    hash: str = Field(max_length=HASH_LENGTH)
    at: datetime = _time()
    signature: str | None = Field(default=None, max_length=HASH_LENGTH)


LOG_TABLES = ("versions", "bracket_events", "status_changes", "structure_changes", "revisions",
              "revision_entries", "checkpoints")  # append-only: never updated, never deleted

from server.people.tables import (  # noqa: E402  (registers the account tables too)
    InvitationRecord,
    MembershipRecord,
    NegotiationDocumentRecord,
    NegotiationRecord,
    SessionRecord,
)

ACCOUNT_TABLES = (NegotiationRecord, NegotiationDocumentRecord, MembershipRecord,
                  InvitationRecord, SessionRecord)
