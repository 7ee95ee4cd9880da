"""Open brackets of one paragraph (``paragraph_brackets``) and of a document, in order."""

from __future__ import annotations

from negotiation.brackets import OpenBracket, document_brackets, paragraph_brackets
from negotiation.importer import import_text
from negotiation.model import Paragraph, ParagraphKind, Proposal


def para(text: str, **fields: object) -> Paragraph:
    return Paragraph(id="p", kind=ParagraphKind.OPERATIVE, text=text, **fields)


def shape(found: list[OpenBracket]) -> list[tuple]:
    return [(b.kind, b.options, b.requested_by, b.depth) for b in found]


def test_passage_and_alternatives_take_the_attribution_holders() -> None:
    paragraph = para("requires [shared responsibility / co-responsibility] and [x]",
                     requested_by=["Venezuela"])
    assert shape(paragraph_brackets(paragraph)) == [
        ("alternatives", ("shared responsibility", "co-responsibility"), ("Venezuela",), 1),
        ("passage", ("x",), ("Venezuela",), 1)]


def test_nested_brackets_are_listed_outermost_first() -> None:
    assert shape(paragraph_brackets(para("[[resilient] water / climate-resilient] systems"))) == [
        ("alternatives", ("[resilient] water", "climate-resilient"), (), 1),
        ("passage", ("resilient",), (), 2)]


def test_adjacent_alternatives_are_one_bracket() -> None:
    assert shape(paragraph_brackets(para("Parties [shall][should] act"))) == [
        ("alternatives", ("shall", "should"), (), 1)]


def test_whole_paragraph_bracket_is_kind_paragraph() -> None:
    found = paragraph_brackets(para("[Recognizing the recent accomplishments,]"))
    assert shape(found) == [("paragraph", ("Recognizing the recent accomplishments,",), (), 1)]
    assert (found[0].start, found[0].end) == (0, 41)


def test_whole_paragraph_placeholder_stays_a_placeholder() -> None:
    assert [b.kind for b in paragraph_brackets(para("[Placeholder for annexes]"))] == [
        "placeholder"]


def test_tabled_paragraph_is_held_by_its_delegation() -> None:
    found = paragraph_brackets(para("Conduct a [feasibility] study.", proposed_by="Belize"))
    assert shape(found) == [("tabled", ("Conduct a [feasibility] study.",), ("Belize",), 1),
                            ("passage", ("feasibility",), (), 1)]


def test_each_proposal_is_a_bracket_of_the_paragraph_it_answers() -> None:
    paragraph = para("That trafficking is a crime;",
                     proposals=[Proposal("Venezuela", "That trafficking is [always] a crime;")])
    assert shape(paragraph_brackets(paragraph)) == [
        ("proposal", ("That trafficking is [always] a crime;",), ("Venezuela",), 1),
        ("passage", ("always",), ("Venezuela",), 2)]


def test_inline_delegation_bracket_is_held_by_that_delegation_canonically() -> None:
    found = paragraph_brackets(para("To act [B.R. OF VENEZUELA:  now] today."))
    assert [(b.kind, b.requested_by, b.delegation) for b in found] == [
        ("proposal", ("Venezuela",), "Venezuela")]


def test_options_block_lists_its_options() -> None:
    block = Paragraph(id="b", kind=ParagraphKind.OPTIONS, children=[
        Paragraph(id="o1", kind=ParagraphKind.OPTION, label="Option 1", text="below 2 °C"),
        Paragraph(id="o2", kind=ParagraphKind.OPTION, label="Option 2", text="No text")])
    assert shape(paragraph_brackets(block)) == [("options", ("below 2 °C", "No text"), (), 1)]


def test_citations_links_footnote_marks_and_editorial_letters_are_not_brackets() -> None:
    text = ("the resolution [CIM/RES. 225/02 (XXXI-O/02)] that [w]ill, see [the text][source]"
            "[^3] and Parties[[^9]] [image: image2.wmf]")
    assert paragraph_brackets(para(text), frozenset({"source"})) == []


def test_document_brackets_name_where_each_bracket_is_in_reading_order() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRECALLING [x];\n\nRESOLVES:\n\n"
                      "1. To act [now].\n\na. [BELIZE:  To study.]\n\n2. To [shall][should].\n")
    assert [(ref, b.kind) for ref, _, b in document_brackets(doc)] == [
        ("preambular paragraph 1", "passage"), ("operative paragraph 1", "passage"),
        ("operative paragraph 1 (a)", "tabled"), ("operative paragraph 2", "alternatives")]


def test_as_dict_has_the_contract_keys() -> None:
    (bracket,) = paragraph_brackets(para("[a / b]", requested_by=["Chile"]))
    assert bracket.as_dict() == {"options": ["a", "b"], "requested_by": ["Chile"],
                                 "kind": "alternatives", "depth": 1}
