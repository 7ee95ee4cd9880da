"""Tamper evidence over what is shown: every state row pages and rooms serve is checked against
the chain, heads are signed with a key outside the database, and ``verify`` names what was
altered (document, paragraph, field). One test per way of tampering, each on a real database
changed with raw SQL (sqlite3 on the SQLite file; PostgreSQL when it answers at 127.0.0.1:5432).
"""

from __future__ import annotations

import pytest
from store_fixture import (  # noqa: F401
    TEST_SEALER,
    at,
    resolution,
    store_fixture,
    type_and_seal,
    upgraded_sqlite_template,
)
from tamper import row, tamper

from negotiation.seals import Sealer
from server.store import ClientProgress, ParagraphEdit, Store, TamperedText


@pytest.fixture
def document_id(store) -> str:
    """A document with every kind of state: a version, a move, a status change, and text typed
    since the last version (sealed working text) with its client's count."""
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    store.append_version(document_id, "op1", "To urge member states to adopt measures.",
                         author="maria", delegation="Chile", at=at(1))
    store.move_paragraph(document_id, "op2", after=None, author="chair", delegation=None,
                         at=at(2))
    store.change_status(document_id, "pp2", "agreed", author="chair", delegation=None,
                        at=at(3))
    store.record_edits(document_id, [ParagraphEdit("op1b", "report every year.", "li",
                                                   "Canada", at(4))],
                       [ClientProgress("client-li", "op1b", 1)])
    return document_id


def problems(store: Store, document_id: str) -> list[str]:
    report = store.verify(document_id)
    assert not report.ok and report.first_mismatch == report.problems[0]
    return report.problems


def test_an_untouched_document_verifies_with_its_signatures(store, document_id) -> None:
    store.record_edits(document_id, [ParagraphEdit("op1b", "report every year;", "li",
                                                   "Canada", at(4.5))],
                       [ClientProgress("client-li", "op1b", 2)])  # a count replaced, resealed
    store.record_edits(document_id, [ParagraphEdit("op1b", "report every year.", "li",
                                                   "Canada", at(4.6))],
                       [ClientProgress("client-li", "op1b", 3)])
    report = store.verify(document_id)
    assert (report.ok, report.problems, report.signatures_checked) == (True, [], True)
    assert store.get_paragraph_text(document_id, "op1b") == "report every year."


def test_an_altered_working_text_is_named(store, document_id) -> None:
    tamper(store, ["UPDATE paragraphs SET working_text = 'report never.' WHERE id = 'op1b'",
                   "UPDATE paragraphs SET working_text = 'To urge nobody.' WHERE id = 'op1'"])
    found = problems(store, document_id)
    assert found == [
        f"document {document_id}: paragraph op1, working_text: differs from its last version "
        "and its seal does not verify (changed outside the server)",
        f"document {document_id}: paragraph op1b, working_text: differs from its last version "
        "and its seal does not verify (changed outside the server)"]


def test_an_altered_version_is_named(store, document_id) -> None:
    forged = row(store, "SELECT id, seq FROM versions WHERE author = 'maria'")
    tamper(store, [("UPDATE versions SET text = 'To urge nobody.' WHERE id = :v",
                    {"v": forged["id"]})], unguard=["versions"])
    assert problems(store, document_id)[0] == (
        f"document {document_id}: version {forged['id']} (event {forged['seq']}): its stored "
        "hash does not match its contents")


def test_an_altered_attribution_is_named(store, document_id) -> None:
    version = type_and_seal(store, document_id, "op1", "Also ", author="maria",
                            delegation="Chile", when=at(5))
    assert store.verify(document_id).ok
    spans = store.paragraph_attribution(document_id, "op1").spans
    assert (spans[0].text, spans[0].author.delegation) == ("Also ", "Chile")
    # Maria's words credited to Peru, in the stored weave only: the version still hashes
    # the digest of the weave as it was sealed
    tamper(store, ["UPDATE paragraph_weaves SET weave = replace(weave, '\"Chile\"', "
                   "'\"Peru\"') WHERE paragraph_id = 'op1'"])
    assert problems(store, document_id) == [
        f"document {document_id}: paragraph op1, attribution: the stored weave "
        f"(paragraph_weaves) does not give the digest version {version} records: who wrote "
        "which words was altered outside the server"]


