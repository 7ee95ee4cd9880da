"""Attribution in the store: weaves kept with the text, sealed versions, recovery, replay."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlalchemy import text
from store_fixture import store_fixture, upgraded_sqlite_template  # noqa: F401

from negotiation.author import Author
from negotiation.authorship import Weave
from negotiation.edit_ops import op_between
from negotiation.model import Document, Paragraph, ParagraphKind
from server.store import ParagraphEdit, SealedVersion, Store

VEN = Author("ana", "Venezuela")
BEL = Author("li", "Belize")
AT = datetime(2026, 3, 1, tzinfo=UTC)


def one_paragraph(store: Store, words: str = "Urges States to act.") -> tuple[str, str]:
    document = Document(symbol="T/1", operative=[
        Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, text=words, label="1")])
    return store.import_document(document, author="secretariat", at=AT), "op-1"


def who(store: Store, document_id: str, paragraph_id: str) -> list[tuple[str, str | None]]:
    return [(s.text, s.author.delegation)
            for s in store.paragraph_attribution(document_id, paragraph_id).spans]


def history_texts(store: Store, document_id: str, paragraph_id: str) -> list[tuple]:
    return [(e.version.text, e.version.delegation)
            for e in store.paragraph_history(document_id, paragraph_id).entries]


def live_weave(store: Store, document_id: str, paragraph_id: str) -> Weave:
    return store.document_weaves(document_id)[paragraph_id].weave


def commit(store: Store, document_id: str, pid: str, weave: Weave, head: str | None,
           versions=(), author: Author = VEN) -> None:
    store.record_edits(document_id, [ParagraphEdit(
        pid, weave.text, author.name, author.delegation, AT, weave=weave.to_json(),
        weave_version=head)], versions=versions)


def test_an_imported_paragraph_is_the_importers(store: Store) -> None:
    document_id, pid = one_paragraph(store)
    attribution = store.paragraph_attribution(document_id, pid)
    assert [(s.text, s.author, s.start, s.end) for s in attribution.spans] == [
        ("Urges States to act.", Author("secretariat"), 0, 20)]
    head = store.paragraph_history(document_id, pid).entries[-1].version.id
    assert attribution.spans[0].version_id == head


def test_sealed_versions_hold_only_their_authors_words(store: Store) -> None:
    document_id, pid = one_paragraph(store)
    stored = store.document_weaves(document_id)[pid]
    weave = stored.weave
    for author, after in [(VEN, "Urges all States to act."),
                          (BEL, "Urges all States to act now."),
                          (VEN, "Urges all States to promptly act now.")]:
        weave.apply(op_between(weave.text, after), author)
    commit(store, document_id, pid, weave, stored.version_id)  # a group commit, no version
    assert store.get_paragraph_text(document_id, pid) == weave.text
    assert who(store, document_id, pid)[1] == ("all ", "Venezuela")
    assert store.paragraph_attribution(document_id, pid).spans[1].version_id is None
    ids = (f"v{n}" for n in itertools.count())
    sealed = weave.seal(VEN, next(ids))
    version = SealedVersion(pid, sealed.version_id, sealed.text, VEN.name, VEN.delegation, AT)
    commit(store, document_id, pid, weave, sealed.version_id, [version])
    # the working text keeps Belize's pending words; the version does not hold them
    assert store.get_paragraph_text(document_id, pid) == "Urges all States to promptly act now."
    assert history_texts(store, document_id, pid)[-1] == (
        "Urges all States to promptly act.", "Venezuela")
    assert who(store, document_id, pid) == [
        ("Urges ", None), ("all ", "Venezuela"), ("States to ", None),
        ("promptly ", "Venezuela"), ("act", None), (" now", "Belize"), (".", None)]
    assert live_weave(store, document_id, pid) == weave


def test_recovery_after_a_crash_writes_one_version_per_author(store: Store) -> None:
    document_id, pid = one_paragraph(store)
    stored = store.document_weaves(document_id)[pid]
    weave = stored.weave
    weave.apply(op_between(weave.text, "Urges all States to act."), VEN)
    weave.apply(op_between(weave.text, "Urges all States to act now."), BEL)
    commit(store, document_id, pid, weave, stored.version_id, author=BEL)
    assert store.recover_unversioned(document_id) == 2
    assert history_texts(store, document_id, pid)[1:] == [
        ("Urges all States to act.", "Venezuela"), ("Urges all States to act now.", "Belize")]
    assert who(store, document_id, pid) == [
        ("Urges ", None), ("all ", "Venezuela"), ("States to act", None), (" now", "Belize"),
        (".", None)]
    assert live_weave(store, document_id, pid).pending_authors() == []


def test_a_revision_imported_later_is_replayed_onto_the_stored_weave(store: Store) -> None:
    document_id, pid = one_paragraph(store)
    stored = store.document_weaves(document_id)[pid]
    weave = stored.weave
    weave.apply(op_between(weave.text, "Urges all States to act."), VEN)
    sealed = weave.seal(VEN, "v-ven")
    commit(store, document_id, pid, weave, "v-ven",
           [SealedVersion(pid, "v-ven", sealed.text, VEN.name, VEN.delegation, AT)])
    revised = Document(symbol="T/1", operative=[Paragraph(
        id="op-1", kind=ParagraphKind.OPERATIVE, label="1",
        text="Urges all States to act jointly.")])
    store.import_revision(document_id, revised, revision="Rev.1", author="secretariat")
    assert who(store, document_id, pid) == [
        ("Urges ", None), ("all ", "Venezuela"), ("States to act", None), (" jointly", None),
        (".", None)]
    spans = store.paragraph_attribution(document_id, pid).spans
    rev1 = store.paragraph_history(document_id, pid).entries[-1].version.id
    assert spans[1].version_id == "v-ven" and spans[3].version_id == rev1
    assert spans[3].author == Author("secretariat")


def test_an_unreadable_stored_weave_is_rebuilt_from_the_versions(store: Store) -> None:
    document_id, pid = one_paragraph(store)
    stored = store.document_weaves(document_id)[pid]
    weave = stored.weave
    weave.apply(op_between(weave.text, "Urges all States to act."), BEL)
    sealed = weave.seal(BEL, "v-bel")
    commit(store, document_id, pid, weave, "v-bel",
           [SealedVersion(pid, "v-bel", sealed.text, BEL.name, BEL.delegation, AT)], BEL)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE paragraph_weaves SET weave = 'garbage'"))
    assert who(store, document_id, pid) == [
        ("Urges ", None), ("all ", "Belize"), ("States to act.", None)]


def test_utf16_offsets_count_an_emoji_as_two_units(store: Store) -> None:
    document_id, pid = one_paragraph(store, "Año 😀 de")
    stored = store.document_weaves(document_id)[pid]
    weave = stored.weave
    weave.apply(op_between(weave.text, "Año 😀 de la paz"), VEN)
    commit(store, document_id, pid, weave, stored.version_id)
    spans = store.paragraph_attribution(document_id, pid).spans
    assert [(s.start, s.end, s.start_cp, s.end_cp) for s in spans] == [
        (0, 9, 0, 8), (9, 16, 8, 15)]
