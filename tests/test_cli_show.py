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


def documented_examples() -> list[tuple[str, str]]:
    """("negotiation ARGS", expected output) for each whole example of docs/cli.md and
    docs/grammar.md: a "$ negotiation ..." line in a fenced block, its output below it.
    Examples shortened (lines cut with " …", a "..." line) or run on files not in the
    repository are left out."""
    examples = []
    for doc in ("cli.md", "grammar.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        for block in text.split("```")[1::2]:
            command, output = None, []
            for line in [*block.strip("\n").splitlines(), "$ end"]:
                if line.startswith("$ "):
                    shortened = any(o.endswith(" …") or o.strip() == "..." for o in output)
                    if command and not shortened:
                        examples.append((command, "\n".join(output) + "\n"))
                    command, output = line[2:], []
                    runnable = command.startswith("negotiation ") and "#" not in command
                    paths = [a for a in command.split()[2:] if "/" in a or "." in a]
                    if not runnable or not all((ROOT / a).exists() for a in paths[:1]):
                        command = None
                else:
                    output.append(line)
    return examples


@pytest.mark.parametrize(("command", "expected"), documented_examples(),
                         ids=lambda value: value.split("\n")[0][:60])
def test_documented_examples_are_what_the_commands_print(command: str, expected: str) -> None:
    result = negotiation(*command.split()[1:])
    assert result.stdout + result.stderr == expected


def test_the_documentation_has_examples_to_check() -> None:
    assert len(documented_examples()) >= 5
