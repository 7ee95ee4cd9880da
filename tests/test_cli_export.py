"""`negotiation export`, run as the real console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation.importer import import_text
from negotiation.render import render_bracketed
from server.commands.export import write_atomically

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
NEGOTIATED = SEEDS / "003_8d28965fcda24f33.txt"  # five open brackets
ADOPTED = SEEDS / "004_e08f240b2092f966.txt"  # CD/RES. 10 (82-R/07), no bracket


def negotiation(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("negotiation")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "server"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_bracketed_export_is_the_bracketed_rendering() -> None:
    result = negotiation("export", NEGOTIATED, "--format", "bracketed")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_bracketed(import_text(NEGOTIATED.read_text("utf-8")))
    assert "\n\nc. [BELIZE:  Conduct a study" in result.stdout


def test_clean_export_is_refused_while_brackets_are_open(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    out.write_text("the previous export\n", encoding="utf-8")
    result = negotiation("export", NEGOTIATED, "--format", "clean", "-o", out)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    # five open brackets and proposals, then the 26 paragraphs not agreed, as the chair reads
    assert lines[0] == "negotiation export: no clean text while 31 item(s) are not agreed:"
    assert lines[1] == "  preambular paragraph 10: [shared responsibility / co-responsibility]"
    assert lines[2] == ("  preambular paragraph 10: [VENEZUELA: That trafficking in persons is "
                        "a crime that …]")
    assert lines[5] == ("  operative paragraph 3 (c): [BELIZE: Conduct a study on the "
                        "feasibility of establishing …]")
    assert lines[6] == "  preambular paragraph 1: not agreed (open)"
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt"]


def test_clean_export_of_an_adopted_resolution(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    result = negotiation("export", ADOPTED, "--format", "clean", "-o", out)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("CD/RES. 10 (82-R/07)\n\nINTER-AMERICAN PROGRAM FOR THE PREVENTION")
    assert "\n\nRESOLVES:\n\n1. To create an Inter-American Cooperation Program" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt"]


def test_markdown_export() -> None:
    result = negotiation("export", NEGOTIATED, "--format", "markdown-bracketed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# HEMISPHERIC COOPERATION EFFORTS")
    assert "\n\n### RECOGNIZING:\n\n" in result.stdout
    assert "\n    > [**VENEZUELA:**  That trafficking" not in result.stdout
    assert "\n> [**VENEZUELA:**  That trafficking in persons is a crime" in result.stdout
    assert "\n    - **c.** [**BELIZE:**  Conduct a study" in result.stdout


def test_json_export_is_what_show_prints(tmp_path: Path) -> None:
    out = tmp_path / "doc.json"
    assert negotiation("export", NEGOTIATED, "--format", "json", "-o", out).returncode == 0
    shown = negotiation("show", NEGOTIATED, "--json")
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(shown.stdout)


def test_output_into_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir.txt"
    result = negotiation("export", ADOPTED, "--format", "bracketed", "-o", out)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (f"negotiation export: {out}: cannot write, directory "
                             f"{out.parent} does not exist\n")


def test_draft_lays_out_the_open_text_marked_as_a_draft() -> None:
    result = negotiation("export", NEGOTIATED, "--format", "clean", "--draft")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("DRAFT — not agreed\n\n")
    assert "[BELIZE:  Conduct a study" in result.stdout


def test_unknown_format_is_refused_by_the_parser() -> None:
    result = negotiation("export", ADOPTED, "--format", "pdf")
    assert result.returncode == 2 and "invalid choice: 'pdf'" in result.stderr


def test_not_utf8_input_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_bytes(b"RESOLVES:\n\n1. To \xff\n")
    result = negotiation("export", source, "--format", "clean")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"negotiation export: {source}: not UTF-8 text: byte 0xff at "
                             "byte 17 (line 3, column 7); save the file as UTF-8 and try again\n")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(out, "new text that cannot be encoded: \ud800\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_write_replaces_the_whole_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("a much longer old text\n" * 10, encoding="utf-8")
    write_atomically(out, "new\n")
    assert out.read_text(encoding="utf-8") == "new\n"
