"""The four Paris texts imported as ONE document with four revisions (negotiation.lineage
links their paragraphs): bracket counts per revision, and a paragraph's brackets disappearing
on its way from draft to adopted text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_fixture import BACKENDS, TEST_SEALER, at, postgres_schema

from negotiation.brackets import document_brackets
from negotiation.importer import import_text
from negotiation.model import Document
from server.db import create_engine_for, upgrade
from server.store import Store

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FILES = sorted(CORPUS.glob("paris-v*.md"))
NAMES = ["Draft", "Rev.1", "Rev.2", "Adopted"]

pytestmark = pytest.mark.skipif(len(FILES) != 4, reason=f"the corpus is not at {CORPUS}")


def brackets(document: Document) -> int:
    """Open brackets as `negotiation brackets` counts them (proposals and options included)."""
    return sum(1 for _ in document_brackets(document))


@pytest.fixture(scope="module", params=BACKENDS)
def paris(request, tmp_path_factory) -> Iterator[tuple[Store, str]]:
    """(store, document id): v1 imported as "Draft", v2..v4 as revisions of it."""
    if request.param == "sqlite":
        urls = iter([f"sqlite:///{tmp_path_factory.mktemp('paris') / 'paris.sqlite3'}"])
    else:
        urls = postgres_schema()
    for url in urls:
        engine = create_engine_for(url)
        upgrade(engine)
        store = Store(engine, TEST_SEALER)
        texts = [import_text(f.read_text(encoding="utf-8"), source=f.name) for f in FILES]
        document_id = store.import_document(texts[0], author="UNFCCC secretariat",
                                            revision=NAMES[0], at=at(0))
        for day, (name, text) in enumerate(zip(NAMES[1:], texts[1:], strict=True), start=1):
            store.import_revision(document_id, text, revision=name,
                                  author="UNFCCC secretariat", at=at(day * 60 * 24))
        try:
            yield store, document_id
        finally:
            engine.dispose()


def test_four_texts_become_one_document_with_four_revisions(paris) -> None:
    store, document_id = paris
    assert [d.id for d in store.list_documents()] == [document_id]
    assert [r.name for r in store.revisions(document_id)] == NAMES
    assert store.verify(document_id).ok


def test_bracket_counts_per_revision_decrease_to_zero_and_match_the_importer(paris) -> None:
    store, document_id = paris
    stored = [brackets(store.revision_document(document_id, name)) for name in NAMES]
    imported = [brackets(import_text(f.read_text(encoding="utf-8"))) for f in FILES]
    assert stored == imported == [858, 819, 182, 0]
    assert [r.brackets for r in store.revisions(document_id)] == stored


def test_each_revision_rebuilds_to_its_own_text(paris) -> None:
    store, document_id = paris
    for name, path in zip(NAMES, FILES, strict=True):
        imported = import_text(path.read_text(encoding="utf-8"))
        rebuilt = store.revision_document(document_id, name)
        assert [p.text for p in rebuilt.paragraphs()] == [p.text for p in imported.paragraphs()]


def test_a_paragraph_path_shows_its_brackets_disappearing(paris) -> None:
    store, document_id = paris
    current = store.load_document(document_id)
    paragraph = next(p for p in current.paragraphs()
                     if p.text.startswith("Each Party's successive nationally determined"))
    path = store.paragraph_path(document_id, paragraph.id)
    assert [s.revision for s in path.steps] == NAMES
    assert all(s.version_id for s in path.steps)  # linked through all four texts
    counts = [s.brackets for s in path.steps]
    assert counts[0] > 0 and counts[1] > counts[2] > counts[3] == 0  # [4, 6, 2, 0] today
    assert path.steps[0].text.startswith("Each Party's *NDMC/NDMCC* [shall][should][other]")
    assert ("delete", "### [shall][should][will]") in path.steps[3].diff
    lives = {life.bracket: life for life in path.brackets}
    will = lives["[shall][should][will]"]
    assert (will.introduced.revision, will.resolved.revision) == ("Rev.1", "Adopted")
    assert will.resolved.author == "UNFCCC secretariat"
    assert all(life.resolved is not None for life in path.brackets)
    assert path.final_text == paragraph.text


def test_the_document_table_covers_every_paragraph_ever(paris) -> None:
    store, document_id = paris
    rows = store.document_path_table(document_id)
    live = [r for r in rows if not r.deleted]
    assert len(live) == len(list(store.load_document(document_id).paragraphs()))
    assert sum(r.brackets for r in live) == 0
    assert max(r.changes for r in rows) == 3
