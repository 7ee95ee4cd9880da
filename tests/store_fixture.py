"""Test helper: the ``store`` fixture, over SQLite and over PostgreSQL.

    from store_fixture import store_fixture, upgraded_sqlite_template  # noqa: F401

``store`` is a Store on a fresh, upgraded database per test: a SQLite file in tmp_path (a copy
of one upgraded template), or a fresh schema in the PostgreSQL database ``test`` at
127.0.0.1:5432 (trust auth, user postgres), dropped after the test. ``database_url`` is the
same, not yet upgraded. The PostgreSQL cases are marked ``postgres`` and skipped with a visible
reason when nothing answers there.
"""

from __future__ import annotations

import shutil
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from negotiation.model import Document, Paragraph, ParagraphKind
from negotiation.seals import Sealer
from server.db import create_engine_for, upgrade
from server.store import Store

POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
POSTGRES_ADMIN_URL = f"postgresql+psycopg://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/test"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
TEST_SEALER = Sealer(bytes.fromhex("5e" * 32))  # the suite's integrity key (tests/conftest.py)


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((POSTGRES_HOST, POSTGRES_PORT), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(name="database_url", params=BACKENDS)
def database_url_fixture(request, tmp_path) -> Iterator[str]:
    """A URL to a fresh, empty database (not yet upgraded)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    yield from postgres_schema()


@pytest.fixture(scope="session")
def upgraded_sqlite_template(tmp_path_factory) -> Path:
    """One SQLite file upgraded to head; each test gets a copy (upgrading takes ~1 s)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = create_engine_for(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection closing checkpoints the WAL into the file
    return path


@pytest.fixture(name="store", params=BACKENDS)
def store_fixture(request, tmp_path, upgraded_sqlite_template) -> Iterator[Store]:
    """A Store on a fresh database at the head migration."""
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite3"
        shutil.copyfile(upgraded_sqlite_template, path)
        engine = create_engine_for(f"sqlite:///{path}")
        try:
            yield Store(engine, TEST_SEALER)
        finally:
            engine.dispose()
        return
    for url in postgres_schema():
        engine = create_engine_for(url)
        upgrade(engine)
        try:
            yield Store(engine, TEST_SEALER)
        finally:
            engine.dispose()


def postgres_schema() -> Iterator[str]:
    """A URL whose search path is a fresh schema in the database ``test``, dropped after."""
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_HOST}:{POSTGRES_PORT}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield f"{POSTGRES_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """A fixed time, ``minutes`` after T0: tests never depend on the clock."""
    return T0 + timedelta(minutes=minutes)


def resolution() -> Document:
    """A small resolution built by hand: two preambular, two operative paragraphs, one with
    sub-paragraphs; four open brackets in all."""
    return Document(
        symbol="AG/RES. 1 (TEST-O/26)", title="TEST RESOLUTION", organ="THE GENERAL ASSEMBLY,",
        preamble=[
            Paragraph("pp1", ParagraphKind.PREAMBULAR, "RECALLING resolution AG/RES. 2348,",
                      intro="RECALLING", intro_style="inline"),
            Paragraph("pp2", ParagraphKind.PREAMBULAR,
                      "that [the most vulnerable] groups need protection;",
                      intro="CONSIDERING", intro_style="heading"),
        ],
        operative=[
            Paragraph("op1", ParagraphKind.OPERATIVE,
                      "To urge member states [shall][should] adopt measures.", label="1",
                      children=[
                          Paragraph("op1a", ParagraphKind.SUBPARAGRAPH,
                                    "share [information / data];", label="a"),
                          Paragraph("op1b", ParagraphKind.SUBPARAGRAPH, "report yearly.",
                                    label="b"),
                      ]),
            Paragraph("op2", ParagraphKind.OPERATIVE,
                      "To request the Permanent Council to follow up [in 2027].", label="2"),
        ])


def type_and_seal(store: Store, document_id: str, paragraph_id: str, words: str, *,
                  author: str, delegation: str | None, when: datetime) -> str:
    """As a live room does: ``author`` types ``words`` at the start of the paragraph, the
    burst ends and the version is sealed (with the digest of its attribution) and committed
    with the weave, through ``Store.record_edits``. Returns the version's id."""
    from negotiation.author import Author
    from negotiation.weave_replay import sealed_digest
    from server.store import ParagraphEdit, SealedVersion

    weave = store.document_weaves(document_id, [paragraph_id])[paragraph_id].weave
    weave.apply([words, weave.length], Author(author, delegation))
    version_id = uuid.uuid4().hex
    sealed = weave.seal(Author(author, delegation), version_id)
    store.record_edits(
        document_id,
        [ParagraphEdit(paragraph_id, weave.text, author, delegation, when,
                       weave=weave.to_json(), weave_version=version_id)],
        versions=[SealedVersion(paragraph_id, version_id, sealed.text, author, delegation,
                                when, weave=sealed_digest(weave))])
    return version_id
