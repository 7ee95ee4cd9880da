"""A deleted paragraph's proposals go with it (docs/chair.md, *Proposals are live text*):
deleted in the same change (each a structure change in the chain, in the deleter's name),
never counted as open in the console, never blocking the secretariat's adoption, and restored
when an imported revision brings the paragraph back with them. Real server on 127.0.0.1, real
WebSocket clients logged in as the people of the negotiation, a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from chair_site import Delegate, logged_in_site
from live_server import site
from sqlmodel import Session, select

from negotiation.model import Document, Paragraph, ParagraphKind, Proposal
from server.app import create_app
from server.settings import Settings
from server.tables import ParagraphRecord, StructureChangeRecord

CHAIR = {"name": "Chair", "role": "chair"}
SECRETARIAT = {"name": "Secretariat", "role": "secretariat"}
WORDING = "To call on every State to act"
IMPORTED = "That the Assembly decide later"


def draft(*, with_op2: bool = True) -> Document:
    """op-1; op-2 with a sub-paragraph op-2-a and Venezuela's imported proposal under it."""
    paragraphs = [Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, text="Words 1.",
                            label="1")]
    if with_op2:
        paragraphs.append(Paragraph(
            id="op-2", kind=ParagraphKind.OPERATIVE, text="Words 2:", label="2",
            proposals=[Proposal("Venezuela", IMPORTED)],
            children=[Paragraph(id="op-2-a", kind=ParagraphKind.OPERATIVE, text="words 2 a;",
                                label="a")]))
    return Document(symbol="A/1", operative=paragraphs)


@pytest.fixture
def small(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'd.sqlite3'}", data_dir=tmp_path,
                        store_writer="thread", coalesce_pause=0.1)
    with site(create_app(settings)) as raw:
        document_id = raw.store.import_document(draft(), author="secretariat",
                                                at=datetime(2026, 1, 1, tzinfo=UTC))
        yield logged_in_site(raw, [document_id]), document_id


def rows(client, document_id: str) -> dict[str, ParagraphRecord]:
    with Session(client.store.engine) as session:
        return {r.id: r for r in session.exec(select(ParagraphRecord).where(
            ParagraphRecord.document_id == document_id)).all()}


def structure_changes(client, document_id: str) -> list[tuple[str, str, str | None]]:
    with Session(client.store.engine) as session:
        found = session.exec(select(StructureChangeRecord).where(
            StructureChangeRecord.document_id == document_id
        ).order_by(StructureChangeRecord.seq)).all()
        return [(c.paragraph_id, c.action, c.delegation) for c in found]


def proposal_ids(client, document_id: str, answered: str) -> list[str]:
    return [r.id for r in rows(client, document_id).values()
            if f'"answers":"{answered}"' in (r.details or "").replace(" ", "")]


def test_deleting_a_paragraph_deletes_its_proposals_and_adoption_is_not_blocked(small
                                                                                ) -> None:
    client, document_id = small
    base = str(client.http.base_url)
    imported = proposal_ids(client, document_id, "op-2")
    assert len(imported) == 1

    async def scenario() -> str:
        venezuela = await Delegate.connect(base, document_id, "ana", "Venezuela")
        belize = await Delegate.connect(base, document_id, "li", "Belize")
        tabled = await venezuela.ask({"type": "bracket", "p": "op-2", "action": "table",
                                      "wording": WORDING})
        assert tabled["type"] == "bracket_event", tabled
        live_id = tabled["proposals"][-1]["id"]
        on_sub = await venezuela.ask({"type": "bracket", "p": "op-2-a", "action": "table",
                                      "wording": "words of Venezuela"})
        assert on_sub["type"] == "bracket_event", on_sub
        deleted = await belize.ask({"type": "delete", "p": "op-2"})
        assert (deleted["type"], deleted["op"], deleted["p"]) == ("structure", "delete",
                                                                  "op-2"), deleted
        late = await Delegate.connect(base, document_id, "ana", "Venezuela")
        assert [p["id"] for p in late.welcome["paragraphs"]] == ["op-1"]
        for socket in (venezuela, belize, late):
            await socket.close()
        return live_id

    live_id = asyncio.run(scenario())
    stored = rows(client, document_id)
    gone = [pid for pid, r in stored.items() if r.parent_id in ("op-2", "op-2-a")
            and "answers" in (r.details or "")]
    assert sorted(gone) == sorted([*imported, live_id, *proposal_ids(client, document_id,
                                                                     "op-2-a")])
    assert all(stored[pid].deleted for pid in gone)  # the proposals went with it
    changes = structure_changes(client, document_id)
    for pid in gone:  # each in the chain, in the deleter's name
        assert (pid, "deleted", "Belize") in changes
    assert client.store.verify(document_id).ok

    console = client.get(f"/api/documents/{document_id}/console").json()
    assert console["paragraphs"] == [], console["paragraphs"]
    assert console["progress"]["proposals"] == 0
    assert console["progress"]["paragraphs"] == 1  # op-1; not op-2-a under the deleted op-2

    agreed = client.http.post(f"/api/documents/{document_id}/paragraphs/op-1/status",
                              json={"status": "agreed", "as": CHAIR})
    assert agreed.status_code == 200, agreed.text
    adopted = client.http.post(f"/api/documents/{document_id}/adopt",
                               json={"as": SECRETARIAT}).json()
    assert adopted == {"adopted": 1}, adopted
    refused = client.http.post(f"/api/documents/{document_id}/paragraphs/op-1/brackets",
                               json={"action": "raise", "start": 0, "end": 5, "as": CHAIR})
    assert "adopted" in refused.json()["error"]["message"]  # the document counts as adopted
    assert client.store.verify(document_id).ok


