"""The invariant checks see each broken invariant, and the no-word-lost check sees a loss."""

from __future__ import annotations

from pathlib import Path

from negotiation.importer import import_text
from negotiation.invariants import check_document, unaccounted_words
from negotiation.model import Footnote, Paragraph, ParagraphKind, Proposal

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("THE GENERAL ASSEMBLY,\n\nCONSIDERING:\n\nThat a;\n\nRECALLING that b;\n\nRESOLVES:\n\n"
        "1. To act.\n\n2. To request:\n\na. One;\n\nb. Two.\n")


def fresh():
    doc = import_text(TEXT)
    assert check_document(doc) == []
    return doc


def test_duplicate_and_missing_ids() -> None:
    doc = fresh()
    doc.operative[1].id = doc.operative[0].id
    doc.preamble[0].id = ""
    problems = check_document(doc)
    assert any("is also the id of operative paragraph 1" in p for p in problems)
    assert any(p.startswith("preambular paragraph 1: paragraph has no id") for p in problems)


def test_labels_out_of_order() -> None:
    doc = fresh()
    doc.operative[1].children[1].label = "a"
    doc.operative.reverse()
    problems = check_document(doc)
    assert "operative paragraph 1: label 1 comes after 2, out of order" in problems
    assert any("label a comes after a" in p for p in problems)


def test_empty_text_and_stray_white_space() -> None:
    doc = fresh()
    doc.operative[0].text = ""
    doc.preamble[0].text = " That a;"
    problems = check_document(doc)
    assert "operative paragraph 1: paragraph text is empty" in problems
    assert "preambular paragraph 1: paragraph text starts or ends with white space" in problems


def test_options_no_text_is_allowed_but_an_empty_block_is_not() -> None:
    doc = fresh()
    option = Paragraph(id="o", kind=ParagraphKind.OPTION, label="Option 1", text="No text")
    doc.operative.append(Paragraph(id="b", kind=ParagraphKind.OPTIONS, children=[option]))
    assert check_document(doc) == []
    doc.operative[-1].children = []
    assert any("holds no option" in p for p in check_document(doc))


def test_kinds_must_fit_their_place() -> None:
    doc = fresh()
    doc.preamble.append(Paragraph(id="x", kind=ParagraphKind.ARTICLE, text="Article 1"))
    assert any("cannot stand at the top of the preamble" in p for p in check_document(doc))


def test_intro_consistency_proposals_attribution_and_footnotes() -> None:
    doc = fresh()
    doc.preamble[1].intro = "CONSIDERING"  # inline intro that does not open the text
    doc.preamble[0].intro_style = None
    doc.operative[0].proposals.append(Proposal("Chile", ""))
    doc.operative[0].attribution = "(In brackets at the request of nobody)"
    doc.footnotes.append(Footnote("1", "A note.", paragraph_id="p-missing"))
    problems = check_document(doc)
    assert "preambular paragraph 2: inline intro 'CONSIDERING' does not open the text" in problems
    assert any("intro style goes with an intro" in p for p in problems)
    assert "operative paragraph 1: a proposal needs a delegation and words" in problems
    assert "operative paragraph 1: attribution note names no delegation" in problems
    assert any("footnote 1 is tied to paragraph p-missing" in p for p in problems)


def test_a_lost_word_is_seen() -> None:
    doc = fresh()
    assert unaccounted_words(TEXT, doc) == []
    doc.operative[1].children[1].text = "Two"  # still there: punctuation is not a word
    assert unaccounted_words(TEXT, doc) == []
    doc.operative[1].children.pop()
    assert unaccounted_words(TEXT, doc) == ["b", "two"]  # its label and its word


def test_a_repeated_word_must_be_kept_as_often_as_written() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRECALLING x x x;\n")
    doc.preamble[0].text = "RECALLING x x;"
    assert unaccounted_words("THE GENERAL ASSEMBLY,\n\nRECALLING x x x;\n", doc) == ["x"]
