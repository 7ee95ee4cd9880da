"""Where the integrity key comes from: ``PLENARY_INTEGRITY_KEY`` (read by server/settings.py),
else the file ``integrity.key`` in the data folder, made on first run.

The key signs every document head and seals working texts and client counts
(negotiation.seals): it must live outside the database, or whoever can write the database could
re-sign what they changed (docs/integrity.md). The file holds 64 hexadecimal digits and a
newline, is created with mode 0600 (owner read/write only), and a key file that others may read
is refused. Every process that writes one database (the server, its writer processes, the
commands) must hold the same key.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from negotiation.seals import Sealer
from server.settings import Settings, SettingsError

KEY_FILE = "integrity.key"
KEY_BYTES = 32


def key_path(settings: Settings) -> Path:
    return settings.data_dir / KEY_FILE


def load_sealer(settings: Settings, *, create: bool = True) -> Sealer | None:
    """The Sealer of the configured key; the key file is made when missing and ``create``
    (else None). ``SettingsError`` for a key file that is malformed or readable by others."""
    if settings.integrity_key:
        return Sealer(bytes.fromhex(settings.integrity_key))
    path = key_path(settings)
    if not path.exists():
        if not create:
            return None
        _create(path)
    return Sealer(_read(path))


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(KEY_BYTES) + "\n")
        out.flush()
        os.fsync(out.fileno())


def _read(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SettingsError(f"{path}: the integrity key file may be read by others "
                            f"(mode {stat.S_IMODE(mode):o}); make it 0600 (chmod 600 {path})")
    text = path.read_text(encoding="ascii", errors="replace").strip().lower()
    if len(text) < 32 or len(text) % 2 or any(c not in "0123456789abcdef" for c in text):
        raise SettingsError(f"{path}: not an integrity key (64 hexadecimal digits expected)")
    return bytes.fromhex(text)
