"""server.live: the ordered stream, group commit, coalesced versions, structure, presence.

In-memory peers and the in-process fan-out, no network; the real store on a SQLite file."""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from typing import Any

import pytest
from sync_client import import_paragraphs, make_store

from negotiation.sync import delta as codec
from negotiation.sync import ops
from negotiation.sync.delta import make as make_delta
from server import protocol as wire
from server.channel import InProcessFanout, topic_for
from server.live.registry import RoomRegistry
from server.store import StoreError


class MemoryPeer:
    def __init__(self, name: str, delegation: str | None = "CHILE") -> None:
        self.client_id = f"client-{name.lower()}-0001"
        self.name, self.delegation = name, delegation
        self.frames: list[dict[str, Any]] = []

    def send(self, frame: str) -> None:
        self.frames.append(json.loads(frame))

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [frame for frame in self.frames if frame["type"] == kind]


class HookedStore:
    """The real store, with ``before_commit(edits)`` run before each ``record_edits``: the
    subclasses count, fail or hold commits."""

    def __init__(self, store) -> None:
        self._store = store

    def before_commit(self, edits) -> None:
        pass

    def record_edits(self, document_id, edits, progress=(), versions=(), **fence):
        self.before_commit(edits)
        return self._store.record_edits(document_id, edits, progress=progress,
                                        versions=versions, **fence)

    def __getattr__(self, name):
        return getattr(self._store, name)


class CountingStore(HookedStore):
    """Counts record_edits calls (to see the group commit)."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.commits, self.edits = 0, 0

    def before_commit(self, edits) -> None:
        self.commits += 1
        self.edits += len(edits)
        time.sleep(0.005)  # a commit that takes a little while, as an fsync does


def edit(paragraph: str, m: int, n: int, old: str, new: str, ref: Any = None) -> wire.ClientMessage:
    return wire.parse(json.dumps({"type": "edit", "p": paragraph, "m": m, "n": n,
                                  "deltas": [make_delta(old, new)], "ref": ref}))


async def settle(room) -> None:
    for _ in range(200):
        await asyncio.sleep(0.01)
        if room.committer.idle:
            return


@pytest.fixture
def document(tmp_path):
    store = make_store(tmp_path / "rooms.sqlite3")
    document_id, ids = import_paragraphs(store, ["To request the Permanent Council to act.",
                                                 "Second 😀 paragraph.", "Third."])
    return store, document_id, ids


@pytest.mark.parametrize("durable_broadcast", [False, True])
def test_an_edit_is_durable_before_its_ack_and_reaches_the_others_once(
        document, durable_broadcast: bool) -> None:
    store, document_id, ids = document

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.05,
                             durable_broadcast=durable_broadcast)
        ana, bo = MemoryPeer("Ana"), MemoryPeer("Bo", "PERU")
        room, welcome = await rooms.join(document_id, ana)
        await rooms.join(document_id, bo)
        assert [p["id"] for p in welcome.paragraphs] == ids
        assert welcome.paragraphs[0]["rev"] == 0
        old = welcome.paragraphs[0]["text"]
        new = old.replace("act", "act now")
        await room.handle(ana, edit(ids[0], 0, 0, old, new, 7))
        await asyncio.sleep(0)  # one turn of the loop: the early broadcast
        assert not ana.of("ack")  # never before the commit
        assert bool(bo.of("patch")) is not durable_broadcast  # others see it at once
        await settle(room)
        ack = ana.of("ack")[0]
        assert (ack["n"], ack["m"], ack["r"], ack["ref"]) == (1, 0, 1, 7)
        assert store.get_paragraph_text(document_id, ids[0]) == new
        patches = [p for frame in bo.of("patch") for p in frame["patches"]]
        assert patches == [{"p": ids[0], "from": 0, "to": 1, "delta": make_delta(old, new)}]
        frames = [f["type"] for f in ana.frames if f["type"] in ("ack", "patch")]
        assert frames == (["ack", "patch"] if durable_broadcast else ["patch", "ack"])
        await rooms.aclose()

    asyncio.run(scenario())


def test_edits_are_committed_in_groups_and_merged_in_order(document) -> None:
    store, document_id, ids = document
    counting = CountingStore(store)

    async def scenario():
        rooms = RoomRegistry(counting, InProcessFanout(), coalesce_pause=0.05)
        peers = [MemoryPeer(f"P{i}") for i in range(20)]
        room = None
        for peer in peers:
            room, _ = await rooms.join(document_id, peer)
        text = "To request the Permanent Council to act."
        # twenty clients each insert their mark into the same paragraph at revision 0
        await asyncio.gather(*(room.handle(peer, edit(ids[0], 0, 0, text, f"[{i}]" + text))
                               for i, peer in enumerate(peers)))
        await settle(room)
        final = store.get_paragraph_text(document_id, ids[0])
        assert all(f"[{i}]" in final for i in range(20))
        assert all(peer.of("ack") for peer in peers)
        assert counting.commits < 20  # group commit: fewer transactions than edits
        await rooms.aclose()

    asyncio.run(scenario())


def test_a_burst_of_keystrokes_becomes_one_version_after_the_pause(document) -> None:
    store, document_id, ids = document
    before = len(store.paragraph_history(document_id, ids[2]).entries)

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.2)
        ana = MemoryPeer("Ana")
        room, _ = await rooms.join(document_id, ana)
        text, revision = "Third.", 0
        for n, letter in enumerate("abcdefgh"):
            await room.handle(ana, edit(ids[2], revision, n, text, text + letter))
            text, revision = text + letter, revision + 1
            await asyncio.sleep(0.01)
        await settle(room)
        assert len(store.paragraph_history(document_id, ids[2]).entries) == before
        await asyncio.sleep(0.4)
        await settle(room)
        entries = store.paragraph_history(document_id, ids[2]).entries
        assert len(entries) == before + 1 and entries[-1].version.text == "Third.abcdefgh"
        assert entries[-1].version.author == "Ana" and entries[-1].version.delegation == "CHILE"
        await rooms.aclose()

    asyncio.run(scenario())


class FailingOnceStore(HookedStore):
    """The first ``record_edits`` fails as a full disk would."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.failed = False

    def before_commit(self, edits) -> None:
        if not self.failed:
            self.failed = True
            raise StoreError("disk full")


