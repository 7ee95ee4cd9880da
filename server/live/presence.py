"""Who is in a room and which paragraph each one is in; every change goes to everyone.

A peer is subscribed to the room's topic while it is present: presence also holds the
subscriptions, so the room is empty exactly when no one is present.
"""

from __future__ import annotations

from server import protocol as wire
from server.channel import Fanout, Subscription
from server.live.ports import Peer


class Presence:
    def __init__(self, fanout: Fanout, topic: str) -> None:
        self._fanout, self._topic = fanout, topic
        self._peers: dict[int, tuple[Peer, Subscription]] = {}
        self._focus: dict[int, str | None] = {}

    def __len__(self) -> int:
        return len(self._peers)

    def arrive(self, peer: Peer) -> None:
        """Subscribe ``peer`` to the room's frames and tell everyone."""
        subscription = self._fanout.subscribe(self._topic, peer.send)
        self._peers[id(peer)] = (peer, subscription)
        self._focus[id(peer)] = None
        self._publish()

    def leave(self, peer: Peer) -> None:
        entry = self._peers.pop(id(peer), None)
        self._focus.pop(id(peer), None)
        if entry is not None:
            entry[1].close()
            self._publish()

    def peers(self) -> list[Peer]:
        return [peer for peer, _ in self._peers.values()]

    def focus(self, peer: Peer, paragraph_id: str | None) -> None:
        self._focus[id(peer)] = paragraph_id
        self._publish()

    def editors(self) -> tuple[wire.Editor, ...]:
        return tuple(wire.Editor(peer.name, peer.delegation, self._focus.get(key))
                     for key, (peer, _) in self._peers.items())

    def _publish(self) -> None:
        self._fanout.publish(self._topic, wire.encode(wire.Presence(self.editors())))
