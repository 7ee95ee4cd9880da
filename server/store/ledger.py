"""The store's foundation: transactions, and appending hash-chained events to a document's log.

Every write goes through ``_write()``: one transaction, ``BEGIN IMMEDIATE`` on SQLite and the
document row locked ``FOR UPDATE`` on PostgreSQL, so one document's log has one writer at a time
and ``seq`` numbers never collide. ``fields_of`` is the single definition of what each kind of
event hashes; writing and verifying both use it (negotiation.versions explains the chain).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from negotiation.versions import event_hash
from server.store.errors import DocumentNotFound, StoreError
from server.tables import (
    BracketEventRecord,
    DocumentRecord,
    RevisionEntryRecord,
    RevisionRecord,
    StatusChangeRecord,
    StructureChangeRecord,
    VersionRecord,
)

LogRecord = (VersionRecord | BracketEventRecord | StatusChangeRecord | StructureChangeRecord
             | RevisionRecord)

KIND_OF = {VersionRecord: "version", BracketEventRecord: "bracket_event",
           StatusChangeRecord: "status_change", StructureChangeRecord: "structure_change",
           RevisionRecord: "revision"}


def new_id() -> str:
    return uuid.uuid4().hex


def utc(at: datetime | None) -> datetime:
    """``at`` in UTC (now when None; a naive time is taken as UTC, as SQLite returns them)."""
    if at is None:
        return datetime.now(UTC)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def fields_of(record: LogRecord, *, parent_hash: str | None = None,
              entries: list[RevisionEntryRecord] | None = None) -> dict[str, object]:
    """What one event hashes (besides the previous hash). Versions add their parent's hash,
    revisions every entry, so that a changed entry breaks the revision's hash."""
    common: dict[str, object] = {"id": record.id, "document": record.document_id,
                                 "seq": record.seq, "at": utc(record.at)}
    if isinstance(record, VersionRecord):
        return {**common, "paragraph": record.paragraph_id, "parent": record.parent_id,
                "parent_hash": parent_hash, "text": record.text, "patch": record.patch,
                "author": record.author, "delegation": record.delegation}
    if isinstance(record, BracketEventRecord):
        return {**common, "paragraph": record.paragraph_id, "action": record.action,
                "bracket": record.bracket, "option": record.option, "author": record.author,
                "delegation": record.delegation, "reason": record.reason}
    if isinstance(record, StatusChangeRecord):
        return {**common, "paragraph": record.paragraph_id, "old_status": record.old_status,
                "new_status": record.new_status, "author": record.author,
                "delegation": record.delegation, "reason": record.reason}
    if isinstance(record, StructureChangeRecord):
        return {**common, "paragraph": record.paragraph_id, "action": record.action,
                "after": record.after_id, "author": record.author,
                "delegation": record.delegation}
    return {**common, "name": record.name, "author": record.author, "symbol": record.symbol,
            "title": record.title, "organ": record.organ, "note": record.note,
            "language": record.language, "extras": record.extras,
            "entries": [[e.paragraph_id, e.version_id, e.parent_id, e.section, e.kind,
                         e.position, e.label, e.intro, e.intro_style, e.status, e.details]
                        for e in sorted(entries or [], key=lambda e: e.paragraph_id)]}


class StoreBase:
    """Holds the engine; gives the other parts of the store their transactions."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._write_engine = engine.execution_options(plenary_write=True)

    @property
    def engine(self) -> Engine:
        return self._engine

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with _database_errors(), Session(self._engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with (_database_errors(),
              Session(self._write_engine, expire_on_commit=False) as session,
              session.begin()):
            yield session

    @staticmethod
    def _lock_document(session: Session, document_id: str) -> DocumentRecord:
        document = session.exec(select(DocumentRecord).where(
            DocumentRecord.id == document_id).with_for_update()).first()
        if document is None:
            raise DocumentNotFound(document_id)
        return document

    @staticmethod
    def _append(session: Session, document: DocumentRecord, record: LogRecord, *,
                parent_hash: str | None = None,
                entries: list[RevisionEntryRecord] | None = None) -> LogRecord:
        """Give ``record`` the document's next ``seq``, chain its hash, and add it."""
        record.document_id = document.id
        record.seq = document.head_seq + 1
        record.previous_hash = document.head_hash
        record.at = utc(record.at)
        record.hash = event_hash(KIND_OF[type(record)],
                                 fields_of(record, parent_hash=parent_hash, entries=entries),
                                 record.previous_hash)
        document.head_seq, document.head_hash = record.seq, record.hash
        document.updated_at = max(utc(document.updated_at), record.at)
        session.add(record)
        return record


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@contextmanager
def _database_errors() -> Iterator[None]:
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
