"""``AttributionRepository``: each paragraph's ``Weave`` (who wrote each character, in which
version), stored beside its text in ``paragraph_weaves``, and the blame read from it.

A stored weave is "the attribution as of version X" (its row's ``version_id``). The live room
writes it when it seals a version in that paragraph, or after ``SNAPSHOT_EDITS`` edits
(``save``, called by ``ParagraphLog.record_edits`` in the same transaction as the versions it
seals), and with every commit the edits made since, beside the working text
(``paragraphs.working_ops``, negotiation.weave_edits): reading plays them onto the stored
weave, so the attribution read back is exactly the room's. Every other writer (an imported
revision, an inserted paragraph, the first import) only appends versions (and clears the
edits): reading replays the versions stored after X onto it (negotiation.weave_replay), and a
paragraph without a row is rebuilt from all its versions. A stored weave that names a version
the paragraph does not have, or that cannot be read, is rebuilt from the versions too; edits
that do not give the working text are left out (the difference is then its last writer's).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.expression import Executable
from sqlmodel import Session, select

from negotiation.author import Author
from negotiation.authorship import Weave
from negotiation.blame import BlameSpan, blame_spans
from negotiation.errors import WeaveFormatError
from negotiation.weave_edits import Edit, apply_edits, read_edits
from negotiation.weave_replay import replay, with_working_text
from server.store.documents import DocumentRepository
from server.store.ledger import Ledger
from server.tables import ParagraphRecord, ParagraphWeaveRecord, VersionRecord

UNKNOWN_AUTHOR = "unknown"  # a working text stored without a name (older databases)


@dataclass(frozen=True)
class StoredWeave:
    """A paragraph's weave, brought up to its latest version ``version_id`` and, when they
    give its working text, the stored ``edits`` since (already applied to ``weave``)."""

    weave: Weave
    version_id: str | None
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class ParagraphAttribution:
    """Who wrote each character of a paragraph's current text (``spans`` join to ``text``)."""

    document_id: str
    paragraph_id: str
    text: str
    spans: list[BlameSpan]


@dataclass(frozen=True)
class WeaveRow:
    """A weave to store: ``paragraph_id``'s ``Weave.to_json()`` as of version ``version_id``."""

    paragraph_id: str
    weave: str
    version_id: str | None


@functools.cache
def _upsert(dialect: str) -> Executable:
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ParagraphWeaveRecord)
    return statement.on_conflict_do_update(
        index_elements=["document_id", "paragraph_id"],
        set_={"weave": statement.excluded.weave, "version_id": statement.excluded.version_id})


