"""Login attempts rate-limited: after ``MAX_FAILURES`` wrong passwords for one login, or
``MAX_FAILURES_PER_ADDRESS`` from one address (many people may share one, behind a proxy),
within ``WINDOW`` seconds, further attempts are refused until the window passes.

``LoginLimiter`` decides; where the failures are counted is its ``FailureCounts``: in this
process (``InProcessFailures``, the default of one server), or in Redis for every process of
a conference (``RedisFailures``, server/auth/redis_failures.py, chosen by
``PLENARY_REDIS_URL``), so that several processes behind a balancer do not multiply the
attempts allowed."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Protocol

MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 50
WINDOW = 15 * 60.0


class FailureCounts(Protocol):
    """Failed attempts by key (``login:…``, ``address:…``) within a sliding window."""

    async def recent(self, key: str) -> int:
        """How many failures of ``key`` are within the window."""

    async def add(self, key: str) -> None:
        """Count one failure of ``key`` now."""

    async def clear(self, key: str) -> None:
        """Forget the failures of ``key`` (a successful login)."""


class InProcessFailures:
    """The failures of this process, as times in a deque per key."""

    def __init__(self, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._window, self._clock = window, clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        failures, horizon = self._failures[key], self._clock() - self._window
        while failures and failures[0] < horizon:
            failures.popleft()
        return failures

    async def recent(self, key: str) -> int:
        return len(self._recent(key))

    async def add(self, key: str) -> None:
        self._recent(key).append(self._clock())

    async def clear(self, key: str) -> None:
        self._failures.pop(key, None)


class LoginLimiter:
    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic, *,
                 counts: FailureCounts | None = None) -> None:
        self._max = max_failures
        self.counts = counts or InProcessFailures(window, clock)

    async def blocked(self, *keys: str) -> bool:
        for key in keys:
            if await self.counts.recent(key) >= self._limit(key):
                return True
        return False

    def _limit(self, key: str) -> int:
        return self._max * MAX_FAILURES_PER_ADDRESS // MAX_FAILURES \
            if key.startswith("address:") else self._max

    async def failed(self, *keys: str) -> None:
        for key in keys:
            await self.counts.add(key)

    async def succeeded(self, *keys: str) -> None:
        for key in keys:
            await self.counts.clear(key)
