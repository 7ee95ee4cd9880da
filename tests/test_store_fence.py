"""The fence (docs/fencing.md): every write of a claimed document is conditional on the fence
its writer holds; a write that finds it moved writes nothing and raises ``HeadMoved``.
On SQLite and on PostgreSQL (the ``store`` fixture; skipped with the reason when PostgreSQL
does not answer at 127.0.0.1:5432)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401

from server.store import ClientProgress, HeadMoved, ParagraphEdit
from server.store.ledger import Ledger


@pytest.fixture
def document_id(store) -> str:
    return store.import_document(resolution(), author="sec", at=at(0))


def everything(store, document_id: str) -> tuple:
    """All a write could change: the document's row (its head, fence aside) and its
    paragraphs, and how many rows each log table and client_progress hold."""
    with store.engine.connect() as connection:
        head = connection.execute(text(
            "SELECT head_seq, head_hash, title FROM documents WHERE id = :d"),
            {"d": document_id}).one()
        paragraphs = connection.execute(text(
            "SELECT id, working_text, status, deleted, position FROM paragraphs "
            "WHERE document_id = :d ORDER BY id"), {"d": document_id}).all()
        counts = tuple(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                       for table in ("versions", "structure_changes", "status_changes",
                                     "bracket_events", "revisions", "client_progress"))
    return tuple(head), [tuple(p) for p in paragraphs], counts


def test_a_claim_takes_a_new_fence_and_the_current_text(store, document_id) -> None:
    first = store.claim_document(document_id)
    second = store.claim_document(document_id)
    assert second.fence == first.fence + 1 == store.document_fence(document_id)
    assert second.document.find("op1a").text == "share [information / data];"


def test_the_holder_of_the_fence_writes_and_does_not_move_it(store, document_id) -> None:
    fence = store.claim_document(document_id).fence
    store.record_edits(document_id, [ParagraphEdit("op1a", "share data;", "ana", "Chile")],
                       [ClientProgress("c1", "op1a", 1)], fence=fence)
    store.append_versions(document_id, [ParagraphEdit("op1a", "share data;", "ana",
                                                      "Chile", at(1))], fence=fence)
    store.insert_paragraph(document_id, after="op2", section="operative", text="New.",
                           author="ana", delegation="Chile", fence=fence)
    store.change_status(document_id, "op2", "agreed", author="ana", delegation=None,
                        fence=fence)
    assert store.document_fence(document_id) == fence
    assert store.get_paragraph_text(document_id, "op1a") == "share data;"
    assert store.verify(document_id).ok


def test_a_write_without_a_fence_moves_it(store, document_id) -> None:
    fence = store.claim_document(document_id).fence
    store.change_status(document_id, "op2", "agreed", author="chair", delegation=None)
    assert store.document_fence(document_id) == fence + 1


STALE_WRITES = {
    "group commit": lambda s, d, f: s.record_edits(
        d, [ParagraphEdit("op1a", "share nothing;", "ana")], [ClientProgress("c1", "op1a", 1)],
        fence=f),
    "progress only": lambda s, d, f: s.record_edits(
        d, [], [ClientProgress("c1", "op1a", 1)], fence=f),
    "versions": lambda s, d, f: s.append_versions(
        d, [ParagraphEdit("op1a", "share nothing;", "ana", None, at(2))], fence=f),
    "version": lambda s, d, f: s.append_version(
        d, "op1a", "share nothing;", author="ana", delegation=None, fence=f),
    "insert": lambda s, d, f: s.insert_paragraph(
        d, after="op2", section="operative", text="X.", author="ana", delegation=None,
        fence=f),
    "delete": lambda s, d, f: s.delete_paragraph(d, "op2", author="ana", delegation=None,
                                                 fence=f),
    "move": lambda s, d, f: s.move_paragraph(d, "op2", after=None, author="ana",
                                             delegation=None, fence=f),
    "status": lambda s, d, f: s.change_status(d, "op2", "agreed", author="ana",
                                              delegation=None, fence=f),
    "bracket": lambda s, d, f: s.record_bracket_event(d, "op2", "raised", "[in 2027]",
                                                      author="ana", delegation=None, fence=f),
    "revision": lambda s, d, f: s.create_revision(d, "Rev.2", author="ana", fence=f),
    "import": lambda s, d, f: s.import_revision(d, resolution(), revision="Rev.2",
                                                author="sec", fence=f),
}


@pytest.mark.parametrize("write", list(STALE_WRITES))
def test_a_write_with_a_stale_fence_writes_nothing(store, document_id, write) -> None:
    stale = store.claim_document(document_id).fence
    store.import_revision(document_id, resolution(), revision="Rev.1", author="sec")
    before = everything(store, document_id)
    fence_now = store.document_fence(document_id)

    with pytest.raises(HeadMoved) as raised:
        STALE_WRITES[write](store, document_id, stale)

    assert (raised.value.seen, raised.value.now) == (stale, fence_now)
    assert everything(store, document_id) == before
    assert store.document_fence(document_id) == fence_now
    assert store.verify(document_id).ok


def test_the_guard_is_one_conditional_statement_with_its_row_count(store, document_id
                                                                   ) -> None:
    fence = store.claim_document(document_id).fence
    with store.engine.begin() as connection:
        assert Ledger.guard(connection, document_id, fence) == fence
        with pytest.raises(HeadMoved):
            Ledger.guard(connection, document_id, fence - 1)
        assert Ledger.guard(connection, document_id, None) == fence + 1


def test_a_room_version_leaves_the_working_text_to_the_group_commits(store, document_id
                                                                     ) -> None:
    fence = store.claim_document(document_id).fence
    store.record_edits(document_id, [ParagraphEdit("op1a", "share data;", "ana")],
                       fence=fence)
    store.append_versions(document_id, [ParagraphEdit("op1a", "share data and more;", "ana",
                                                      None, at(9))], fence=fence)
    assert store.get_paragraph_text(document_id, "op1a") == "share data;"
    store.append_version(document_id, "op1a", "share less;", author="ana", delegation=None)
    assert store.get_paragraph_text(document_id, "op1a") == "share less;"


def test_of_two_writers_racing_one_commits_and_the_other_writes_nothing(store, document_id
                                                                        ) -> None:
    """A room's group commit and an outside write at the same moment: whichever the
    database orders first, the room never writes after the outside write."""
    fence = store.claim_document(document_id).fence
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def room() -> None:
        start.wait()
        try:
            store.record_edits(document_id, [ParagraphEdit("op2", "Room text.", "ana")],
                               fence=fence)
            results["room"] = "written"
        except HeadMoved:
            results["room"] = "fenced"

    def outside() -> None:
        start.wait()
        store.append_version(document_id, "op2", "Outside text.", author="sec",
                             delegation=None)
        results["outside"] = "written"

    threads = [threading.Thread(target=room), threading.Thread(target=outside)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["outside"] == "written"
    # the outside write came last either way: its text is the working text
    assert store.get_paragraph_text(document_id, "op2") == "Outside text."
    with pytest.raises(HeadMoved):
        store.record_edits(document_id, [ParagraphEdit("op2", "Late.", "ana")], fence=fence)
