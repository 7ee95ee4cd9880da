"""`negotiation show`, run as the real console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt"


def negotiation(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("negotiation")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "server"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_show_json_follows_the_contract() -> None:
    result = negotiation("show", SEED_003, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("symbol", "title", "organ", "note", "preamble", "operative", "footnotes",
                "artifacts", "diagnostics", "articles"):
        assert key in data
    assert (len(data["preamble"]), len(data["operative"])) == (12, 10)
    tenth = data["preamble"][9]
    assert tenth["proposals"][0]["delegation"] == "Venezuela"
    assert tenth["brackets"][0]["options"] == ["shared responsibility", "co-responsibility"]
    assert data["operative"][2]["children"][2]["proposed_by"] == "Belize"


def test_show_without_json_prints_a_readable_outline() -> None:
    result = negotiation("show", SEED_003)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "THE GENERAL ASSEMBLY," in lines
    assert "Preamble (12)" in lines and "Operative part (10)" in lines
    tabled = next(line for line in lines if "operative paragraph 3 (c)" in line)
    assert "tabled by Belize: Conduct a study" in tabled and tabled.endswith("[1 open]")
    assert any(line.strip().startswith("proposal by Venezuela: That trafficking")
               for line in lines)
    assert lines[-2:] == ["0 footnotes, 1 set aside, 0 diagnostics, 5 open brackets",
                          "  set aside, line 1 (document type line): DRAFT RESOLUTION"]


def test_show_reports_diagnostics_with_line_and_column(tmp_path: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To [urge the states.\n",
                      encoding="utf-8")
    result = negotiation("show", source)
    assert result.returncode == 0, result.stderr
    assert "line 5, column 7:" in result.stdout
    assert "never closed" in result.stdout


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. Año\n".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    return {
        "missing": (tmp_path / "nowhere.txt", "no such file"),
        "directory": (tmp_path, "is a directory"),
        "not UTF-8": (latin1, "not UTF-8 text: byte 0xf1 at byte 38 (line 5, column 5)"),
        "empty": (empty, "the file is empty"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "not UTF-8", "empty"])
def test_unreadable_input_gives_one_line_and_a_non_zero_exit(tmp_path: Path, case: str) -> None:
    path, expected = bad_inputs(tmp_path)[case]
    result = negotiation("show", path)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"negotiation show: {path}: ")
    assert expected in result.stderr
