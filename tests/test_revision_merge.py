"""A revision drafted from an export, merged with the words typed since
(negotiation/revision_merge.py): paragraph by paragraph, and through the store's revision
import (SQLite and PostgreSQL), where the words delegations typed after the export are kept
with the export given, and replaced without it (docs/fencing.md)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from store_fixture import at, resolution, store_fixture, upgraded_sqlite_template  # noqa: F401

from negotiation.model import Paragraph, ParagraphKind
from negotiation.revision_merge import merge_paragraph, merge_revision
from server.store import ParagraphEdit

EXPORTED = "To request the Permanent Council to convene in 2008 the Second Meeting."


@pytest.mark.parametrize(("revised", "current", "merged"), [
    # typed since at the end, the drafter changed the middle: both
    ("To request the Permanent Council to convene in 2009 the Second Meeting.",
     EXPORTED[:-1] + " on trafficking.",
     "To request the Permanent Council to convene in 2009 the Second Meeting on trafficking."),
    # typed since inside a passage the drafter deleted: the words stay where it was
    ("To request the Permanent Council the Second Meeting.",
     "To request the Permanent Council to convene urgently in 2008 the Second Meeting.",
     "To request the Permanent Council urgently the Second Meeting."),
    # both deleted the same words: deleted once
    ("To request the Council to convene in 2008 the Second Meeting.",
     "To request the Council to convene in 2008 the Second Meeting, soon.",
     "To request the Council to convene in 2008 the Second Meeting, soon."),
    # both typed at one place: the revision's words first
    (EXPORTED[:-1] + " in Washington.", EXPORTED[:-1] + " in Lima.",
     EXPORTED[:-1] + " in Washington in Lima."),
    # nothing typed since: the revision as drafted
    ("To meet.", EXPORTED, "To meet."),
    # the drafter kept the paragraph: the current text
    (EXPORTED, EXPORTED + " Also.", EXPORTED + " Also."),
])
def test_a_paragraph_takes_the_drafters_change_on_the_text_as_it_stands(
        revised: str, current: str, merged: str) -> None:
    assert merge_paragraph(EXPORTED, revised, current) == merged


def test_a_document_keeps_the_current_ids_even_where_many_words_were_typed_since() -> None:
    exported = resolution()
    current = copy.deepcopy(exported)
    op2 = current.find("op2")
    op2.text = op2.text[:-1] + "".join(f" word{n:02d}" for n in range(30)) + "."
    revised = copy.deepcopy(exported)
    revised.find("op2").text = revised.find("op2").text.replace("[in 2027]", "in 2028")
    revised.find("op1").children.pop()  # the drafter dropped 1 (b)
    revised.operative.append(Paragraph("new", ParagraphKind.OPERATIVE, "To thank all.",
                                       label="3"))
    for paragraph in revised.paragraphs():  # an upload is read with ids of its own
        paragraph.id = "x-" + paragraph.id

    merged = merge_revision(current, exported, revised)

    texts = {p.id: p.text for p in merged.paragraphs()}
    assert texts["op2"] == op2.text.replace("[in 2027]", "in 2028")
    assert "op1b" not in texts
    assert [p.id for p in merged.paragraphs()][:4] == ["pp1", "pp2", "op1", "op1a"]
    assert list(texts.values())[-1] == "To thank all."
    assert list(texts)[-1] not in {p.id for p in current.paragraphs()}


@pytest.fixture
def document_id(store) -> str:
    return store.import_document(resolution(), author="sec", at=at(0))


@pytest.mark.parametrize("with_export", [True, False])
def test_the_store_keeps_the_words_typed_after_the_export_only_when_given_it(
        store, document_id, with_export: bool) -> None:
    exported = store.load_document(document_id)
    typed = "To request the Permanent Council to follow up [in 2027] without delay."
    store.record_edits(document_id, [ParagraphEdit("op2", typed, "Ana", "Venezuela",
                                                   at(1))])
    revised = copy.deepcopy(exported)
    revised.find("op2").text = revised.find("op2").text.replace("Permanent ", "")

    store.import_revision(document_id, revised, revision="Rev.1", author="sec", at=at(2),
                          drafted_from=exported if with_export else None)

    now = store.load_document(document_id).find("op2").text
    if with_export:
        assert now == "To request the Council to follow up [in 2027] without delay."
    else:  # replaced, as docs/fencing.md says, and kept in the history
        assert now == "To request the Council to follow up [in 2027]."
        history = store.paragraph_history(document_id, "op2").entries
        assert typed in {entry.version.text for entry in history}
    assert store.revision_document(document_id, "Rev.1").find("op2").text == now
    assert store.verify(document_id).ok


@pytest.mark.parametrize("with_export", [True, False])
def test_a_revision_becomes_the_working_text_even_after_a_commit_timed_later(
        store, document_id, with_export: bool) -> None:
    """A room's commit that wins the write lock while an import waits for it carries edits
    timed after the import began: the revision is still the working text afterwards (what a
    room reloads), not only a version. (It was not: the working text stayed the room's, and
    the editors went on without Rev.1, writing its replaced words back.)"""
    exported = store.load_document(document_id)
    typed = "To request the Permanent Council to follow up [in 2027] at once."
    later = datetime.now(UTC) + timedelta(seconds=30)
    store.record_edits(document_id, [ParagraphEdit("op2", typed, "Ana", "Venezuela", later)])
    revised = copy.deepcopy(exported)
    revised.find("op2").text = revised.find("op2").text.replace("[in 2027]", "in 2028")

    store.import_revision(document_id, revised, revision="Rev.1", author="sec",
                          drafted_from=exported if with_export else None)

    expected = ("To request the Permanent Council to follow up in 2028 at once." if with_export
                else "To request the Permanent Council to follow up in 2028.")
    assert store.claim_document(document_id).document.find("op2").text == expected
    assert store.revision_document(document_id, "Rev.1").find("op2").text == expected
    history = store.paragraph_history(document_id, "op2").entries
    assert (history[-1].version.text, history[-1].version.author) == (expected, "sec")