def test_a_count_of_merged_edits_is_committed_with_its_text_even_after_a_failed_commit(
        document) -> None:
    store, document_id, ids = document
    old = "To request the Permanent Council to act."
    now = old + " Now."

    async def before_the_restart():
        rooms = RoomRegistry(FailingOnceStore(store), InProcessFanout(), coalesce_pause=0.05)
        ana = MemoryPeer("Ana")
        room, _ = await rooms.join(document_id, ana)
        await room.handle(ana, edit(ids[0], 0, 0, old, now))
        for _ in range(300):  # the first commit fails; the next try is STORE_RETRY_SECONDS on
            if ana.of("ack"):
                break
            await asyncio.sleep(0.01)
        # the failed commit was reported, not acknowledged; text and count went with the
        # next one, together, and the ack followed that commit
        kinds = [frame["type"] for frame in ana.frames if frame["type"] in ("error", "ack")]
        assert kinds == ["error", "ack"]
        assert ana.of("error")[0]["code"] == wire.STORE_FAILED
        assert ana.of("ack")[0]["n"] == 1
        assert store.get_paragraph_text(document_id, ids[0]) == now
        assert store.client_progress(document_id, ana.client_id) == {ids[0]: 1}
        await rooms.aclose()

    async def after_the_restart():  # a new room knows only what the store knows
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.05)
        ana = MemoryPeer("Ana")
        room, _ = await rooms.join(document_id, ana)
        # the resend of edit 0, from its base text (a new epoch: no revision of it is known)
        await room.handle(ana, wire.parse(json.dumps({
            "type": "edit", "p": ids[0], "m": -1, "n": 0, "base": old,
            "deltas": [make_delta(old, now)]})))
        await settle(room)
        assert ana.of("ack")[-1]["n"] == 1
        await rooms.aclose()

    asyncio.run(before_the_restart())
    asyncio.run(after_the_restart())
    assert store.get_paragraph_text(document_id, ids[0]) == now  # merged once


