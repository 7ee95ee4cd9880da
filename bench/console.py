"""Time the chair's console for the largest corpus draft (about 1,000 brackets).

    .venv/bin/python bench/console.py [FILE] [--runs N]

FILE defaults to ../shared/corpus/paris-v1-2015-10-23-draft-agreement.md. The draft is
imported once into a fresh SQLite store in a temporary folder; each run then does what
``GET /documents/{id}/console`` does: read the document and every paragraph's brackets and
holders from the store, list and group them (server/console_view.py), the bracket burndown
over the revisions, and render the page's template to HTML (Jinja2, as the app sets it up; no
HTTP). Prints the median, minimum and maximum in milliseconds over N runs (default 15), the
median CPU time of the process per run (the wall time on a machine that is not shared) and
how many items the console shows.
Target (issue 10): median under 300 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_file import corpus_arguments  # noqa: E402

from negotiation.burndown import top_holders  # noqa: E402
from negotiation.importer import import_text  # noqa: E402
from server.analysis_pages import burndown_points  # noqa: E402
from server.app import _template_environment  # noqa: E402
from server.console_view import age_words, console_view, sparkline  # noqa: E402
from server.db import create_engine_for, upgrade  # noqa: E402
from server.store import Store  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "paris-v1-2015-10-23-draft-agreement.md"


def render(environment, store: Store, document_id: str) -> tuple[str, int]:
    view = console_view(store, document_id)
    points = burndown_points(store, document_id)
    request = SimpleNamespace(app=SimpleNamespace(url_path_for=lambda name, **p: f"/{name}"),
                              state=SimpleNamespace(user=None), session={})
    html = environment.get_template("console.html").render(
        request=request, document_id=document_id, view=view, age_words=age_words,
        sparkline=sparkline(view.series), burndown=points, holders=top_holders(points))
    return html, view.shown


def main() -> int:
    args = corpus_arguments("console", __doc__.splitlines()[0], DEFAULT)
    if args is None:
        return 2
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine_for(f"sqlite:///{folder}/bench.sqlite3")
        upgrade(engine)
        store = Store(engine)
        document_id = store.import_document(import_text(args.file.read_text(encoding="utf-8")),
                                            author="bench")
        environment = _template_environment()
        html, shown = render(environment, store, document_id)  # warm-up
        timings, cpu = [], []
        for _ in range(max(1, args.runs)):
            start, start_cpu = time.perf_counter(), time.process_time()
            render(environment, store, document_id)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        engine.dispose()
    print(f"{args.file.name}: the console lists {shown} open brackets and proposals "
          f"({len(html) / 1024:.0f} KB of HTML)")
    print(f"console over {len(timings)} runs: median {statistics.median(timings):.1f} ms, "
          f"min {min(timings):.1f} ms, max {max(timings):.1f} ms (target: median < 300 ms)")
    print(f"CPU time of this process per run: median {statistics.median(cpu):.1f} ms "
          "(what the wall time is when the machine is not shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
