"""Score an import of a UN text against a hand-checked expectation (issue 12's measure).

An expectation is JSON written by a person reading the source, not by the importer::

    {"source": "unga-A-80-L6-draft.txt",
     "checked": "what was read against the source, by whom and how",
     "decisions": ["8/CMA.6", "9/CMA.6"],            symbols of the decisions, in order
     "documents": [                                  the file's document, then decisions
       {"name": "",                                  and annexes, named as a chair names them
        "symbol": "A/80/L.6",                        ("decision 12/CMA.6, annex"); optional
        "paragraphs": [["preambular", null, "Determined to encourage"],
                       ["operative", "1", "Takes note of"],
                       ["subparagraph", "a", "The selection by"]],
        "artefacts": ["United Nations", "2/2"]}]}    texts that must be set aside

Each paragraph is (kind, label, first words), depth first in document order, as
``flatten`` lists an import. The score counts checks and the points earned:

* one check per expected decision symbol, at its place, and one that there are no more;
* per document: one check that it exists with the right number of paragraphs (partial:
  fewer / more), three per expected paragraph (kind, label, first words; the two sequences
  are aligned with difflib so that one paragraph too many or too few costs only itself),
  one per expected artefact (set aside, with its text), one for the symbol when given.

``score(...).ratio`` is points / checks, 1.0 for a perfect import. First words are compared
without Markdown emphasis and case ("*Decides* to" = "Decides to").
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from negotiation.model import Document, Paragraph
from negotiation.references import document_names

WORDS = 3  # first words compared per paragraph
_MARKUP = re.compile(r"[*_]")


@dataclass
class Score:
    points: float = 0.0
    checks: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.points / self.checks if self.checks else 1.0

    def check(self, earned: float, what: str) -> None:
        self.checks += 1
        self.points += earned
        if earned < 1:
            self.misses.append(what)


def first_words(text: str, count: int = WORDS) -> str:
    return " ".join(_MARKUP.sub("", text).split()[:count])


def flatten(doc: Document) -> list[tuple[str, str | None, str]]:
    """(kind, label, first words) of every paragraph of ``doc``, depth first."""
    found: list[tuple[str, str | None, str]] = []

    def walk(paragraphs: list[Paragraph]) -> None:
        for paragraph in paragraphs:
            found.append((paragraph.kind.value, paragraph.label, first_words(paragraph.text)))
            walk(paragraph.children)

    walk(doc.preamble)
    walk(doc.operative)
    walk(doc.articles)
    return found


def expectation_of(doc: Document, source: str, checked: str) -> dict[str, Any]:
    """A draft expectation from an import: to be READ AGAINST THE SOURCE and corrected by
    hand before it is trusted (it only saves typing)."""
    names = document_names(doc)
    documents = []
    for document in doc.documents():
        documents.append({
            "name": names.get(id(document), ""), "symbol": document.symbol,
            "paragraphs": [list(item) for item in flatten(document)],
            "artefacts": [artifact.text for artifact in document.artifacts]})
    return {"source": source, "checked": checked,
            "decisions": [d.symbol for d in doc.decisions], "documents": documents}


def score(doc: Document, expected: dict[str, Any]) -> Score:
    result = Score()
    actual_decisions = [d.symbol for d in doc.decisions]
    for index, symbol in enumerate(expected.get("decisions", [])):
        found = actual_decisions[index] if index < len(actual_decisions) else None
        result.check(float(found == symbol), f"decision {index + 1}: {symbol!r}, got {found!r}")
    result.check(float(len(actual_decisions) == len(expected.get("decisions", []))),
                 f"{len(actual_decisions)} decisions")
    names = document_names(doc)
    by_name = {names.get(id(d), ""): d for d in doc.documents()}
    for wanted in expected["documents"]:
        _score_document(by_name.get(wanted["name"]), wanted, result)
    return result


def _score_document(document: Document | None, wanted: dict[str, Any], result: Score) -> None:
    name = wanted["name"] or "the document"
    paragraphs = [(kind, label, first_words(words)) for kind, label, words in
                  wanted["paragraphs"]]
    artefacts = wanted.get("artefacts", [])
    if document is None:
        result.check(0, f"{name}: missing")
        for _ in range(3 * len(paragraphs) + len(artefacts) + ("symbol" in wanted)):
            result.check(0, f"{name}: missing")
        return
    actual = flatten(document)
    sizes = sorted((len(actual), len(paragraphs)))
    result.check(sizes[0] / sizes[1] if sizes[1] else 1.0,
                 f"{name}: {len(actual)} paragraphs, {len(paragraphs)} expected")
    matcher = difflib.SequenceMatcher(a=paragraphs, b=actual, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        for offset, want in enumerate(paragraphs[a_start:a_end]):
            got = actual[b_start + offset] if tag in ("equal", "replace") and \
                b_start + offset < b_end else None
            for field_index, field_name in enumerate(("kind", "label", "first words")):
                earned = got is not None and got[field_index] == want[field_index]
                if field_index == 2 and got is not None:
                    earned = got[2].casefold() == want[2].casefold()
                result.check(float(earned), f"{name}: paragraph {want}, {field_name}: "
                                            f"got {got}")
    set_aside = {" ".join(a.text.split()) for a in document.artifacts}
    for text in artefacts:
        result.check(float(" ".join(text.split()) in set_aside),
                     f"{name}: not set aside: {text!r}")
    if "symbol" in wanted and wanted["symbol"] is not None:
        result.check(float(document.symbol == wanted["symbol"]),
                     f"{name}: symbol {document.symbol!r}, expected {wanted['symbol']!r}")


def load_expectation(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