class HeldCommitStore(HookedStore):
    """``record_edits`` waits until the test releases it."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.release = threading.Event()

    def before_commit(self, edits) -> None:
        assert self.release.wait(10)


def test_the_welcome_counts_a_clients_committed_edits_and_hands_over_its_conflicts(
        document) -> None:
    store, document_id, ids = document
    held = HeldCommitStore(store)
    old = "To request the Permanent Council to act."
    calls, invites = "Calls upon all States to act now.", "Invites all States to act now."
    mine = "Calls all States to act now."  # deletes " upon", which Bo replaced first

    def counts(welcome) -> dict[str, int]:
        return {paragraph["id"]: paragraph["n"] for paragraph in welcome.paragraphs}

    async def scenario():
        rooms = RoomRegistry(held, InProcessFanout(), coalesce_pause=0.05)
        ana, bo = MemoryPeer("Ana"), MemoryPeer("Bo", "PERU")
        room, _ = await rooms.join(document_id, ana)
        await rooms.join(document_id, bo)
        await room.handle(bo, edit(ids[0], 0, 0, old, calls))  # revision 1
        await room.handle(bo, edit(ids[0], 1, 1, calls, invites))  # revision 2
        await room.handle(ana, edit(ids[0], 1, 0, calls, mine))  # merged: a conflict
        _, welcome = await rooms.join(document_id, MemoryPeer("Ana"))  # Ana reconnects
        assert counts(welcome) == {ids[0]: 0, ids[1]: 0, ids[2]: 0}  # nothing committed yet
        assert "conflicts" not in welcome.paragraphs[0]  # the resend's ack will carry them
        held.release.set()
        await settle(room)
        _, welcome = await rooms.join(document_id, MemoryPeer("Ana"))
        assert counts(welcome) == {ids[0]: 1, ids[1]: 0, ids[2]: 0}
        assert [c["removed"] for c in welcome.paragraphs[0]["conflicts"]] == [" upon"]
        assert welcome.paragraphs[0]["text"] == invites  # both deleted " upon": once
        _, welcome = await rooms.join(document_id, MemoryPeer("Bo", "PERU"))
        assert counts(welcome) == {ids[0]: 2, ids[1]: 0, ids[2]: 0}
        assert "conflicts" not in welcome.paragraphs[0]
        await rooms.aclose()

    asyncio.run(scenario())


def test_bad_edits_get_errors_and_change_nothing(document) -> None:
    store, document_id, ids = document

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout())
        ana = MemoryPeer("Ana")
        room, _ = await rooms.join(document_id, ana)
        old = "To request the Permanent Council to act."
        text = old + " Now."
        await room.handle(ana, edit(ids[0], 0, 0, old, text))  # edit 0 is merged
        cases = [
            (edit("op-99", 1, 1, "x", "y"), wire.UNKNOWN_PARAGRAPH),
            (edit(ids[0], 42, 1, text, text + "!"), wire.UNKNOWN_REVISION),
            (edit(ids[0], 1, 5, text, text + "!"), wire.OUT_OF_ORDER),  # 1..4 never came
            (edit(ids[0], 1, 1, "short", "shorter"), wire.BAD_DELTA),
        ]
        for message, code in cases:
            with pytest.raises(wire.ProtocolError) as caught:
                await room.handle(ana, message)
            assert caught.value.code == code
        await settle(room)
        assert store.get_paragraph_text(document_id, ids[0]) == text
        assert len(ana.of("ack")) == 1
        await rooms.aclose()

    asyncio.run(scenario())


def test_structure_operations_reach_everyone_and_edits_to_a_deleted_paragraph_fail(
        document) -> None:
    store, document_id, ids = document

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout())
        ana, bo = MemoryPeer("Ana"), MemoryPeer("Bo", "PERU")
        room, _ = await rooms.join(document_id, ana)
        await rooms.join(document_id, bo)
        await room.handle(ana, wire.parse(json.dumps(
            {"type": "insert", "after": ids[0], "section": "operative", "text": "New one.",
             "ref": "insert:1"})))
        inserted = bo.of("structure")[-1]
        new_id = inserted["p"]
        assert inserted["op"] == "insert" and inserted["paragraph"]["text"] == "New one."
        # the change, never the whole order
        assert "order" not in inserted and inserted["after"] == ids[0]
        assert inserted["changed"] == [] and inserted["ref"] == "insert:1"
        assert [meta["id"] for meta in room.stream.order] == [ids[0], new_id, ids[1], ids[2]]
        assert inserted["by"] == {"name": "Ana", "delegation": "CHILE"}
        await room.handle(bo, wire.parse(json.dumps({"type": "move", "p": ids[2],
                                                     "after": None})))
        moved = ana.of("structure")[-1]
        assert (moved["op"], moved["p"], moved["after"]) == ("move", ids[2], None)
        assert moved["paragraph"]["id"] == ids[2] and "order" not in moved
        assert room.stream.order[0]["id"] == ids[2]
        await room.handle(bo, wire.parse(json.dumps({"type": "delete", "p": ids[1]})))
        deleted = ana.of("structure")[-1]
        assert set(deleted) == {"type", "op", "p", "changed", "by", "ref"}
        assert ids[1] not in [m["id"] for m in room.stream.order]
        for frame in ({"type": "delete", "p": ids[1]},  # deleted already
                      {"type": "move", "p": ids[0], "after": ids[1]},  # after a deleted one
                      {"type": "insert", "after": ids[1], "section": "operative", "text": ""}):
            with pytest.raises(wire.ProtocolError) as caught:
                await room.handle(ana, wire.parse(json.dumps(frame)))
            assert caught.value.code == wire.UNKNOWN_PARAGRAPH
        with pytest.raises(wire.ProtocolError) as caught:
            await room.handle(ana, edit(ids[1], 0, 0, "Second 😀 paragraph.", "x"))
        assert caught.value.code == wire.UNKNOWN_PARAGRAPH
        with pytest.raises(wire.ProtocolError) as caught:
            await room.handle(ana, wire.parse(json.dumps({"type": "move", "p": "op-77",
                                                          "after": None})))
        assert caught.value.code == wire.UNKNOWN_PARAGRAPH
        await rooms.aclose()
        assert [p.id for p in store.load_document(document_id).operative] == [
            ids[2], ids[0], new_id]

    asyncio.run(scenario())


def test_presence_says_who_is_in_which_paragraph_by_delegation(document) -> None:
    store, document_id, ids = document

    async def scenario():
        fanout = InProcessFanout()
        rooms = RoomRegistry(store, fanout)
        ana, bo = MemoryPeer("Ana"), MemoryPeer("Bo", "PERU")
        room, _ = await rooms.join(document_id, ana)
        await rooms.join(document_id, bo)
        await room.handle(bo, wire.parse(json.dumps({"type": "focus", "p": ids[1]})))
        assert ana.of("presence")[-1]["editors"] == [
            {"name": "Ana", "delegation": "CHILE", "p": None},
            {"name": "Bo", "delegation": "PERU", "p": ids[1]}]
        rooms.leave(room, bo)
        assert ana.of("presence")[-1]["editors"] == [
            {"name": "Ana", "delegation": "CHILE", "p": None}]
        assert fanout.subscriber_count(topic_for(document_id)) == 1
        await rooms.aclose()

    asyncio.run(scenario())


def test_no_single_edit_blocks_the_loop_for_long(document) -> None:
    """A 1 KB clause rewritten by a third while someone else edited it too: the merge runs
    on the event loop, so it must stay within a few milliseconds (C++ diffs, bounded)."""
    store, document_id, ids = document
    rng = random.Random(4)
    words = ["Council", "request", "Member", "States", "resolution", "report", "the", "to"]
    clause = " ".join(rng.choice(words) for _ in range(150))[:1000]

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout())
        ana, bo = MemoryPeer("Ana"), MemoryPeer("Bo")
        room, _ = await rooms.join(document_id, ana)
        await rooms.join(document_id, bo)
        await room.handle(ana, edit(ids[1], 0, 0, "Second 😀 paragraph.", clause))
        rewritten = clause[:300] + " ".join(rng.choice(words) for _ in range(50))[:330] + \
            clause[630:]
        await room.handle(bo, edit(ids[1], 1, 0, clause, clause[:500] + "X" + clause[500:]))
        room.longest_merge = room.longest_merge_wall = 0.0
        await room.handle(ana, edit(ids[1], 1, 1, clause, rewritten))
        await settle(room)
        print(f"longest merge on the loop: {room.longest_merge * 1000:.2f} ms CPU, "
              f"{room.longest_merge_wall * 1000:.2f} ms wall")
        assert room.longest_merge < 0.02
        await rooms.aclose()

    asyncio.run(scenario())


class GatedStore(HookedStore):
    """The next ``record_edits`` (run in a worker thread) waits for ``release`` once ``armed``:
    a commit that is still running when the room unloads."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.armed = False
        self.entered, self.release = threading.Event(), threading.Event()

    def before_commit(self, edits) -> None:
        if self.armed:
            self.armed = False
            self.entered.set()
            assert self.release.wait(10), "the test never released the commit"


