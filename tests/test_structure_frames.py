"""A structure change travels as the change (docs/protocol.md, *structure*), never as the whole
order: random inserts, moves and deletes in a document with sub-paragraphs, run through a real
room; static/structure.js (under Node), replaying the frames from the welcome's order, holds the
room's order after every one of them; and the frames stay small as the document grows."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sync_client import make_store
from test_undo_js import node

from negotiation.model import Document, Paragraph, ParagraphKind
from server import protocol as wire
from server.channel import InProcessFanout
from server.live.registry import RoomRegistry

ROOT = Path(__file__).resolve().parent.parent


class Peer:
    client_id, name, delegation = "structure-peer-1", "Ana", "CHILE"

    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []

    def send(self, frame: str) -> None:
        self.frames.append(json.loads(frame))


def nested_document() -> Document:
    def sub(parent: str, count: int) -> list[Paragraph]:
        return [Paragraph(id=f"{parent}-{chr(97 + i)}", kind=ParagraphKind.SUBPARAGRAPH,
                          text=f"Sub {chr(97 + i)}.", label=chr(97 + i)) for i in range(count)]

    return Document(
        symbol="TEST/2", title="THE GENERAL ASSEMBLY,",
        preamble=[Paragraph(id=f"pp-{i}", kind=ParagraphKind.PREAMBULAR, text=f"Recalling {i},")
                  for i in range(1, 4)],
        operative=[Paragraph(id=f"op-{i}", kind=ParagraphKind.OPERATIVE, text=f"Decides {i};",
                             label=str(i), children=sub(f"op-{i}", i % 3))
                   for i in range(1, 6)])


def random_message(rng: random.Random, order: list[dict[str, Any]]) -> dict[str, Any]:
    ids = [meta["id"] for meta in order]
    choice = rng.random()
    if choice < 0.45 or len(ids) < 4:
        return {"type": "insert", "after": rng.choice([*ids, None]),
                "section": rng.choice(["preamble", "operative", "articles"]), "text": "New."}
    if choice < 0.85:
        return {"type": "move", "p": rng.choice(ids), "after": rng.choice([*ids, None])}
    return {"type": "delete", "p": rng.choice(ids)}


@pytest.mark.parametrize("seed", range(3))
def test_structure_js_replays_the_changes_into_the_rooms_order(tmp_path, seed: int) -> None:
    binary = node()
    if binary is None:
        pytest.skip("no Node.js to run static/structure.js")
    store = make_store(tmp_path / "structure.sqlite3")
    document_id = store.import_document(nested_document(), author="secretariat",
                                        at=datetime(2026, 1, 1, tzinfo=UTC))
    rng = random.Random(seed)

    async def scenario() -> tuple[list[dict], list[dict], list[list[dict]], list[str]]:
        rooms = RoomRegistry(store, InProcessFanout())
        peer = Peer()
        room, welcome = await rooms.join(document_id, peer)
        frames, orders, refused = [], [], []
        for _ in range(40):
            message = wire.parse(json.dumps(random_message(rng, room.stream.order)))
            try:
                await room.handle(peer, message)
            except wire.ProtocolError as problem:  # after itself, inside itself
                refused.append(problem.code)
                continue
            frames.append([f for f in peer.frames if f["type"] == "structure"][-1])
            orders.append([dict(meta) for meta in room.stream.order])
        await rooms.aclose()
        order = [{key: item[key] for key in ("id", "section", "kind", "label", "parent",
                                             "status")} for item in welcome.paragraphs]
        return order, frames, orders, refused

    order, frames, orders, refused = asyncio.run(scenario())
    assert len(frames) >= 25 and set(refused) <= {wire.BAD_MESSAGE}
    assert all("order" not in frame for frame in frames)
    result = subprocess.run([binary, str(ROOT / "tests" / "js" / "structure_replay.mjs")],
                            input=json.dumps({"order": order, "messages": frames}),
                            capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={**os.environ, "NODE_NO_WARNINGS": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    replayed = json.loads(result.stdout)
    for step, (mine, theirs) in enumerate(zip(replayed, orders, strict=True)):
        assert mine == theirs, f"after frame {step}: {frames[step]}"
    # the room's order is the stored document's
    stored = store.load_document(document_id)
    assert [p.id for p in stored.paragraphs()] == [meta["id"] for meta in orders[-1]]


def test_a_move_after_its_own_sub_paragraph_is_refused(tmp_path) -> None:
    store = make_store(tmp_path / "structure.sqlite3")
    document_id = store.import_document(nested_document(), author="secretariat",
                                        at=datetime(2026, 1, 1, tzinfo=UTC))

    async def scenario() -> None:
        rooms = RoomRegistry(store, InProcessFanout())
        peer = Peer()
        room, _ = await rooms.join(document_id, peer)
        for after in ("op-2-a", "op-2"):
            with pytest.raises(wire.ProtocolError) as caught:
                await room.handle(peer, wire.parse(json.dumps(
                    {"type": "move", "p": "op-2", "after": after})))
            assert caught.value.code == wire.BAD_MESSAGE and "sub-paragraphs" in str(
                caught.value)
        await rooms.aclose()

    asyncio.run(scenario())
    assert [p.id for p in store.load_document(document_id).operative][:2] == ["op-1", "op-2"]


def test_structure_frames_do_not_grow_with_the_document(tmp_path) -> None:
    store = make_store(tmp_path / "structure.sqlite3")
    document_id = store.import_document(nested_document(), author="secretariat",
                                        at=datetime(2026, 1, 1, tzinfo=UTC))

    async def scenario() -> list[int]:
        rooms = RoomRegistry(store, InProcessFanout())
        peer = Peer()
        room, _ = await rooms.join(document_id, peer)
        sizes = []
        for _ in range(120):
            await room.handle(peer, wire.parse(json.dumps(
                {"type": "insert", "after": "op-1", "section": "operative", "text": ""})))
            sizes.append(len(json.dumps(peer.frames[-1])))
        await rooms.aclose()
        return sizes

    sizes = asyncio.run(scenario())
    assert max(sizes) < 600 and max(sizes) - min(sizes) < 40


def test_a_change_made_outside_the_room_brings_its_whole_order(tmp_path) -> None:
    """The reload after an outside write (server/live/reload.py) sends the whole order: the
    client takes it as it is."""
    binary = node()
    if binary is None:
        pytest.skip("no Node.js to run static/structure.js")
    meta = {"section": "operative", "kind": "operative", "label": None, "parent": None,
            "status": "open"}
    before = [dict(meta, id=pid) for pid in ("a", "b", "c")]
    after = [dict(meta, id=pid) for pid in ("c", "x", "a")]
    frames = [{"type": "structure", "op": "insert", "p": "x", "after": "c", "by": None,
               "ref": None, "paragraph": dict(after[1], text="", rev=0), "order": after},
              {"type": "structure", "op": "delete", "p": "b", "by": None, "ref": None,
               "order": after}]
    result = subprocess.run([binary, str(ROOT / "tests" / "js" / "structure_replay.mjs")],
                            input=json.dumps({"order": before, "messages": frames}),
                            capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={**os.environ, "NODE_NO_WARNINGS": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [after, after]
