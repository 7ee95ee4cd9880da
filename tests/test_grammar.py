"""The bracket grammar, one labelled example per convention of issue 2, part 2.

Each test names the convention it covers; the inputs are taken from the seeds and the corpus.
"""

from __future__ import annotations

import pytest

from negotiation.grammar import (
    BracketKind,
    Group,
    Literal,
    LiteralReason,
    Text,
    parse,
    render,
    structure,
)


def kinds_and_options(text: str, link_refs: frozenset[str] = frozenset()) -> list[tuple]:
    return [(b.kind, b.options, b.depth) for b in parse(text, link_refs).brackets]


# --------------------------------------------------------------------------- negotiation brackets


def test_passage_is_one_bracket_with_one_option() -> None:
    assert kinds_and_options("affects primarily [the most vulnerable] groups") == [
        (BracketKind.PASSAGE, ("the most vulnerable",), 1)]


def test_slash_with_spaces_separates_alternatives() -> None:
    text = "requires [shared responsibility / co-responsibility] and bilateral"
    assert kinds_and_options(text) == [
        (BracketKind.ALTERNATIVES, ("shared responsibility", "co-responsibility"), 1)]


def test_three_alternatives_in_one_bracket() -> None:
    assert kinds_and_options("[a / b / c]") == [(BracketKind.ALTERNATIVES, ("a", "b", "c"), 1)]


def test_adjacent_brackets_are_alternatives_of_one_group() -> None:
    parsed = parse("Parties [shall][should][may] submit")
    assert [(b.kind, b.options) for b in parsed.brackets] == [
        (BracketKind.ALTERNATIVES, ("shall", "should", "may"))]
    group = parsed.nodes[1]
    assert isinstance(group, Group) and len(group.cells) == 3


def test_brackets_separated_by_a_space_are_two_groups() -> None:
    assert [b.options for b in parse("[shall] [should]").brackets] == [("shall",), ("should",)]


def test_nesting_keeps_inner_brackets_inside_the_outer_option() -> None:
    assert kinds_and_options("[[resilient] water / climate-resilient]") == [
        (BracketKind.ALTERNATIVES, ("[resilient] water", "climate-resilient"), 1),
        (BracketKind.PASSAGE, ("resilient",), 2)]


def test_nesting_to_depth_four() -> None:
    brackets = parse("a [b [c [d [e] d] c] b] a").brackets
    assert [(b.depth, b.options) for b in brackets] == [
        (1, ("b [c [d [e] d] c] b",)), (2, ("c [d [e] d] c",)), (3, ("d [e] d",)), (4, ("e",))]


def test_slash_inside_a_nested_bracket_splits_only_that_bracket() -> None:
    brackets = parse("[keep [x / y] here]").brackets
    assert [(b.depth, b.options) for b in brackets] == [(1, ("keep [x / y] here",)),
                                                      (2, ("x", "y"))]


def test_whole_paragraph_bracket_is_recognised_as_the_whole_group() -> None:
    text = ("[Recognizing the recent accomplishments of the 12th meeting of the Regional "
            "Conference on Migration,]")
    parsed = parse(text)
    assert parsed.whole_group() is parsed.nodes[0]
    assert parsed.brackets[0].kind is BracketKind.PASSAGE


def test_whole_paragraph_bracket_allows_trailing_punctuation() -> None:
    parsed = parse("[Taking note of the report];")
    assert parsed.whole_group() is parsed.nodes[0]


def test_bracket_inside_a_sentence_is_not_the_whole_paragraph() -> None:
    assert parse("Taking [note] of the report").whole_group() is None


def test_delegation_proposal_keeps_the_name_as_written() -> None:
    parsed = parse("[VENEZUELA:  That trafficking in persons is a crime]")
    (bracket,) = parsed.brackets
    assert (bracket.kind, bracket.delegation, bracket.options) == (
        BracketKind.PROPOSAL, "VENEZUELA", ("That trafficking in persons is a crime",))
    group = parsed.nodes[0]
    assert isinstance(group, Group) and group.cells[0].prefix == "VENEZUELA:  "


@pytest.mark.parametrize("name", ["TRINIDAD AND TOBAGO", "ST. KITTS AND NEVIS", "UNITED STATES",
                                  "BELICE"])
def test_delegation_names_of_several_words(name: str) -> None:
    (bracket,) = parse(f"[{name}: Conduct a study]").brackets
    assert (bracket.kind, bracket.delegation, bracket.options) == (
        BracketKind.PROPOSAL, name, ("Conduct a study",))


def test_lower_case_words_before_a_colon_are_not_a_delegation() -> None:
    (bracket,) = parse("[as follows: the text]").brackets
    assert (bracket.kind, bracket.delegation) == (BracketKind.PASSAGE, None)


def test_empty_bracket_is_a_placeholder() -> None:
    assert kinds_and_options("The amount shall be [ ] per year") == [
        (BracketKind.PLACEHOLDER, (" ",), 1)]


@pytest.mark.parametrize("text", ["[Placeholder for finance]",
                                  '[*Placeholder* for "climate finance"]'])
def test_placeholder_for_is_a_placeholder(text: str) -> None:
    assert [b.kind for b in parse(text).brackets] == [BracketKind.PLACEHOLDER]


# --------------------------------------------------------------------------- not brackets


