"""The demo negotiation: the five OAS seed drafts, loaded into the store so a new user sees a room.

Loading is idempotent: a seed whose (symbol, title) is already in the store is skipped, so
``negotiation serve --demo`` can be started again and again on the same database.
"""

from __future__ import annotations

from pathlib import Path

from negotiation.importer import import_text
from server.assets import PACKAGED_SEEDS_DIR
from server.store import Store

DEMO_AUTHOR = "Plenary demo"
FALLBACK_SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def seed_files(seeds_dir: Path, fallback: Path = FALLBACK_SEEDS_DIR,
               packaged: Path = PACKAGED_SEEDS_DIR) -> list[Path]:
    """The seed drafts (*.txt) in ``seeds_dir``, or in ``fallback`` (../shared/seeds) when
    that has none, or else the ones the package ships (an installed wheel, any folder)."""
    for folder in (seeds_dir, fallback, packaged):
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return files
    raise FileNotFoundError(
        f"no seed drafts (*.txt) in {seeds_dir} nor in {fallback} nor in {packaged}")


def load_demo(store: Store, seeds_dir: Path) -> list[str]:
    """Import every seed draft not yet in the store; returns the ids of the documents imported."""
    present = {(summary.symbol, summary.title) for summary in store.list_documents()}
    imported: list[str] = []
    for path in seed_files(seeds_dir):
        document = import_text(path.read_text(encoding="utf-8"))
        key = (document.symbol, document.title)
        if key in present:
            continue
        imported.append(store.import_document(document, author=DEMO_AUTHOR, revision="Draft"))
        present.add(key)
    return imported
