"""Fan-out: how a room's frames reach every connection watching a document.

A room publishes encoded frames (str, already JSON) on a topic, one topic per document
(``topic_for(document_id)``); each connection subscribes with a ``deliver`` callback that
must not block (it puts the frame on the connection's own outbound queue). The room never
holds a framework socket: it only knows ``Fanout``.

``InProcessFanout`` serves one server process. The seam for several processes: a
``RedisFanout`` would implement the same two methods, ``publish`` doing ``PUBLISH topic
frame`` and ``subscribe`` keeping one Redis ``SUBSCRIBE`` per topic per process that calls
the local ``deliver`` callbacks in arrival order. Redis delivers a channel's messages in
publish order, which is all the protocol needs (the frames of one document come from the
one process that holds that document's room; routing edits to that process is the other
half of that later work, see docs/protocol.md "Several server processes").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger("plenary.channel")

Deliver = Callable[[str], None]


def topic_for(document_id: str) -> str:
    return f"document:{document_id}"


class Subscription(Protocol):
    def close(self) -> None: ...


class Fanout(Protocol):
    def publish(self, topic: str, frame: str) -> None:
        """Hand ``frame`` to every subscriber of ``topic``, in publish order."""

    def subscribe(self, topic: str, deliver: Deliver) -> Subscription:
        """Call ``deliver(frame)`` for every frame published on ``topic`` from now on."""


class _InProcessSubscription:
    def __init__(self, fanout: InProcessFanout, topic: str, deliver: Deliver) -> None:
        self._fanout, self._topic, self._deliver = fanout, topic, deliver

    def close(self) -> None:
        subscribers = self._fanout._subscribers.get(self._topic)
        if subscribers is not None:
            subscribers.pop(id(self), None)
            if not subscribers:
                del self._fanout._subscribers[self._topic]


class InProcessFanout:
    """Subscribers in a dict per topic; ``publish`` calls each ``deliver`` directly.

    One subscriber that raises is unsubscribed (logged in one line) and does not stop the
    others: a deliver callback should not raise (server/connection.py's never does; it closes
    its own connection instead).
    """

    def __init__(self) -> None:
        self._subscribers: dict[str, dict[int, tuple[_InProcessSubscription, Deliver]]] = {}

    def publish(self, topic: str, frame: str) -> None:
        for key, (subscription, deliver) in list(self._subscribers.get(topic, {}).items()):
            try:
                deliver(frame)
            except Exception as problem:
                log.error("%s: a subscriber failed and is unsubscribed: %s: %s", topic,
                          type(problem).__name__, str(problem)[:200])
                self._subscribers.get(topic, {}).pop(key, None)
                subscription.close()

    def subscribe(self, topic: str, deliver: Deliver) -> Subscription:
        subscription = _InProcessSubscription(self, topic, deliver)
        self._subscribers.setdefault(topic, {})[id(subscription)] = (subscription, deliver)
        return subscription

    def subscriber_count(self, topic: str) -> int:
        return len(self._subscribers.get(topic, {}))