async def unload_with_commit_running(rooms: RoomRegistry, gated: GatedStore, document_id: str,
                                     paragraph_id: str, new: str) -> None:
    """Ana edits, leaves at once (idle_unload 0), and the room starts closing while the commit
    of her last edit is held in ``record_edits``."""
    ana = MemoryPeer("Ana")
    room, welcome = await rooms.join(document_id, ana)
    old = next(p["text"] for p in welcome.paragraphs if p["id"] == paragraph_id)
    gated.armed = True
    await room.handle(ana, edit(paragraph_id, 0, 0, old, new))
    rooms.leave(room, ana)
    assert await asyncio.to_thread(gated.entered.wait, 10)  # the commit is running...
    for _ in range(500):  # ...and the unload has begun: the room is no longer registered
        if room not in rooms.open_rooms():
            break
        await asyncio.sleep(0.01)
    assert room not in rooms.open_rooms()
    assert store_text(gated, document_id, paragraph_id) != new  # not committed yet


def store_text(store, document_id: str, paragraph_id: str) -> str:
    return store.get_paragraph_text(document_id, paragraph_id)


def test_a_join_while_the_room_unloads_waits_for_the_last_commit(document) -> None:
    """Regression: a join arriving while an idle room was closing opened a second room that
    loaded the document before the closing room's last commit (stale text, two writers)."""
    store, document_id, ids = document
    gated = GatedStore(store)
    new = "To request the Permanent Council to act at once."

    async def scenario():
        rooms = RoomRegistry(gated, InProcessFanout(), coalesce_pause=0.05, idle_unload=0)
        await unload_with_commit_running(rooms, gated, document_id, ids[0], new)
        bo = MemoryPeer("Bo", "PERU")
        joining = asyncio.create_task(rooms.join(document_id, bo))
        await asyncio.sleep(0.2)
        joined_during_close = joining.done()
        gated.release.set()
        room, welcome = await joining
        assert welcome.paragraphs[0]["text"] == new  # not the text before Ana's last edit
        assert not joined_during_close  # it waited for the close to finish
        assert room.document_id == document_id and rooms.open_rooms() == [room]
        await room.handle(bo, edit(ids[0], welcome.paragraphs[0]["rev"], 0, new, new + "!"))
        await rooms.aclose()

    asyncio.run(scenario())
    assert store.get_paragraph_text(document_id, ids[0]) == new + "!"


