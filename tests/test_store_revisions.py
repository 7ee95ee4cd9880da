"""Store: named revisions, rebuilding a past revision, importing a newer text as a revision."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import text
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401

from negotiation.model import Paragraph, ParagraphKind, ParagraphStatus
from server.store import DocumentNotFound, ParagraphEdit, RevisionExists, RevisionNotFound


@pytest.fixture
def document_id(store) -> str:
    return store.import_document(resolution(), author="sec", at=at(0))


def test_a_past_revision_is_rebuilt_exactly_whatever_happened_since(store,
                                                                    document_id) -> None:
    draft = store.load_document(document_id)
    store.append_version(document_id, "op1", "To urge member states to adopt measures.",
                         author="maria", delegation="Chile", at=at(1))
    store.delete_paragraph(document_id, "pp2", author="chair", delegation=None, at=at(2))
    store.move_paragraph(document_id, "op2", after=None, author="chair", delegation=None,
                         at=at(3))
    rev1 = store.create_revision(document_id, "Rev.1", author="sec", at=at(4))
    assert (rev1.name, rev1.paragraphs, rev1.changed, rev1.dropped, rev1.brackets) == (
        "Rev.1", 5, 1, 1, 2)
    store.append_version(document_id, "op2", "To request the Council to act.", author="li",
                         delegation="Canada", at=at(5))

    assert store.revision_document(document_id, "Draft") == draft
    rev1_document = store.revision_document(document_id, "Rev.1")
    assert [p.id for p in rev1_document.paragraphs()] == ["pp1", "op2", "op1", "op1a", "op1b"]
    assert rev1_document.find("op1").text == "To urge member states to adopt measures."
    assert rev1_document.find("op2").text == resolution().operative[1].text
    assert [r.name for r in store.revisions(document_id)] == ["Draft", "Rev.1"]


def test_create_revision_versions_working_text_first(store, document_id) -> None:
    store.record_edits(document_id, [ParagraphEdit("op2", "Typed, not yet versioned.", "ana",
                                                   "Peru", at(1))])
    store.create_revision(document_id, "Rev.1", author="sec", at=at(2))
    assert store.revision_document(document_id, "Rev.1").find("op2").text == \
        "Typed, not yet versioned."


def test_revision_names_are_unique_and_unknown_ones_named(store, document_id) -> None:
    with pytest.raises(RevisionExists, match="already has a revision named 'Draft'"):
        store.create_revision(document_id, "Draft", author="sec")
    with pytest.raises(RevisionNotFound, match=r"has no revision named 'Rev\.9'"):
        store.revision_document(document_id, "Rev.9")
    assert [r.name for r in store.revisions(document_id)] == ["Draft"]


def newer_text():
    """The resolution a month later: op1 edited, op1b dropped, op2 kept, a new op3."""
    newer = copy.deepcopy(resolution())
    for paragraph in newer.paragraphs():
        paragraph.id = "new-" + paragraph.id  # an importer gives fresh ids to every text
    op1 = newer.operative[0]
    op1.text = "To urge member states to adopt measures."
    op1.children = op1.children[:1]
    newer.operative.append(Paragraph("new-op3", ParagraphKind.OPERATIVE,
                                     "To thank the host country for its hospitality.",
                                     label="3", status=ParagraphStatus.AGREED))
    return newer


def test_import_revision_links_paragraphs_and_versions_only_what_changed(store,
                                                                         document_id) -> None:
    summary = store.import_revision(document_id, newer_text(), revision="Rev.1", author="sec",
                                    at=at(10))
    assert (summary.name, summary.paragraphs, summary.changed, summary.new,
            summary.dropped) == ("Rev.1", 6, 1, 1, 1)
    assert summary.alignment.get("edited", 0) >= 1
    current = store.load_document(document_id)
    ids = [p.id for p in current.paragraphs()]
    assert ids[:5] == ["pp1", "pp2", "op1", "op1a", "op2"]  # old ids kept
    assert current.find("op1").text == "To urge member states to adopt measures."
    [new_id] = [pid for pid in ids if pid not in {"pp1", "pp2", "op1", "op1a", "op2"}]
    assert current.find(new_id).status == ParagraphStatus.AGREED
    assert len(store.paragraph_history(document_id, "op1").entries) == 2
    assert len(store.paragraph_history(document_id, "op2").entries) == 1  # unchanged
    dropped = store.paragraph_history(document_id, "op1b")
    assert dropped.deleted and [e.action for e in dropped.events_after] == ["deleted"]
    assert store.revision_document(document_id, "Draft").find("op1b") is not None
    assert store.verify(document_id).ok


def log_size(store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("paragraphs", "versions", "revisions", "structure_changes")}


def test_a_revision_of_a_missing_document_or_a_taken_name_writes_nothing(store,
                                                                         document_id) -> None:
    before = log_size(store)
    with pytest.raises(DocumentNotFound, match="no document 'nope'"):
        store.import_revision("nope", newer_text(), revision="Rev.1", author="sec")
    with pytest.raises(RevisionExists):
        store.import_revision(document_id, newer_text(), revision="Draft", author="sec")
    assert log_size(store) == before
    assert store.load_document(document_id) == resolution()
