"""The JSON contract of issue 2: its keys exist and are never renamed; reading is the inverse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.importer import import_text
from negotiation.jsonio import document_from_json, document_to_json

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "fixtures" / "seeds").glob("*.txt")) + sorted(
    (ROOT / "fixtures" / "conventions").glob("*.txt")) + [
    ROOT / "fixtures" / "conventions" / "treaty.md"]
CONTRACT_DOCUMENT = {"symbol", "title", "organ", "note", "preamble", "operative", "footnotes",
                     "artifacts", "diagnostics"}
CONTRACT_PARAGRAPH = {"id", "label", "intro", "text", "children", "proposed_by", "proposals",
                      "brackets", "status"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_from_json_is_the_exact_inverse(path: Path) -> None:
    doc = import_text(path.read_text(encoding="utf-8"))
    data = document_to_json(doc)
    assert document_from_json(data) == doc
    # and it survives a real trip through JSON text
    assert document_from_json(json.loads(json.dumps(data))) == doc


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_contract_keys_are_all_there(path: Path) -> None:
    data = document_to_json(import_text(path.read_text(encoding="utf-8")))
    assert set(data) >= CONTRACT_DOCUMENT
    assert all(isinstance(f, str) for f in data["footnotes"])
    assert all(isinstance(a, str) for a in data["artifacts"])
    for diagnostic in data["diagnostics"]:
        assert {"message", "line", "column"} <= set(diagnostic)

    def check(paragraph: dict) -> None:
        assert set(paragraph) >= CONTRACT_PARAGRAPH
        for proposal in paragraph["proposals"]:
            assert set(proposal) == {"delegation", "text"}
        for bracket in paragraph["brackets"]:
            assert {"options", "requested_by"} <= set(bracket)
            assert all(isinstance(o, str) for o in bracket["options"])
        for child in paragraph["children"]:
            check(child)

    for section in ("preamble", "operative", "articles"):
        for paragraph in data[section]:
            check(paragraph)


def test_seed_003_json_shows_proposals_and_who_holds_each_bracket() -> None:
    path = next((ROOT / "fixtures" / "seeds").glob("003_*.txt"))
    data = document_to_json(import_text(path.read_text(encoding="utf-8")))
    tenth = data["preamble"][9]
    assert tenth["brackets"][0] == {"options": ["shared responsibility", "co-responsibility"],
                                    "requested_by": ["Venezuela"], "kind": "alternatives",
                                    "depth": 1}
    assert tenth["proposals"][0]["delegation"] == "Venezuela"
    belize = data["operative"][2]["children"][2]
    assert (belize["label"], belize["proposed_by"]) == ("c", "Belize")
    assert belize["brackets"][0]["requested_by"] == ["Belize"]


def test_footnotes_and_artifacts_keep_their_details() -> None:
    doc = import_text((ROOT / "fixtures" / "conventions" / "footnotes.txt").read_text("utf-8"))
    data = document_to_json(doc)
    assert data["footnotes"][0] == "The Delegation of Nicaragua reserves its position on the title."
    assert data["footnote_marks"][1] == {"mark": "2", "text": data["footnotes"][1],
                                         "paragraph_id": doc.preamble[1].id}


def test_reading_a_minimal_contract_document() -> None:
    doc = document_from_json({"symbol": None, "title": "T", "organ": None, "note": None,
                              "preamble": [{"id": "a", "label": None, "intro": None,
                                            "text": "That x;", "children": [],
                                            "proposed_by": None, "proposals": [],
                                            "brackets": [], "status": "open"}],
                              "operative": [], "footnotes": ["A note."], "artifacts": ["x"],
                              "diagnostics": [{"message": "m", "line": 1, "column": 2}]})
    assert doc.preamble[0].kind.value == "preambular"
    assert doc.footnotes[0].text == "A note." and doc.artifacts[0].text == "x"
    assert doc.diagnostics[0].column == 2
