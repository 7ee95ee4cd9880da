"""What crosses documents (server/conference.py): notices over the in-process fan-out and,
between two "processes" (two conferences), over Redis; a claim by another process hands the
room over; a revocation closes a user's sockets on every process."""

from __future__ import annotations

import asyncio
import json
import secrets

import pytest

from server.channel import InProcessFanout
from server.conference import Conference, attach, start_fanout, stop_fanout
from server.settings import Settings

REDIS = "redis://127.0.0.1:6379/0"


class FakeRooms:
    """What ``attach`` uses of a RoomRegistry."""

    def __init__(self, held: set[str], peers: list[object]) -> None:
        self.held, self._peers, self.handed_over, self.closed = held, peers, [], []
        self.room = type("R", (), {"document_id": "d1", "presence": self})()

    def holds(self, document_id: str) -> bool:
        return document_id in self.held

    async def written_outside(self, document_id: str) -> bool:
        self.revised = [*getattr(self, "revised", []), document_id]
        return True

    async def hand_over(self, document_id: str) -> int:
        self.handed_over.append(document_id)
        return 1

    def open_rooms(self) -> list:
        return [self.room]

    def close_peers(self, peers: list, code: int = 1012) -> None:
        self.closed += [(peer, code) for peer in peers]

    def peers(self) -> list[object]:  # the room's presence
        return self._peers

    def __len__(self) -> int:
        return len(self._peers)


class Peer:
    def __init__(self, user: str) -> None:
        self.user = user


def test_in_process_a_notice_reaches_its_handlers_and_ones_own_claim_hands_nothing_over(
        ) -> None:
    async def scenario() -> FakeRooms:
        conference = Conference(InProcessFanout(), "plenary1")
        rooms = FakeRooms({"d1"}, [])
        attach(conference, rooms)
        heard = []
        conference.on("revision", heard.append)
        conference.claimed("d1")  # its own: nothing to hand over
        conference.announce("revision", document="d1", fence=3)
        await asyncio.sleep(0.01)
        await conference.aclose()
        assert heard == [{"kind": "revision", "instance": "plenary1", "document": "d1",
                          "fence": 3}]
        return rooms

    rooms = asyncio.run(scenario())
    assert rooms.handed_over == []
    assert rooms.revised == ["d1"], "a revision notice, one's own too, reloads the room"


class RecordingPeer:
    """A client as the room sees it: the frames it was sent."""

    def __init__(self) -> None:
        self.client_id, self.name, self.delegation = "client-ana-0001", "Ana", "VENEZUELA"
        self.frames: list[dict] = []

    def send(self, frame: str) -> None:
        self.frames.append(json.loads(frame))


def test_a_revision_notice_reloads_the_room_at_once_the_fence_watch_being_slow(
        tmp_path) -> None:
    """A real room (the store on a SQLite file) whose fence watch reads only every minute:
    a revision stored outside it reaches its client at once on the notice, and not without
    it; a notice about a document whose fence did not move claims nothing."""
    from sync_client import import_paragraphs, make_store

    from negotiation.importer import import_text
    from server.live.registry import RoomRegistry

    store = make_store(tmp_path / "notices.sqlite3")
    document_id, (paragraph_id,) = import_paragraphs(store, ["To note the report."])

    def revise(words: str) -> None:
        revised = import_text(f"THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. {words}\n")
        store.import_revision(document_id, revised, revision=words[:8], author="secretariat")

    async def scenario() -> tuple[str, str, int, int]:
        fanout = InProcessFanout()
        conference = Conference(fanout, "plenary1")
        rooms = RoomRegistry(store, fanout, coalesce_pause=0.05, fence_watch=60)
        attach(conference, rooms)
        peer = RecordingPeer()
        room, _ = await rooms.join(document_id, peer)
        fence = room.fence.value
        conference.revised(document_id, "adoption")  # nothing written: no reload, no claim
        await asyncio.sleep(0.3)
        unchanged = store.document_fence(document_id)
        revise("To welcome the report.")  # no notice: the minute-long watch misses it
        await asyncio.sleep(1.0)
        without = room.stream.text_now(paragraph_id)
        revise("To adopt the report.")
        conference.revised(document_id, "revision")
        patched: list[dict] = []
        for _ in range(50):
            patched = [patch for frame in peer.frames if frame["type"] == "patch"
                       for patch in frame["patches"]]
            if patched:
                break
            await asyncio.sleep(0.01)
        with_notice = room.stream.text_now(paragraph_id)
        rooms.leave(room, peer)
        await rooms.aclose()
        await conference.aclose()
        assert patched and all(patch["p"] == paragraph_id for patch in patched)
        return without, with_notice, unchanged - fence, len(patched)

    without, with_notice, moved, _ = asyncio.run(scenario())
    assert moved == 0, "a notice about an unmoved fence claims nothing"
    assert without == "To note the report.", "the slow watch did not see the first revision"
    assert with_notice == "To adopt the report.", "the notice brought the revision within 0.5 s"


