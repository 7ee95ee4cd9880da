"""``RedisFanout``: the fan-out of several server processes, chosen by ``PLENARY_REDIS_URL``.

It is an ``InProcessFanout`` (server/channel.py) whose conference-wide topics (every topic not
of one document: ``server.conference.TOPIC``) also cross processes through Redis
(redis-py asyncio): ``publish`` queues the frame for Redis, one sender task publishes in order,
and one listener task (one ``SUBSCRIBE`` per process) hands what arrives, from this process
or another, to the local subscribers in arrival order.

Every Redis channel is ``<namespace>:<topic>`` (``channel``), the namespace being
``PLENARY_REDIS_NAMESPACE`` (``plenary`` by default): two installations sharing one Redis with
different namespaces never hear each other.

A document's frames stay in the process: the balancer routes every socket of a document to
the one process that holds its room (deploy/haproxy.cfg), so copying them through Redis would
only cost CPU on every process (docs/scaling.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import redis as sync_redis
import redis.asyncio as redis

from server.channel import InProcessFanout

log = logging.getLogger("plenary.redis")
DEFAULT_NAMESPACE = "plenary"
DOCUMENT_TOPIC = "document:"  # topics of one document: never through Redis


def channel(namespace: str, topic: str) -> str:
    """The Redis channel of ``topic`` in an installation's ``namespace``."""
    return f"{namespace}:{topic}"


def publish_once(url: str, topic: str, frame: str, namespace: str = DEFAULT_NAMESPACE
                 ) -> bool:
    """Publish one frame on a conference-wide topic from a process without a fan-out (a
    command), synchronously; False when Redis does not answer (the command says so in one
    line; the trace is logged at debug level)."""
    client = sync_redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.publish(channel(namespace, topic), frame)
        return True
    except redis.RedisError:
        log.debug("redis: could not publish on %s", topic, exc_info=True)
        return False
    finally:
        client.close()


class RedisFanout(InProcessFanout):
    def __init__(self, url: str, topics: tuple[str, ...],
                 namespace: str = DEFAULT_NAMESPACE) -> None:
        super().__init__()
        self._url, self._topics, self._namespace = url, topics, namespace
        self._prefix = channel(namespace, "")
        self._client: redis.Redis | None = None
        self._outbox: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Connect and subscribe; raises when Redis does not answer (the server stops)."""
        self._client = redis.Redis.from_url(self._url, decode_responses=True)
        await self._client.ping()
        pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(*(self._prefix + topic for topic in self._topics))
        self._tasks = [asyncio.create_task(self._listen(pubsub), name="redis listen"),
                       asyncio.create_task(self._send(), name="redis send")]

    async def aclose(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.aclose()

    def publish(self, topic: str, frame: str) -> None:
        if topic.startswith(DOCUMENT_TOPIC) or topic not in self._topics:
            super().publish(topic, frame)
        else:
            self._outbox.put_nowait((topic, frame))

    async def _send(self) -> None:
        assert self._client is not None
        while True:
            topic, frame = await self._outbox.get()
            try:
                await self._client.publish(self._prefix + topic, frame)
            except redis.RedisError:  # Redis away: this notice is lost, the fence still holds
                log.warning("redis: could not publish on %s", topic, exc_info=True)

    async def _listen(self, pubsub: redis.client.PubSub) -> None:
        while True:
            try:
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        super().publish(message["channel"].removeprefix(self._prefix),
                                        message["data"])
            except redis.RedisError:
                log.warning("redis: subscription lost; subscribing again", exc_info=True)
                await asyncio.sleep(1)
                with contextlib.suppress(redis.RedisError):
                    await pubsub.subscribe(*(self._prefix + topic for topic in self._topics))
