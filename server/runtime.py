"""The interpreter tuned for a live server: called once the app has started.

A room's event loop is where every keystroke waits, and two of CPython's defaults stop it
for long stretches under load (measured with bench/load.py, 200 editors over 20 paragraphs):

* The garbage collector stops every thread while it runs. What start-up made (modules, the
  engine, templates: ~80,000 objects) is frozen out of every collection; young collections
  run every ``GC_YOUNG`` allocations instead of 700, and a full one only after
  ``GC_FULL_AFTER`` middle ones instead of 10. Garbage cycles mostly die young and are still
  collected by the young collections. (Full collections of 45-75 ms were the p99 before;
  young collections every 2,000 or 700 allocations gave a higher p99 than 10,000: 50 and
  73 ms against 34 ms.)
* The store's writer thread serialises weaves and the digests of sealed versions (about a
  millisecond each for a paragraph of 1,700 runs) while holding the interpreter lock. A
  thread that wants the lock gets it only after the switch interval, 5 ms by default, so a
  keystroke that arrives meanwhile waits for it; ``SWITCH_INTERVAL`` hands the lock back
  sooner (p99 55.9 -> 34.0 ms).
"""

from __future__ import annotations

import gc
import sys

GC_YOUNG, GC_FULL_AFTER = 10_000, 100
SWITCH_INTERVAL = 0.001  # seconds


def tune_interpreter() -> None:
    """Set the garbage collector and the thread switch interval for the live server."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, 10, GC_FULL_AFTER)
    sys.setswitchinterval(SWITCH_INTERVAL)
