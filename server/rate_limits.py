"""Per-connection rate limits: a token bucket per kind of message (docs/protocol.md, *Limits*).

Edits, presence (``focus``) and structure changes (``insert``, ``delete``, ``move``) each have
their bucket, refilled with ``Rate.per_second`` tokens a second and holding ``Rate.burst`` at
most (server/settings.py reads the numbers). A message that finds its bucket empty is refused
with ``rate_limited`` and changes nothing; the client sends it again later.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from server import protocol as wire
from server.settings import Rate, Settings

Clock = Callable[[], float]


class TokenBucket:
    def __init__(self, rate: Rate, clock: Clock = time.monotonic) -> None:
        self.rate, self._clock = rate, clock
        self._tokens = float(rate.burst)
        self._at = clock()

    def take(self) -> float:
        """Take a token: 0.0 when there was one, else the seconds until there is one."""
        now = self._clock()
        self._tokens = min(float(self.rate.burst),
                           self._tokens + (now - self._at) * self.rate.per_second)
        self._at = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate.per_second


class RateLimits:
    """The buckets of one connection, by message type."""

    def __init__(self, settings: Settings, clock: Clock = time.monotonic) -> None:
        structure = TokenBucket(settings.structure_rate, clock)
        self._buckets = {wire.EDIT: ("edits", TokenBucket(settings.edit_rate, clock)),
                         wire.FOCUS: ("presence messages",
                                      TokenBucket(settings.presence_rate, clock)),
                         wire.INSERT: ("structure changes", structure),
                         wire.DELETE: ("structure changes", structure),
                         wire.MOVE: ("structure changes", structure)}

    def check(self, message: wire.ClientMessage) -> None:
        """``ProtocolError`` (``rate_limited``) when ``message`` is one too many."""
        kind = self._buckets.get(message.type)
        if kind is None:
            return
        what, bucket = kind
        wait = bucket.take()
        if wait:
            raise wire.ProtocolError(
                wire.RATE_LIMITED, f"{message.type}: more {what} than {bucket.rate.per_second:g} "
                f"a second (bursts of {bucket.rate.burst}); send it again in {wait:.2f} s",
                message.ref)