def test_aclose_waits_for_a_room_still_unloading(document) -> None:
    store, document_id, ids = document
    gated = GatedStore(store)
    new = "Third, and last."

    async def scenario():
        rooms = RoomRegistry(gated, InProcessFanout(), coalesce_pause=0.05, idle_unload=0)
        await unload_with_commit_running(rooms, gated, document_id, ids[2], new)
        closing = asyncio.create_task(rooms.aclose())
        await asyncio.sleep(0.2)
        assert not closing.done()
        gated.release.set()
        await closing
        assert store.get_paragraph_text(document_id, ids[2]) == new

    asyncio.run(scenario())
    entries = store.paragraph_history(document_id, ids[2]).entries
    assert entries[-1].version.text == new  # the pending version too, before aclose returned


def test_closing_right_after_an_edit_writes_its_version(document) -> None:
    """Regression: close() cancelled the version writer, which could already have taken the
    last burst's version off the queue: the text was saved, its version was not."""
    store, document_id, ids = document

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.05)
        ana = MemoryPeer("Ana")
        room, _ = await rooms.join(document_id, ana)
        await room.handle(ana, edit(ids[2], 0, 0, "Third.", "Third!"))
        await rooms.aclose()

    asyncio.run(scenario())
    entries = store.paragraph_history(document_id, ids[2]).entries
    assert [(e.version.text, e.version.author) for e in entries[-2:]] == [
        ("Third.", "secretariat"), ("Third!", "Ana")]


