"""Renderers over documents built by hand: bracketed (OAS conventions), clean, Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from document_shape import comparable

from negotiation.brackets import OpenBracket, document_brackets
from negotiation.errors import OpenBracketsError, UnresolvedBracket
from negotiation.importer import import_text
from negotiation.invariants import check_document
from negotiation.jsonio import document_to_json
from negotiation.model import (
    Document,
    Footnote,
    Paragraph,
    ParagraphKind,
    ParagraphStatus,
    Proposal,
)
from negotiation.render import render_bracketed, render_clean
from negotiation.render_markdown import render_markdown

P = Paragraph
K = ParagraphKind
VENEZUELA_NOTE = "(Phrase in brackets at the request of the B.R. of Venezuela)"


def negotiated() -> Document:
    """A draft in the shape of seed 003: a heading group, a proposal, a tabled sub-paragraph."""
    return Document(
        symbol="AG/RES. 2348 (XXXVII-O/07)",
        title="HEMISPHERIC COOPERATION EFFORTS TO COMBAT TRAFFICKING IN PERSONS",
        note="(Adopted at the fourth plenary session, held on June 5, 2007)",
        organ="THE GENERAL ASSEMBLY,",
        preamble=[
            P("p1", K.PREAMBULAR, "That fighting it requires [shared responsibility / "
              "co-responsibility] and cooperation;", intro="RECOGNIZING", intro_style="heading",
              requested_by=["Venezuela"], attribution=VENEZUELA_NOTE,
              proposals=[Proposal("Venezuela", "That trafficking in persons is a crime;")]),
            P("p2", K.PREAMBULAR, "The efforts by MERCOSUR, and", intro="RECOGNIZING",
              intro_style="heading"),
            P("p3", K.PREAMBULAR, "RECALLING that the member states agreed;", intro="RECALLING",
              intro_style="inline", status=ParagraphStatus.AGREED_AD_REFERENDUM,
              footnote_marks=["1"]),
        ],
        operative=[
            P("o1", K.OPERATIVE, "To reaffirm its commitment.", label="1"),
            P("o2", K.OPERATIVE, "To request that the General Secretariat:", label="2",
              children=[P("o2a", K.SUBPARAGRAPH, "Support the efforts.", label="a"),
                        P("o2b", K.SUBPARAGRAPH, "Conduct a study.", label="b",
                          proposed_by="Belize")]),
            P("o2bis", K.OPERATIVE, "To note the report.", label="2 bis"),
        ],
        footnotes=[Footnote("1", "The delegation of Canada reserves its position.", "p3")],
    )


def agreed() -> Document:
    doc = negotiated()
    first = doc.preamble[0]
    first.text = "That fighting it requires shared responsibility and cooperation;"
    first.proposals, first.requested_by = [], []
    doc.operative[1].children[1].proposed_by = None
    return doc


EXPECTED_BRACKETED = """\
AG/RES. 2348 (XXXVII-O/07)

HEMISPHERIC COOPERATION EFFORTS TO COMBAT TRAFFICKING IN PERSONS

(Adopted at the fourth plenary session, held on June 5, 2007)

THE GENERAL ASSEMBLY,

RECOGNIZING:

That fighting it requires [shared responsibility / co-responsibility] and cooperation; \
(Phrase in brackets at the request of the B.R. of Venezuela)

[VENEZUELA:  That trafficking in persons is a crime;]

The efforts by MERCOSUR, and

RECALLING that the member states agreed; 1/ (Agreed ad referendum)

RESOLVES:

1. To reaffirm its commitment.

2. To request that the General Secretariat:

a. Support the efforts.

b. [BELIZE:  Conduct a study.]

2 bis. To note the report.

FOOTNOTES

