"""Frames to every client of a room, through the ``Fanout`` (server/channel.py).

Others see a merged edit at once (``soon``): the patches merged in one turn of the event loop
go to them as ONE frame, encoded once. Only the author's ack waits for durability
(server/live/committer.py). Why others need not wait for the commit: a commit costs one fsync
(8-12 ms on this machine's disk, more through the ORM), and nothing is lost by showing an edit
before it is durable -- its author keeps it in the unacknowledged stack and sends it again
after a crash. With ``durable_broadcast`` the committer sends the patches with the acks, after
the commit (``send``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from server import protocol as wire
from server.channel import Fanout
from server.live.ports import Peer

SENDS_PER_SECOND = 12_000  # frames a room hands to its clients per second, at most (tunable)

# what the committer hands out after a commit: (peer, encoded frame) goes to that peer alone;
# (None, encoded frame) to everyone; (None, patch) into a shared patch frame
Outgoing = list[tuple[Peer | None, str | wire.PatchItem]]


class Broadcast:
    def __init__(self, fanout: Fanout, topic: str, audience: Callable[[], int]) -> None:
        self._fanout, self._topic, self._audience = fanout, topic, audience
        self._early: list[wire.PatchItem] = []
        self._last_frame = 0.0
        # told after every frame that may follow a stored change of the document (what a
        # commit released, a bracket, status, structure or reload frame), never before the
        # commit: the progress board (server/progress_board.py) reads the figures then
        self.after_change: Callable[[], None] = lambda: None

    def publish(self, frame: str) -> None:
        """One encoded frame to every client of the room."""
        self._fanout.publish(self._topic, frame)
        self.after_change()

    def soon(self, patch: wire.PatchItem) -> None:
        """A patch for the others, in the next patch frame.

        With many clients, frames are spaced so that a room sends at most ``SENDS_PER_SECOND``
        frames in all (100 clients: one frame per 8.3 ms at most, with every patch merged
        meanwhile in it): the sends, not the merges, are what costs with many clients."""
        self._early.append(patch)
        if len(self._early) == 1:
            loop = asyncio.get_running_loop()
            spacing = self._audience() / SENDS_PER_SECOND
            delay = max(0.0, self._last_frame + spacing - loop.time())
            if delay:
                loop.call_later(delay, self._publish_early)
            else:
                loop.call_soon(self._publish_early)

    def _publish_early(self) -> None:
        patches, self._early = self._early, []
        self._last_frame = asyncio.get_running_loop().time()
        if patches:  # not committed yet: ``after_change`` waits for the commit's ``send``
            self._fanout.publish(self._topic, wire.encode(wire.Patch(tuple(patches))))

    def send(self, outgoing: Outgoing) -> None:
        """Hand out what a commit released, in order."""
        patches: list[wire.PatchItem] = []
        for peer, item in outgoing:
            if isinstance(item, wire.PatchItem):
                patches.append(item)
            elif peer is not None:
                peer.send(item)
            else:
                self._flush_patches(patches)
                self._fanout.publish(self._topic, item)
        self._flush_patches(patches)
        self.after_change()

    def _flush_patches(self, patches: list[wire.PatchItem]) -> None:
        if patches:
            self._fanout.publish(self._topic, wire.encode(wire.Patch(tuple(patches))))
            patches.clear()
