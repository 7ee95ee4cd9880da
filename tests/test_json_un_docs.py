"""docs/json.md is current for UN texts: every key is documented, the examples are exact."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from negotiation.importer import import_text
from negotiation.jsonio import document_from_json, document_to_json

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
UN_FIXTURES = sorted((ROOT / "fixtures" / "conventions-un").glob("*.*"))


def keys_of(value: object, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        found.update(value)
        for item in value.values():
            keys_of(item, found)
    elif isinstance(value, list):
        for item in value:
            keys_of(item, found)
    return found


def test_every_key_of_a_un_import_is_documented() -> None:
    keys: set[str] = set()
    for path in UN_FIXTURES:
        if path.name != "README.md":
            keys_of(document_to_json(import_text(path.read_text("utf-8"))), keys)
    assert {"label", "sponsors", "headings", "annexes", "decisions", "level"} <= keys
    assert sorted(k for k in keys if f"`{k}`" not in DOCS and f'"{k}"' not in DOCS) == []


def abridged(example: Any, actual: Any, where: str = "") -> list[str]:
    """Where ``example`` differs from ``actual``: a dict may leave keys out, a list may stop
    early; everything written must be exactly what the import gives."""
    if isinstance(example, dict):
        if not isinstance(actual, dict):
            return [f"{where}: not an object"]
        return [problem for key, value in example.items()
                for problem in (abridged(value, actual[key], f"{where}.{key}") if key in actual
                                else [f"{where}.{key}: no such key"])]
    if isinstance(example, list):
        if not isinstance(actual, list) or len(example) > len(actual):
            return [f"{where}: a longer list than the import's"]
        return [problem for index, item in enumerate(example)
                for problem in abridged(item, actual[index], f"{where}[{index}]")]
    return [] if example == actual else [f"{where}: {example!r} != {actual!r}"]


@pytest.mark.parametrize("fixture", ["decisions.txt", "sections.txt"])
def test_the_un_examples_are_what_the_import_gives(fixture: str) -> None:
    heading = re.search(rf"## Example: [^\n]*\(fixtures/conventions-un/{re.escape(fixture)}\)"
                        r".*?```json\n(?P<json>.*?)```", DOCS, re.DOTALL)
    assert heading is not None, f"docs/json.md has no example of {fixture}"
    example = json.loads(heading.group("json"))
    path = ROOT / "fixtures" / "conventions-un" / fixture
    assert abridged(example, document_to_json(import_text(path.read_text("utf-8")))) == []


@pytest.mark.parametrize("path", [p for p in UN_FIXTURES if p.name != "README.md"],
                         ids=lambda p: p.name)
def test_from_json_is_the_exact_inverse_for_un_texts(path: Path) -> None:
    doc = import_text(path.read_text("utf-8"))
    assert document_from_json(json.loads(json.dumps(document_to_json(doc)))) == doc