def test_every_merged_op_reaches_the_merge_hooks_with_its_author_as_applied(document) -> None:
    """What attribution consumes: each merged change, the op exactly as applied to the text
    (code points) and its author, in stream order; a change made outside the room too."""
    store, document_id, ids = document

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.05)
        ana, bo = MemoryPeer("Ana"), MemoryPeer("Bo", "PERU")
        room, welcome = await rooms.join(document_id, ana)
        await rooms.join(document_id, bo)
        seen = []
        room.on_merged(seen.append)
        old = welcome.paragraphs[1]["text"]  # "Second 😀 paragraph."
        await room.handle(ana, edit(ids[1], 0, 0, old, old.replace("Second", "Second new")))
        # Bo's edit, made on revision 0 too, lands after the emoji: transformed past Ana's
        await room.handle(bo, edit(ids[1], 0, 0, old, old.replace("😀", "😀 and")))
        await settle(room)
        text = "Second new 😀 and paragraph."
        assert [(e.revision, e.author.name if e.author else None) for e in seen] == [
            (1, "Ana"), (2, "Bo")]
        assert [[c for c in e.op if isinstance(c, str)] for e in seen] == [[" new"], [" and"]]
        assert seen[-1].text == text
        replay = old
        for merged in seen:
            replay = ops.apply(replay, merged.op)
        assert replay == text == store.get_paragraph_text(document_id, ids[1])
        await rooms.aclose()

    asyncio.run(scenario())


def test_a_change_made_outside_the_room_reaches_clients_and_transforms_their_edits(
        document) -> None:
    """``apply_server_change``: another writer stored a new text (a revision from the command
    line) over the text this room committed. It becomes an op of the stream, after the edits
    the room merged meanwhile (not undone); an edit made before it is transformed through it
    and does not restore what it replaced."""
    store, document_id, ids = document

    async def scenario():
        rooms = RoomRegistry(store, InProcessFanout(), coalesce_pause=0.05)
        ana, bo = MemoryPeer("Ana"), MemoryPeer("Bo", "PERU")
        room, welcome = await rooms.join(document_id, ana)
        await rooms.join(document_id, bo)
        seen = []
        room.on_merged(seen.append)
        old = welcome.paragraphs[0]["text"]  # "To request the Permanent Council to act."
        # Bo's edit, merged but (as far as the outside writer knows) not seen by it
        await room.handle(bo, edit(ids[0], 0, 0, old, old.replace("Permanent", "Permanent "
                                                                   "and General")))
        revised = "To invite the Permanent Council to act."
        async with room._lock:  # as the reload calls it
            change = room.apply_server_change(ids[0], old, revised)
        assert change.merged is not None and change.merged.author is None
        assert change.text == "To invite the Permanent and General Council to act."
        assert change.patch == wire.PatchItem(
            ids[0], 1, 2, codec.from_op(room.stream.revisions(ids[0]).text_at(1),
                                        change.merged.op))
        # Ana typed on revision 0, before she saw either: her words join, nothing restored
        await room.handle(ana, edit(ids[0], 0, 0, old, old.replace("act.", "act at once.")))
        await settle(room)
        assert store.get_paragraph_text(document_id, ids[0]) == \
            "To invite the Permanent and General Council to act at once."
        assert [e.author.name if e.author else None for e in seen] == ["Bo", None, "Ana"]
        await rooms.aclose()

    asyncio.run(scenario())
