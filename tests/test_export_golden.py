"""The clean text of a fully resolved seed, compared with a golden file checked by hand.

fixtures/exports/004_e08f240b2092f966.clean.txt was read against the seed's own text line by
line (symbol, title, status line, organ, the four introductory phrases, the preambular
paragraphs and the five operative paragraphs: the same words in the same order, only the
blank lines of the page layout dropped) before it was trusted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from negotiation.exports import export
from negotiation.importer import import_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seeds" / "004_e08f240b2092f966.txt"
GOLDEN = ROOT / "fixtures" / "exports" / "004_e08f240b2092f966.clean.txt"


def test_clean_text_of_the_adopted_seed_equals_the_golden_file() -> None:
    doc = import_text(SEED.read_text(encoding="utf-8"))
    result = export(doc, "clean", issued=date(2007, 7, 27))
    assert result.content.decode("utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_file_holds_the_seeds_words_in_order() -> None:
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]
    assert lines(GOLDEN.read_text(encoding="utf-8")) == lines(SEED.read_text(encoding="utf-8"))
