"""Time aligning each consecutive pair of the four Paris texts (v1→v2, v2→v3, v3→v4).

    .venv/bin/python bench/lineage_corpus.py [DIR] [--runs N]

DIR defaults to ../shared/corpus relative to the repository root and must hold the four
``paris-v*.md`` files. Each text is imported once (not timed); each run times
``negotiation.lineage.align`` alone with ``time.perf_counter``. Prints, per pair, the
paragraphs on each side, the alignment's counts per kind, and the median, minimum and maximum
in milliseconds over N runs (default 9, at least 1) with the median CPU time of this process
(``time.process_time``, which a busy machine inflates less); then ``link_ids`` once per pair.
Target: v1→v2 (~1,100 paragraphs, 230 KB together) well under a few seconds.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from negotiation.importer import import_text  # noqa: E402
from negotiation.lineage import AlignmentKind, align, link_ids  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=9, help="timed runs per pair (default 9)")
    args = parser.parse_args()
    paths = sorted(args.dir.glob("paris-v*.md"))
    if len(paths) != 4:
        print(f"lineage_corpus: {args.dir}: expected four paris-v*.md files, found "
              f"{len(paths)}", file=sys.stderr)
        return 2
    texts = [(path.name, import_text(path.read_text(encoding="utf-8"))) for path in paths]
    align(texts[0][1], texts[1][1])  # warm-up: first-use caches, compiled patterns
    for (old_name, old), (new_name, new) in itertools.pairwise(texts):
        timings, cpu = [], []
        for _ in range(max(1, args.runs)):
            start, start_cpu = time.perf_counter(), time.process_time()
            alignment = align(old, new)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        start = time.perf_counter()
        link_ids(old, new, alignment)
        linking = (time.perf_counter() - start) * 1000
        counts = Counter(item.kind for item in alignment)
        sizes = (sum(1 for _ in old.paragraphs()), sum(1 for _ in new.paragraphs()))
        print(f"{old_name[:8]} -> {new_name[:8]}: {sizes[0]} -> {sizes[1]} paragraphs; "
              + ", ".join(f"{counts[kind]} {kind.value}" for kind in AlignmentKind))
        print(f"  align over {len(timings)} runs: median {statistics.median(timings):.0f} ms, "
              f"min {min(timings):.0f} ms, max {max(timings):.0f} ms "
              f"(CPU median {statistics.median(cpu):.0f} ms); link_ids {linking:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
