"""``Store``: the one object the room, the pages and the commands use. It builds the
repositories of the store around one Ledger and hands each call to the repository that does
that job (the package docstring lists them); it holds no logic of its own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.engine import Engine

from negotiation.model import Document
from negotiation.seals import Checkpoint, ExpectedHead, Sealer
from server.store.attribution import AttributionRepository, ParagraphAttribution, StoredWeave
from server.store.chair_actions import (
    ActionDone,
    BracketDecision,
    ChairActions,
    ConsoleState,
    StatusDecision,
    console_state,
)
from server.store.checkpoints import CheckpointRepository
from server.store.documents import DocumentRepository
from server.store.errors import TamperedText
from server.store.history import HistoryReader
from server.store.imports import DocumentImporter
from server.store.ledger import Ledger
from server.store.paragraph_events import ParagraphEvents
from server.store.paragraph_log import ParagraphLog
from server.store.revisions import RevisionRepository
from server.store.structure import StructureRepository
from server.store.types import (
    Claim,
    ClientProgress,
    DocumentSummary,
    ParagraphEdit,
    ParagraphHistory,
    ParagraphPath,
    ParagraphPathRow,
    RevisionSummary,
    SealedVersion,
    VerifyReport,
    VersionInfo,
)
from server.store.verify import Verifier


class Store:
    """The whole store API, as agreed with the room and the pages; one instance per engine.
    ``sealer``: the integrity key (server/integrity_key.py), which signs heads and seals
    working texts; every process that writes one database must hold the same key."""

    def __init__(self, engine: Engine, sealer: Sealer | None = None) -> None:
        self._ledger = ledger = Ledger(engine, sealer)
        self._documents = documents = DocumentRepository(ledger)
        self._attribution = attribution = AttributionRepository(ledger, documents)
        self._log = log = ParagraphLog(ledger, documents, attribution)
        self._structure = StructureRepository(ledger, documents, log)
        self._events = events = ParagraphEvents(ledger, documents)
        self._chair = ChairActions(ledger, documents, log, events)
        self._revisions = revisions = RevisionRepository(ledger, documents, log)
        self._importer = DocumentImporter(ledger, documents, log, events, revisions)
        self._history = HistoryReader(ledger, documents)
        self._verifier = verifier = Verifier(ledger, documents)
        self._checkpoints = CheckpointRepository(ledger, verifier)

    @property
    def engine(self) -> Engine:
        return self._ledger.engine

    # ------------------------------------------------ documents (DocumentImporter, Repository)

    def import_document(self, doc: Document, *, author: str, revision: str = "Draft",
                        at: datetime | None = None) -> str:
        """A new document with its first revision; returns its id."""
        return self._importer.import_document(doc, author=author, revision=revision, at=at)

    def list_documents(self) -> list[DocumentSummary]:
        return self._documents.list_documents()

    def load_document(self, document_id: str) -> Document:
        """The current text of every live paragraph (working text), with stored ids."""
        return self._documents.load_document(document_id)

    def get_paragraph_text(self, document_id: str, paragraph_id: str) -> str:
        return self._documents.get_paragraph_text(document_id, paragraph_id)

    # ------------------------------------------------ working text and versions (ParagraphLog)

    def record_edits(self, document_id: str, edits: Sequence[ParagraphEdit],
                     progress: Sequence[ClientProgress] = (),
                     versions: Sequence[SealedVersion] = (), *,
                     fence: int | None = None) -> None:
        """Working texts (with their weaves), client progress and sealed versions of one
        group commit, in one transaction."""
        self._log.record_edits(document_id, edits, progress, versions, fence=fence)

    def client_progress(self, document_id: str, client_id: str) -> dict[str, int]:
        return self._log.client_progress(document_id, client_id)

    def append_version(self, document_id: str, paragraph_id: str, text: str, *, author: str,
                       delegation: str | None, at: datetime | None = None,
                       fence: int | None = None) -> VersionInfo:
        return self._log.append_version(document_id, paragraph_id, text, author=author,
                                        delegation=delegation, at=at, fence=fence)

    def append_versions(self, document_id: str, edits: Sequence[ParagraphEdit], *,
                        fence: int | None = None) -> list[VersionInfo]:
        return self._log.append_versions(document_id, edits, fence=fence)

    def recover_unversioned(self, document_id: str) -> int:
        return self._log.recover_unversioned(document_id)

    # ------------------------------------------------ attribution (AttributionRepository)

    def paragraph_attribution(self, document_id: str, paragraph_id: str
                              ) -> ParagraphAttribution:
        """Who wrote each character of the paragraph's current text, in which version."""
        return self._attribution.paragraph_attribution(document_id, paragraph_id)

    def document_weaves(self, document_id: str, paragraph_ids: Iterable[str] | None = None
                        ) -> dict[str, StoredWeave]:
        """The paragraphs' weaves (None: all), up to their latest versions (a room)."""
        return self._attribution.document_weaves(document_id, paragraph_ids)

    # ------------------------------------------------ the fence (ParagraphLog, Ledger.guard)

    def claim_document(self, document_id: str) -> Claim:
        """Take the document for a room: a new fence and the current text, in one
        transaction (docs/fencing.md). Every write of this facade takes ``fence``: given,
        the write happens only while the document's fence is still that (else
        ``HeadMoved``, nothing written); omitted, the write moves the fence."""
        return self._log.claim_document(document_id)

    def document_fence(self, document_id: str) -> int:
        return self._log.document_fence(document_id)

    # ------------------------------------------------ structure (StructureRepository)

    def insert_paragraph(self, document_id: str, *, after: str | None, section: str,
                         text: str, author: str, delegation: str | None,
                         at: datetime | None = None, fence: int | None = None) -> str:
        return self._structure.insert_paragraph(document_id, after=after, section=section,
                                                text=text, author=author,
                                                delegation=delegation, at=at, fence=fence)

    def delete_paragraph(self, document_id: str, paragraph_id: str, *, author: str,
                         delegation: str | None, at: datetime | None = None,
                         fence: int | None = None) -> None:
        self._structure.delete_paragraph(document_id, paragraph_id, author=author,
                                         delegation=delegation, at=at, fence=fence)

    def move_paragraph(self, document_id: str, paragraph_id: str, *, after: str | None,
                       author: str, delegation: str | None, at: datetime | None = None,
                       fence: int | None = None) -> None:
        self._structure.move_paragraph(document_id, paragraph_id, after=after, author=author,
                                       delegation=delegation, at=at, fence=fence)

    # ------------------------------------------------ status and brackets (ParagraphEvents)

    def change_status(self, document_id: str, paragraph_id: str, status: str, *, author: str,
                      delegation: str | None, reason: str | None = None,
                      at: datetime | None = None, fence: int | None = None) -> None:
        self._events.change_status(document_id, paragraph_id, status, author=author,
                                   delegation=delegation, reason=reason, at=at, fence=fence)

    def record_bracket_event(self, document_id: str, paragraph_id: str, action: str,
                             bracket: str, *, author: str, delegation: str | None,
                             option: str | None = None, reason: str | None = None,
                             at: datetime | None = None, fence: int | None = None) -> str:
        return self._events.record_bracket_event(
            document_id, paragraph_id, action, bracket, author=author, delegation=delegation,
            option=option, reason=reason, at=at, fence=fence)

    # ------------------------------------------------ the chair's actions (ChairActions)

    def paragraph_book(self, document_id: str, paragraph_id: str):
        return self._chair.paragraph_book(document_id, paragraph_id)

    def bracket_action(self, document_id: str, paragraph_id: str, decide: BracketDecision,
                       at: datetime | None = None, fence: int | None = None) -> ActionDone:
        return self._chair.bracket_action(document_id, paragraph_id, decide, at, fence)

    def status_action(self, document_id: str, paragraph_id: str, decide: StatusDecision,
                      at: datetime | None = None, fence: int | None = None) -> ActionDone:
        return self._chair.status_change(document_id, paragraph_id, decide, at, fence)

    def adopt_document(self, document_id: str, decide, at: datetime | None = None,
                       fence: int | None = None) -> list:
        return self._chair.adopt(document_id, decide, at, fence)

    def console_state(self, document_id: str) -> ConsoleState:
        return console_state(self._ledger, document_id)

    # ------------------------------------------------ revisions (RevisionRepository, importer)

    def create_revision(self, document_id: str, name: str, *, author: str,
                        at: datetime | None = None, fence: int | None = None
                        ) -> RevisionSummary:
        return self._revisions.create_revision(document_id, name, author=author, at=at,
                                               fence=fence)

    def revisions(self, document_id: str) -> list[RevisionSummary]:
        return self._revisions.revisions(document_id)

    def revision_document(self, document_id: str, revision_name: str) -> Document:
        return self._revisions.revision_document(document_id, revision_name)

    def import_revision(self, document_id: str, doc: Document, *, revision: str, author: str,
                        at: datetime | None = None, fence: int | None = None,
                        drafted_from: Document | None = None) -> RevisionSummary:
        return self._importer.import_revision(document_id, doc, revision=revision,
                                              author=author, at=at, fence=fence,
                                              drafted_from=drafted_from)

    # ------------------------------------------------ reading back (HistoryReader, Verifier)

    def paragraph_history(self, document_id: str, paragraph_id: str) -> ParagraphHistory:
        return self._history.paragraph_history(document_id, paragraph_id)

    def paragraph_path(self, document_id: str, paragraph_id: str) -> ParagraphPath:
        return self._history.paragraph_path(document_id, paragraph_id)

    def document_path_table(self, document_id: str) -> list[ParagraphPathRow]:
        return self._history.document_path_table(document_id)

    def verify(self, document_id: str | None = None, expect: ExpectedHead | None = None
               ) -> VerifyReport:
        return self._verifier.verify(document_id, expect)

    def check_document(self, document_id: str) -> None:
        """``TamperedText`` naming every problem when ``document_id`` fails verification (a
        room opening it, the clean export)."""
        report = self._verifier.verify(document_id)
        if not report.ok:
            raise TamperedText(document_id, report.problems)

    def checkpoint(self, document_id: str, at: datetime | None = None, *,
                   adopt: bool = False) -> Checkpoint:
        """The verified head of ``document_id``, signed and kept when there is a key
        (``adopt``: sign a head that has no signature yet, see CheckpointRepository)."""
        return self._checkpoints.checkpoint(document_id, at, adopt=adopt)
