"""``ParagraphLog``: each paragraph's working text, its append-only versions, and each live
client's progress.

Two kinds of write, on purpose:

* ``record_edits`` stores a paragraph's latest acknowledged *working text* (mutable column,
  one transaction per batch: group commit). Cheap, durable, not a version.
* ``append_version`` appends a hash-chained *version* (never updated, never deleted); the room
  calls it after a pause in one person's typing, so the history stays readable.

The live room seals a version when one person's burst of typing ends (only that person's own
changes, ``negotiation.authorship.Weave.seal``) and hands it to ``record_edits`` with the next
batch, with each changed paragraph's weave: texts, versions and attribution are committed
together (server/store/attribution.py).

``recover_unversioned`` turns working text left ahead of its last version (a crash between the
two) into versions: one per author, from the stored weave, when it holds exactly that text;
but only text the integrity key vouches for: every working text is written with its
*working seal* (an HMAC of text, author, delegation and time, negotiation.seals), and a
working text whose seal does not verify is refused (``TamperedText``), never laundered
into a properly hashed version.
``new_version`` is how every other repository appends a version.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.expression import Executable
from sqlmodel import Session, col, select, update

from negotiation.sync.textdiff import make_patch
from negotiation.weave_replay import sealed_digest
from server.store.attribution import AttributionRepository, WeaveRow
from server.store.documents import DocumentRepository
from server.store.errors import DocumentNotFound, ParagraphNotFound, TamperedText
from server.store.ledger import Ledger, database_errors, new_id, utc
from server.store.types import Claim, ClientProgress, ParagraphEdit, SealedVersion, VersionInfo
from server.store.working_seal import unvouched, working_row, working_seal
from server.tables import (
    ClientProgressRecord,
    DocumentRecord,
    ParagraphRecord,
    VersionRecord,
)


@functools.cache
def _upsert_progress(dialect: str) -> Executable:
    """The upsert of one client's count (on conflict, ``applied`` and its seal are replaced;
    SQLite and PostgreSQL), executed with one parameter set per count: one statement,
    compiled once. client_progress is state, not the append-only log."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ClientProgressRecord)
    return statement.on_conflict_do_update(
        index_elements=["document_id", "client_id", "paragraph_id"],
        set_={"applied": statement.excluded.applied, "seal": statement.excluded.seal})


def _check_paragraphs(connection: Connection, document_id: str,
                      edits: Sequence[ParagraphEdit]) -> None:
    """``DocumentNotFound`` or ``ParagraphNotFound`` for the first edit naming what is not
    there (the transaction is then rolled back: nothing of the batch is written)."""
    if connection.execute(select(DocumentRecord.id).where(
            DocumentRecord.id == document_id)).first() is None:
        raise DocumentNotFound(document_id)
    found = set(connection.execute(select(ParagraphRecord.id).where(
        ParagraphRecord.document_id == document_id,
        col(ParagraphRecord.id).in_({edit.paragraph_id for edit in edits}))).scalars())
    for edit in edits:
        if edit.paragraph_id not in found:
            raise ParagraphNotFound(document_id, edit.paragraph_id)


# one paragraph's working text; executed with one parameter set per edit (executemany)
_SET_WORKING_TEXT = update(ParagraphRecord).where(
    col(ParagraphRecord.document_id) == bindparam("document"),
    col(ParagraphRecord.id) == bindparam("paragraph"),
).values(working_text=bindparam("working_text"), working_author=bindparam("working_author"),
         working_delegation=bindparam("working_delegation"),
         working_at=bindparam("working_at"), working_seal=bindparam("working_seal"),
         working_ops=bindparam("working_ops"))


