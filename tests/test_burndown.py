"""The bracket burndown (negotiation.burndown): counts per point and per holder, and the SVG
drawn on the server, checked as XML."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from negotiation.burndown import burndown_point, render_burndown_svg, top_holders
from negotiation.importer import import_text

ROOT = Path(__file__).resolve().parent.parent
NEGOTIATED = ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt"
ADOPTED = ROOT / "fixtures" / "seeds" / "004_e08f240b2092f966.txt"
SVG = "{http://www.w3.org/2000/svg}"


def points():
    draft = import_text(NEGOTIATED.read_text(encoding="utf-8"))
    adopted = import_text(ADOPTED.read_text(encoding="utf-8"))
    return [burndown_point("Draft", datetime(2007, 5, 1, tzinfo=UTC), draft),
            burndown_point("Adopted", datetime(2007, 7, 27, tzinfo=UTC), adopted)]


def test_open_brackets_per_delegation_and_agreed_paragraphs() -> None:
    draft, adopted = points()
    assert (draft.open, draft.by_delegation, draft.agreed) == (
        5, {"Venezuela": 4, "Belize": 1}, 0)
    assert (adopted.open, adopted.agreed, adopted.paragraphs) == (0, 10, 10)
    assert top_holders([draft, adopted]) == ["Venezuela", "Belize"]


def test_the_chart_is_accessible_svg_with_its_figures() -> None:
    svg = render_burndown_svg(points(), "Burndown of AG/RES. 2348")
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Burndown of AG/RES. 2348"
    assert "Draft (2007-05-01): 5 open brackets" in root.find(f"{SVG}desc").text
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Draft", "Adopted", "Venezuela", "Belize", "open brackets",
            "agreed paragraphs", "5", "0"} <= set(labels)
    assert len(root.findall(f"{SVG}polyline")) == 4  # total, two holders, agreed
