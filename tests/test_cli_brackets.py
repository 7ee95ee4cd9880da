"""`negotiation brackets`, run as the real console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"


def negotiation(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("negotiation")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "server"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_brackets_reads_out_each_open_bracket_of_seed_003() -> None:
    result = negotiation("brackets", SEEDS / "003_8d28965fcda24f33.txt")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["preambular paragraph 10, alternatives, held by Venezuela:",
                         "    “shared responsibility” / “co-responsibility”"]
    heads = [line for line in lines if not line.startswith("    ")]
    assert heads == [
        "preambular paragraph 10, alternatives, held by Venezuela:",
        "preambular paragraph 10, proposal by Venezuela:",
        "preambular paragraph 12, whole paragraph in brackets, held by Venezuela:",
        "preambular paragraph 12, proposal by Venezuela:",
        "operative paragraph 3 (c), paragraph tabled by Belize:",
        "5 open brackets",
    ]


def test_brackets_json_lists_where_paragraph_kind_options_holders() -> None:
    result = negotiation("brackets", SEEDS / "003_8d28965fcda24f33.txt", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [set(item) for item in found] == [
        {"where", "paragraph_id", "kind", "options", "requested_by"}] * 5
    assert found[0]["where"] == "preambular paragraph 10"
    assert found[0]["kind"] == "alternatives"
    assert found[0]["options"] == ["shared responsibility", "co-responsibility"]
    assert found[0]["requested_by"] == ["Venezuela"]
    tabled = found[-1]
    assert (tabled["where"], tabled["kind"], tabled["requested_by"]) == (
        "operative paragraph 3 (c)", "tabled", ["Belize"])
    shown = json.loads(negotiation("show", SEEDS / "003_8d28965fcda24f33.txt",
                                   "--json").stdout)
    assert tabled["paragraph_id"] == shown["operative"][2]["children"][2]["id"]


def test_a_resolution_without_brackets_has_none() -> None:
    result = negotiation("brackets", SEEDS / "001_3d3c9ed7e136bf41.txt")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 open brackets\n"  # two citations "[CIM/RES. 225/02 ...]" only


CORPUS_COUNTS = {
    "paris-v1-2015-10-23-draft-agreement.md": 858,
    "paris-v2-2015-12-04-draft-agreement.md": 819,
    "paris-v3-2015-12-09-draft-agreement.md": 182,
    "paris-v4-2015-12-12-adopted-agreement.md": 0,
}


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"corpus not found at {CORPUS_DIR}")
@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_bracket_counts(name: str) -> None:
    result = negotiation("brackets", CORPUS_DIR / name)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"{CORPUS_COUNTS[name]} open brackets"


def test_missing_file_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = negotiation("brackets", tmp_path / "nowhere.txt", "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"negotiation brackets: {tmp_path / 'nowhere.txt'}: no such file\n"
