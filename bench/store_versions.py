"""Measure the store: 100,000 versions over 500 paragraphs, history, past revisions, corpus.

    .venv/bin/python bench/store_versions.py [--db URL] [--runs N] [--versions N]

Without --db, a fresh SQLite file in a temporary directory (removed afterwards); with --db, a
fresh, EMPTY database you name (e.g. a new PostgreSQL schema). Reports, medians over N runs
(default 7) timed with ``time.perf_counter``:

1. building 100,000 versions over 500 paragraphs (one paragraph gets 1,000 of them) with
   ``Store.append_versions`` in transactions of 1,000, and the database size afterwards
   (SQLite: the file after a WAL checkpoint; PostgreSQL: pg_total_relation_size of the tables);
2. loading that paragraph's 1,000-version history (target: under 50 ms): the rows alone,
   ``paragraph_history`` (whose word diffs are computed when read), and that history with
   every diff and bracket count computed, as a page showing all 1,000 would;
3. rebuilding each of 20 past revisions of a 300-paragraph document (``revision_document``;
   target: under 200 ms);
4. importing the four Paris texts as one document with four revisions (``import_document`` +
   3 × ``import_revision``, which aligns with negotiation.lineage), and ``lineage.align`` alone.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from negotiation import lineage  # noqa: E402
from negotiation.importer import import_text  # noqa: E402
from negotiation.model import Document, Paragraph, ParagraphKind  # noqa: E402
from server.db import create_engine_for, upgrade  # noqa: E402
from server.store import ParagraphEdit, Store  # noqa: E402
from server.tables import VersionRecord  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
WORDS = ("the", "member", "states", "shall", "should", "urge", "request", "permanent",
         "council", "general", "assembly", "secretariat", "report", "implementation",
         "measures", "cooperation", "resolution", "session", "[all]", "[shall][should]",
         "[in accordance with]", "[the most vulnerable]", "persons", "trafficking",
         "hemispheric", "regional", "national", "plan", "of", "action", "inter-american",
         "commission")  # phrases edits pick from; some are open brackets
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def clause(rng: random.Random, words: int = 60) -> str:
    return "To " + " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def edit(rng: random.Random, text: str) -> str:
    """A small edit, as a person typing makes: insert, delete or replace one word."""
    changed = text
    while changed == text:
        changed = _edit_once(rng, text)
    return changed


def _edit_once(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    at = rng.randrange(1, len(words))
    action = rng.random()
    if action < 0.4 or len(words) < 20:
        words.insert(at, rng.choice(WORDS))
    elif action < 0.7:
        del words[at]
    else:
        words[at] = rng.choice(WORDS)
    return " ".join(words)


def document_of(n: int, rng: random.Random, prefix: str) -> Document:
    return Document(symbol=f"BENCH/{prefix}", title="BENCHMARK", operative=[
        Paragraph(f"{prefix}-{i}", ParagraphKind.OPERATIVE, clause(rng), label=str(i + 1))
        for i in range(n)])


def timed(function: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(median, min, max) in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def show(label: str, figures: tuple[float, float, float], target: str = "") -> None:
    median, low, high = figures
    print(f"{label:<58} median {median:9.1f} ms  (min {low:.1f}, max {high:.1f}){target}")


def build_versions(store: Store, total: int, rng: random.Random) -> tuple[str, str]:
    """A 500-paragraph document with ``total`` versions; returns (document, hot paragraph)."""
    paragraphs = 500
    document_id = store.import_document(document_of(paragraphs, rng, "p"), author="bench",
                                        at=T0)
    hot = "p-0"
    texts = {p.id: p.text for p in store.load_document(document_id).operative}
    hot_versions = min(1000, total // 10)
    # the hot paragraph gets hot_versions in all; the others share what is left, evenly
    plan = [hot] * (hot_versions - 1)
    others = [f"p-{i}" for i in range(1, paragraphs)]
    plan += [others[i % len(others)] for i in range(total - paragraphs - len(plan))]
    rng.shuffle(plan)
    clock = T0
    for start in range(0, len(plan), 1000):
        batch = []
        for paragraph_id in plan[start:start + 1000]:
            texts[paragraph_id] = edit(rng, texts[paragraph_id])
            clock += timedelta(seconds=3)
            batch.append(ParagraphEdit(paragraph_id, texts[paragraph_id],
                                       f"delegate{rng.randrange(40)}", "Chile", clock))
        store.append_versions(document_id, batch)
    return document_id, hot


def database_size(store: Store) -> str:
    engine = store.engine
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            path = Path(engine.url.database)
            return f"{path.stat().st_size / 1e6:.1f} MB (SQLite file, WAL checkpointed)"
        size = connection.exec_driver_sql(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'").scalar()
        return f"{float(size) / 1e6:.1f} MB (PostgreSQL tables with indexes and TOAST)"


def load_versions(store: Store, document_id: str, paragraph_id: str) -> int:
    """The versions alone, as ``paragraph_history`` loads them (no diffs)."""
    from sqlmodel import Session, col, select

    with Session(store.engine) as session:
        return len(session.exec(
            select(VersionRecord.id, VersionRecord.seq, VersionRecord.text,
                   VersionRecord.author, VersionRecord.delegation, VersionRecord.at)
            .where(VersionRecord.document_id == document_id,
                   VersionRecord.paragraph_id == paragraph_id)
            .order_by(col(VersionRecord.seq))).all())


def build_revisions(store: Store, rng: random.Random, revisions: int = 20) -> str:
    document_id = store.import_document(document_of(300, rng, "r"), author="bench", at=T0)
    texts = {p.id: p.text for p in store.load_document(document_id).operative}
    clock = T0
    for number in range(1, revisions):
        batch = []
        for paragraph_id in rng.sample(sorted(texts), 150):
            texts[paragraph_id] = edit(rng, texts[paragraph_id])
            clock += timedelta(seconds=3)
            batch.append(ParagraphEdit(paragraph_id, texts[paragraph_id], "bench", None, clock))
        store.append_versions(document_id, batch)
        store.create_revision(document_id, f"Rev.{number}", author="bench", at=clock)
    return document_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="URL of a fresh, empty database (default: temp SQLite)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--versions", type=int, default=100_000)
    args = parser.parse_args()
    runs = max(1, args.runs)
    with tempfile.TemporaryDirectory() as directory:
        url = args.db or f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        engine = create_engine_for(url)
        upgrade(engine)
        store = Store(engine)
        rng = random.Random(20260105)
        print(f"database: {engine.url.render_as_string(hide_password=True)}")

        start = time.perf_counter()
        document_id, hot = build_versions(store, args.versions, rng)
        built = time.perf_counter() - start
        print(f"built {args.versions:,} versions over 500 paragraphs in {built:.1f} s "
              f"({built / args.versions * 1e6:.0f} µs per version, 1,000 per transaction)")
        print(f"database size: {database_size(store)}")

        count = load_versions(store, document_id, hot)
        show(f"load {count:,} versions of one paragraph (rows only)",
             timed(lambda: load_versions(store, document_id, hot), runs), "  target < 50 ms")
        show(f"paragraph_history of {count:,} versions (diffs computed when read)",
             timed(lambda: store.paragraph_history(document_id, hot), runs), "  target < 50 ms")
        show(f"paragraph_history + all {count:,} word diffs and bracket counts",
             timed(lambda: [(e.diff, e.brackets) for e in store.paragraph_history(
                 document_id, hot).entries], runs))
        show("paragraph_path of that paragraph",
             timed(lambda: store.paragraph_path(document_id, hot), runs))

        revisions_document = build_revisions(store, rng)
        names = [r.name for r in store.revisions(revisions_document)]
        per_revision = [timed(lambda name=name: store.revision_document(revisions_document,
                                                                        name), runs)[0]
                        for name in names]
        show(f"revision_document, 300 paragraphs, {len(names)} revisions (median of medians)",
             (statistics.median(per_revision), min(per_revision), max(per_revision)),
             "  target < 200 ms")

        start = time.perf_counter()
        report = store.verify(document_id)
        print(f"verify {report.events:,} events: {time.perf_counter() - start:.1f} s, "
              f"ok={report.ok}")
        engine.dispose()
    corpus(runs=max(1, min(runs, 3)), url=None if args.db else "temp")
    return 0


def corpus(runs: int, url: str | None) -> None:
    files = sorted(CORPUS.glob("paris-v*.md"))
    if len(files) != 4:
        print(f"corpus: the four Paris texts are not in {CORPUS}; skipped")
        return
    texts = [f.read_text(encoding="utf-8") for f in files]
    documents = [import_text(text) for text in texts]
    for old, new, label in zip(documents, documents[1:], ("v1→v2", "v2→v3", "v3→v4"),
                               strict=False):
        show(f"lineage.align {label}", timed(lambda old=old, new=new: lineage.align(old, new),
                                             runs))
    if url is None:
        print("corpus import: run without --db to time it on a fresh SQLite file")
        return

    def import_all() -> None:
        with tempfile.TemporaryDirectory() as directory:
            engine = create_engine_for(f"sqlite:///{Path(directory) / 'corpus.sqlite3'}")
            upgrade(engine)
            store = Store(engine)
            start = time.perf_counter()
            parsed = [import_text(text) for text in texts]
            document_id = store.import_document(parsed[0], author="bench", at=T0)
            for name, document in zip(("Rev.1", "Rev.2", "Adopted"), parsed[1:], strict=True):
                store.import_revision(document_id, document, revision=name, author="bench")
            timings.append((time.perf_counter() - start) * 1000)
            engine.dispose()

    timings: list[float] = []
    for _ in range(runs):
        import_all()
    show("import 4 Paris texts as 1 document + 3 revisions (SQLite)",
         (statistics.median(timings), min(timings), max(timings)))


if __name__ == "__main__":
    sys.exit(main())