class ParagraphLog:
    def __init__(self, ledger: Ledger, documents: DocumentRepository,
                 attribution: AttributionRepository) -> None:
        self._ledger = ledger
        self._documents = documents
        self._attribution = attribution

    def record_edits(self, document_id: str, edits: Sequence[ParagraphEdit],
                     progress: Sequence[ClientProgress] = (),
                     versions: Sequence[SealedVersion] = (), *,
                     fence: int | None = None) -> None:
        """Store each edit's text as its paragraph's working text (and its weave, when it
        carries one), each client's count of merged edits (``progress``, one upsert for the
        batch) and the sealed ``versions``, in order; all in ONE transaction, durable when
        this returns. A batch naming an unknown paragraph is refused whole; a batch whose
        ``fence`` is no longer the document's writes nothing (``HeadMoved``,
        ``Ledger.guard``)."""
        if not edits and not progress and not versions:
            return
        edits = [edit.resolved() for edit in edits]  # weaves written out here, in the writer
        versions = [version.resolved() for version in versions]
        if versions:
            with self._ledger.write() as session:
                document = self._ledger.lock_document(session, document_id, fence)
                self._append_sealed(session, document, versions)
                session.flush()  # the versions' rows first
                self._write_batch(session.connection(), document_id, edits, progress)
            return
        # SQLAlchemy Core, not the ORM: this runs for every group commit of a live room, in
        # a thread of the event loop's process, and ORM work there holds the GIL the loop
        # needs to send frames (measured: bench/load.py, see bench/README.md).
        with database_errors(), self._ledger.write_engine.begin() as connection:
            self._ledger.guard(connection, document_id, fence)
            self._write_batch(connection, document_id, edits, progress)

    def _write_batch(self, connection: Connection, document_id: str,
                     edits: Sequence[ParagraphEdit], progress: Sequence[ClientProgress]
                     ) -> None:
        if edits:
            rows = [working_row(self._ledger.sealer, document_id, edit) for edit in edits]
            result = connection.execute(_SET_WORKING_TEXT, rows)
            # every row updated is the common case, read off the row count; when the
            # driver cannot count an executemany, or a row missed, look up which
            if not (connection.dialect.supports_sane_multi_rowcount
                    and result.rowcount == len(rows)):
                _check_paragraphs(connection, document_id, edits)
        else:
            _check_paragraphs(connection, document_id, edits)
        if progress:
            last = {(p.client_id, p.paragraph_id): p.applied for p in progress}  # latest
            sealer = self._ledger.sealer
            connection.execute(_upsert_progress(connection.dialect.name), [
                {"document_id": document_id, "client_id": client_id,
                 "paragraph_id": paragraph_id, "applied": applied,
                 "seal": sealer.progress(document_id, client_id, paragraph_id, applied)
                 if sealer else None}
                for (client_id, paragraph_id), applied in last.items()])
        self._attribution.save(connection, document_id, [
            WeaveRow(edit.paragraph_id, edit.weave, edit.weave_version)
            for edit in edits if edit.weave is not None])

    def _append_sealed(self, session: Session, document: DocumentRecord,
                       versions: Sequence[SealedVersion]) -> None:
        records = {r.id: r for r in session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document.id,
            col(ParagraphRecord.id).in_({v.paragraph_id for v in versions}))).all()}
        self.preload_versions(session, [r.head_version_id for r in records.values()])
        with session.no_autoflush:
            for version in versions:
                if version.paragraph_id not in records:
                    raise ParagraphNotFound(document.id, version.paragraph_id)
                # forced: a version may give words back their author without changing the
                # text, and the weave names it; a sealed version lags the working text
                # (others' words are still pending), which the edits of the batch set
                self.new_version(session, document, records[version.paragraph_id],
                                 version.text, author=version.author,
                                 delegation=version.delegation, at=utc(version.at),
                                 force=True, working=False, version_id=version.version_id,
                                 weave=version.weave)

    def client_progress(self, document_id: str, client_id: str) -> dict[str, int]:
        """How many of ``client_id``'s edits are merged, by paragraph id (as ``record_edits``
        last stored them); empty for a client never seen."""
        with self._ledger.read() as session:
            rows = session.exec(select(ClientProgressRecord.paragraph_id,
                                       ClientProgressRecord.applied).where(
                ClientProgressRecord.document_id == document_id,
                ClientProgressRecord.client_id == client_id)).all()
        return dict(rows)

    def append_version(self, document_id: str, paragraph_id: str, text: str, *, author: str,
                       delegation: str | None, at: datetime | None = None,
                       fence: int | None = None) -> VersionInfo:
        """Append a version of one paragraph (nothing is appended when ``text`` equals the
        latest version: the latest is returned with ``created=False``). With ``fence`` (a
        room's version) the working text is left alone: the room's group commits own it."""
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            record = self._documents.paragraph(session, document_id, paragraph_id)
            return self.new_version(session, document, record, text, author=author,
                                    delegation=delegation, at=utc(at),
                                    working=fence is None)

    def append_versions(self, document_id: str, edits: Sequence[ParagraphEdit], *,
                        fence: int | None = None) -> list[VersionInfo]:
        """Several versions in one transaction, in order (bulk loads, a room's flush);
        ``fence`` as for ``append_version``."""
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id, fence)
            records = {r.id: r for r in session.exec(select(ParagraphRecord).where(
                ParagraphRecord.document_id == document_id,
                col(ParagraphRecord.id).in_({e.paragraph_id for e in edits}))).all()}
            self.preload_versions(session, [r.head_version_id for r in records.values()])
            infos = []
            with session.no_autoflush:  # one flush at the end, not one per version
                for edit in edits:
                    if edit.paragraph_id not in records:
                        raise ParagraphNotFound(document_id, edit.paragraph_id)
                    infos.append(self.new_version(
                        session, document, records[edit.paragraph_id], edit.text,
                        author=edit.author, delegation=edit.delegation, at=utc(edit.at),
                        working=fence is None))
            return infos

    def recover_unversioned(self, document_id: str) -> int:
        """Version every live paragraph whose working text differs from its latest version.
        Returns how many versions were appended."""
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id)
            return self.version_working_text(session, document)

    def claim_document(self, document_id: str) -> Claim:
        """Take the document for a room: in ONE transaction, move its fence (any writer
        holding the previous one writes nothing more), version working text left ahead of
        its last version (a crash between the two), and read the current text."""
        with self._ledger.write() as session:
            document = self._ledger.lock_document(session, document_id)
            self.version_working_text(session, document)
            session.flush()
            return Claim(self._documents.current_document(session, document_id),
                         document.fence)

    def document_fence(self, document_id: str) -> int:
        """The document's fence now (one indexed read: what a room polls)."""
        table = DocumentRecord.__table__
        with self._ledger.read() as session:
            fence = session.connection().execute(select(table.c.fence).where(
                table.c.id == document_id)).scalar()
        if fence is None:
            raise DocumentNotFound(document_id)
        return int(fence)

    # ------------------------------------------------- for the other repositories, in a session

    def new_version(self, session: Session, document: DocumentRecord,
                    record: ParagraphRecord, text: str, *, author: str,
                    delegation: str | None, at: datetime, force: bool = False,
                    working: bool = True, version_id: str | None = None,
                    supersede: bool = False, weave: str | None = None) -> VersionInfo:
        """Append a version of ``record`` made from its latest one (or return the latest,
        ``created=False``, when ``text`` equals it and ``force`` is not set); ``working``:
        it also becomes the working text (unless that is newer); ``supersede``: it becomes
        the working text whatever the times (a revision's import: it holds the document's
        lock and versioned the working text first, so nothing stored is newer, even when a
        clock says so; the room that held the text reloads it); ``version_id``: the id to
        give it (a new one when None); ``weave``: the digest of the attribution it seals
        (``sealed_digest``), hashed with it."""
        parent = self.version_row(session, record.head_version_id)
        if parent is not None and parent["text"] == text and not force:
            return VersionInfo(parent["id"], parent["document_id"], parent["paragraph_id"],
                               parent["seq"], parent["parent_id"], parent["hash"],
                               utc(parent["at"]), created=False)
        version = self._ledger.append(session, document, "versions", {
            "id": version_id or new_id(), "paragraph_id": record.id,
            "parent_id": parent["id"] if parent else None, "text": text,
            "patch": make_patch(parent["text"] if parent else "", text), "author": author,
            "delegation": delegation, "at": at, "weave": weave},
            parent_hash=parent["hash"] if parent else None)
        session.info.setdefault("known_versions", {})[version["id"]] = version
        record.head_version_id = version["id"]
        if supersede or (working and (record.working_at is None
                                      or utc(record.working_at) <= at)):
            record.working_text, record.working_at = text, at
            record.working_author, record.working_delegation = author, delegation
            record.working_ops = None  # the weave read back is this version's
            record.working_seal = working_seal(self._ledger.sealer, document.id, record.id,
                                               text, author, delegation, at)
        session.add(record)
        return VersionInfo(version["id"], document.id, record.id, version["seq"],
                           version["parent_id"], version["hash"], at)

    @staticmethod
    def version_row(session: Session, version_id: str | None) -> dict | None:
        """A version as a dict: appended or preloaded in this transaction, or from the table."""
        if version_id is None:
            return None
        pending = session.info.get("known_versions", {})
        if version_id in pending:
            return pending[version_id]
        table = VersionRecord.__table__
        row = session.connection().execute(
            select(table).where(table.c.id == version_id)).mappings().first()
        return dict(row) if row is not None else None

    @staticmethod
    def preload_versions(session: Session, version_ids: list[str | None]) -> None:
        """Fetch these versions in one query for ``version_row`` (a batch's parents)."""
        table = VersionRecord.__table__
        wanted = [v for v in version_ids if v]
        known = session.info.setdefault("known_versions", {})
        for start in range(0, len(wanted), 500):
            for row in session.connection().execute(select(table).where(
                    table.c.id.in_(wanted[start:start + 500]))).mappings():
                known.setdefault(row["id"], dict(row))

    def version_working_text(self, session: Session, document: DocumentRecord) -> int:
        """Version every live paragraph whose working text is ahead of its latest version;
        returns how many were appended."""
        records = session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document.id,
            col(ParagraphRecord.deleted).is_(False))).all()
        table = VersionRecord.__table__
        heads = dict(session.connection().execute(select(table.c.id, table.c.text).where(
            table.c.id.in_([r.head_version_id for r in records if r.head_version_id]))).all())
        heads.update({vid: v["text"] for vid, v in session.info.get("known_versions", {}).items()})
        stale = [r for r in records if not (r.head_version_id and heads.get(
            r.head_version_id) == r.working_text)]
        refused = [problem for record in stale
                   for problem in [unvouched(self._ledger.sealer, document.id, record)]
                   if problem]
        if refused:
            raise TamperedText(document.id, refused)
        weaves = self._attribution.weaves(session, document.id, [r.id for r in stale]) \
            if stale else {}
        appended, rows = 0, []
        for record in stale:
            weave = weaves[record.id].weave
            at = utc(record.working_at)
            if record.head_version_id and weave.text == record.working_text \
                    and weave.pending_authors():
                # the room's weave holds exactly this text: one version per author, in the
                # order of their first change (as Weave.seal_all), each with its digest
                while authors := weave.pending_authors():
                    for author in authors:
                        sealed = weave.seal(author, new_id())
                        if sealed is None:
                            continue
                        self.new_version(session, document, record, sealed.text,
                                         author=author.name, delegation=author.delegation,
                                         at=at, force=True, version_id=sealed.version_id,
                                         weave=sealed_digest(weave))
                        appended += 1
                rows.append(WeaveRow(record.id, weave.to_json(), record.head_version_id))
                continue
            self.new_version(session, document, record, record.working_text,
                             author=record.working_author or "unknown",
                             delegation=record.working_delegation,
                             at=at, force=record.head_version_id is None)
            appended += 1
        self._attribution.save(session.connection(), document.id, rows)
        return appended
