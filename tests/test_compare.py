"""Compare two revisions (negotiation.compare) and the path table (negotiation.path_table):
paragraphs paired by stable id, never by position."""

from __future__ import annotations

from negotiation.compare import compare, counts
from negotiation.model import Document, Paragraph, ParagraphKind, Proposal
from negotiation.path_table import path_table


def operative(pid: str, label: str, text: str, **extra) -> Paragraph:
    return Paragraph(pid, ParagraphKind.OPERATIVE, text, label=label, **extra)


OLD = Document(operative=[operative("a", "1", "To urge [all] states."),
                          operative("b", "2", "To request a report."),
                          operative("c", "3", "To decide to remain seized.")])
NEW = Document(operative=[operative("n", "1", "To welcome the report."),
                          operative("a", "2", "To urge states.",
                                    proposals=[Proposal("Belize", "To invite states.")]),
                          operative("c", "3", "To decide to remain seized.")])


def test_paragraphs_are_aligned_by_id_with_dropped_ones_where_they_stood() -> None:
    rows = compare(OLD, NEW)
    assert [(r.paragraph_id, r.reference, r.change) for r in rows] == [
        ("n", "operative paragraph 1", "new"),
        ("a", "operative paragraph 2", "edited"),
        ("b", "operative paragraph 2", "dropped"),
        ("c", "operative paragraph 3", "unchanged")]
    assert counts(rows) == {"unchanged": 1, "edited": 1, "new": 1, "dropped": 1}
    edited = rows[1]
    assert ("delete", "[all]") in edited.diff
    assert edited.new_text == "To urge states. [BELIZE:  To invite states.]"


def test_path_table_every_paragraph_by_every_revision() -> None:
    final = Document(operative=[operative("n", "1", "To welcome the report.")])
    rows = path_table([("Draft", OLD), ("Rev.1", NEW), ("Adopted", final)])
    assert [(r.paragraph_id, r.cells) for r in rows] == [
        ("n", ["", "new", "unchanged"]),
        ("a", ["new", "edited", "dropped"]),
        ("b", ["new", "dropped", ""]),
        ("c", ["new", "unchanged", "dropped"])]
    assert rows[1].reference == "operative paragraph 2"


def test_merges_and_splits_between_neighbours() -> None:
    first = Document(operative=[
        operative("a", "1", "To urge the member states to cooperate closely."),
        operative("b", "2", "To invite the observers to contribute to the fund."),
        operative("c", "3", "To request the Secretary General to report on progress and "
                  "to convene a meeting of experts before the next session.")])
    second = Document(operative=[
        operative("a", "1", "To urge the member states to cooperate closely, and to invite "
                  "the observers to contribute to the fund."),
        operative("c", "2", "To request the Secretary General to report on progress."),
        operative("d", "3", "To convene a meeting of experts before the next session.")])
    rows = {r.paragraph_id: r.cells for r in path_table([("Draft", first), ("Rev.1", second)])}
    assert rows == {"a": ["new", "edited"], "b": ["new", "merged"], "c": ["new", "edited"],
                    "d": ["", "split"]}
