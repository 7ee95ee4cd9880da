"""Bursts of typing: one person's run of keystrokes in one paragraph, which becomes one
version when it ends, so a paragraph's history reads as what people wrote, not as keystrokes.

A burst ends ``pause`` seconds after its last keystroke, or ``longest`` seconds after its
first one (uninterrupted typing still gets versions). One sweep every quarter pause ends the
bursts that are due, rather than a timer per keystroke: a timer made and cancelled for every
keystroke was garbage the collector had to walk (1,000 a second at 200 editors, bench/load.py),
and a collection stops the event loop. The bursts a sweep finds over are ended one paragraph
per turn of the event loop: each end may seal a version, which costs as much as the paragraph's
attribution is long, and ending them all in one go held every keystroke of the room behind
them (tens of milliseconds at 200 editors over 20 paragraphs). A paragraph's bursts still end
together, so one sweep seals at most one version per author there.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

Key = tuple[str, str]  # (client id, paragraph id)
P = TypeVar("P")  # whoever typed: the room's peer


@dataclass(slots=True)
class _Burst(Generic[P]):
    first: float  # time.monotonic() of its first keystroke
    last: float  # ... and of its latest
    peer: P


class Bursts(Generic[P]):
    """The bursts going on in one room; ``ended(key, peer)`` is called as each one ends."""

    def __init__(self, pause: float, longest: float, ended: Callable[[Key, P], None]) -> None:
        self._pause, self._longest, self._ended = pause, longest, ended
        self._going: dict[Key, _Burst[P]] = {}  # in the order they started
        # ... and in the order of their latest keystroke: a sweep reads both only as far as
        # the bursts that are over (at 200 editors over 20 paragraphs, some 3,000 bursts go
        # on at once, and checking each at every sweep held the event loop a millisecond)
        self._by_last: OrderedDict[Key, _Burst[P]] = OrderedDict()
        # paragraph -> its bursts going on (typing_in runs at every burst's end: scanning
        # every burst of the room there cost 7% of the loop at 200 editors, bench/load.py)
        self._in: dict[str, dict[Key, _Burst[P]]] = {}
        self._sweeper: asyncio.TimerHandle | None = None
        self._due: deque[list[Key]] = deque()  # over, to end: one paragraph's bursts per turn
        self._ending: asyncio.Handle | None = None

    def typed(self, key: Key, peer: P) -> None:
        """A keystroke: starts the burst of ``key`` or carries it on."""
        now = time.monotonic()
        burst = self._going.get(key)
        if burst is None:
            self._going[key] = self._by_last[key] = self._in.setdefault(key[1], {})[key] = \
                _Burst(now, now, peer)
            if self._sweeper is None:
                self._sweeper = asyncio.get_running_loop().call_later(self._pause / 4,
                                                                      self._sweep)
        else:
            burst.last, burst.peer = now, peer
            self._by_last.move_to_end(key)

    def typing_in(self, paragraph_id: str) -> list[P]:
        """Whoever has a burst going on in ``paragraph_id``."""
        return [burst.peer for burst in self._in.get(paragraph_id, {}).values()]

    def end_all(self, peer: P | None = None) -> None:
        """End every burst now, or every burst of ``peer`` (who left)."""
        for key, burst in list(self._going.items()):
            if peer is None or burst.peer is peer:
                self._end(key)

    def close(self) -> None:
        """End every burst and stop sweeping (the room closes)."""
        self.end_all()
        self._due.clear()
        if self._ending is not None:
            self._ending.cancel()
            self._ending = None
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None

    def _sweep(self) -> None:
        self._sweeper = None
        now = time.monotonic()
        due: dict[str, dict[Key, None]] = {}  # paragraph -> its bursts that are over
        for key, burst in self._by_last.items():
            if now - burst.last < self._pause:
                break
            due.setdefault(key[1], {})[key] = None
        for key, burst in self._going.items():
            if now - burst.first < self._longest:
                break
            due.setdefault(key[1], {})[key] = None
        self._due.extend(list(keys) for keys in due.values())
        loop = asyncio.get_running_loop()
        if self._due and self._ending is None:
            self._ending = loop.call_soon(self._end_due)
        if self._going:
            self._sweeper = loop.call_later(self._pause / 4, self._sweep)

    def _over(self, burst: _Burst[P], now: float) -> bool:
        return now - burst.last >= self._pause or now - burst.first >= self._longest

    def _end_due(self) -> None:
        """End one paragraph's bursts that a sweep found over (unless typing went on since),
        and leave the next paragraph's for the next turn of the event loop."""
        self._ending = None
        if not self._due:
            return
        now = time.monotonic()
        for key in self._due.popleft():
            burst = self._going.get(key)
            if burst is not None and self._over(burst, now):
                self._end(key)
        if self._due:
            self._ending = asyncio.get_running_loop().call_soon(self._end_due)

    def _end(self, key: Key) -> None:
        burst = self._going.pop(key, None)
        if burst is not None:
            del self._by_last[key]
            going = self._in.get(key[1])
            if going is not None:
                going.pop(key, None)
                if not going:
                    del self._in[key[1]]
            self._ended(key, burst.peer)
