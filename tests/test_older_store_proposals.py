"""A store written before proposals became paragraph rows keeps a delegation's alternative
wording in the details of the paragraph it answers. No migration turns it into a row (a row
needs a first version and a structure change in the signed, hash-chained log, which a schema
migration cannot sign: docs/chair.md), so the editor shows it read-only, saying why and what
can be done with it; the bracket actions still work on it. Real server on 127.0.0.1, real
WebSocket client, a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
from chair_site import Delegate, logged_in_site
from live_server import site
from sqlmodel import Session, select

from negotiation.model import Document, Paragraph, ParagraphKind, Proposal
from server.app import create_app
from server.settings import Settings
from server.tables import ParagraphRecord

CHAIR = {"name": "Chair", "role": "chair"}
WORDING = "That the Assembly decide later"


@pytest.fixture
def older(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", data_dir=tmp_path,
                        store_writer="thread", coalesce_pause=0.1)
    with site(create_app(settings)) as raw:
        document_id = raw.store.import_document(Document(symbol="A/1", operative=[
            Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, text="Words 1.", label="1",
                      proposals=[Proposal("Venezuela", WORDING)])]), author="secretariat",
            at=datetime(2026, 1, 1, tzinfo=UTC))
        as_before(raw.store, document_id)
        yield logged_in_site(raw, [document_id]), document_id


def as_before(store, document_id: str) -> None:
    """The proposal as the store wrote it before: in op-1's details, no row of its own (its row
    is marked deleted, so nothing reads it); a structure change then records the layout, so
    the document verifies as such a store's would."""
    with Session(store.engine) as session:
        rows = session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document_id)).all()
        answered = next(r for r in rows if r.id == "op-1")
        proposal = next(r for r in rows if r.id != "op-1")
        details = json.loads(answered.details)
        details["proposals"] = [{"delegation": "Venezuela", "text": WORDING}]
        answered.details = json.dumps(details)
        proposal.deleted = True
        session.add_all([answered, proposal])
        session.commit()
    store.move_paragraph(document_id, "op-1", after=None, author="secretariat",
                         delegation=None)


def test_the_editor_shows_an_older_stores_proposal_read_only_with_the_reason(older) -> None:
    client, document_id = older
    assert client.store.verify(document_id).ok
    [proposal] = client.store.load_document(document_id).find("op-1").proposals
    assert (proposal.delegation, proposal.text, proposal.id) == ("Venezuela", WORDING, None)
    page = client.get(f"/documents/{document_id}").text
    assert "Venezuela proposes</span> That the Assembly decide later" in page
    assert ("Read-only: tabled before proposals became live text. The chair can adopt or "
            "remove it, and Venezuela can join or withdraw it, or table it again to edit it."
            ) in page

    async def welcome() -> list[dict]:
        venezuela = await Delegate.connect(str(client.http.base_url), document_id, "ana",
                                           "Venezuela")
        await venezuela.close()
        return venezuela.welcome["paragraphs"]

    assert [p["id"] for p in asyncio.run(welcome())] == ["op-1"]  # nothing to type in

    adopted = client.http.post(f"/api/documents/{document_id}/paragraphs/op-1/brackets",
                               json={"action": "adopt", "bracket": f"[Venezuela: {WORDING}]",
                                     "rationale": "the room agreed", "as": CHAIR})
    assert adopted.status_code == 200, adopted.text
    answered = client.store.load_document(document_id).find("op-1")
    assert (answered.text, answered.proposals) == (WORDING, [])
    assert "Read-only" not in client.get(f"/documents/{document_id}").text
    assert client.store.verify(document_id).ok
