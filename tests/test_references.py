"""Chair-readable references: one notation, computed from the tree, following renumbering."""

from __future__ import annotations

from pathlib import Path

from negotiation.importer import import_text
from negotiation.references import (
    find_paragraph,
    paragraph_references,
    reference,
    walk_with_references,
)

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("THE GENERAL ASSEMBLY,\n\nCONSIDERING:\n\nThat a;\n\nThat b;\n\nRECALLING that c;\n\n"
        "RECOGNIZING:\n\nThat d;\n\nRESOLVES:\n\n1. To act.\n\n1 bis. To also act.\n\n"
        "2. To request:\n\na. One;\n\nb. Two.\n\n3. To end.\n")


def test_preambular_paragraphs_are_counted_across_heading_groups() -> None:
    doc = import_text(TEXT)
    refs = [ref for ref, _ in walk_with_references(doc)]
    assert refs[:4] == ["preambular paragraph 1", "preambular paragraph 2",
                        "preambular paragraph 3", "preambular paragraph 4"]


def test_operative_labels_bis_and_sub_paragraphs() -> None:
    doc = import_text(TEXT)
    refs = [ref for ref, _ in walk_with_references(doc)][4:]
    assert refs == ["operative paragraph 1", "operative paragraph 1 bis", "operative paragraph 2",
                    "operative paragraph 2 (a)", "operative paragraph 2 (b)",
                    "operative paragraph 3"]


def test_references_follow_renumbering_ids_do_not() -> None:
    doc = import_text(TEXT)
    second = doc.operative[1]
    before = second.id
    second.label = "2"
    for paragraph, label in zip(doc.operative[2:], ["3", "4"], strict=True):
        paragraph.label = label
    assert reference(doc, before) == "operative paragraph 2"
    assert paragraph_references(doc)[doc.operative[2].children[0].id] == \
        "operative paragraph 3 (a)"


def test_unlabelled_operative_text_is_placed_by_its_neighbour() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To act.\n\nAnd then.\n")
    assert [ref for ref, _ in walk_with_references(doc)] == [
        "operative paragraph 1", "operative part, text after paragraph 1"]


def test_treaty_articles_paragraphs_options_and_sub_paragraphs() -> None:
    """An options block reads like the paragraph holding it; its options are named."""
    text = (ROOT / "fixtures" / "conventions" / "treaty.md").read_text(encoding="utf-8")
    refs = [ref for ref, _ in walk_with_references(import_text(text))]
    assert refs == [
        "preambular paragraph 1", "preambular paragraph 2", "preambular paragraph 2, option 1",
        "preambular paragraph 2, option 2",
        "Article 1", "Article 1, text before paragraph 1", "Article 1, paragraph 1",
        "Article 1, paragraph 2",
        "Article 3bis", "Article 3bis, paragraph 1", "Article 3bis, paragraph 2",
        "Article 3bis, paragraph 2 (a)", "Article 3bis, paragraph 2",
        "Article 3bis, paragraph 2, option 1", "Article 3bis, paragraph 2, option 2",
        "Article 4", "Article 4", "Article 4, option 1", "Article 4, option 1, paragraph 1",
        "Article 4, option 2"]


def test_find_paragraph_by_id_or_reference_ignoring_case_and_spacing() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To act.\n\n2. To ask:\n\n"
                      "a. one;\n\nb. two.\n")
    sub_b = doc.operative[1].children[1]
    assert find_paragraph(doc, "operative paragraph 2 (b)") == sub_b.id
    assert find_paragraph(doc, "Operative Paragraph 2(b)") == sub_b.id
    assert find_paragraph(doc, sub_b.id) == sub_b.id
    assert find_paragraph(doc, "operative paragraph 9") is None
