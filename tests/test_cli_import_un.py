"""`negotiation import` on UN texts: a resolution is stored; a file of decisions is refused
with one line saying why (the store keeps one document per import)."""

from __future__ import annotations

from pathlib import Path

from server.cli import main

CONVENTIONS = Path(__file__).resolve().parent.parent / "fixtures" / "conventions-un"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_un_resolution_is_stored_and_a_file_of_decisions_is_refused(capsys, tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'un.sqlite3'}"
    code, out, _ = run(capsys, "import", str(CONVENTIONS / "adopted.txt"), "--db", db)
    assert code == 0 and out.strip()
    code, _, err = run(capsys, "import", str(CONVENTIONS / "decisions.txt"), "--db", db)
    assert code == 2 and err.count("\n") == 1
    assert "decisions.txt: a file of 2 decisions" in err and "negotiation show" in err
