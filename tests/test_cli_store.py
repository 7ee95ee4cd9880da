"""The store's commands: import, revisions, history, path, verify (in-process, real SQLite)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from server.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DRAFT_2007 = SEEDS / "003_8d28965fcda24f33.txt"
RESOLUTION_2009 = SEEDS / "002_cbe63643953223b7.txt"

pytestmark = pytest.mark.skipif(not DRAFT_2007.exists(), reason=f"no seeds at {SEEDS}")


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def document_count(db: str) -> int:
    connection = sqlite3.connect(db.removeprefix("sqlite:///"))
    try:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        connection.close()


def imported(capsys, db: str) -> str:
    code, out, _ = run(capsys, "import", str(DRAFT_2007), "--db", db)
    assert code == 0
    return out.strip()


def test_import_prints_the_id_and_json_names_the_revision(capsys, db) -> None:
    document_id = imported(capsys, db)
    assert len(document_id) == 16
    code, out, _ = run(capsys, "import", str(RESOLUTION_2009), "--as-revision-of",
                       document_id, "--name", "Rev.1", "--json", "--db", db)
    assert code == 0
    assert json.loads(out) == {"document": document_id, "revision": "Rev.1"}
    code, out, _ = run(capsys, "revisions", document_id, "--json", "--db", db)
    revisions = json.loads(out)
    assert [r["name"] for r in revisions] == ["Draft", "Rev.1"]
    assert revisions[1]["changed"] + revisions[1]["new"] > 0
    code, out, _ = run(capsys, "revisions", document_id, "--db", db)
    assert out.splitlines()[0].split()[:2] == ["revision", "date"]
    assert out.splitlines()[2].startswith("Rev.1 ")


def test_history_and_path_of_a_paragraph(capsys, db) -> None:
    document_id = imported(capsys, db)
    run(capsys, "import", str(RESOLUTION_2009), "--as-revision-of", document_id, "--name",
        "Adopted", "--db", db)
    code, out, _ = run(capsys, "path", document_id, "--json", "--db", db)
    table = json.loads(out)
    changed = next(row for row in table if row["changes"] > 0 and not row["deleted"])
    paragraph = changed["paragraph_id"]

    code, out, _ = run(capsys, "history", document_id, paragraph, "--json", "--db", db)
    history = json.loads(out)
    assert code == 0 and history["paragraph"] == paragraph
    assert [v["author"] for v in history["versions"]] == ["secretariat", "secretariat"]
    assert {d["op"] for d in history["versions"][1]["diff"]} >= {"equal"}
    assert "".join(d["text"] for d in history["versions"][1]["diff"] if d["op"] != "delete") \
        == history["versions"][1]["text"]

    code, out, _ = run(capsys, "history", document_id, paragraph, "--db", db)
    assert code == 0 and out.startswith(f"paragraph {paragraph}") and "\nv2  " in out

    code, out, _ = run(capsys, "path", document_id, paragraph, "--json", "--db", db)
    path = json.loads(out)
    assert [r["revision"] for r in path["revisions"]] == ["Draft", "Adopted"]
    assert [r["changed_by"] for r in path["revisions"]] == [["secretariat"], ["secretariat"]]
    assert path["final_text"] == history["versions"][-1]["text"]
    code, out, _ = run(capsys, "path", document_id, paragraph, "--db", db)
    assert "final wording: " in out and out.splitlines()[1].startswith("Draft ")


def test_verify_passes_then_names_a_tampered_version(capsys, db) -> None:
    document_id = imported(capsys, db)
    code, out, _ = run(capsys, "verify", "--db", db)
    assert (code, out.strip()) == (0, f"ok: 1 document(s), {out.split()[3]} events verified")
    connection = sqlite3.connect(db.removeprefix("sqlite:///"))
    connection.execute("DROP TRIGGER versions_no_update")
    version = connection.execute("SELECT id FROM versions ORDER BY seq LIMIT 1 OFFSET 4"
                                 ).fetchone()[0]
    connection.execute("UPDATE versions SET delegation = 'Mallorca' WHERE id = ?", (version,))
    connection.commit()
    connection.close()
    code, out, _ = run(capsys, "verify", document_id, "--db", db)
    assert code == 1
    assert out.strip() == (f"FAILED: document {document_id}: version {version} (event 5): "
                           "its stored hash does not match its contents")
    code, out, _ = run(capsys, "verify", "--json", "--db", db)
    assert json.loads(out)["first_mismatch"].endswith("does not match its contents")


def test_a_revision_of_a_missing_document_writes_nothing(capsys, db) -> None:
    imported(capsys, db)
    code, out, err = run(capsys, "import", str(RESOLUTION_2009), "--as-revision-of", "nope",
                         "--name", "Rev.1", "--db", db)
    assert (code, out) == (2, "")
    assert err == "negotiation import: no document 'nope' in the database\n"
    assert document_count(db) == 1


def test_files_that_cannot_be_imported_are_refused_before_the_database(capsys, db,
                                                                       tmp_path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("RESOLUCIÓN\n\n1. Texto.".encode("latin-1"))
    code, _, err = run(capsys, "import", str(latin1), "--db", db)
    assert code == 2 and "latin1.txt: not UTF-8 text" in err
    prose = tmp_path / "prose.txt"
    prose.write_text("Hello world\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(prose), "--db", db)
    assert code == 2 and "prose.txt: no paragraphs found, nothing to import" in err
    assert not Path(db.removeprefix("sqlite:///")).exists()


def test_bad_arguments_and_unreachable_databases_are_one_line(capsys, db) -> None:
    code, _, err = run(capsys, "import", str(DRAFT_2007), "--as-revision-of", "x", "--db", db)
    assert (code, err) == (2, "negotiation import: --as-revision-of needs --name, the new "
                              "revision's name (e.g. Rev.1)\n")
    code, _, err = run(capsys, "revisions", "x", "--db",
                       "postgresql://nobody@127.0.0.1:9/none")
    assert code == 2 and err.startswith(
        "negotiation revisions: cannot reach the database postgresql+psycopg://nobody@")
    assert len(err.splitlines()) == 1
    code, _, err = run(capsys, "history", "nope", "p-1", "--db", db)
    assert err == "negotiation history: no document 'nope' in the database\n"


def test_database_url_and_the_default_data_directory(capsys, tmp_path, monkeypatch,
                                                     db) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLENARY_DATA_DIR", raising=False)
    monkeypatch.setenv("DATABASE_URL", db)
    document_id = run(capsys, "import", str(DRAFT_2007))[1].strip()
    assert document_count(db) == 1 and not (tmp_path / "data").exists()
    monkeypatch.delenv("DATABASE_URL")
    assert run(capsys, "revisions", document_id)[0] == 2  # not in the default database
    assert (tmp_path / "data" / "plenary.sqlite3").is_file()


def test_the_console_script_prints_no_traceback(tmp_path, db) -> None:
    shutil.copyfile(DRAFT_2007, tmp_path / "draft.txt")
    result = subprocess.run([sys.executable, "-m", "server", "import", "draft.txt",
                             "--as-revision-of", "missing", "--name", "Rev.1", "--db", db],
                            cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 2
    assert result.stderr == "negotiation import: no document 'missing' in the database\n"


def test_a_paragraph_is_named_by_its_reference_as_well_as_its_id(capsys, db) -> None:
    document_id = imported(capsys, db)
    code, out, _ = run(capsys, "path", document_id, "--json", "--db", db)
    by_id = {row["paragraph_id"] for row in json.loads(out)}
    code, out, err = run(capsys, "history", document_id, "Operative  Paragraph 3 (c)", "--json",
                         "--db", db)
    assert code == 0, err
    history = json.loads(out)
    assert history["paragraph"] in by_id
    assert "peer review mechanism" in history["versions"][-1]["text"]
    code, out, _ = run(capsys, "path", document_id, "--db", db)
    assert "operative paragraph 3 (c)" in out and "preambular paragraph 12" in out


def test_an_import_sends_a_revision_notice_through_redis(capsys, db, monkeypatch) -> None:
    """With PLENARY_REDIS_URL the command tells the server processes (docs/scaling.md); the
    end-to-end test, an editor on another process, is tests/test_cluster_notices.py."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    import redis

    document_id = imported(capsys, db)
    monkeypatch.setenv("PLENARY_REDIS_URL", "redis://127.0.0.1:6379/0")
    with redis.Redis.from_url("redis://127.0.0.1:6379/0", decode_responses=True) as client:
        listener = client.pubsub(ignore_subscribe_messages=True)
        listener.subscribe("plenary:conference")
        code, _, err = run(capsys, "import", str(RESOLUTION_2009), "--as-revision-of",
                           document_id, "--name", "Rev.1", "--db", db)
        heard = []
        for _ in range(100):
            message = listener.get_message(timeout=0.1)
            if message and json.loads(message["data"]).get("document") == document_id:
                heard.append(json.loads(message["data"]))
                break
        listener.close()
    assert (code, err) == (0, "")
    assert len(heard) == 1
    assert heard[0]["kind"] == "revision" and heard[0]["what"] == "revision"
    assert heard[0]["instance"].startswith("command:")


def test_an_import_with_redis_away_is_stored_and_says_so_in_one_line(capsys, db,
                                                                     monkeypatch) -> None:
    monkeypatch.setenv("PLENARY_REDIS_URL", "redis://127.0.0.1:1/0")
    code, out, err = run(capsys, "import", str(DRAFT_2007), "--db", db)
    assert code == 0 and len(out.strip()) == 16
    assert err.splitlines() == [
        "warning: Redis at redis://127.0.0.1:1/0 did not answer: the server processes were "
        "not told of this import; editors open on the document show it within 0.5 s instead "
        "of at once"]
    assert document_count(db) == 1
