"""The store's foundation, ``Ledger``: transactions, and appending hash-chained events to a
document's log.

Every write goes through ``Ledger.write()``: one transaction, ``BEGIN IMMEDIATE`` on SQLite and the
document row locked ``FOR UPDATE`` on PostgreSQL, so one document's log has one writer at a time
and ``seq`` numbers never collide. Its first statement is ``Ledger.guard``, the fence check
(docs/fencing.md). ``fields_of`` is the single definition of what each kind of
event hashes; writing and verifying both use it (negotiation.chain explains the chain).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from negotiation.chain import event_hash
from negotiation.seals import Sealer
from server.store.errors import DocumentNotFound, HeadMoved, StoreError
from server.tables import (
    BracketEventRecord,
    CheckpointRecord,
    DocumentRecord,
    RevisionEntryRecord,
    RevisionRecord,
    StatusChangeRecord,
    StructureChangeRecord,
    VersionRecord,
)

LOG_KINDS = {"versions": "version", "bracket_events": "bracket_event",
             "status_changes": "status_change", "structure_changes": "structure_change",
             "revisions": "revision"}  # log table -> the kind of event it holds
LOG_TABLES = {"versions": VersionRecord, "bracket_events": BracketEventRecord,
              "status_changes": StatusChangeRecord, "structure_changes": StructureChangeRecord,
              "revisions": RevisionRecord, "revision_entries": RevisionEntryRecord,
              "checkpoints": CheckpointRecord}
ENTRY_FIELDS = ("paragraph_id", "version_id", "parent_id", "section", "kind", "position",
                "label", "intro", "intro_style", "status", "details")


def new_id() -> str:
    return uuid.uuid4().hex


def utc(at: datetime | None) -> datetime:
    """``at`` in UTC (now when None; a naive time is taken as UTC, as SQLite returns them)."""
    if at is None:
        return datetime.now(UTC)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def fields_of(table: str, row: Mapping[str, Any], *, parent_hash: str | None = None,
              entries: Sequence[Mapping[str, Any]] = ()) -> dict[str, object]:
    """What one event (a row of log table ``table``) hashes, besides the previous hash.
    Versions add their parent's hash, revisions every entry, so that a changed entry breaks
    the revision's hash."""
    common: dict[str, object] = {"id": row["id"], "document": row["document_id"],
                                 "seq": row["seq"], "at": utc(row["at"])}
    if table == "revisions":
        return {**common, **{k: row[k] for k in ("name", "author", "symbol", "title", "organ",
                                                  "note", "language", "extras")},
                "entries": [[e[k] for k in ENTRY_FIELDS]
                            for e in sorted(entries, key=lambda e: e["paragraph_id"])],
                **optional_fields(table, row)}
    own = {"versions": ("parent_id", "text", "patch"),
           "bracket_events": ("action", "bracket", "option", "reason"),
           "status_changes": ("old_status", "new_status", "reason"),
           "structure_changes": ("action", "after_id")}[table]
    fields = {**common, "paragraph": row["paragraph_id"], "author": row["author"],
              "delegation": row["delegation"], **{k: row[k] for k in own}}
    if table == "versions":
        fields["parent_hash"] = parent_hash
    return {**fields, **optional_fields(table, row)}


# Fields hashed only when present and not None, so that events written before they existed keep
# their hashes: ``layout`` (the paragraph layout after a layout-changing event, migration 0006),
# ``on_behalf_of`` (the group a bracket action was taken in the name of, migration 0010), and
# ``weave`` (a version's attribution digest, ``Weave.digest()``, once the store keeps one:
# add a ``weave`` column to ``versions`` and it is hashed here, nothing else to change).
OPTIONAL_FIELDS = {"versions": ("weave",), "status_changes": ("layout",),
                   "bracket_events": ("layout", "on_behalf_of"),
                   "structure_changes": ("layout",), "revisions": ("layout",)}


def optional_fields(table: str, row: Mapping[str, Any]) -> dict[str, object]:
    return {name: row[name] for name in OPTIONAL_FIELDS.get(table, ())
            if row.get(name) is not None}

# the fence statements of ``Ledger.guard``, built once: a live room runs one per group commit
_DOCUMENT = DocumentRecord.__table__
_MOVE_FENCE = update(DocumentRecord).where(_DOCUMENT.c.id == bindparam("document")).values(
    fence=_DOCUMENT.c.fence + 1)
_HOLD_FENCE = update(DocumentRecord).where(_DOCUMENT.c.id == bindparam("document"),
                                           _DOCUMENT.c.fence == bindparam("fence")).values(
    fence=_DOCUMENT.c.fence)
_FENCE = select(_DOCUMENT.c.fence).where(_DOCUMENT.c.id == bindparam("document"))


