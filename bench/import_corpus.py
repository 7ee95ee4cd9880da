"""Time import_text on the largest corpus draft (about 120 KB and 1,000 brackets).

    .venv/bin/python bench/import_corpus.py [FILE] [--runs N]

FILE defaults to ../shared/corpus/paris-v1-2015-10-23-draft-agreement.md relative to the
repository root. The file is read once; each run times ``import_text`` alone (decoding and
printing excluded) with ``time.perf_counter``. Prints the median, minimum and maximum in
milliseconds over N runs (default 15, at least 1) and the number of open brackets found.
Target: a median well under 250 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_file import corpus_arguments  # noqa: E402

from negotiation.brackets import document_brackets  # noqa: E402
from negotiation.importer import import_text  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "paris-v1-2015-10-23-draft-agreement.md"


def main() -> int:
    args = corpus_arguments("import_corpus", __doc__.splitlines()[0], DEFAULT)
    if args is None:
        return 2
    text = args.file.read_text(encoding="utf-8")
    import_text(text)  # warm-up: first-use caches (delegation list, compiled patterns)
    timings = []
    for _ in range(max(1, args.runs)):
        start = time.perf_counter()
        doc = import_text(text)
        timings.append((time.perf_counter() - start) * 1000)
    brackets = sum(1 for _ in document_brackets(doc))
    print(f"{args.file.name}: {len(text.encode('utf-8')) / 1024:.0f} KB, "
          f"{sum(1 for _ in doc.paragraphs())} paragraphs, {brackets} open brackets")
    print(f"import_text over {len(timings)} runs: median {statistics.median(timings):.1f} ms, "
          f"min {min(timings):.1f} ms, max {max(timings):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
