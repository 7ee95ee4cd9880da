"""Where the files the server serves or loads live, in a checkout and in an installed wheel.

In the repository, the browser's modules and styles are the top-level ``static/`` folder and
the demo drafts ``fixtures/seeds/``. The wheel ships both inside the ``server`` package
(``server/static``, ``server/seeds``: setup.py), so ``negotiation serve`` works from any
folder once installed. Templates and migrations live in the package in both cases.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _first_folder(*candidates: Path) -> Path:
    return next((folder for folder in candidates if folder.is_dir()), candidates[-1])


STATIC_DIR = _first_folder(PACKAGE / "static", CHECKOUT / "static")
TEMPLATES_DIR = PACKAGE / "templates"
MIGRATIONS_DIR = PACKAGE / "migrations"
PACKAGED_SEEDS_DIR = _first_folder(PACKAGE / "seeds", CHECKOUT / "fixtures" / "seeds")
