"""Store: importing a document, listing, loading the current text; refusing bad documents."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401

from negotiation.model import Document, Footnote, Paragraph, ParagraphKind, Proposal
from server.store import DocumentNotFound, InvalidDocument, ParagraphNotFound


def table_counts(store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                for name in ("documents", "paragraphs", "versions", "revisions")}


def test_import_then_load_gives_the_same_document_with_its_ids(store) -> None:
    original = resolution()
    original.operative[1].proposals = [Proposal("Venezuela", "To ask the Council ...")]
    original.operative[1].requested_by = ["Venezuela"]
    original.footnotes = [Footnote("1/", "Reservation of Nicaragua", "op2")]
    document_id = store.import_document(original, author="sec", at=at(0))
    loaded = store.load_document(document_id)
    assert loaded == original
    assert [p.id for p in loaded.paragraphs()] == ["pp1", "pp2", "op1", "op1a", "op1b", "op2"]
    assert loaded.find("op2").proposals == [Proposal("Venezuela", "To ask the Council ...")]
    assert store.get_paragraph_text(document_id, "op1a") == "share [information / data];"


def test_import_records_a_first_version_of_each_paragraph_and_a_draft(store) -> None:
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    assert table_counts(store) == {"documents": 1, "paragraphs": 6, "versions": 6,
                                   "revisions": 1}
    [summary] = store.list_documents()
    assert (summary.id, summary.symbol, summary.revisions) == (document_id,
                                                               "AG/RES. 1 (TEST-O/26)", 1)
    [draft] = store.revisions(document_id)
    assert (draft.name, draft.paragraphs, draft.brackets, draft.author) == ("Draft", 6, 4,
                                                                           "sec")


def test_two_imports_of_one_text_are_two_documents(store) -> None:
    first = store.import_document(resolution(), author="sec")
    second = store.import_document(resolution(), author="sec")
    assert first != second
    assert {d.id for d in store.list_documents()} == {first, second}


@pytest.mark.parametrize(("document", "message"), [
    (Document(), "the document has no paragraphs"),
    (Document(preamble=[Paragraph("x", ParagraphKind.PREAMBULAR, "a"),
                        Paragraph("x", ParagraphKind.PREAMBULAR, "b")]),
     "paragraph ids must be unique; repeated: x"),
    (Document(preamble=[Paragraph("p" * 65, ParagraphKind.PREAMBULAR, "a")]),
     "paragraph ids must be 1 to 64 characters"),
], ids=["empty", "duplicate-ids", "long-id"])
def test_a_document_the_store_cannot_keep_is_refused_and_nothing_written(store, document,
                                                                         message) -> None:
    with pytest.raises(InvalidDocument, match=message):
        store.import_document(document, author="sec")
    assert table_counts(store) == {"documents": 0, "paragraphs": 0, "versions": 0,
                                   "revisions": 0}


def test_unknown_document_and_paragraph_are_named(store) -> None:
    document_id = store.import_document(resolution(), author="sec")
    with pytest.raises(DocumentNotFound, match="no document 'nope'"):
        store.load_document("nope")
    with pytest.raises(ParagraphNotFound, match=f"document '{document_id}' has no paragraph"):
        store.get_paragraph_text(document_id, "op9")
