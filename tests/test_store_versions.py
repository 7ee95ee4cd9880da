"""Store: working text, append-only versions, structure, status and bracket events."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401

from server.store import ParagraphEdit, ParagraphNotFound, StoreError
from server.store.types import ClientProgress
from server.tables import LOG_TABLES

STORE = Path(__file__).resolve().parent.parent / "server" / "store"


@pytest.fixture
def document_id(store) -> str:
    return store.import_document(resolution(), author="sec", at=at(0))


def versions_of(store, document_id: str, paragraph_id: str) -> list[tuple]:
    with store.engine.connect() as connection:
        return connection.execute(text(
            "SELECT text, author, delegation, parent_id, id FROM versions "
            "WHERE document_id = :d AND paragraph_id = :p ORDER BY seq"),
            {"d": document_id, "p": paragraph_id}).all()


def test_append_version_chains_to_the_parent_and_stores_the_patch(store, document_id) -> None:
    info = store.append_version(document_id, "op2", "To request the Council to follow up.",
                                author="maria", delegation="Chile", at=at(5))
    rows = versions_of(store, document_id, "op2")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("To request the Permanent Council to follow up [in 2027].", "sec", None),
        ("To request the Council to follow up.", "maria", "Chile")]
    assert info.parent_id == rows[0][4] and info.id == rows[1][4] and info.created
    with store.engine.connect() as connection:
        patch = connection.execute(text("SELECT patch FROM versions WHERE id = :v"),
                                   {"v": info.id}).scalar()
    assert patch.startswith("@@ ") and "-Permanent " in patch
    assert store.get_paragraph_text(document_id, "op2") == "To request the Council to follow up."


def test_the_same_text_again_appends_nothing(store, document_id) -> None:
    first = store.append_version(document_id, "op2", "X.", author="a", delegation=None)
    again = store.append_version(document_id, "op2", "X.", author="b", delegation=None)
    assert (again.id, again.created) == (first.id, False)
    assert len(versions_of(store, document_id, "op2")) == 2


def test_record_edits_is_working_text_not_a_version(store, document_id) -> None:
    store.record_edits(document_id, [
        ParagraphEdit("op1a", "share [information];", "ana", "Peru", at(1)),
        ParagraphEdit("op1a", "share information;", "ana", "Peru", at(2)),
        ParagraphEdit("op1b", "report every year.", "li", "Canada", at(2)),
    ])
    assert store.get_paragraph_text(document_id, "op1a") == "share information;"
    assert store.load_document(document_id).find("op1b").text == "report every year."
    assert len(versions_of(store, document_id, "op1a")) == 1

    assert store.recover_unversioned(document_id) == 2
    assert versions_of(store, document_id, "op1a")[-1][:3] == ("share information;", "ana",
                                                               "Peru")
    assert store.recover_unversioned(document_id) == 0
    assert store.verify(document_id).ok


def test_a_batch_naming_an_unknown_paragraph_is_refused_whole(store, document_id) -> None:
    with pytest.raises(ParagraphNotFound, match="no paragraph 'nope'"):
        store.record_edits(document_id, [ParagraphEdit("op1a", "changed", "ana"),
                                         ParagraphEdit("nope", "x", "ana")])
    assert store.get_paragraph_text(document_id, "op1a") == "share [information / data];"


def test_insert_move_delete_keep_order_and_history(store, document_id) -> None:
    new = store.insert_paragraph(document_id, after="op1", section="operative",
                                 text="To welcome [the report].", author="ana",
                                 delegation="Peru", at=at(1))
    assert [p.id for p in store.load_document(document_id).operative] == ["op1", new, "op2"]
    store.move_paragraph(document_id, "op2", after=None, author="chair", delegation=None)
    assert [p.id for p in store.load_document(document_id).operative] == ["op2", "op1", new]
    store.move_paragraph(document_id, "op1b", after="op2", author="chair", delegation=None)
    document = store.load_document(document_id)
    assert [p.id for p in document.operative] == ["op2", "op1b", "op1", new]
    assert [c.id for c in document.find("op1").children] == ["op1a"]
    store.delete_paragraph(document_id, "op1", author="chair", delegation=None)
    document = store.load_document(document_id)
    assert [p.id for p in document.operative] == ["op2", "op1b", new]
    assert document.find("op1a") is None  # went with its parent
    history = store.paragraph_history(document_id, "op1")
    assert history.deleted and [e.action for e in history.events_after] == ["deleted"]
    assert store.verify(document_id).ok


def test_insert_first_in_an_empty_section(store, document_id) -> None:
    new = store.insert_paragraph(document_id, after=None, section="articles", text="Art.",
                                 author="a", delegation=None)
    assert [p.id for p in store.load_document(document_id).articles] == [new]
    with pytest.raises(StoreError, match="unknown section 'annex'"):
        store.insert_paragraph(document_id, after=None, section="annex", text="",
                               author="a", delegation=None)


def test_status_changes_and_bracket_events_are_recorded(store, document_id) -> None:
    store.record_bracket_event(document_id, "op2", "raised", "[in 2027]", author="li",
                               delegation="Canada", reason="timing", at=at(1))
    store.change_status(document_id, "op2", "agreed ad referendum", author="chair",
                        delegation=None, at=at(2))
    store.change_status(document_id, "op2", "agreed ad referendum", author="chair",
                        delegation=None, at=at(3))  # no change, nothing recorded
    history = store.paragraph_history(document_id, "op2")
    assert [(e.kind, e.action) for e in history.events_after] == [
        ("bracket_event", "raised"), ("status_change", "open -> agreed ad referendum")]
    assert history.status == "agreed ad referendum"
    with pytest.raises(StoreError, match="unknown paragraph status 'done'"):
        store.change_status(document_id, "op2", "done", author="c", delegation=None)
    with pytest.raises(StoreError, match="unknown bracket action 'ignored'"):
        store.record_bracket_event(document_id, "op2", "ignored", "[x]", author="c",
                                   delegation=None)


@pytest.mark.parametrize("table", LOG_TABLES)
def test_the_database_refuses_to_update_or_delete_the_log(store, document_id, table) -> None:
    store.append_version(document_id, "op2", "X.", author="a", delegation=None)
    store.record_bracket_event(document_id, "op2", "raised", "[x]", author="a", delegation=None)
    store.change_status(document_id, "op2", "agreed", author="a", delegation=None)
    store.delete_paragraph(document_id, "op1b", author="a", delegation=None)
    store.checkpoint(document_id)
    for statement in (f"UPDATE {table} SET document_id = document_id" if table !=
                      "revision_entries" else "UPDATE revision_entries SET label = label",
                      f"DELETE FROM {table}"):
        with pytest.raises(SQLAlchemyError, match="append-only"), \
                store.engine.begin() as connection:
            connection.execute(text(statement))


STATE_RECORDS = ("ParagraphRecord", "DocumentRecord")  # updated in place (server/tables.py)


def test_no_store_code_updates_or_deletes_a_log_record() -> None:
    """Belt and braces for the triggers: the only UPDATEs the store issues (sqlalchemy's
    ``update()``) are on state tables, paragraphs and documents (the fence); it never
    calls ``delete()``, ``session.delete`` or ``session.merge``, and writes no UPDATE/DELETE
    SQL by hand."""
    offences = []
    for path in sorted(STORE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                target = node.args[0].id if node.args and isinstance(node.args[0],
                                                                     ast.Name) else None
                if node.func.id == "delete" or (node.func.id == "update"
                                                and target not in STATE_RECORDS):
                    offences.append(f"{where} {node.func.id}({target})")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("delete", "merge"):
                offences.append(f"{where} .{node.func.attr}()")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(
                    word in node.value.upper() for word in ("UPDATE ", "DELETE FROM")):
                offences.append(f"{where} SQL {node.value[:30]!r}")
    assert offences == []


def test_concurrent_writers_queue_up_and_the_chain_stays_whole(store, document_id) -> None:
    """Four threads append to one document at once: no seq collides, no write is lost."""
    failures: list[str] = []

    def write(writer: int) -> None:
        try:
            for n in range(10):
                store.append_version(document_id, "op1", f"writer {writer} text {n}",
                                     author=f"writer{writer}", delegation=None)
                store.record_bracket_event(document_id, "op2", "joined", "[in 2027]",
                                           author=f"writer{writer}", delegation=None)
        except Exception as error:  # reported below, with the thread's name
            failures.append(f"writer {writer}: {error!r}")

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(versions_of(store, document_id, "op1")) == 1 + 40
    report = store.verify(document_id)
    assert report.ok and report.events == 7 + 80


def test_record_edits_stores_client_progress_with_the_text(store, document_id) -> None:
    store.record_edits(document_id, [ParagraphEdit("op1a", "share data;", "ana", "Peru", at(1))],
                       [ClientProgress("client-ana-1", "op1a", 3),
                        ClientProgress("client-ana-1", "op1b", 1),
                        ClientProgress("client-li-22", "op1a", 7)])
    store.record_edits(document_id, [], [ClientProgress("client-ana-1", "op1a", 5)])

    assert store.client_progress(document_id, "client-ana-1") == {"op1a": 5, "op1b": 1}
    assert store.client_progress(document_id, "client-li-22") == {"op1a": 7}
    assert store.client_progress(document_id, "never-seen") == {}


def test_client_progress_is_not_written_when_the_batch_is_refused(store, document_id) -> None:
    with pytest.raises(ParagraphNotFound):
        store.record_edits(document_id, [ParagraphEdit("op1a", "changed", "ana"),
                                         ParagraphEdit("nope", "x", "ana")],
                           [ClientProgress("client-ana-1", "op1a", 2)])
    assert store.client_progress(document_id, "client-ana-1") == {}
    assert store.get_paragraph_text(document_id, "op1a") != "changed"