def test_a_deleted_or_older_attribution_is_named(store, document_id) -> None:
    first = type_and_seal(store, document_id, "op1", "Also ", author="maria",
                          delegation="Chile", when=at(5))
    older = row(store, "SELECT weave FROM paragraph_weaves WHERE paragraph_id = 'op1'")
    second = type_and_seal(store, document_id, "op1", "Then ", author="li",
                           delegation="Canada", when=at(6))
    assert store.verify(document_id).ok
    tamper(store, [("UPDATE paragraph_weaves SET weave = :weave, version_id = :version "
                    "WHERE paragraph_id = 'op1'", {"weave": older["weave"], "version": first})])
    assert problems(store, document_id) == [
        f"document {document_id}: paragraph op1, attribution: the stored weave is as of "
        f"version {first}, older than version {second}, which records its digest (put back "
        "outside the server)"]
    tamper(store, ["DELETE FROM paragraph_weaves WHERE paragraph_id = 'op1'"])
    assert problems(store, document_id) == [
        f"document {document_id}: paragraph op1, attribution: no stored weave "
        f"(paragraph_weaves), but version {second} records its digest (deleted outside the "
        "server)"]


def test_altered_attribution_edits_since_the_last_version_are_named(store, document_id
                                                                    ) -> None:
    from negotiation.author import Author
    from negotiation.weave_edits import edits_json, entry_json

    versioned = store.document_weaves(document_id, ["op1b"])["op1b"].weave.text
    # Canada's words and then Chile's, typed since the last version: the working text's
    # last writer is Chile, but the edits stored with it say who typed what
    edits = [([len(versioned), " at least"], Author("li", "Canada")),
             ([" Now", len(versioned) + 9], Author("maria", "Chile"))]
    store.record_edits(document_id, [ParagraphEdit(
        "op1b", " Now" + versioned + " at least", "maria", "Chile", at(5),
        weave_edits=edits_json([entry_json(op, author) for op, author in edits]))])
    assert store.verify(document_id).ok
    spans = store.paragraph_attribution(document_id, "op1b").spans
    assert [(s.text, s.author.delegation) for s in spans] == [
        (" Now", "Chile"), (versioned, None), (" at least", "Canada")]
    tamper(store, ["UPDATE paragraphs SET working_ops = replace(working_ops, 'Canada', "
                   "'Peru') WHERE id = 'op1b'"])
    assert problems(store, document_id) == [
        f"document {document_id}: paragraph op1b, working_text: differs from its last "
        "version and its seal does not verify (changed outside the server)"]


def test_an_altered_paragraph_order_is_named(store, document_id) -> None:
    tamper(store, ["UPDATE paragraphs SET position = 1 WHERE id = 'op2'",
                   "UPDATE paragraphs SET position = 0 WHERE id = 'op1'"])
    found = problems(store, document_id)
    assert any(p.startswith(f"document {document_id}: paragraph op2, position: is 1; event ")
               and p.endswith("records 0") for p in found), found
    assert any("paragraph op1, position: is 0" in p for p in found), found


def test_an_altered_deletion_flag_is_named(store, document_id) -> None:
    tamper(store, ["UPDATE paragraphs SET deleted = TRUE WHERE id = 'pp1'"])
    found = problems(store, document_id)
    assert len(found) == 1 and found[0].startswith(
        f"document {document_id}: paragraph pp1, deleted: is True; event ")
    assert "pp1" not in [p.id for _, ps in store.load_document(document_id).sections()
                         for p in ps]  # what the pages would show: hence the warning


def test_an_altered_status_is_named(store, document_id) -> None:
    tamper(store, ["UPDATE paragraphs SET status = 'open' WHERE id = 'pp2'"])
    assert problems(store, document_id)[0].startswith(
        f"document {document_id}: paragraph pp2, status: is 'open'; event ")


def test_an_altered_document_title_is_named(store, document_id) -> None:
    tamper(store, ["UPDATE documents SET title = 'FORGED' WHERE id IS NOT NULL"])
    assert problems(store, document_id) == [
        f"document {document_id}: the document, title: is 'FORGED'; the latest revision "
        "hashes 'TEST RESOLUTION'"]


def test_an_altered_client_count_is_named(store, document_id) -> None:
    tamper(store, ["UPDATE client_progress SET applied = 0"])
    assert problems(store, document_id) == [
        f"document {document_id}: paragraph op1b, client count: client client-li's count 0 "
        "has no valid seal"]


def test_a_deleted_last_version_with_a_rewritten_head_is_caught_by_the_signature(
        store, document_id) -> None:
    store.recover_unversioned(document_id)  # every working text a version: no seal involved
    last = store.append_version(document_id, "op2", "To request nothing.", author="eve",
                                delegation="Belize", at=at(5))
    before = row(store, "SELECT id, seq, hash, text, author, delegation, at FROM versions "
                        "WHERE id = :v", v=last.parent_id)
    previous = row(store, "SELECT previous_hash FROM versions WHERE id = :v", v=last.id)
    tamper(store, [
        ("DELETE FROM versions WHERE id = :v", {"v": last.id}),
        ("UPDATE documents SET head_seq = :seq, head_hash = :hash WHERE id = :d",
         {"seq": last.seq - 1, "hash": previous["previous_hash"], "d": document_id}),
        ("UPDATE paragraphs SET head_version_id = :v, working_text = :t, working_seal = NULL "
         "WHERE id = 'op2'", {"v": before["id"], "t": before["text"]}),
    ], unguard=["versions"])
    assert Store(store.engine).verify(document_id).ok  # consistent: no keyless check sees it
    assert problems(store, document_id) == [
        f"document {document_id}: document head, head_signature: the head (event "
        f"{last.seq - 1}) has no valid signature under the integrity key (rewritten outside "
        "the server, or written without the key)"]


