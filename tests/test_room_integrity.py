"""A room never turns stored text that fails verification into a version: a working text
changed in the database (SQLite file, through sqlite3) makes the room refuse the document with
``document_tampered``, and nothing is appended to the log; text the server sealed itself is
recovered as before."""

from __future__ import annotations

import asyncio

import pytest
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401
from tamper import row, tamper
from test_rooms import MemoryPeer

from server import protocol as wire
from server.channel import InProcessFanout
from server.live.registry import RoomRegistry
from server.store import ParagraphEdit


@pytest.fixture
def document_id(store) -> str:
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    store.append_version(document_id, "op1", "To urge member states to act.", author="maria",
                         delegation="Chile", at=at(1))
    return document_id


def join(store, document_id: str) -> dict:
    async def scenario() -> dict:
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.05, idle_unload=0)
        try:
            _, welcome = await rooms.join(document_id, MemoryPeer("Ana"))
            return welcome
        finally:
            await rooms.aclose()

    return asyncio.run(scenario())


def test_the_room_refuses_to_launder_a_forged_working_text(store, document_id) -> None:
    versions = row(store, "SELECT count(*) AS n FROM versions")["n"]
    tamper(store, ["UPDATE paragraphs SET working_text = 'To urge nobody.' WHERE id = 'op1'"])
    with pytest.raises(wire.ProtocolError) as refused:
        join(store, document_id)
    assert refused.value.code == wire.DOCUMENT_TAMPERED
    assert "paragraph op1, working_text" in str(refused.value)
    assert row(store, "SELECT count(*) AS n FROM versions")["n"] == versions  # nothing added
    assert row(store, "SELECT author FROM versions WHERE paragraph_id = 'op1' "
                      "ORDER BY seq DESC LIMIT 1")["author"] == "maria"


def test_the_room_opens_and_recovers_text_the_server_sealed(store, document_id) -> None:
    store.record_edits(document_id, [ParagraphEdit("op1", "To urge all member states to act.",
                                                   "li", "Canada", at(2))])
    welcome = join(store, document_id)
    assert "To urge all member states to act." in str(welcome)
    assert row(store, "SELECT author FROM versions WHERE paragraph_id = 'op1' "
                      "ORDER BY seq DESC LIMIT 1")["author"] == "li"
    assert store.verify(document_id).ok
