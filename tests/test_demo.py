"""The demo loader finds the seed drafts, or says where it looked."""

from pathlib import Path

import pytest

from server.demo import seed_files

ROOT = Path(__file__).resolve().parent.parent


def test_the_five_seed_drafts_are_found_in_fixtures() -> None:
    files = seed_files(ROOT / "fixtures" / "seeds")
    assert len(files) == 5
    assert all(path.suffix == ".txt" and path.parent == ROOT / "fixtures" / "seeds"
               for path in files)


def test_the_fallback_folder_is_used_when_the_first_has_none(tmp_path: Path) -> None:
    fallback = tmp_path / "shared"
    fallback.mkdir()
    (fallback / "b.txt").write_text("b", encoding="utf-8")
    (fallback / "a.txt").write_text("a", encoding="utf-8")
    (fallback / "notes.md").write_text("not a seed", encoding="utf-8")
    assert seed_files(tmp_path / "missing", fallback) == [fallback / "a.txt", fallback / "b.txt"]


def test_no_seed_drafts_names_every_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        seed_files(tmp_path / "here", tmp_path / "there", tmp_path / "packaged")
    assert str(raised.value) == (
        f"no seed drafts (*.txt) in {tmp_path / 'here'} nor in {tmp_path / 'there'} "
        f"nor in {tmp_path / 'packaged'}")


def test_the_package_ships_the_seed_drafts(tmp_path: Path) -> None:
    files = seed_files(tmp_path / "here", tmp_path / "there")
    assert [path.name for path in files] == sorted(
        path.name for path in (ROOT / "fixtures" / "seeds").glob("*.txt"))
