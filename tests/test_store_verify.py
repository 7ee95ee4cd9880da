"""Tamper evidence: a row changed behind the application's back is found and named."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401

from server.store import DocumentNotFound


@pytest.fixture
def document_id(store) -> str:
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    store.append_version(document_id, "op1", "To urge member states to adopt measures.",
                         author="maria", delegation="Chile", at=at(1))
    store.record_bracket_event(document_id, "op2", "raised", "[in 2027]", author="li",
                               delegation="Canada", at=at(2))
    store.change_status(document_id, "op2", "agreed", author="chair", delegation=None,
                        at=at(3))
    store.create_revision(document_id, "Rev.1", author="sec", at=at(4))
    return document_id


def behind_the_back(store, statement: str, table: str, **params) -> None:
    """Run raw SQL as an attacker with database access would: triggers out of the way."""
    with store.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text(f"DROP TRIGGER {table}_no_update"))
            connection.execute(text(f"DROP TRIGGER {table}_no_delete"))
        else:
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        connection.execute(text(statement), params)


def version_id(store, document_id: str, paragraph_id: str, author: str) -> str:
    with store.engine.connect() as connection:
        return connection.execute(text(
            "SELECT id FROM versions WHERE document_id = :d AND paragraph_id = :p "
            "AND author = :a"), {"d": document_id, "p": paragraph_id, "a": author}).scalar()


def test_an_untouched_database_verifies(store, document_id) -> None:
    store.import_document(resolution(), author="sec")
    report = store.verify()
    assert (report.ok, report.first_mismatch, report.documents) == (True, None, 2)
    assert report.events == (6 + 1) + 4 + (6 + 1)  # two imports (versions + Draft), 4 events


def test_a_changed_version_text_is_named(store, document_id) -> None:
    forged = version_id(store, document_id, "op1", "maria")
    behind_the_back(store, "UPDATE versions SET text = 'To urge nobody.' WHERE id = :v",
                    "versions", v=forged)
    report = store.verify(document_id)
    assert not report.ok and report.document_id == document_id
    assert report.first_mismatch == (f"document {document_id}: version {forged} (event 8): "
                                     "its stored hash does not match its contents")


def test_a_changed_author_of_the_first_version_is_named_before_later_ones(store,
                                                                         document_id) -> None:
    first = version_id(store, document_id, "pp1", "sec")
    behind_the_back(store, "UPDATE versions SET author = 'someone else' WHERE id = :v",
                    "versions", v=first)
    assert f"version {first} (event 1)" in store.verify().first_mismatch


def test_a_changed_revision_entry_breaks_its_revision(store, document_id) -> None:
    behind_the_back(store, "UPDATE revision_entries SET label = '99' WHERE paragraph_id = 'op2'"
                    " AND label = '2'", "revision_entries")
    mismatch = store.verify(document_id).first_mismatch
    assert "revision " in mismatch and "(event 7)" in mismatch


def test_a_deleted_event_is_named_as_missing(store, document_id) -> None:
    behind_the_back(store, "DELETE FROM bracket_events", "bracket_events")
    mismatch = store.verify(document_id).first_mismatch
    assert mismatch.endswith("(event 10): event 9 is missing (expected seq 9)")
    assert mismatch.startswith(f"document {document_id}: status change ")


def test_verifying_an_unknown_document_is_an_error(store) -> None:
    with pytest.raises(DocumentNotFound):
        store.verify("nope")
