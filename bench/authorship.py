"""Time negotiation.authorship: one keystroke, a seal, the stored form, on weaves of N runs.

    .venv/bin/python bench/authorship.py [--runs N] [--sizes 100,1000]

For each size, a weave of that many runs (10 characters each, two authors, one version per
run) is built; each timing is the median (min, max) over N runs (default 15, at least 1) of
the mean of 1,000 calls, each on a fresh copy (copying excluded), in microseconds:

* ``apply``: one keystroke (insert "x") at a place spread over the text;
* ``apply-end``: one keystroke at the end (walks every run: the cost of a far keystroke);
* ``backspace``: an author deleting their only pending keystroke (removed outright; the
  weave is then searched for other pending changes of theirs);
* ``seal``: an author's one pending keystroke made into a version;
* ``to_json`` and ``digest`` of the weave, and ``blame``.

Then a paragraph of 100 KB typed 20 characters at a time at places spread over it, by one
author in one burst: how many runs it holds (target: 1) and the mean time per edit. And 100
delegations typing one character each in turn at random places of one paragraph, 6,000
keystrokes on the same weave (the live room's case, bench/load.py's 100 editors on one
clause): the runs it ends with (one per keystroke or so) and the mean time per keystroke.
(On a fresh copy, as above, the first keystroke also marks the runs, negotiation/
weave_marks.py; a live weave keeps its marks from one keystroke to the next.)
Target: ``apply`` on 100 runs in microseconds (well under 100 µs).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from negotiation.author import Author  # noqa: E402
from negotiation.authorship import Run, Weave  # noqa: E402

VEN, BEL = Author("ana", "Venezuela"), Author("li", "Belize")
CALLS = 1000


def weave_of(runs: int) -> Weave:
    return Weave([Run(f"{n:09d} ", (VEN, BEL)[n % 2], f"v{n}") for n in range(runs)])


def keystroke(length: int, position: int) -> list:
    return [c for c in (position, "x", length - position) if c]


def timed(prepare, call) -> float:
    """Mean microseconds of ``call(item)`` over CALLS items made by ``prepare`` beforehand."""
    items = [prepare(n) for n in range(CALLS)]
    start = time.perf_counter()
    for item in items:
        call(item)
    return (time.perf_counter() - start) / CALLS * 1e6


def measure(runs: int) -> dict[str, float]:
    base = weave_of(runs)
    length = base.length
    spread = [keystroke(length, (n * 7919) % length) for n in range(CALLS)]
    typed = base.copy()
    typed.apply(keystroke(length, length // 2), VEN)
    return {
        "apply": timed(lambda n: (base.copy(), spread[n]), lambda i: i[0].apply(i[1], VEN)),
        "apply-end": timed(lambda n: base.copy(),
                           lambda w: w.apply(keystroke(length, length), VEN)),
        "backspace": timed(lambda n: typed.copy(),
                           lambda w: w.apply([length // 2, -1, length - length // 2], VEN)),
        "seal": timed(lambda n: typed.copy(), lambda w: w.seal(VEN, "new")),
        "to_json": timed(lambda n: base, lambda w: w.to_json()),
        "digest": timed(lambda n: base, lambda w: w.digest()),
        "blame": timed(lambda n: base, lambda w: w.blame()),
    }


def type_100_kb() -> tuple[int, float]:
    weave, typed = Weave(), 0
    start = time.perf_counter()
    for step in range(5000):
        position = (step * 7919) % (typed + 1)
        weave.apply([c for c in (position, "abcdefghij" * 2, typed - position) if c], VEN)
        typed += 20
    return len(weave.runs), (time.perf_counter() - start) / 5000 * 1e6


def many_delegations(keystrokes: int = 6000) -> tuple[int, float]:
    authors = [Author(f"delegate {n}", f"D{n}") for n in range(100)]
    weave = Weave.from_text("x" * 150, VEN, "v0")
    places = random.Random(1)
    start = time.perf_counter()
    for step in range(keystrokes):
        weave.apply(keystroke(weave.length, places.randrange(weave.length + 1)),
                    authors[step % 100])
    return len(weave.runs), (time.perf_counter() - start) / keystrokes * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs (default 15)")
    parser.add_argument("--sizes", default="100,1000", help="weave sizes in runs")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        results = [measure(size) for _ in range(max(1, args.runs))]
        print(f"weave of {size} runs, mean of {CALLS} calls, median (min-max) over "
              f"{len(results)} runs:")
        for name in results[0]:
            values = [r[name] for r in results]
            print(f"  {name:10} {statistics.median(values):8.1f} µs "
                  f"({min(values):.1f}-{max(values):.1f})")
    runs, per_edit = type_100_kb()
    print(f"100 KB typed 20 characters at a time, one author, one burst: {runs} run(s), "
          f"{per_edit:.1f} µs per edit")
    timings = [many_delegations() for _ in range(3)]
    print(f"100 delegations, one character each at random places, 6,000 keystrokes: "
          f"{timings[0][0]} runs, {statistics.median(t for _, t in timings):.1f} µs per "
          f"keystroke (median of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