1/ The delegation of Canada reserves its position.
"""


def test_bracketed_follows_the_oas_layout() -> None:
    assert render_bracketed(negotiated()) == EXPECTED_BRACKETED


def test_heading_is_written_once_over_its_group_and_again_after_an_interruption() -> None:
    doc = Document(preamble=[
        P("a", K.PREAMBULAR, "One;", intro="CONSIDERING", intro_style="heading"),
        P("b", K.PREAMBULAR, "NOTING that two;", intro="NOTING", intro_style="inline"),
        P("c", K.PREAMBULAR, "Three;", intro="CONSIDERING", intro_style="heading"),
        P("d", K.PREAMBULAR, "Four;", intro="CONSIDERING", intro_style="heading"),
    ])
    assert render_bracketed(doc).split("\n\n") == [
        "CONSIDERING:", "One;", "NOTING that two;", "CONSIDERING:", "Three;", "Four;\n"]


def test_operative_heading_follows_the_document_language() -> None:
    doc = Document(language="es", organ="LA ASAMBLEA GENERAL,",
                   operative=[P("o", K.OPERATIVE, "Encomendar.", label="1")])
    assert render_bracketed(doc) == "LA ASAMBLEA GENERAL,\n\nRESUELVE:\n\n1. Encomendar.\n"


def test_treaty_style_articles_and_options_are_written_in_markdown_conventions() -> None:
    doc = Document(articles=[P("art", K.ARTICLE, "Article 2 *(purpose)*", label="2", children=[
        P("opts", K.OPTIONS, children=[
            P("o1", K.OPTION, "", label="Option 1", children=[
                P("p1", K.OPERATIVE, "Parties [shall][should] act.", label="1")]),
            P("o2", K.OPTION, "No text", label="Option 2")])])])
    assert render_bracketed(doc) == (
        "## Article 2 *(purpose)*\n\n**Option 1:**\n\n    1. Parties [shall][should] act.\n\n"
        "**Option 2:** No text\n")


def test_empty_document_renders_to_nothing() -> None:
    assert render_bracketed(Document()) == ""


def test_clean_text_drops_notes_and_marks_and_keeps_the_words() -> None:
    clean = render_clean(agreed())
    assert "(Phrase in brackets" not in clean and "(Agreed ad referendum)" not in clean
    assert "That fighting it requires shared responsibility and cooperation;\n" in clean
    assert "b. Conduct a study.\n" in clean
    assert "[" not in clean


def test_clean_text_keeps_citations_and_footnotes() -> None:
    doc = agreed()
    doc.operative[0].text = 'To implement "Fighting the Crime" [CIM/RES. 225/02 (XXXI-O/02)].'
    clean = render_clean(doc)
    assert "[CIM/RES. 225/02 (XXXI-O/02)]" in clean
    assert clean.endswith("FOOTNOTES\n\n1/ The delegation of Canada reserves its position.\n")


def test_clean_text_refuses_while_brackets_are_open_and_lists_each_one() -> None:
    with pytest.raises(OpenBracketsError) as refused:
        render_clean(negotiated())
    wheres = [bracket.where for bracket in refused.value.brackets]
    assert wheres == ["preambular paragraph 1", "preambular paragraph 1",
                      "operative paragraph 2 (b)"]
    first = refused.value.brackets[0]
    assert first.options == ("shared responsibility", "co-responsibility")
    assert first.requested_by == ("Venezuela",)
    message = str(refused.value)
    assert message.splitlines()[0] == "no clean text while 3 brackets are still open:"
    assert ("  preambular paragraph 1, alternatives, held by Venezuela: “shared "
            "responsibility” / “co-responsibility”") in message.splitlines()
    assert "  operative paragraph 2 (b), paragraph tabled by Belize: “Conduct a study.”" \
        in message.splitlines()


def test_open_brackets_error_speaks_in_the_singular_for_one_bracket() -> None:
    error = OpenBracketsError([UnresolvedBracket("operative paragraph 1", ("x",))])
    assert str(error) == ("no clean text while 1 bracket is still open:\n"
                          "  operative paragraph 1: “x”")


def test_a_nested_bracket_and_an_empty_placeholder_are_read_out_plainly() -> None:
    bracket = UnresolvedBracket("Article 4, paragraph 7", ("", "an  adaptation\ncommunication"),
                                ("Canada",), "alternatives", 2)
    assert bracket.describe() == ("Article 4, paragraph 7, alternatives (nested, level 2), "
                                  "held by Canada: (empty) / “an adaptation communication”")


EXPECTED_MARKDOWN = """\
# HEMISPHERIC COOPERATION EFFORTS TO COMBAT TRAFFICKING IN PERSONS

*AG/RES. 2348 (XXXVII-O/07)*

*(Adopted at the fourth plenary session, held on June 5, 2007)*

**THE GENERAL ASSEMBLY,**

## Preamble

### RECOGNIZING:

That fighting it requires [shared responsibility / co-responsibility] and cooperation; \
*(Phrase in brackets at the request of the B.R. of **Venezuela**)*

