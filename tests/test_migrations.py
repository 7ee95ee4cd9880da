"""Alembic migrations: an existing database upgrades in place; head matches the tables."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel
from store_fixture import TEST_SEALER, at, database_url_fixture, resolution  # noqa: F401

from negotiation.author import Author
from negotiation.delegations import member_states
from negotiation.permissions import Role
from server.db import alembic_config, create_engine_for, upgrade
from server.store import ParagraphEdit, Store, StoreError
from server.store.types import ClientProgress


def head_revision() -> str:
    """The newest migration, read from the migrations folder (not written here by hand)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
def downgrade(engine, revision: str) -> None:
    """Back to ``revision``: data written by today's store, in an older schema (the store
    itself always runs at head)."""
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def written_as_before_0007(monkeypatch, engine) -> Store:
    """A store that writes as the store did before migration 0007: no key (no signatures,
    no seals) and no layout in its events, so that its rows survive a downgrade past 0007
    with their hashes intact (the columns 0007 adds are dropped by the downgrade)."""
    monkeypatch.setattr("server.store.revisions.current_layout", lambda *_: None)
    return Store(engine)


def adopted(engine, document_id: str) -> Store:
    """The upgraded database as the server sees it: with the key, the unsigned head is
    reported until `negotiation checkpoint --adopt` signs it (docs/integrity.md)."""
    store = Store(engine, TEST_SEALER)
    assert "head_signature" in store.verify(document_id).first_mismatch
    store.checkpoint(document_id, adopt=True)
    return store


def current_revision(engine) -> str:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_a_database_at_the_first_migration_upgrades_in_place(database_url, monkeypatch
                                                            ) -> None:
    engine = create_engine_for(database_url)
    upgrade(engine)
    store = written_as_before_0007(monkeypatch, engine)
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    downgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as connection:  # 0001 has no append-only triggers yet
        connection.execute(text("UPDATE versions SET author = author"))

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert store.load_document(document_id).find("op1a").text == "share [information / data];"
    assert store.verify(document_id).ok  # without the key: the chain and the state
    assert adopted(engine, document_id).verify(document_id).ok
    with pytest.raises(SQLAlchemyError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE versions SET author = 'forger'"))
    with pytest.raises(SQLAlchemyError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM revision_entries"))
    engine.dispose()


def test_a_database_at_0002_upgrades_to_durable_client_progress(database_url, monkeypatch
                                                               ) -> None:
    engine = create_engine_for(database_url)
    upgrade(engine)
    store = written_as_before_0007(monkeypatch, engine)
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    store.record_edits(document_id, [ParagraphEdit("op1a", "share data;", "ana")])
    downgrade(engine, "0002")
    with pytest.raises((StoreError, SQLAlchemyError), match="client_progress"), \
            engine.begin() as connection:  # no table yet
        connection.execute(text("SELECT applied FROM client_progress"))

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert store.get_paragraph_text(document_id, "op1a") == "share data;"
    store = adopted(engine, document_id)  # seals the unversioned "share data;" too
    store.record_edits(document_id, [ParagraphEdit("op1a", "share data.", "ana")],
                       [ClientProgress("client-ana-1", "op1a", 1)])
    assert store.client_progress(document_id, "client-ana-1") == {"op1a": 1}
    assert store.get_paragraph_text(document_id, "op1a") == "share data."
    assert store.verify(document_id).ok
    engine.dispose()


def test_the_head_schema_is_exactly_the_tables(database_url) -> None:
    engine = create_engine_for(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection),
                                       SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_upgrading_twice_changes_nothing_and_seeds_the_member_states_once(database_url
                                                                        ) -> None:
    engine = create_engine_for(database_url)
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM delegations")).scalars().all()
    engine.dispose()
    assert sorted(names) == sorted(state.name for state in member_states())
    assert len(names) == 35  # the OAS member states
    assert "Venezuela" in names or any("Venezuela" in name for name in names)


def test_upgrade_by_url_opens_and_closes_its_own_engine(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'by-url.sqlite3'}"
    upgrade(url)
    engine = create_engine_for(url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_database_at_0009_upgrades_to_delegates_speaking_for_groups(database_url) -> None:
    """0010: a membership names the groups its delegate also speaks for (none before), and a
    bracket event the group it was taken in the name of; events written before keep their
    hashes, one written after hashes its group."""
    from negotiation.bracket_requests import Actor, BracketRequest, decide
    from server.people.accounts import Accounts
    from server.people.negotiations import Negotiations

    engine = create_engine_for(database_url)
    upgrade(engine)
    store = Store(engine, TEST_SEALER)
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    accounts, negotiations = Accounts(engine), Negotiations(engine)
    sec = accounts.create_user("sec@test.plenary", "Sec", "hash", secretariat=True)
    ana = accounts.create_user("ana@test.plenary", "Ana", "hash")
    negotiation = negotiations.create("Climate", "UNFCCC", created_by=sec.id)
    negotiations.add_member(negotiation.id, ana.id, Role.DELEGATE, "bolivia")
    bolivia = Actor(Author("Ana", "Bolivia"), Role.DELEGATE, frozenset({"Bolivia"}))
    g77 = Actor(bolivia.author, Role.DELEGATE, frozenset({"Bolivia", "Group of 77 and China"}))

    def raise_(actor: Actor, start: int, end: int, delegation: str | None = None):
        return store.bracket_action(document_id, "op2", lambda book, status, adopted: decide(
            book, BracketRequest("raise", start=start, end=end, delegation=delegation), actor,
            paragraph_id="op2"), at=at(1))

    raise_(bolivia, 0, 2)  # "To": an event written as before 0010
    downgrade(engine, "0009")
    for column, table in (("speaks_for", "memberships"), ("on_behalf_of", "bracket_events")):
        with pytest.raises((StoreError, SQLAlchemyError), match=column), \
                engine.begin() as connection:  # no column yet
            connection.execute(text(f"SELECT {column} FROM {table}"))

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert negotiations.membership(negotiation.id, ana.id).speaks_for == ()
    assert store.verify(document_id).ok
    negotiations.name_groups(negotiation.id, ana.id, ["g77-china"])
    assert negotiations.membership(negotiation.id, ana.id).speaks_for == ("g77-china",)
    done = raise_(g77, 5, 12, "G-77")  # "request" (after "[To] "), in the group's name
    assert done.event.on_behalf_of == "Group of 77 and China"
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT delegation, on_behalf_of FROM bracket_events WHERE paragraph_id = 'op2' "
            "ORDER BY seq")).all() == [("Bolivia", None), ("Bolivia", "Group of 77 and China")]
    assert store.verify(document_id).ok
    with pytest.raises(SQLAlchemyError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE bracket_events SET on_behalf_of = NULL"))
    engine.dispose()
