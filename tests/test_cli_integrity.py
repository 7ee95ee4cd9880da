"""`negotiation checkpoint` prints a signed head for the record; `negotiation verify --expect`
catches a chain truncated since, even when the truncation put back a head that was signed
(the strongest attacker without the key: one who kept an earlier signed head). Real SQLite file,
tampered through sqlite3."""

from __future__ import annotations

import json
import sqlite3

import pytest
from store_fixture import TEST_SEALER, at, resolution

from negotiation.seals import parse_expected_head
from server.cli import main
from server.db import create_engine_for, upgrade
from server.store import Store


@pytest.fixture
def database(tmp_path) -> str:
    return str(tmp_path / "cli.sqlite3")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stored_document(database: str) -> str:
    engine = create_engine_for(f"sqlite:///{database}")
    upgrade(engine)
    store = Store(engine, TEST_SEALER)
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    store.append_version(document_id, "op1", "To urge member states to act.", author="maria",
                         delegation="Chile", at=at(1))
    engine.dispose()
    return document_id


def test_checkpoint_prints_a_signed_head_that_verify_expects(capsys, database) -> None:
    document_id = stored_document(database)
    code, out, _ = run(capsys, "checkpoint", document_id, "--db", f"sqlite:///{database}")
    assert code == 0
    line = out.strip()
    expected = parse_expected_head(line)
    assert (expected.document_id, expected.seq) == (document_id, 8)
    assert line.startswith(f"plenary-checkpoint v1 {document_id} seq=8 head=")
    assert "sig=unsigned" not in line
    code, out, _ = run(capsys, "verify", "--expect", line, "--db", f"sqlite:///{database}")
    assert (code, out) == (0, "ok: 1 document(s), 8 events verified\n")
    code, out, _ = run(capsys, "checkpoint", "--json", "--db", f"sqlite:///{database}")
    again = json.loads(out)[0]  # a second checkpoint of the same head, signed at its own time
    assert (again["hash"], len(again["signature"])) == (expected.hash, 64)
    assert again["line"].startswith(f"plenary-checkpoint v1 {document_id} seq=8 ")


def test_verify_expect_catches_a_truncated_chain(capsys, database) -> None:
    document_id = stored_document(database)
    connection = sqlite3.connect(database)
    earlier = connection.execute("SELECT head_seq, head_hash, head_signature FROM documents"
                                 ).fetchone()
    op2 = connection.execute("SELECT working_text, working_author, working_delegation, "
                             "working_at, working_seal, head_version_id FROM paragraphs "
                             "WHERE id = 'op2'").fetchone()
    connection.close()
    engine = create_engine_for(f"sqlite:///{database}")
    store = Store(engine, TEST_SEALER)
    store.append_version(document_id, "op2", "To request the Council to act.", author="li",
                         delegation="Canada", at=at(2))
    engine.dispose()
    code, line, _ = run(capsys, "checkpoint", document_id, "--db", f"sqlite:///{database}")
    assert code == 0 and "seq=9" in line

    # the attacker cuts the last version and puts back the earlier, signed, head and row
    connection = sqlite3.connect(database)
    for table in ("versions", "checkpoints"):
        connection.execute(f"DROP TRIGGER {table}_no_delete")
    connection.execute("DELETE FROM versions WHERE seq = 9")
    connection.execute("DELETE FROM checkpoints")
    connection.execute("UPDATE documents SET head_seq = ?, head_hash = ?, head_signature = ?",
                       earlier)
    connection.execute("UPDATE paragraphs SET working_text = ?, working_author = ?, "
                       "working_delegation = ?, working_at = ?, working_seal = ?, "
                       "head_version_id = ? WHERE id = 'op2'", op2)
    connection.commit()
    connection.close()

    code, out, _ = run(capsys, "verify", document_id, "--db", f"sqlite:///{database}")
    assert code == 0, out  # without the record, nothing stored gives it away
    code, out, _ = run(capsys, "verify", "--expect", line.strip(), "--db",
                       f"sqlite:///{database}")
    assert code == 1
    assert out == (f"FAILED: document {document_id}: expected head: the chain ends at event 8, "
                   "before the expected head at event 9 (events were removed)\n")


def test_verify_expect_catches_a_rewritten_chain_and_refuses_a_bad_head(capsys,
                                                                      database) -> None:
    document_id = stored_document(database)
    code, out, _ = run(capsys, "verify", document_id, "--expect", "8:" + "a" * 64, "--db",
                       f"sqlite:///{database}")
    assert code == 1 and "event 8 has hash " in out and "(the chain was rewritten)" in out
    code, _, err = run(capsys, "verify", "--expect", "nonsense", "--db",
                       f"sqlite:///{database}")
    assert code == 2 and "--expect: a head is 64 lowercase hexadecimal digits" in err
    code, _, err = run(capsys, "verify", "--expect", "a" * 64, "--db", f"sqlite:///{database}")
    assert code == 2 and "--expect needs DOC" in err


def test_verify_names_every_altered_field(capsys, database) -> None:
    document_id = stored_document(database)
    connection = sqlite3.connect(database)
    connection.execute("UPDATE documents SET title = 'FORGED'")
    connection.execute("UPDATE paragraphs SET working_text = 'forged' WHERE id = 'op1a'")
    connection.commit()
    connection.close()
    code, out, _ = run(capsys, "verify", "--db", f"sqlite:///{database}")
    assert code == 1
    assert out.splitlines() == [
        f"FAILED: document {document_id}: the document, title: is 'FORGED'; the latest "
        "revision hashes 'TEST RESOLUTION'",
        f"  also: document {document_id}: paragraph op1a, working_text: differs from its last "
        "version and its seal does not verify (changed outside the server)"]


def test_verify_without_the_key_checks_the_chain_and_makes_no_key(capsys, database, tmp_path,
                                                                  monkeypatch) -> None:
    """Anyone with a copy of the database can check it against a recorded head; without the
    key, signatures and seals are said not to be checked, and no key file appears."""
    document_id = stored_document(database)
    code, line, _ = run(capsys, "checkpoint", document_id, "--db", f"sqlite:///{database}")
    monkeypatch.delenv("PLENARY_INTEGRITY_KEY")
    monkeypatch.setenv("PLENARY_DATA_DIR", str(tmp_path / "elsewhere"))
    code, out, _ = run(capsys, "verify", "--expect", line.strip(), "--db",
                       f"sqlite:///{database}")
    assert (code, out) == (0, "ok: 1 document(s), 8 events verified (no integrity key: "
                              "signatures and seals not checked)\n")
    assert not (tmp_path / "elsewhere").exists()
