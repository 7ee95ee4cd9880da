"""The importer on UN texts: one test per convention of issue 12, on fixtures/conventions-un/.

Each fixture is described in fixtures/conventions-un/README.md. Every import keeps every word
and holds the invariants (``convention``), and only UN texts are read as UN texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.brackets import document_brackets
from negotiation.importer import import_text, text_style
from negotiation.invariants import check_document, unaccounted_words
from negotiation.layout import split_lines
from negotiation.model import Document, Paragraph, ParagraphStatus

ROOT = Path(__file__).resolve().parent.parent
CONVENTIONS = ROOT / "fixtures" / "conventions-un"


def convention(name: str) -> Document:
    text = (CONVENTIONS / name).read_text(encoding="utf-8")
    doc = import_text(text)
    assert unaccounted_words(text, doc) == []
    assert check_document(doc) == []
    return doc


def shape(paragraphs: list[Paragraph]) -> list[tuple]:
    """(kind, label, first three words, children) of each paragraph, for comparisons."""
    return [(p.kind.value, p.label, " ".join(p.text.split()[:3]), shape(p.children))
            for p in paragraphs]


def messages(doc: Document) -> list[str]:
    return [d.message for d in doc.diagnostics]


def test_every_fixture_is_described_in_the_readme() -> None:
    readme = (CONVENTIONS / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in CONVENTIONS.iterdir() if p.name != "README.md")
    assert len(files) >= 12
    for name in files:
        assert f"| {name} |" in readme, name


@pytest.mark.parametrize("path", sorted(CONVENTIONS.glob("*.*")), ids=lambda p: p.name)
def test_fixtures_are_read_as_un_texts(path: Path) -> None:
    if path.name == "README.md":
        return
    style = text_style(split_lines(path.read_text(encoding="utf-8")))
    assert style == ("un-markdown" if path.suffix == ".md" else "un")


def test_oas_seeds_conventions_and_corpus_keep_their_styles() -> None:
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")) + sorted(
            (ROOT / "fixtures" / "conventions").glob("*.txt")):
        assert text_style(split_lines(path.read_text(encoding="utf-8"))) == "oas", path.name
    treaty = (ROOT / "fixtures" / "conventions" / "treaty.md").read_text(encoding="utf-8")
    assert text_style(split_lines(treaty)) == "treaty"


# --------------------------------------------------------------------------- 1 and 3


def test_1_no_resolves_line_operative_part_begins_at_1() -> None:
    doc = convention("organ-and-phrases.txt")
    assert doc.organ == "The Human Rights Council,"
    assert [p.intro for p in doc.preamble] == [
        "Guided by", "Recalling", "Taking note with appreciation", "Deeply concerned",
        "Desirous of", "Noting also", "Further recalling"]
    assert all(p.intro_style == "inline" and p.text.endswith(",") for p in doc.preamble)
    assert shape(doc.operative) == [
        ("operative", "1", "Welcomes the report", []),
        ("operative", "2", "Also requests the", []),
        ("operative", "3", "Decides to remain", [])]
    assert doc.preamble[2].text == ("Taking note with appreciation of the report of the "
                                    "Special Rapporteur on the right to clean water,")
    assert doc.diagnostics == []


def test_1_a_decision_of_one_unnumbered_paragraph() -> None:
    doc = convention("one-paragraph-decision.txt")
    assert (doc.symbol, doc.title, doc.organ) == (
        "5/CP.99", "Arrangements for a test session", "The Conference of the Parties,")
    assert shape(doc.preamble) == [("preambular", None, "Recalling decision 1/CP.98,", [])]
    assert shape(doc.operative) == [("operative", None, "Takes note of", [])]
    assert doc.diagnostics == []  # one unnumbered paragraph is the convention, not a fault
    assert {p.status for p in doc.paragraphs()} == {ParagraphStatus.ADOPTED}


@pytest.mark.parametrize(("name", "organ", "language", "intros", "first_words"), [
    ("french.txt", "L'Assemblée générale,", "fr", ["Rappelant", "Profondément préoccupée"],
     ["Prie", "Décide"]),
    ("spanish.txt", "La Asamblea General,", "es", ["Recordando", "Tomando nota"],
     ["Solicita", "Decide"]),
])
def test_3_french_and_spanish(name: str, organ: str, language: str, intros: list[str],
                              first_words: list[str]) -> None:
    doc = convention(name)
    assert (doc.organ, doc.language) == (organ, language)
    assert [p.intro for p in doc.preamble] == intros
    assert [(p.label, p.text.split()[0]) for p in doc.operative] == [
        ("1", first_words[0]), ("2", first_words[1])]


# --------------------------------------------------------------------------- 2


def test_2_numbers_as_pdf_text_gives_them() -> None:
    doc = convention("numbers-pdf.txt")
    assert [p.label for p in doc.operative] == ["1", "2", "3", "10", "11", "11 bis", "12"]
    decides = doc.operative[1]
    assert shape(decides.children) == [
        ("subparagraph", "a", "To hold a", []),
        ("subparagraph", "b", "To invite to", [
            ("subparagraph", "i", "The specialized agencies;", []),
            ("subparagraph", "ii", "The regional commissions;", [])]),
        ("subparagraph", "c", "To report on", [])]
    encourages = doc.operative[2]
    assert [c.label for c in encourages.children] == list("abcdefghij")  # "(i)" after "(h)"
    assert doc.operative[4].text == ("Also requests the Secretary-General to submit a report "
                                     "covering the period 2099–2100;")
    assert doc.diagnostics == []


def test_2_numbers_as_word_gives_them() -> None:
    doc = convention("numbers-word.txt")
    assert [p.label for p in doc.operative] == ["1", "2", "19 bis", "19 quinquies", "48 bis"]
    requests = doc.operative[1]
    assert shape(requests.children) == [
        ("subparagraph", "a", "To prepare a", [
            ("subparagraph", "i", "On finance;", []),
            ("subparagraph", "ii", "On technology;", [])]),
        ("subparagraph", "b", "To publish it", [])]
    assert requests.children[1].text.endswith("Subsidiary Body for Implementation in June 2100;")


# --------------------------------------------------------------------------- 4, 5, 6


def test_4_masthead_and_a_page_break_inside_a_paragraph() -> None:
    doc = convention("masthead-and-pages.txt")
    assert doc.symbol == "A/99/L.12"
    assert doc.title == "Cooperation between the United Nations and regional organizations"
    assert (doc.note, doc.sponsors) == ("Chile and Norway: draft resolution", ["Chile", "Norway"])
    assert doc.preamble[1].text == ("Noting the work carried out by regional organizations in "
                                    "the field of peace and security,")
    assert [a.reason for a in doc.artifacts] == [
        "masthead: the organisation", "masthead: the organ", "distribution line", "date line",
        "original language line", "job number", "barcode", "session line", "agenda item line",
        "agenda item title", "agenda item title", "running head: the symbol",
        "running head: the job number", "page number"]
    assert not any("A/99/L.12" in p.text or "2/2" in p.text for p in doc.paragraphs())


def test_5_footnotes_at_each_page_foot_tied_to_what_they_mark() -> None:
    doc = convention("footnotes.txt")
    by_mark = {f.mark: (f.text, doc.find(f.paragraph_id)) for f in doc.footnotes}
    assert [mark for mark in by_mark] == ["1", "2", "3", "4", "5"]
    assert by_mark["1"][1] is doc.preamble[0] and by_mark["2"][1] is doc.preamble[1]
    assert by_mark["3"][1] is doc.preamble[2]
    assert by_mark["4"][1] is doc.operative[0] and by_mark["5"][1] is doc.operative[1]
    assert by_mark["2"][0] == "A/99/100, prepared by the secretariat."
    assert doc.preamble[0].text.endswith("of the General Assembly,")  # "Assembly,1"
    assert "10 October 2098 and of its" in doc.operative[0].text  # "20984": 2098, mark 4
    assert doc.operative[1].text == ("Decides to include the item in the provisional agenda "
                                     "of its next session, in accordance with its rules of "
                                     "procedure.")
    assert doc.operative[1].footnote_marks == ["5"]
    assert doc.diagnostics == []


def test_6_an_adopted_text() -> None:
    doc = convention("adopted.txt")
    assert (doc.symbol, doc.label, doc.title) == ("A/RES/99/7", "99/7",
                                                  "Oceans and the law of the sea")
    assert doc.note == "Resolution adopted by the General Assembly on 3 December 2099"
    assert {p.status for p in doc.paragraphs()} == {ParagraphStatus.ADOPTED}
    reasons = {a.text: a.reason for a in doc.artifacts}
    assert reasons["[on the report of the Sixth Committee (A/99/512)]"] == "editorial line"
    assert reasons["45th plenary meeting"] == "plenary meeting that adopted the text"
    assert reasons["3 December 2099"] == "date of adoption"
    assert list(document_brackets(doc)) == []


def test_6_12_a_committee_draft_with_un_short_names_as_sponsors() -> None:
    doc = convention("sponsors-draft.txt")
    assert doc.sponsors == ["Bolivia (Plurinational State of)", "Côte d'Ivoire",
                            "Trinidad and Tobago", "Türkiye", "Venezuela (Bolivarian Republic of)"]
    assert doc.note.endswith(":* draft resolution")
    assert doc.title == "Right to development"
    reasons = [a.reason for a in doc.artifacts]
    assert "committee line" in reasons and "editorial line" in reasons
    assert "note on the list of sponsors" in reasons and doc.footnotes == []
    assert doc.diagnostics == []


# --------------------------------------------------------------------------- 7 and 8


def test_7_several_decisions_in_one_file() -> None:
    doc = convention("decisions.txt")
    assert doc.symbol == "FCCC/CP/2099/9/Add.1"
    assert doc.title == ("Report of the Conference of the Parties on its ninety-ninth session, "
                         "held in Geneva from 1 to 12 December 2099")
    assert (doc.preamble, doc.operative) == ([], [])
    assert [(d.symbol, d.title, d.organ) for d in doc.decisions] == [
        ("1/CP.99", "Forests and land use", "The Conference of the Parties,"),
        ("2/CP.99", "Capacity-building for the implementation of the Convention",
         "The Conference of the Parties")]
    first, second = doc.decisions
    assert shape(first.preamble) == [("preambular", None, "Recalling decision 1/CP.98,", [])]
    assert [p.label for p in first.operative] == ["1", "2"]
    assert [c.label for c in second.operative[1].children] == ["a", "b"]
    assert all(p.status is ParagraphStatus.ADOPTED for d in doc.decisions
               for p in d.paragraphs())
    assert "table of contents" in {a.reason for a in doc.artifacts}
    assert [a.text for a in first.artifacts] == ["10th plenary meeting", "12 December 2099",
                                                 "I."]
    ids = [p.id for d in doc.documents() for p in d.paragraphs()]
    assert len(ids) == len(set(ids)) == 7


def test_8_sections_and_an_annex() -> None:
    doc = convention("sections.txt")
    assert (doc.symbol, doc.title) == ("-/CMA.99", "Guidance on cooperative work")
    assert [p.label for p in doc.operative] == ["1", "2", "3", "4"]  # running on across them
    assert [(h.label, h.text, h.level) for h in doc.headings] == [
        ("I", "Scope and definitions", 1), ("II", "[Participation]", 1),
        ("A", "Process and timing", 2), ("B", "[Review", 2)]
    assert [doc.find(h.paragraph_id).label for h in doc.headings] == ["1", "3", "3", "4"]
    assert not any("Scope" in p.text or "Process" in p.text for p in doc.paragraphs())
    (problem,) = doc.diagnostics
    assert (problem.paragraph, problem.line, problem.column) == ("heading B", 25, 4)
    (annex,) = doc.annexes
    assert (annex.label, annex.title) == ("Annex", "Definitions for cooperative work")
    assert shape(annex.preamble) == [("preambular", None, "Recognizing the need", [])]
    assert [p.label for p in annex.operative] == ["1", "2"]
    assert [(h.kind, h.text) for h in annex.headings] == [("preamble", "Preamble"),
                                                          ("section", "Terms")]


# --------------------------------------------------------------------------- 9


def test_9_options() -> None:
    doc = convention("options.txt")
    assert shape(doc.operative) == [
        ("operative", "1", "Welcomes the report", []),
        ("options", None, "", [
            ("option", "Option 1", "", [
                ("operative", "2", "Decides to establish", []),
                ("operative", "3", "Requests the Supervisory", [])]),
            ("option", "Option 2", "Decides to continue", []),
            ("option", "Option 3", "{No text required}", [])]),
        ("operative", "4", "", [
            ("options", None, "", [
                ("option", "Option A", "Invites Parties to", []),
                ("option", "Option B", "Invites Parties and", [])])]),
        ("operative", "6", "Requests the secretariat", [
            ("options", None, "", [
                ("option", "Option I", "{Scope of the", [
                    ("subparagraph", "a", "On [submissions received];", []),
                    ("subparagraph", "b", "On [workshops held];", [])]),
                ("option", "Option II", "", [
                    ("subparagraph", "a", "On submissions only;", [])])])]),
        ("operative", "8", "Decides to conclude", [])]
    (note,) = doc.headings
    assert (note.kind, note.text) == ("note", "{Facilitators' note: paragraphs 4 and 5 were "
                                              "not discussed}")
    assert doc.find(note.paragraph_id).label == "4"
    assert [a.text for a in doc.artifacts] == ["{End of options}", "{End of options}"]
    kinds = [(reference, bracket.kind) for reference, _, bracket in document_brackets(doc)]
    assert kinds[:2] == [("operative part, text after paragraph 1", "options"),
                         ("operative paragraph 4", "options")]


# --------------------------------------------------------------------------- 10 and 11


def test_10_bracket_defects_are_kept_and_reported_with_paragraph_line_column() -> None:
    text = (CONVENTIONS / "bracket-defects.txt").read_text(encoding="utf-8")
    doc = convention("bracket-defects.txt")
    found = [(d.paragraph, d.line, d.column) for d in doc.diagnostics]
    assert found == [("preambular paragraph 1", 3, 1), ("operative paragraph 1", 7, 25),
                     ("operative paragraph 2", 9, 4), ("operative paragraph 3", 15, 43),
                     ("operative paragraph 4", 17, 40), ("operative paragraph 5", 19, 15)]
    lines = text.splitlines()
    assert [lines[line - 1][column - 1] for _, line, column in found] == list("[[[[][")
    spans = [m for m in messages(doc) if "spans" in m]
    assert spans[1] == ("operative paragraph 2: opening bracket '[' at line 9, column 4 closes "
                        "in operative paragraph 2 (b), line 13, column 25: the bracket spans 3 "
                        "paragraphs; each paragraph is kept as written")
    assert "“[may] [shall]”, two brackets separated by a space" in messages(doc)[1]
    assert doc.operative[3].text == "Requests the secretariat to report].];"  # nothing lost


def test_11_markdown_that_is_not_text() -> None:
    doc = convention("markdown.md")
    assert (doc.symbol, doc.title, doc.note) == ("-/CP.99", "Promoting cooperation on oceans",
                                                 "Proposal by the President")
    assert [p.intro for p in doc.preamble] == ["Recalling", "Also recalling"]
    assert [(h.label, h.text) for h in doc.headings] == [("I", "Cooperation"), ("II", "Review")]
    assert [p.label for p in doc.operative] == ["1", "2", "3"]
    assert [c.label for c in doc.operative[1].children] == ["a", "b"]
    assert "~~" not in doc.operative[0].text and "<span" not in repr(doc.headings)
    reasons = [a.reason for a in doc.artifacts]
    for reason in ("Markdown front matter", "Markdown table of contents marker", "HTML comment",
                   "HTML markup", "struck-through words", "text before the document"):
        assert reason in reasons
    assert [(f.mark, doc.find(f.paragraph_id).intro or doc.find(f.paragraph_id).label)
            for f in doc.footnotes] == [("1", "Also recalling"), ("2", "3")]
    brackets = [(b.kind, b.options) for _, _, b in document_brackets(doc)]
    assert brackets == [("alternatives", ("2101", "2102"))]  # "[^1]" is no bracket


# --------------------------------------------------------------------------- 12


def test_12_delegations_of_the_un() -> None:
    doc = convention("delegations.txt")
    assert [p.delegation for p in doc.preamble[0].proposals] == ["Group of 77 and China"]
    assert [p.delegation for p in doc.operative[0].proposals] == ["European Union"]
    tabled = [(p.label, p.proposed_by) for p in doc.operative]
    assert tabled == [("1", None), ("2", "African Group"), ("3", "Alliance of Small Island States"),
                      ("4", "African Group"), ("5", "Brazil"), ("6", "FREEDONIA"),
                      ("7", "Ruritania")]
    assert doc.operative[1].attribution == "(Proposed by the African Group)"
    assert doc.operative[4].requested_by == ["Brazil", "South Africa", "India", "China"]
    assert doc.operative[3].text == "Requests the secretariat to report annually;"
    assert [(d.paragraph, d.message.split(": ", 1)[1]) for d in doc.diagnostics] == [
        ("operative paragraph 6", "“FREEDONIA” is not a known UN delegation; kept as written"),
        ("operative paragraph 7", "“Ruritania” in the note (Proposed by Ruritania) is not a "
                                  "known UN delegation; kept as written")]


# --------------------------------------------------------------------------- any text


def test_a_un_text_cut_anywhere_never_crashes_and_loses_nothing() -> None:
    for path in sorted(CONVENTIONS.glob("*.*")):
        text = path.read_text(encoding="utf-8")
        for cut in range(0, len(text), max(1, len(text) // 25)):
            for piece in (text[:cut], text[cut:]):
                doc = import_text(piece)
                assert unaccounted_words(piece, doc) == [], (path.name, cut)


def test_4_8_9_10_a_bracketed_unfccc_draft_as_pdf_text() -> None:
    doc = convention("unfccc-draft-pdf.txt")
    assert (doc.symbol, doc.title, doc.note) == ("FCCC/PA/CMA/2099/L.7",
                                                 "Guidance on cooperative work",
                                                 "Proposal by the President")
    assert doc.organ == ("The Conference of the Parties serving as the meeting of the Parties "
                         "to the Paris Agreement,")
    assert [p.intro for p in doc.preamble] == ["Recalling", "Also recalling"]
    assert [(p.kind.value, p.label) for p in doc.operative] == [
        ("operative", "1"), ("operative", "2"), ("operative", "3"), ("operative", "4"),
        ("options", None), ("operative", "9")]
    assert doc.operative[2].text.endswith("[the date of the first transfer][one year after "
                                          "the first transfer];")  # joined over the page break
    block = doc.operative[4]
    assert [(o.label, [c.label for c in o.children]) for o in block.children] == [
        ("Option A", ["6", "7"]), ("Option B", ["6"])]
    assert [(h.label, h.level) for h in doc.headings] == [
        ("I", 1), ("II", 1), ("A", 2), ("B", 2), (None, 1)]
    reasons = {a.reason for a in doc.artifacts}
    assert {"place and dates of the session", "job number", "running head: the symbol",
            "running head: the job number", "decision heading"} <= reasons


def test_4_5_7_a_report_of_decisions_as_pdf_text() -> None:
    doc = convention("unfccc-report-pdf.txt")
    assert doc.symbol == "FCCC/CP/2099/10/Add.1"
    assert [(d.symbol, d.title, len(d.preamble), [p.label for p in d.operative])
            for d in doc.decisions] == [
        ("3/CP.99", "Long-term finance", 1, ["1", "2"]),
        ("4/CP.99", "Matters relating to adaptation", 1, ["1", "2"])]
    second = doc.decisions[1]
    (footnote,) = second.footnotes
    assert (footnote.mark, footnote.text) == ("1", "See decision 1/CP.21.")
    assert second.find(footnote.paragraph_id) is second.preamble[0]
    assert second.operative[1].text == "Invites Parties to submit views."


def test_brackets_of_decisions_and_annexes_are_listed_with_their_document() -> None:
    text = ("Decision 1/CP.99\nOne\n\tThe Conference of the Parties,\n\t1.\tDecides [x];\n"
            "Decision 2/CP.99\nTwo\n\tThe Conference of the Parties,\n\t1.\tDecides [y];\n"
            "Annex\nRules\n\t1.\tRule [z].\n")
    doc = import_text(text)
    assert [(reference, b.options) for reference, _, b in document_brackets(doc)] == [
        ("decision 1/CP.99, operative paragraph 1", ("x",)),
        ("decision 2/CP.99, operative paragraph 1", ("y",)),
        ("decision 2/CP.99, annex, operative paragraph 1", ("z",))]


def test_8_9_11_a_markdown_decision_with_sections_and_options() -> None:
    doc = convention("markdown-sections.md")
    assert (doc.symbol, doc.title) == ("-/CMA.99", "Work programme on a test")
    assert doc.organ.startswith("*The Conference of the Parties serving as the meeting")
    assert [p.intro for p in doc.preamble] == ["Recalling", "Noting with concern"]
    assert [(h.label, h.text) for h in doc.headings] == [("I", "ADOPTION"), ("II", "**REVIEW**")]
    assert shape(doc.operative) == [
        ("operative", "1", "*Decides* to adopt", []),
        ("operative", "2", "*Requests* the secretariat:", [
            ("subparagraph", "a", "To organize a", []),
            ("subparagraph", "b", "To prepare a", [])]),
        ("operative", "3", "", [("options", None, "", [
            ("option", "Option 1", "*Decides* to review", []),
            ("option", "Option 2", "*Decides* to review", [])])]),
        ("operative", "4", "*Also decides* to", [])]
    assert "Markdown horizontal rule" in {a.reason for a in doc.artifacts}
    assert [(r, b.kind) for r, _, b in document_brackets(doc)][-2:] == [
        ("operative paragraph 4", "passage"), ("operative paragraph 4", "passage")]
    assert not any("gap" in o for _, _, b in document_brackets(doc) for o in b.options)


def test_pdf_text_without_blank_lines_between_paragraphs() -> None:
    text = ("The General Assembly,\nRecalling its resolution 98/1 on cooperation in\nthe "
            "field of development,\nLamenting the lack of progress in the field of\n"
            "cooperation,\n1. Requests the Secretary-General to report;\n"
            "2. Decides to remain seized of the matter.\n")
    doc = import_text(text)
    assert [(p.intro, " ".join(p.text.split()[:3])) for p in doc.preamble] == [
        ("Recalling", "Recalling its resolution"), ("Lamenting", "Lamenting the lack")]
    assert [p.label for p in doc.operative] == ["1", "2"]


def test_4_6_the_title_repeated_as_a_running_head_under_or_above_the_symbol() -> None:
    doc = convention("adopted-running-title.txt")
    assert doc.title == ("Oceans and the law of the sea and the cooperation of regional "
                         "organizations")
    assert doc.preamble[0].text == ("Recalling its resolution 98/9 of 1 December 2098 on "
                                    "cooperation in the field of oceans,")
    assert doc.operative[0].text == ("Reaffirms the importance of the oceans and of regional "
                                     "organizations;")
    running = [a.line for a in doc.artifacts if a.reason == "running head: the title"]
    assert running == [22, 23, 33, 34]
    assert {p.status for p in doc.paragraphs()} == {ParagraphStatus.ADOPTED}


def test_table_rows_of_an_annex_are_set_aside_not_paragraphs() -> None:
    text = ("Decision 1/CP.99\nPledges\n\tThe Conference of the Parties,\n\t1.\tWelcomes the "
            "pledges in the annex.\n\t5th plenary meeting\n\t2 December 2099\nAnnex\n"
            "Pledges to the Fund\n\tParty\tAmount (USD million)\tDate\n\tNorway\t10\t2099\n"
            "| Chile | 5 | 2099 |\n\t1.\tThe Board will report on the pledges.\n")
    doc = import_text(text)
    assert unaccounted_words(text, doc) == [] and check_document(doc) == []
    (annex,) = doc.annexes
    assert annex.title == "Pledges to the Fund"
    assert [(a.text, a.reason) for a in annex.artifacts] == [
        ("Party\tAmount (USD million)\tDate", "table row"), ("Norway\t10\t2099", "table row"),
        ("| Chile | 5 | 2099 |", "table row")]
    assert shape(annex.operative) == [("operative", "1", "The Board will", [])]


def test_markdown_meeting_lines_and_annex_in_emphasis() -> None:
    text = ("---\ntitle: x\n---\n\n## Decision -/CP.99\n\n### A test\n\n"
            "The Conference of the Parties,\n\n*Recalling* decision 1/CP.98,\n\n"
            "1. *Decides* to act;\n\n2. *Requests* a report.\n\n*10th plenary meeting*\n"
            "*12 December 2099*\n\n## *Annex*\n\n### Rules\n\n1. Rule one.\n")
    doc = import_text(text)
    assert unaccounted_words(text, doc) == [] and check_document(doc) == []
    assert [a.reason for a in doc.artifacts][-2:] == ["plenary meeting that adopted the text",
                                                     "date of adoption"]
    assert {p.status for d in doc.documents() for p in d.paragraphs()} == {
        ParagraphStatus.ADOPTED}
    (annex,) = doc.annexes
    assert (annex.label, annex.title, [p.label for p in annex.operative]) == (
        "Annex", "Rules", ["1"])


def test_markdown_numbers_indented_under_a_paragraph_are_its_sub_paragraphs() -> None:
    text = ("---\ntitle: x\n---\n\n## A test\n\nThe Conference of the Parties,\n\n"
            "1. *Decides* that:\n\n    1. Parties report;\n\n    2. Parties review;\n\n"
            "2. *Requests* a report.\n")
    doc = import_text(text)
    assert check_document(doc) == [] and unaccounted_words(text, doc) == []
    assert shape(doc.operative) == [
        ("operative", "1", "*Decides* that:", [
            ("subparagraph", "1", "Parties report;", []),
            ("subparagraph", "2", "Parties review;", [])]),
        ("operative", "2", "*Requests* a report.", [])]


def test_9_options_inside_sub_paragraphs() -> None:
    doc = convention("options-in-subparagraphs.txt")
    assert shape(doc.operative) == [
        ("operative", "1", "Decides that Parties", [
            ("subparagraph", "a", "", [("options", None, "", [
                ("option", "Option 1", "Report annually;", []),
                ("option", "Option 2", "Report every two", [])])]),
            ("subparagraph", "b", "Review their reports;", []),
            ("subparagraph", "c", "", [("options", None, "", [
                ("option", "Option A", "Publish them;", []),
                ("option", "Option B", "{No text}", [])])])]),
        ("operative", "2", "Requests the secretariat", [])]
    assert doc.diagnostics == []