def test_dropped_triggers_then_an_altered_event_row_are_named(store, document_id) -> None:
    event = row(store, "SELECT id, seq FROM status_changes")
    tamper(store, ["UPDATE status_changes SET new_status = 'open'",
                   "UPDATE structure_changes SET layout = NULL"],
           unguard=["status_changes", "structure_changes"])
    found = problems(store, document_id)
    assert found[0].startswith(f"document {document_id}: structure change ")
    assert found[0].endswith("its stored hash does not match its contents")
    assert all(event["id"] not in p or "does not match" in p for p in found)


def test_a_checkpoint_is_signed_kept_and_checked(store, document_id) -> None:
    checkpoint = store.checkpoint(document_id, at=at(6))
    head = row(store, "SELECT head_seq, head_hash FROM documents WHERE id = :d", d=document_id)
    assert (checkpoint.seq, checkpoint.hash) == (head["head_seq"], head["head_hash"])
    assert TEST_SEALER.verifies(checkpoint.signature, "checkpoint",
                                [document_id, checkpoint.seq, checkpoint.hash, at(6)])
    assert store.verify(document_id).ok
    tamper(store, ["UPDATE checkpoints SET seq = seq + 1"], unguard=["checkpoints"])
    found = problems(store, document_id)
    assert "its signature does not verify under the integrity key" in found[0]


def test_a_tampered_document_is_never_checkpointed(store, document_id) -> None:
    tamper(store, ["UPDATE documents SET title = 'FORGED' WHERE id IS NOT NULL"])
    with pytest.raises(TamperedText, match="title"):
        store.checkpoint(document_id)


def test_another_key_verifies_no_signature(store, document_id) -> None:
    report = Store(store.engine, Sealer(b"another key, 32 bytes long......")).verify(document_id)
    assert not report.ok and "head_signature" in report.first_mismatch


def test_unversioned_text_is_never_laundered_into_a_version(store, document_id) -> None:
    versions = row(store, "SELECT count(*) AS n FROM versions")["n"]
    tamper(store, ["UPDATE paragraphs SET working_text = 'report never.', "
                   "working_author = 'li' WHERE id = 'op1b'"])
    with pytest.raises(TamperedText, match="paragraph op1b, working_text"):
        store.recover_unversioned(document_id)
    with pytest.raises(TamperedText, match="paragraph op1b, working_text"):
        store.create_revision(document_id, "Rev.1", author="sec")
    assert row(store, "SELECT count(*) AS n FROM versions")["n"] == versions


def test_sealed_unversioned_text_is_still_recovered(store, document_id) -> None:
    assert store.recover_unversioned(document_id) == 1
    latest = store.paragraph_history(document_id, "op1b").entries[-1].version
    assert (latest.text, latest.author) == ("report every year.", "li")
    assert store.verify(document_id).ok


def test_an_unsigned_head_is_signed_only_when_adopted(store, document_id) -> None:
    """A head written before migration 0007 has no signature: verify reports it, checkpoint
    refuses it, and the operator's --adopt signs it when nothing else is wrong."""
    tamper(store, ["UPDATE documents SET head_signature = NULL WHERE id IS NOT NULL"])
    assert "head_signature" in problems(store, document_id)[0]
    with pytest.raises(TamperedText, match="head_signature"):
        store.checkpoint(document_id)
    store.checkpoint(document_id, adopt=True)
    assert store.verify(document_id).ok
    tamper(store, ["UPDATE documents SET head_signature = NULL, title = 'X' "
                   "WHERE id IS NOT NULL"])
    with pytest.raises(TamperedText, match="title"):
        store.checkpoint(document_id, adopt=True)


def test_adopting_signs_counts_and_working_texts_written_before_the_key(store,
                                                                          document_id) -> None:
    tamper(store, ["UPDATE documents SET head_signature = NULL WHERE id IS NOT NULL",
                   "UPDATE client_progress SET seal = NULL",
                   "UPDATE paragraphs SET working_seal = NULL"])
    assert len(problems(store, document_id)) == 3  # head, op1b's text, op1b's count
    store.checkpoint(document_id, adopt=True)
    assert store.verify(document_id).ok
