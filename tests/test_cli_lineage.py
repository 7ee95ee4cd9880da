"""`negotiation lineage OLD NEW [--json]`, run as the real console script (and in-process
for the document-source plug-in)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from server import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
SEED_2007 = SEEDS / "003_8d28965fcda24f33.txt"
SEED_2009 = SEEDS / "002_cbe63643953223b7.txt"


def negotiation(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("negotiation")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "server"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_json_is_a_list_of_kind_old_new_with_refs() -> None:
    result = negotiation("lineage", SEED_2007, SEED_2009, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert all(set(item) == {"kind", "old", "new"} for item in data)
    refs = [ref for item in data for ref in item["old"] + item["new"]]
    assert all(set(ref) == {"section", "index", "id"} for ref in refs)
    assert {ref["section"] for ref in refs} == {"preamble", "operative"}
    urge = [item for item in data if item["old"] and item["old"][0]["section"] == "operative"
            and item["old"][0]["index"] == 3]
    assert [(u["kind"], u["new"][0]["index"]) for u in urge] == [("edited", 5)]
    assert sum(item["kind"] == "edited" for item in data) == 7


def test_text_output_is_a_table_with_chair_readable_references_and_counts() -> None:
    result = negotiation("lineage", SEED_2007, SEED_2009)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["kind", "older", "text", "newer", "text", "words"]
    urge = next(line for line in lines if line.split()[1:4] == ["operative", "paragraph", "4"])
    assert urge.split()[:7] == ["edited", "operative", "paragraph", "4", "operative",
                                "paragraph", "6"]
    assert "To urge those member states" in urge
    assert lines[-1] == "0 unchanged, 7 edited, 0 merged, 0 split, 19 new, 19 dropped"


def test_a_json_document_is_read_back_not_imported(tmp_path: Path) -> None:
    from_text = negotiation("lineage", SEED_2007, SEED_2009, "--json")
    shown = negotiation("show", SEED_2007, "--json")
    assert shown.returncode == 0, shown.stderr
    as_json = tmp_path / "draft.json"
    as_json.write_text(shown.stdout, encoding="utf-8")
    from_json = negotiation("lineage", as_json, SEED_2009, "--json")
    assert from_json.returncode == 0, from_json.stderr
    assert json.loads(from_json.stdout) == json.loads(from_text.stdout)


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.txt", "missing.txt: no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: _write(d / "latin1.txt", "Resolución".encode("latin-1")), "not UTF-8 text"),
    (lambda d: _write(d / "empty.txt", b"  \n"), "the file is empty"),
    (lambda d: _write(d / "bad.json", b"{not json"), "not a document in the JSON contract"),
])
def test_bad_input_gets_one_clear_line(tmp_path: Path, make, message: str) -> None:
    result = negotiation("lineage", make(tmp_path), SEED_2009)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("negotiation lineage: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_stored_documents_and_revisions_are_sources_too(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """OLD/NEW may be a stored document id (its current text) or ID@REVISION."""
    db = f"sqlite:///{tmp_path / 'lineage.sqlite3'}"
    assert cli.main(["import", str(SEED_2007), "--db", db]) == 0
    document_id = capsys.readouterr().out.strip()
    assert cli.main(["import", str(SEED_2009), "--as-revision-of", document_id,
                     "--name", "Rev.1", "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["lineage", f"{document_id}@Draft", str(SEED_2009), "--json",
                     "--db", db]) == 0
    from_store = json.loads(capsys.readouterr().out)
    from_files = json.loads(negotiation("lineage", SEED_2007, SEED_2009, "--json").stdout)
    assert [item["kind"] for item in from_store] == [item["kind"] for item in from_files]
    # the stored draft keeps its ids, and Rev.1's carried-over paragraphs continue them
    assert cli.main(["lineage", f"{document_id}@Draft", document_id, "--json",
                     "--db", db]) == 0
    stored = json.loads(capsys.readouterr().out)
    edited = [item for item in stored if item["kind"] == "edited"]
    assert edited and all(item["old"][0]["id"] == item["new"][0]["id"] for item in edited)
    assert cli.main(["lineage", f"{document_id}@Rev.9", document_id, "--db", db]) == 2
    assert "Rev.9" in capsys.readouterr().err
    assert cli.main(["lineage", "doc-2", str(SEED_2009), "--db", db]) == 2
    assert capsys.readouterr().err == ("negotiation lineage: doc-2: no such file, and not a "
                                       "stored document id (ID or ID@REVISION)\n")