@pytest.mark.parametrize("citation", ["[CIM/RES. 225/02 (XXXI-O/02)]", "[CP/doc.6120/26]"])
def test_document_citation_is_not_a_bracket(citation: str) -> None:
    parsed = parse(f'entitled "Fighting the Crime" {citation}, in which')
    assert parsed.brackets == []
    assert Literal(citation, LiteralReason.CITATION) in parsed.nodes


def test_editorial_letter_inside_a_quotation_is_not_a_bracket() -> None:
    parsed = parse("stated that it “[w]ill strengthen”")
    assert parsed.brackets == []
    assert Literal("[w]", LiteralReason.EDITORIAL) in parsed.nodes


def test_capital_editorial_letter_is_not_a_bracket() -> None:
    assert parse("“[T]he Parties”").brackets == []


def test_conversion_artefact_is_not_a_bracket() -> None:
    parsed = parse("other resources.[image: image2.wmf]GENERAL  ASSEMBLY")
    assert parsed.brackets == []
    assert Literal("[image: image2.wmf]", LiteralReason.ARTEFACT) in parsed.nodes


def test_markdown_inline_link_is_not_a_bracket() -> None:
    parsed = parse("the [final draft](http://unfccc.int/resource/11infnot.pdf) text")
    assert parsed.brackets == []
    assert parsed.nodes[1] == Literal("[final draft](http://unfccc.int/resource/11infnot.pdf)",
                                      LiteralReason.LINK)


def test_markdown_reference_link_is_not_a_bracket_when_the_reference_is_defined() -> None:
    parsed = parse("This is the [final draft negotiating text][source] prepared",
                   link_refs=frozenset({"source"}))
    assert parsed.brackets == []
    assert parsed.nodes[1] == Literal("[final draft negotiating text][source]",
                                      LiteralReason.LINK)


def test_adjacent_brackets_are_alternatives_when_no_such_link_reference_exists() -> None:
    assert kinds_and_options("[furtherance][pursuit]", link_refs=frozenset({"source"})) == [
        (BracketKind.ALTERNATIVES, ("furtherance", "pursuit"), 1)]


def test_footnote_mark_is_not_a_bracket() -> None:
    parsed = parse("*Edited version of 6 November 2015*[^1]")
    assert parsed.brackets == []
    assert Literal("[^1]", LiteralReason.FOOTNOTE) in parsed.nodes


def test_slash_without_spaces_is_not_a_separator() -> None:
    text = "[attended by deputy ministers/assistant secretaries of 11 countries]"
    assert kinds_and_options(text) == [
        (BracketKind.PASSAGE, ("attended by deputy ministers/assistant secretaries of 11 "
                               "countries",), 1)]


def test_slash_outside_any_bracket_is_plain_text() -> None:
    parsed = parse("deputy ministers/assistant secretaries / and others")
    assert parsed.brackets == []
    assert parsed.nodes == [Text("deputy ministers/assistant secretaries / and others")]


# --------------------------------------------------------------------------- malformed input


def test_unclosed_bracket_is_kept_and_reported_with_line_and_column() -> None:
    text = "first line\nsecond [line never closed"
    parsed = parse(text)
    assert render(parsed.nodes) == text
    assert parsed.brackets == []
    (diagnostic,) = parsed.diagnostics
    assert (diagnostic.line, diagnostic.column) == (2, 8)
    assert "never closed" in diagnostic.message


def test_stray_closing_bracket_is_kept_and_reported() -> None:
    parsed = parse("the text] goes on")
    (diagnostic,) = parsed.diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.offset) == (1, 9, 8)
    assert "no opening bracket" in diagnostic.message
    assert Literal("]", LiteralReason.UNMATCHED) in parsed.nodes


def test_extra_closing_bracket_after_a_balanced_pair_keeps_the_pair() -> None:
    text = "[including the principles of equity,]]"
    parsed = parse(text)
    assert [b.options for b in parsed.brackets] == [("including the principles of equity,",)]
    assert len(parsed.diagnostics) == 1 and parsed.diagnostics[0].column == len(text)


def test_unclosed_outer_bracket_keeps_the_inner_pair() -> None:
    parsed = parse("[to [enhance the implementation] and")
    assert [b.options for b in parsed.brackets] == [("enhance the implementation",)]
    assert [d.column for d in parsed.diagnostics] == [1]


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("text", [
    "requires [shared responsibility / co-responsibility] and [shall][should] [[x] y]",
    "[VENEZUELA:  That trafficking  /  x]",
    "a [b [c [d [e] d] c] b] a",
    "mark[^3] [CP/doc.6120/26] [w]ill [image: x.wmf] ]] [[",
    "tab\t/\tseparated [a\t/\tb]",
])
def test_render_is_the_exact_inverse_of_parse(text: str) -> None:
    assert render(parse(text).nodes) == text


def test_structure_leaves_offsets_out() -> None:
    assert structure(parse("x [a / b]").nodes) == [
        "x ", ("group", [("", [["a"], ["b"]])])]


@pytest.mark.parametrize(("text", "options"), [
    ("[an adaptation communication[s]][communications or undertakings]", ("s",)),
    ("[[another][other] modalit[y][ies]]", ("y", "ies")),
])
def test_letters_glued_to_the_end_of_a_word_are_a_negotiation_bracket(
        text: str, options: tuple[str, ...]) -> None:
    assert options in [b.options for b in parse(text).brackets]
