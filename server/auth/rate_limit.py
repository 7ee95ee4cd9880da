"""Login attempts rate-limited: after ``MAX_FAILURES`` wrong passwords for one login, or
``MAX_FAILURES_PER_ADDRESS`` from one address (many people may share one, behind a proxy),
within ``WINDOW`` seconds, further attempts are refused until the window passes."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 50
WINDOW = 15 * 60.0


class LoginLimiter:
    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._max, self._window, self._clock = max_failures, window, clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        failures, horizon = self._failures[key], self._clock() - self._window
        while failures and failures[0] < horizon:
            failures.popleft()
        return failures

    def blocked(self, *keys: str) -> bool:
        return any(len(self._recent(key)) >= self._limit(key) for key in keys)

    def _limit(self, key: str) -> int:
        return self._max * MAX_FAILURES_PER_ADDRESS // MAX_FAILURES \
            if key.startswith("address:") else self._max

    def failed(self, *keys: str) -> None:
        for key in keys:
            self._recent(key).append(self._clock())

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