def test_the_default_fanout_is_in_process_without_redis() -> None:
    async def scenario() -> type:
        fanout = await start_fanout(Settings())
        await stop_fanout(fanout)
        return type(fanout)

    assert asyncio.run(scenario()) is InProcessFanout


def redis_or_skip() -> None:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis does not answer at 127.0.0.1:6379")


def test_over_redis_a_claim_hands_over_and_a_log_out_closes_sockets_on_the_other(
        ) -> None:
    redis_or_skip()
    from server.auth.sessions import LiveSockets
    from server.conference_sockets import ConferenceSockets

    async def scenario() -> tuple[FakeRooms, FakeRooms, dict, list[str]]:
        settings = Settings(redis_url=REDIS)
        fanouts = [await start_fanout(settings) for _ in range(2)]
        one = Conference(fanouts[0], f"one-{secrets.token_hex(3)}")
        two = Conference(fanouts[1], f"two-{secrets.token_hex(3)}")
        rooms_one, rooms_two = FakeRooms(set(), []), FakeRooms({"d1"}, [Peer("a"), Peer("b")])
        attach(one, rooms_one)
        attach(two, rooms_two)
        sockets_one = ConferenceSockets(LiveSockets(), one)
        sockets_two = ConferenceSockets(LiveSockets(), two)
        closed: list[str] = []
        sockets_two.add("session-1", "ana", "n1", closed.append)
        sockets_two.add("session-2", "ben", "n1", closed.append)
        await asyncio.sleep(0.2)
        one.claimed("d1")  # process one opened a room on d1: two hands it over
        sockets_one.end_session("session-1", "you logged out")  # ana logs out on process one
        for _ in range(50):
            if rooms_two.handed_over and closed and len(one.connected()) > 0:
                break
            await asyncio.sleep(0.1)
        connected = one.connected()
        for conference in (one, two):
            await conference.aclose()
        for fanout in fanouts:
            await stop_fanout(fanout)
        return rooms_one, rooms_two, connected, closed

    rooms_one, rooms_two, connected, closed = asyncio.run(scenario())
    assert rooms_two.handed_over == ["d1"] and rooms_one.handed_over == []
    assert closed == ["you logged out"], "ana's socket on the other process, not ben's"
    assert connected == {"d1": 2}, "one sees two's clients (counts cross processes)"


def test_document_frames_stay_in_the_process_with_redis() -> None:
    redis_or_skip()

    async def scenario() -> list[str]:
        fanout = await start_fanout(Settings(redis_url=REDIS))
        got: list[str] = []
        fanout.subscribe("document:d1", got.append)
        fanout.publish("document:d1", json.dumps({"type": "patch"}))
        await stop_fanout(fanout)
        return got

    assert asyncio.run(scenario()) == ['{"type": "patch"}'], "delivered at once, locally"


def test_healthz_and_connected_on_the_real_app(tmp_path) -> None:
    from live_server import site

    from server.app import create_app

    with site(create_app(Settings(data_dir=tmp_path, store_writer="thread",
                                  instance="plenary7"))) as running:
        health = running.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "instance": "plenary7", "rooms": 0,
                                 "documents": []}
        assert running.get("/api/connected").json() == {"documents": {}}