class Ledger:
    """The engine and its transactions, and the one way to add an event to a document's log.

    Every repository of the store holds the same Ledger and opens its transactions here.
    ``sealer`` (the server's integrity key, negotiation.seals) signs each new head; without
    one, heads are written unsigned and a verifier with the key reports them."""

    def __init__(self, engine: Engine, sealer: Sealer | None = None) -> None:
        self._engine = engine
        self._write_engine = engine.execution_options(plenary_write=True)
        self._sealer = sealer

    @property
    def sealer(self) -> Sealer | None:
        return self._sealer

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def write_engine(self) -> Engine:
        """The engine whose transactions take the write lock up front (server/db.py)."""
        return self._write_engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        with database_errors(), Session(self._engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with (database_errors(),
              Session(self._write_engine, expire_on_commit=False) as session,
              session.begin()):
            yield session
            self._flush_log(session)

    @staticmethod
    def lock_document(session: Session, document_id: str, fence: int | None = None
                      ) -> DocumentRecord:
        """The document's row, locked for this transaction (its log has one writer at a time),
        after ``guard`` let the write through (``fence``: see there)."""
        Ledger.guard(session.connection(), document_id, fence)
        document = session.exec(select(DocumentRecord).where(
            DocumentRecord.id == document_id).with_for_update()).first()
        if document is None:
            raise DocumentNotFound(document_id)
        return document

    @staticmethod
    def guard(connection: Connection, document_id: str, fence: int | None) -> int:
        """The fence check of every write, first in its transaction; returns the fence now.

        ``fence`` None (a writer that claimed nothing: the command line, a page): the write
        moves the document's fence, so the room that holds it writes nothing more until it
        has reloaded. ``fence`` given (a room's write): the document's row is set where its
        fence is still ``fence``, which takes the row's lock; no row means someone else
        wrote the document since the room claimed it: ``HeadMoved``, and the transaction
        writes nothing. One statement with its row count, on SQLite and PostgreSQL alike."""
        if fence is None:
            if connection.execute(_MOVE_FENCE, {"document": document_id}).rowcount == 1:
                return int(connection.execute(_FENCE, {"document": document_id}).scalar_one())
        elif connection.execute(_HOLD_FENCE, {"document": document_id, "fence": fence}
                                ).rowcount == 1:
            return fence
        now = connection.execute(_FENCE, {"document": document_id}).scalar()
        if now is None:
            raise DocumentNotFound(document_id)
        raise HeadMoved(document_id, fence if fence is not None else -1, int(now))

    def append(self, session: Session, document: DocumentRecord, table: str,
               row: dict[str, Any], *, parent_hash: str | None = None,
               entries: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
        """Give ``row`` the document's next ``seq``, chain its hash, and queue it for insert.

        Log rows are plain dicts inserted in one batch per table when the transaction ends
        (``_flush_log``): building ORM objects for thousands of versions costs more than the
        database does."""
        row.update(document_id=document.id, seq=document.head_seq + 1,
                   previous_hash=document.head_hash, at=utc(row["at"]))
        row["hash"] = event_hash(LOG_KINDS[table], fields_of(
            table, row, parent_hash=parent_hash, entries=entries), row["previous_hash"])
        document.head_seq, document.head_hash = row["seq"], row["hash"]
        document.head_signature = self.sign_head(document.id, row["seq"], row["hash"])
        document.updated_at = max(utc(document.updated_at), row["at"])
        session.add(document)
        Ledger.queue(session, table, [row])
        return row

    def sign_head(self, document_id: str, seq: int, head_hash: str) -> str | None:
        return self._sealer.head(document_id, seq, head_hash) if self._sealer else None

    @staticmethod
    def queue(session: Session, table: str, rows: list[dict[str, Any]]) -> None:
        """Queue rows of a log table (``LOG_TABLES``) for insert when the transaction ends."""
        session.info.setdefault("log_rows", {}).setdefault(table, []).extend(rows)

    @staticmethod
    def _flush_log(session: Session) -> None:
        """Insert the queued log rows, after the paragraphs they refer to, in FK order."""
        session.flush()
        queued = session.info.pop("log_rows", {})
        for table, model in LOG_TABLES.items():
            if queued.get(table):
                session.connection().execute(insert(model.__table__), queued[table])


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@contextmanager
def database_errors() -> Iterator[None]:
    """Database failures become one-line StoreErrors (our own StoreErrors pass through)."""
    try:
        yield
    except StoreError:
        raise
    except IntegrityError as error:
        raise StoreError(f"the database refused the change: {_first_line(error)}") from error
    except OperationalError as error:
        raise StoreError(f"database error: {_first_line(error)}") from error


def _first_line(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]
