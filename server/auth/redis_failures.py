"""Failed logins counted in Redis, for every server process of a conference
(``PLENARY_REDIS_URL``): a login's fifth wrong password counts the same whichever process the
balancer sent each attempt to (server/auth/rate_limit.py decides on the counts).

Each key is a sorted set, ``<namespace>:login-failures:<sha256 of the key>`` (the namespace:
``PLENARY_REDIS_NAMESPACE``, ``plenary`` by default) (the login typed is
not written to Redis as it was typed), holding one member per failure scored with its time
(``time.time()``: the processes' clocks are assumed in step, as NTP keeps them); failures
older than the window are dropped on every read and write, and the set expires with the
window. Two attempts checked at the same instant on two processes may both pass before either
is counted: the limit can be overshot by the attempts in flight at once, never multiplied by
the number of processes.

When Redis does not answer, the failures are counted in this process instead (logged): the
limit then holds per process, as with one server, rather than not at all.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time

import redis.asyncio as redis

from server.auth.rate_limit import WINDOW, InProcessFailures

log = logging.getLogger("plenary.auth")
DEFAULT_NAMESPACE = "plenary"


def redis_key(key: str, namespace: str = DEFAULT_NAMESPACE) -> str:
    return f"{namespace}:login-failures:{hashlib.sha256(key.encode()).hexdigest()}"


class RedisFailures:
    def __init__(self, url: str, window: float = WINDOW, *,
                 namespace: str = DEFAULT_NAMESPACE) -> None:
        self._namespace = namespace
        self._client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._window = window
        self._fallback = InProcessFailures(window)

    async def recent(self, key: str) -> int:
        name = redis_key(key, self._namespace)
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(name, "-inf", time.time() - self._window)
                pipe.zcard(name)
                _, count = await pipe.execute()
            return int(count)
        except redis.RedisError:
            log.warning("redis: failed logins counted in this process only", exc_info=True)
            return await self._fallback.recent(key)

    async def add(self, key: str) -> None:
        name, now = redis_key(key, self._namespace), time.time()
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.zadd(name, {f"{now:.6f}:{secrets.token_hex(4)}": now})
                pipe.zremrangebyscore(name, "-inf", now - self._window)
                pipe.expire(name, math.ceil(self._window))
                await pipe.execute()
        except redis.RedisError:
            log.warning("redis: failed logins counted in this process only", exc_info=True)
            await self._fallback.add(key)

    async def clear(self, key: str) -> None:
        await self._fallback.clear(key)
        try:
            await self._client.delete(redis_key(key, self._namespace))
        except redis.RedisError:
            log.warning("redis: could not clear failed logins", exc_info=True)

    async def aclose(self) -> None:
        await self._client.aclose()
