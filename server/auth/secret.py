"""The secret that signs session cookies and invitation links: from the settings, else
generated once into the data folder (``session_secret``, mode 0600), never in the repository."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "session_secret"


def session_secret(configured: str | None, data_dir: Path) -> str:
    if configured:
        return configured
    path = data_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(value + "\n")
    return value
