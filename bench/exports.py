"""Time the exports and the course-reading pages on the corpus document: the four Paris texts
imported as one stored document with four revisions (Draft = the 23 October 2015 draft, the
largest: 641 paragraphs, 858 open brackets).

    .venv/bin/python bench/exports.py [DIR] [--runs N]

DIR defaults to ../shared/corpus. The document is stored once in a temporary SQLite file (not
timed). Then, each over N runs (default 7, at least 1), with the median, minimum and maximum
in milliseconds:

* ``server.exports.export_stored`` of revision "Draft" to every format (the clean formats with
  ``draft=True``, since that text holds brackets; the path report of the whole document);
* ``Store.verify`` of the document, which a clean export runs first;
* the pages through the real application (Starlette's test client, in process): the path
  table, the burndown chart (SVG), the revisions page (burndown figures), compare Rev.2 →
  Adopted.

Each line also gives the median CPU time of this process (``time.process_time``; the pages
run in it too), which a busy machine inflates less than the wall clock.

Target (issue 11): each under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402

from negotiation.importer import import_text  # noqa: E402
from server.app import create_app  # noqa: E402
from server.exports import FORMAT_NAMES, export_stored  # noqa: E402
from server.settings import Settings  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus"
NAMES = ["Draft", "Rev.1", "Rev.2", "Adopted"]
TARGET_MS = 1000


def timed(label: str, action: Callable[[], object], runs: int) -> None:
    action()  # warm-up
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    median = statistics.median(timings)
    verdict = "ok" if median < TARGET_MS else "OVER TARGET"
    print(f"{label:<34} median {median:6.0f} ms  min {min(timings):5.0f}  "
          f"max {max(timings):5.0f}  cpu {statistics.median(cpu):5.0f}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    paths = sorted(args.dir.glob("paris-v*.md"))
    if len(paths) != 4:
        print(f"exports: {args.dir}: expected four paris-v*.md files", file=sys.stderr)
        return 2
    runs = max(1, args.runs)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
                            data_dir=Path(folder), store_writer="thread")
        with TestClient(create_app(settings)) as client:
            store = client.app.state.store
            texts = [import_text(path.read_text(encoding="utf-8")) for path in paths]
            document_id = store.import_document(texts[0], author="secretariat",
                                                revision=NAMES[0])
            for name, text in zip(NAMES[1:], texts[1:], strict=True):
                store.import_revision(document_id, text, revision=name, author="secretariat")
            print(f"corpus document {document_id}: {len(NAMES)} revisions; {runs} runs each")
            for name in FORMAT_NAMES:
                def export(name: str = name) -> object:
                    return export_stored(store, document_id, name, revision="Draft",
                                         draft=True)
                timed(f"export Draft as {name}", export, runs)
            timed("verify (before a clean export)", lambda: store.verify(document_id), runs)
            base = f"/documents/{document_id}"
            for label, path in [("page: path table", f"{base}/path"),
                                ("page: burndown.svg", f"{base}/burndown.svg"),
                                ("page: revisions (burndown table)", f"{base}/revisions"),
                                ("page: compare Rev.2 -> Adopted",
                                 f"{base}/compare?from=Rev.2&to=Adopted")]:
                def get(path: str = path) -> None:
                    client.get(path).raise_for_status()
                timed(label, get, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
