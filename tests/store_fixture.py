"""Test helper: the ``store`` fixture, over SQLite and over PostgreSQL.

    from store_fixture import database_url_fixture, store_fixture  # noqa: F401

``store`` is a Store on a fresh, upgraded database per test: a SQLite file in tmp_path, or a
fresh schema in the PostgreSQL database ``test`` at 127.0.0.1:5432 (trust auth, user postgres),
dropped after the test. The PostgreSQL case is marked ``postgres`` and skipped with a visible
reason when nothing answers there.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from negotiation.model import Document, Paragraph, ParagraphKind
from server.db import create_engine_for, upgrade
from server.store import Store

POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
POSTGRES_ADMIN_URL = f"postgresql+psycopg://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/test"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


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


@pytest.fixture(name="store")
def store_fixture(database_url) -> Iterator[Store]:
    engine = create_engine_for(database_url)
    upgrade(engine)
    try:
        yield Store(engine)
    finally:
        engine.dispose()


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