> [**VENEZUELA:**  That trafficking in persons is a crime;]

The efforts by MERCOSUR, and

RECALLING that the member states agreed; 1/ *(Agreed ad referendum)*

## Resolves

**1.** To reaffirm its commitment.

**2.** To request that the General Secretariat:

- **a.** Support the efforts.

- **b.** [**BELIZE:**  Conduct a study.]

**2 bis.** To note the report.

## Footnotes

1/ The delegation of Canada reserves its position.
"""


def test_markdown_has_headings_visible_brackets_and_bold_delegations() -> None:
    assert render_markdown(negotiated()) == EXPECTED_MARKDOWN


def test_markdown_uses_an_ordered_list_when_labels_run_one_two_three() -> None:
    doc = Document(operative=[
        P("1", K.OPERATIVE, "To request:", label="1",
          children=[P("1a", K.SUBPARAGRAPH, "Support.", label="a")]),
        P("2", K.OPERATIVE, "To urge.", label="2")])
    assert render_markdown(doc) == (
        "## Resolves\n\n1. To request:\n\n    - **a.** Support.\n\n2. To urge.\n")


# --------------------------------------------------------------------------- round trips

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
CONVENTIONS = sorted(p for p in (ROOT / "fixtures" / "conventions").iterdir()
                     if p.suffix in (".txt", ".md") and p.name != "README.md")
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
CORPUS = sorted(CORPUS_DIR.glob("paris-*.md"))




def parse_all(doc: Document) -> list[OpenBracket]:
    return [bracket for _, _, bracket in document_brackets(doc)]


def reimport(doc: Document) -> Document:
    ids = [paragraph.id for paragraph in doc.paragraphs()]
    return import_text(render_bracketed(doc),
                       id_factory=lambda position, text: ids[position] if position < len(ids)
                       else f"extra-{position}")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_survives_import_render_import(path: Path) -> None:
    doc = import_text(path.read_text(encoding="utf-8"))
    again = reimport(doc)
    assert comparable(again) == comparable(doc)
    assert check_document(again) == []


def test_there_are_five_seeds() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", CONVENTIONS, ids=lambda p: p.name)
def test_convention_fixture_survives_import_render_import(path: Path) -> None:
    doc = import_text(path.read_text(encoding="utf-8"))
    assert comparable(reimport(doc)) == comparable(doc)


def test_markdown_link_definitions_are_written_back_so_links_stay_links() -> None:
    doc = import_text((ROOT / "fixtures" / "conventions" / "treaty.md").read_text("utf-8"))
    text = render_bracketed(doc)
    assert "\n\n[ref]: " in text
    assert not [b for b in parse_all(reimport(doc)) if b.options == ("Convention", "ref")]


@pytest.mark.skipif(not CORPUS, reason=f"corpus not found at {CORPUS_DIR}")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_text_survives_import_render_import(path: Path) -> None:
    doc = import_text(path.read_text(encoding="utf-8"))
    assert doc.articles, "the treaty style is recognised"
    assert comparable(reimport(doc)) == comparable(doc)


def test_seed_003_renders_its_proposals_and_tabled_paragraph_in_oas_notation() -> None:
    doc = import_text((ROOT / "fixtures" / "seeds" / "003_8d28965fcda24f33.txt")
                      .read_text(encoding="utf-8"))
    text = render_bracketed(doc)
    assert "\n\n[VENEZUELA:  That trafficking in persons is a crime" in text
    assert "\n\nc. [BELIZE:  Conduct a study on the feasibility" in text
    assert ("fundamental freedoms; (Phrase in brackets at the request of the B.R. of "
            "Venezuela)\n") in text
    assert text.count("RECOGNIZING:") == 1


def test_every_json_key_is_documented() -> None:
    """docs/json.md names every key document_to_json writes (documents, paragraphs,
    brackets, proposals, footnote marks, artefacts, diagnostics)."""
    sources = [ROOT / "fixtures" / "conventions" / name
               for name in ("treaty.md", "attribution.txt", "footnotes.txt", "unbalanced.txt")]
    data = [document_to_json(import_text(path.read_text("utf-8"))) for path in sources]
    keys: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data)
    assert {"delegation", "paragraph_id", "reason", "severity", "depth"} <= keys
    documented = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    assert sorted(key for key in keys if f"`{key}`" not in documented
                  and f'"{key}"' not in documented) == []
