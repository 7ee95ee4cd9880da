"""The integrity key: from PLENARY_INTEGRITY_KEY, else a key file made on first run in the data
folder with mode 0600; a key file others may read is refused; the key is never printed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from server.integrity_key import KEY_FILE, load_sealer
from server.settings import Settings, SettingsError


def test_the_key_file_is_made_once_owner_only(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert load_sealer(settings, create=False) is None
    first = load_sealer(settings)
    path = tmp_path / "data" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) == 64
    assert load_sealer(settings).key == first.key  # read back, not made again


def test_a_key_file_others_may_read_is_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    load_sealer(settings)
    (tmp_path / KEY_FILE).chmod(0o644)
    with pytest.raises(SettingsError, match=r"may be read by others .*chmod 600"):
        load_sealer(settings)


def test_the_environment_key_wins_and_is_never_echoed(tmp_path: Path) -> None:
    key = "ab" * 32
    settings = Settings.from_environment({"PLENARY_INTEGRITY_KEY": key,
                                          "PLENARY_DATA_DIR": str(tmp_path)})
    assert load_sealer(settings).key == bytes.fromhex(key)
    assert not (tmp_path / KEY_FILE).exists()
    assert key not in repr(settings) and key not in repr(load_sealer(settings))
    with pytest.raises(SettingsError) as refused:
        Settings.from_environment({"PLENARY_INTEGRITY_KEY": "secret-but-not-hex-0123456789ab"})
    assert "secret" not in str(refused.value)