class AttributionRepository:
    def __init__(self, ledger: Ledger, documents: DocumentRepository) -> None:
        self._ledger = ledger
        self._documents = documents

    # ------------------------------------------------------------------ reading

    def paragraph_attribution(self, document_id: str, paragraph_id: str
                              ) -> ParagraphAttribution:
        """The blame of the paragraph's current (working) text. Words of a working text
        ahead of every version are its last writer's, pending (version None)."""
        with self._ledger.read() as session:
            record = self._documents.paragraph(session, document_id, paragraph_id)
            stored = self.weaves(session, document_id, [paragraph_id])[paragraph_id]
        author = Author(record.working_author or UNKNOWN_AUTHOR, record.working_delegation)
        weave = with_working_text(stored.weave, record.working_text, author)
        return ParagraphAttribution(document_id, paragraph_id, weave.text, blame_spans(weave))

    def document_weaves(self, document_id: str, paragraph_ids: Iterable[str] | None = None
                        ) -> dict[str, StoredWeave]:
        """The weaves of ``paragraph_ids`` (None: every paragraph, deleted ones too), for a
        room opening the document or taking in a new paragraph."""
        with self._ledger.read() as session:
            self._documents.document(session, document_id)
            return self.weaves(session, document_id, paragraph_ids)

    def weaves(self, session: Session, document_id: str, paragraph_ids: Iterable[str] | None
               ) -> dict[str, StoredWeave]:
        """The weaves of ``paragraph_ids`` (None: all the document's paragraphs), each
        replayed up to the paragraph's latest version."""
        connection = session.connection()
        wanted = None if paragraph_ids is None else set(paragraph_ids)
        paragraphs = ParagraphRecord.__table__
        query = select(paragraphs.c.id, paragraphs.c.working_text, paragraphs.c.working_ops
                       ).where(paragraphs.c.document_id == document_id)
        working = {pid: (text, ops) for pid, text, ops in connection.execute(query)
                   if wanted is None or pid in wanted}
        ids = list(working)
        stored = self._stored(connection, document_id, wanted)
        steps = self._version_steps(connection, document_id, wanted)
        out: dict[str, StoredWeave] = {}
        for pid in ids:
            versions = steps.get(pid, [])
            base, known = stored.get(pid, (None, None))
            later = _after(versions, base, known)
            if later is None:  # no usable stored weave: every version, from the start
                base, later = None, versions
            texts = self._texts(connection, [v for v, _ in later])
            weave = replay(base, ((v, texts[v], author) for v, author in later))
            head = versions[-1][0] if versions else None
            out[pid] = _with_edits(StoredWeave(weave, head), *working[pid])
        return out

    # ------------------------------------------------------------------ writing

    @staticmethod
    def save(connection: Connection, document_id: str, rows: Iterable[WeaveRow]) -> None:
        """Store these weaves (one upsert for all), in the caller's transaction."""
        values = [{"document_id": document_id, "paragraph_id": row.paragraph_id,
                   "weave": row.weave, "version_id": row.version_id} for row in rows]
        if values:
            connection.execute(_upsert(connection.dialect.name), values)

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _stored(connection: Connection, document_id: str, wanted: set[str] | None
                ) -> dict[str, tuple[Weave | None, str | None]]:
        table = ParagraphWeaveRecord.__table__
        query = select(table.c.paragraph_id, table.c.weave, table.c.version_id).where(
            table.c.document_id == document_id)
        if wanted is not None:
            query = query.where(table.c.paragraph_id.in_(wanted))
        out: dict[str, tuple[Weave | None, str | None]] = {}
        for pid, data, version_id in connection.execute(query):
            try:
                out[pid] = (Weave.from_json(data), version_id)
            except WeaveFormatError:
                continue  # rebuilt from the versions
        return out

    @staticmethod
    def _version_steps(connection: Connection, document_id: str, wanted: set[str] | None
                       ) -> dict[str, list[tuple[str, Author]]]:
        """Each paragraph's versions, oldest first: (id, author); texts are read only for
        the ones replayed."""
        table = VersionRecord.__table__
        query = select(table.c.paragraph_id, table.c.id, table.c.author,
                       table.c.delegation).where(table.c.document_id == document_id)
        if wanted is not None:
            query = query.where(table.c.paragraph_id.in_(wanted))
        out: dict[str, list[tuple[str, Author]]] = {}
        for pid, vid, author, delegation in connection.execute(query.order_by(table.c.seq)):
            out.setdefault(pid, []).append((vid, Author(author or UNKNOWN_AUTHOR,
                                                        delegation)))
        return out

    @staticmethod
    def _texts(connection: Connection, version_ids: list[str]) -> dict[str, str]:
        table = VersionRecord.__table__
        texts: dict[str, str] = {}
        for start in range(0, len(version_ids), 500):
            chunk = version_ids[start:start + 500]
            texts.update(connection.execute(select(table.c.id, table.c.text).where(
                table.c.id.in_(chunk))).all())
        return texts


def _with_edits(stored: StoredWeave, text: str, data: str | None) -> StoredWeave:
    """``stored`` with the edits stored since it (``data``) played onto it, when they give
    the working ``text`` exactly; else ``stored`` as it is."""
    if not data:
        return stored
    try:
        edits = read_edits(data)
    except WeaveFormatError:
        return stored
    weave = apply_edits(stored.weave, edits)
    if weave is None or weave.text != text:
        return stored
    return StoredWeave(weave, stored.version_id, tuple(edits))


def _after(versions: list[tuple[str, Author]], base: Weave | None, known: str | None
           ) -> list[tuple[str, Author]] | None:
    """The versions after ``known`` that ``base`` must replay, or None when ``base`` cannot be
    used (none stored, or it names a version this paragraph does not have)."""
    if base is None:
        return None
    ids = [vid for vid, _ in versions]
    if known is not None and known not in ids:
        return None
    position = ids.index(known) + 1 if known is not None else 0
    named = {run.version for run in base.runs if run.version is not None}
    if not named <= set(ids[:position]):
        return None
    return versions[position:]
