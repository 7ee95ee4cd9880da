"""Store: a paragraph's history and path, and the document's table."""

from __future__ import annotations

import pytest
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401

from server.store import ParagraphNotFound


@pytest.fixture
def document_id(store) -> str:
    """op1 goes through Draft -> Rev.1 -> Adopted, losing its bracket on the way."""
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    store.append_version(document_id, "op1",
                         "To urge [all] member states [shall][should] adopt measures.",
                         author="maria", delegation="Chile", at=at(1))
    store.record_bracket_event(document_id, "op1", "raised", "[all]", author="li",
                               delegation="Canada", reason="scope", at=at(2))
    store.create_revision(document_id, "Rev.1", author="sec", at=at(3))
    store.append_version(document_id, "op1", "To urge [all] member states to adopt measures.",
                         author="ana", delegation="Peru", at=at(4))
    store.change_status(document_id, "op1", "agreed ad referendum", author="chair",
                        delegation=None, at=at(5))
    store.record_bracket_event(document_id, "op1", "resolved", "[all]", author="chair",
                               delegation=None, reason="consensus", at=at(6))
    store.append_version(document_id, "op1", "To urge all member states to adopt measures.",
                         author="clerk", delegation=None, at=at(7))
    store.change_status(document_id, "op1", "adopted", author="chair", delegation=None,
                        at=at(8))
    store.create_revision(document_id, "Adopted", author="sec", at=at(9))
    return document_id


def test_history_lists_versions_with_word_diffs_authors_and_events_between(store,
                                                                           document_id) -> None:
    history = store.paragraph_history(document_id, "op1")
    assert [(e.version.author, e.version.delegation) for e in history.entries] == [
        ("sec", None), ("maria", "Chile"), ("ana", "Peru"), ("clerk", None)]
    assert [e.brackets for e in history.entries] == [1, 2, 1, 0]
    assert history.entries[1].diff == [
        ("equal", "To urge "), ("insert", "[all] "),
        ("equal", "member states [shall][should] adopt measures.")]
    assert [(e.kind, e.action) for e in history.entries[3].events_before] == [
        ("status_change", "open -> agreed ad referendum"), ("bracket_event", "resolved")]
    assert [e.action for e in history.events_after] == ["agreed ad referendum -> adopted"]
    assert history.status == "adopted" and history.label == "1"


def test_path_shows_the_revisions_and_the_brackets_disappearing(store, document_id) -> None:
    path = store.paragraph_path(document_id, "op1")
    assert [(s.revision, s.brackets) for s in path.steps] == [
        ("Draft", 1), ("Rev.1", 2), ("Adopted", 0)]
    assert path.steps[2].diff == [
        ("equal", "To urge "), ("delete", "[all]"), ("insert", "all"),
        ("equal", " member states "), ("delete", "[shall][should]"), ("insert", "to"),
        ("equal", " adopt measures.")]
    lives = {life.bracket: life for life in path.brackets}
    assert set(lives) == {"[shall][should]", "[all]"}
    shall = lives["[shall][should]"]
    assert (shall.introduced.author, shall.introduced.revision) == ("sec", "Draft")
    assert (shall.resolved.author, shall.resolved.delegation) == ("ana", "Peru")
    assert shall.resolved.revision == "Adopted" and not shall.resolved.explicit
    everything = lives["[all]"]
    assert (everything.introduced.author, everything.introduced.explicit) == ("li", True)
    assert (everything.resolved.author, everything.resolved.explicit) == ("chair", True)
    assert path.final_text == "To urge all member states to adopt measures."


def test_the_document_table_counts_changes_and_shows_status(store, document_id) -> None:
    store.delete_paragraph(document_id, "op2", author="chair", delegation=None, at=at(10))
    rows = {row.paragraph_id: row for row in store.document_path_table(document_id)}
    assert list(rows) == ["pp1", "pp2", "op1", "op1a", "op1b", "op2"]
    assert (rows["op1"].changes, rows["op1"].last_changed, rows["op1"].status) == (
        3, at(7), "adopted")
    assert (rows["pp1"].changes, rows["pp1"].last_changed) == (0, at(0))
    assert rows["op2"].deleted and not rows["op1"].deleted
    assert rows["pp2"].brackets == 1


def test_an_unknown_paragraph_is_named(store, document_id) -> None:
    with pytest.raises(ParagraphNotFound, match="no paragraph 'op9'"):
        store.paragraph_history(document_id, "op9")
    with pytest.raises(ParagraphNotFound):
        store.paragraph_path(document_id, "op9")