def test_a_paragraph_a_revision_drops_and_brings_back_gets_its_proposal_row_back(small
                                                                                 ) -> None:
    client, document_id = small
    [imported] = proposal_ids(client, document_id, "op-2")
    client.store.import_revision(document_id, draft(with_op2=False), revision="Rev.1",
                                 author="secretariat")
    assert rows(client, document_id)[imported].deleted
    assert client.store.load_document(document_id).find("op-2") is None

    client.store.import_revision(document_id, draft(), revision="Rev.2",
                                 author="secretariat")
    stored = rows(client, document_id)
    assert not stored["op-2"].deleted and not stored[imported].deleted
    assert proposal_ids(client, document_id, "op-2") == [imported]  # no second row
    answered = client.store.load_document(document_id).find("op-2")
    assert [(p.delegation, p.text, p.id) for p in answered.proposals] == [
        ("Venezuela", IMPORTED, imported)]
    assert (imported, "restored", None) in structure_changes(client, document_id)
    assert client.store.verify(document_id).ok


def test_a_paragraph_deleted_live_and_restored_by_a_revision_gets_its_proposal_back(small
                                                                                    ) -> None:
    client, document_id = small
    base = str(client.http.base_url)
    [imported] = proposal_ids(client, document_id, "op-2")

    async def scenario() -> None:
        belize = await Delegate.connect(base, document_id, "li", "Belize")
        deleted = await belize.ask({"type": "delete", "p": "op-2"})
        assert deleted["type"] == "structure", deleted
        await belize.close()

    asyncio.run(scenario())
    assert rows(client, document_id)[imported].deleted
    client.store.import_revision(document_id, draft(), revision="Rev.1",
                                 author="secretariat")
    answered = client.store.load_document(document_id).find("op-2")
    assert [(p.delegation, p.text, p.id) for p in answered.proposals] == [
        ("Venezuela", IMPORTED, imported)]
    assert client.store.verify(document_id).ok


def test_adoption_ignores_rows_left_under_a_paragraph_deleted_by_an_older_store(small
                                                                                ) -> None:
    """A store written before deletions took the proposals along still holds live proposal
    rows (and sub-paragraphs) under a deleted paragraph: they are not part of the document
    and do not block its adoption."""
    client, document_id = small
    with Session(client.store.engine) as session:  # deleted as the store used to
        record = session.get(ParagraphRecord, (document_id, "op-2"))
        record.deleted = True
        session.add(record)
        session.commit()
    agreed = client.http.post(f"/api/documents/{document_id}/paragraphs/op-1/status",
                              json={"status": "agreed", "as": CHAIR})
    assert agreed.status_code == 200, agreed.text
    console = client.get(f"/api/documents/{document_id}/console").json()
    assert console["paragraphs"] == [] and console["progress"]["paragraphs"] == 1
    adopted = client.http.post(f"/api/documents/{document_id}/adopt",
                               json={"as": SECRETARIAT}).json()
    assert adopted == {"adopted": 1}, adopted
