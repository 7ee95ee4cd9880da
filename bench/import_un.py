"""Time import_text on the largest UN text (a report of ten UNFCCC decisions, about 86 KB).

    .venv/bin/python bench/import_un.py [FILE] [--runs N]

FILE defaults to ../shared/corpus-un/unfccc-cop29-decisions-1-to-10-adopted.txt relative to
the repository root. The file is read once; each run times ``import_text`` alone (decoding and
printing excluded) with ``time.perf_counter``. Prints the median, minimum and maximum in
milliseconds over N runs (default 15, at least 1), and what was found: documents (the report
and its decisions and annexes), paragraphs, headings, artefacts. Target (issue 12): a median
under 250 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_file import corpus_arguments  # noqa: E402

from negotiation.importer import import_text  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus-un" / "unfccc-cop29-decisions-1-to-10-adopted.txt"


def main() -> int:
    args = corpus_arguments("import_un", __doc__.splitlines()[0], DEFAULT)
    if args is None:
        return 2
    text = args.file.read_text(encoding="utf-8")
    import_text(text)  # warm-up: first-use caches (registries, phrase lists, patterns)
    timings = []
    for _ in range(max(1, args.runs)):
        start = time.perf_counter()
        doc = import_text(text)
        timings.append((time.perf_counter() - start) * 1000)
    documents = list(doc.documents())
    print(f"{args.file.name}: {len(text.encode('utf-8')) / 1024:.0f} KB, "
          f"{len(documents)} documents, "
          f"{sum(1 for d in documents for _ in d.paragraphs())} paragraphs, "
          f"{sum(len(d.headings) for d in documents)} headings, "
          f"{sum(len(d.artifacts) for d in documents)} set aside")
    print(f"import_text over {len(timings)} runs: median {statistics.median(timings):.1f} ms, "
          f"min {min(timings):.1f} ms, max {max(timings):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
