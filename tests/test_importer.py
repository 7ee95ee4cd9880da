"""The importer, one labelled case per layout quirk and per convention fixture.

The fixtures in fixtures/conventions/ are described one line each in their README.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.brackets import document_brackets
from negotiation.importer import default_id, import_text
from negotiation.invariants import check_document, unaccounted_words
from negotiation.model import Document, ParagraphKind, ParagraphStatus

CONVENTIONS = Path(__file__).resolve().parent.parent / "fixtures" / "conventions"


def convention(name: str) -> tuple[str, Document]:
    text = (CONVENTIONS / name).read_text(encoding="utf-8")
    doc = import_text(text)
    assert check_document(doc) == []
    assert unaccounted_words(text, doc) == []
    return text, doc


def brackets(doc: Document) -> list[tuple]:
    return [(ref, b.kind, b.options, b.requested_by) for ref, _, b in document_brackets(doc)]


def test_every_convention_fixture_is_described_in_the_readme() -> None:
    readme = (CONVENTIONS / "README.md").read_text(encoding="utf-8")
    for path in sorted(CONVENTIONS.glob("*.txt")):
        assert f"| {path.name} |" in readme, path.name


# --------------------------------------------------------------------------- layout quirks


def test_heading_glued_to_previous_paragraph_without_blank_line() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRECALLING that x;\nCONSIDERING:\nThat y;\n"
                      "That z;\nRESOLVES:\n1. To act.\n")
    assert [(p.intro, p.intro_style, p.text) for p in doc.preamble] == [
        ("RECALLING", "inline", "RECALLING that x;"), ("CONSIDERING", "heading", "That y;"),
        ("CONSIDERING", "heading", "That z;")]
    assert [p.text for p in doc.operative] == ["To act."]


def test_headings_without_their_colon() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nCONSIDERING\n\nThat x;\n\nRESOLVES\n\n1. To act.\n")
    assert [(p.intro, p.intro_style, p.text) for p in doc.preamble] == [
        ("CONSIDERING", "heading", "That x;")]
    assert [p.text for p in doc.operative] == ["To act."]


def test_number_alone_on_its_line_and_stray_leading_spaces() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n 1.\nTo act.\n  2.\n\n  To report.\n")
    assert [(p.label, p.text, p.line) for p in doc.operative] == [
        ("1", "To act.", 6), ("2", "To report.", 9)]


def test_title_over_two_lines_with_odd_capitals_and_symbol() -> None:
    doc = import_text("AG/RES. 2348 (XXXVII-O/07)\n\nPREVENTION AND Eradication of\n"
                      "smuggling iN MINORS\n\nTHE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To act.\n")
    assert doc.symbol == "AG/RES. 2348 (XXXVII-O/07)"
    assert doc.title == "PREVENTION AND Eradication of smuggling iN MINORS"


def test_a_line_starting_in_lower_case_continues_the_paragraph_above() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To request the Council\n"
                      "to report.\n")
    assert [p.text for p in doc.operative] == ["To request the Council to report."]


def test_a_paragraph_spanning_lines_keeps_source_positions_for_diagnostics() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To request the Council\n"
                      "to report [soon.\n")
    (diagnostic,) = doc.diagnostics
    assert (diagnostic.line, diagnostic.column) == (6, 11)
    assert diagnostic.paragraph == "operative paragraph 1"


def test_lettered_sub_paragraph_before_any_number_is_reported_not_lost() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\na. To act.\n")
    assert [(p.label, p.kind) for p in doc.operative] == [("a", ParagraphKind.OPERATIVE)]
    assert "comes before any numbered operative paragraph" in doc.diagnostics[0].message


def test_empty_text_never_crashes() -> None:
    for text in ("", "\n\n", "   ", "[", "]]]", "RESOLVES:", "1.", "THE GENERAL ASSEMBLY,"):
        doc = import_text(text)
        assert unaccounted_words(text, doc) == []


def test_default_ids_are_stable_and_opaque() -> None:
    assert default_id(3, "To act.") == default_id(3, "To act.")
    assert default_id(3, "To act.") != default_id(4, "To act.")
    assert default_id(0, "x").startswith("p-") and len(default_id(0, "x")) == 10


def test_id_factory_is_used_for_every_paragraph() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRECALLING x;\n\nRESOLVES:\n\n1. To act.\n"
                      "a. Now.\n", id_factory=lambda position, text: f"n{position}")
    assert [p.id for p in doc.paragraphs()] == ["n0", "n1", "n2"]


def test_source_name_labels_diagnostics() -> None:
    doc = import_text("THE GENERAL ASSEMBLY,\n\nRECALLING [x;\n", source="draft.txt")
    assert doc.diagnostics[0].message.startswith("draft.txt: preambular paragraph 1")


# --------------------------------------------------------------------------- conventions


def test_footnotes_are_tied_to_what_they_mark() -> None:
    _, doc = convention("footnotes.txt")
    assert doc.symbol == "AG/RES. 2500 (XL-O/10)"
    assert doc.title == "STRENGTHENING HEMISPHERIC COOPERATION"
    by_mark = {f.mark: f for f in doc.footnotes}
    assert by_mark["1"].paragraph_id is None  # the title's mark
    assert by_mark["2"].paragraph_id == doc.preamble[1].id
    assert by_mark["2"].text == ("The United States does not join consensus on this paragraph "
                                 "because it prejudges the outcome of negotiations.")
    assert by_mark["3"].paragraph_id == doc.operative[1].id
    assert doc.preamble[1].text == "CONSIDERING that cooperation is essential;"
    assert doc.operative[1].text.endswith("on this resolution.")
    assert "1/CP.17" in doc.preamble[0].text  # a decision symbol, not a mark
    assert len(doc.operative) == 2  # the notes are no operative text


def test_footnotes_marked_inside_a_paragraph_and_notes_over_two_lines() -> None:
    _, doc = convention("footnotes-inline.txt")
    first, second = doc.footnotes
    assert first.paragraph_id == doc.preamble[0].id
    assert "Canada 1/ and" in doc.preamble[0].text  # a mark inside the words stays there
    assert first.text == ("The Delegation of Canada notes that this work continues with the "
                          "support of other states.")
    assert second.paragraph_id == doc.operative[1].id
    assert doc.operative[1].text == "To request the Secretary General to act."
    assert doc.operative[1].footnote_marks == ["2"]
    assert len(doc.operative) == 2 and doc.diagnostics == []


def test_roman_numerals_under_lettered_sub_paragraphs() -> None:
    _, doc = convention("roman.txt")
    first, second = doc.operative
    assert [(c.label, [g.label for g in c.children]) for c in first.children] == [
        ("a", ["i", "ii", "iii"]), ("b", ["i", "ii"])]
    assert [c.label for c in second.children] == list("abcdefghi")  # "i." after "h.": a letter


def test_spanish_organ_headings_and_delegation() -> None:
    _, doc = convention("spanish.txt")
    assert (doc.organ, doc.language) == ("LA ASAMBLEA GENERAL,", "es")
    assert [(p.intro, p.intro_style) for p in doc.preamble] == [
        ("CONSIDERANDO", "heading"), ("CONSIDERANDO", "heading"),
        ("TENIENDO PRESENTE", "inline")]
    assert doc.preamble[1].requested_by == ["Venezuela"]
    assert [p.label for p in doc.operative] == ["1", "2"]
    tabled = doc.operative[1].children[1]
    assert (tabled.label, tabled.proposed_by, tabled.text) == (
        "b", "Belize", "Realizar un estudio de factibilidad.")
    assert [a.text for a in doc.artifacts] == ["PROYECTO DE RESOLUCIÓN"]


@pytest.mark.parametrize(("name", "organ", "heading", "inline", "language"), [
    ("french.txt", "L'ASSEMBLÉE GÉNÉRALE,", "CONSIDÉRANT", "RAPPELANT", "fr"),
    ("portuguese.txt", "A ASSEMBLEIA GERAL,", "CONSIDERANDO", "TENDO PRESENTE", "pt")])
def test_french_and_portuguese(name: str, organ: str, heading: str, inline: str,
                               language: str) -> None:
    _, doc = convention(name)
    assert (doc.organ, doc.language) == (organ, language)
    assert [(p.intro, p.intro_style) for p in doc.preamble] == [
        (heading, "heading"), (inline, "inline")]
    assert len(doc.operative) == 1 and doc.operative[0].label == "1"


def test_bis_paragraph_and_status_marks() -> None:
    _, doc = convention("bis-and-status.txt")
    assert doc.organ == "THE PERMANENT COUNCIL OF THE ORGANIZATION OF AMERICAN STATES,"
    assert doc.preamble[0].status is ParagraphStatus.AGREED_AD_REFERENDUM
    assert doc.preamble[0].text == "RECALLING resolution AG/RES. 2348 (XXXVII-O/07);"
    assert [(p.label, p.status, p.text) for p in doc.operative] == [
        ("1", ParagraphStatus.AGREED, "To urge the member states to cooperate."),
        ("1 bis", ParagraphStatus.AGREED_AD_REFERENDUM,
         "To invite the permanent observers to contribute."),
        ("2", ParagraphStatus.OPEN, "To request a report.")]


def test_attribution_to_several_delegations_and_multi_word_names() -> None:
    _, doc = convention("attribution.txt")
    assert brackets(doc) == [
        ("preambular paragraph 1", "alternatives", ("shared responsibility", "co-responsibility"),
         ("Canada", "Chile")),
        ("preambular paragraph 1", "passage", ("the most vulnerable",), ("Canada", "Chile")),
        ("preambular paragraph 2", "paragraph",
         ("Recognizing the work of the Committee on Hemispheric Security,",), ("Narnia",)),
        ("operative paragraph 1", "proposal",
         ("To urge the member states to cooperate closely.",), ("Trinidad and Tobago",)),
        ("operative paragraph 1", "proposal", ("To urge all member states to cooperate.",),
         ("Saint Kitts and Nevis",)),
        ("operative paragraph 3", "tabled", ("To convene a meeting of experts.",),
         ("United States",)),
        ("operative paragraph 4", "tabled", ("To study the matter.",), ("FREEDONIA",))]
    assert doc.preamble[0].text.endswith("groups;")


def test_unknown_delegations_are_kept_as_written_and_reported() -> None:
    _, doc = convention("attribution.txt")
    reported = [(d.paragraph, d.line) for d in doc.diagnostics
                if "not a known OAS delegation" in d.message]
    assert reported == [("preambular paragraph 2", 7), ("operative paragraph 4", 21)]


def test_placeholders_are_open_brackets() -> None:
    _, doc = convention("placeholders.txt")
    assert [(ref, kind) for ref, kind, *_ in brackets(doc)] == [
        ("preambular paragraph 1", "placeholder"), ("operative paragraph 1", "placeholder"),
        ("operative paragraph 2", "placeholder")]


def test_unbalanced_brackets_are_reported_at_source_line_and_column_text_kept() -> None:
    text, doc = convention("unbalanced.txt")
    found = [(d.paragraph, d.line, d.column) for d in doc.diagnostics]
    assert found == [("preambular paragraph 1", 5, 39), ("operative paragraph 1", 9, 49),
                     ("operative paragraph 2", 11, 28)]
    lines = text.splitlines()
    assert [lines[line - 1][column - 1] for _, line, column in found] == ["[", "]", "["]
    assert doc.operative[0].text == "To request the General Secretariat to report.]"
    assert "opening bracket '[' is never closed" in doc.diagnostics[0].message


# --------------------------------------------------------------------------- any text at all

_LINES = st.sampled_from([
    "", "   ", "THE GENERAL ASSEMBLY,", "CONSIDERING:", "RESOLVES:", "RECALLING that x;",
    "That y;", "1.", "2. To act.", "1 bis. To add.", "a.", "b. One;", "[VENEZUELA:  That z;]",
    "c. [BELIZE:  Study.]", "(Agreed)", "(Agreed ad referendum)",
    "(In brackets at the request of the B.R. of Venezuela)", "[x / y] and [z", "]stray",
    "FOOTNOTES", "1/ A note.", "The end 1/", "AG/RES. 1 (I-O/01)", "DRAFT RESOLUTION",
    "June 4, 2009", "[image: i.wmf]PAGE", "lower case words", "## Article 2", "**Option 1:**",
    "No text", "[^1]: note", "[ref]: http://x.org", "    1. sub", "*Recalling* things,",
    "The Parties to this Agreement,", "Have agreed as follows:", "---"])


@settings(deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=30)), max_size=25))
def test_any_text_imports_without_crash_and_loses_no_word(lines: list[str]) -> None:
    """Mixed OAS and Markdown lines, and arbitrary strings."""
    text = "\n".join(lines)
    doc = import_text(text)
    assert unaccounted_words(text, doc) == []
    ids = [p.id for p in doc.paragraphs()]
    assert len(ids) == len(set(ids)) and all(ids)
    # every broken invariant is one the import itself reported for that paragraph
    reported = {d.paragraph for d in doc.diagnostics}
    assert [p for p in check_document(doc) if p.split(":")[0] not in reported] == []


def test_a_lone_surrogate_does_not_crash_the_import() -> None:
    """Text from a JSON client may hold a lone surrogate ("\\udc03"); ids must still hash."""
    doc = import_text("RESOLVES:\n\n1. To act X\udc03Y.\n")
    assert [p.text for p in doc.operative] == ["To act X\udc03Y."]
