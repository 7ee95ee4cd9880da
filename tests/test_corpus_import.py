"""The four Paris Agreement texts (treaty style, Markdown) import: structure, brackets, no loss.

Counts of open brackets (sum of ``len(paragraph_brackets)`` over all paragraphs): a negotiation
bracket is a group, so "[shall][should][other]" is one, and nested brackets count each. The
raw "[" counts of the files (about 1,050 / 1,050 / 220 / 6) include footnote marks "[^n]",
reference links "[text][ref]" and every cell of adjacent alternatives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.brackets import document_brackets, link_refs_of, paragraph_brackets
from negotiation.importer import import_text
from negotiation.invariants import check_document, unaccounted_words
from negotiation.model import Document, ParagraphKind

CORPUS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
OPEN_BRACKETS = {
    "paris-v1-2015-10-23-draft-agreement.md": 858,
    "paris-v2-2015-12-04-draft-agreement.md": 819,
    "paris-v3-2015-12-09-draft-agreement.md": 182,
    "paris-v4-2015-12-12-adopted-agreement.md": 0,
}
ARTICLES = {"paris-v1-2015-10-23-draft-agreement.md": 30,
            "paris-v2-2015-12-04-draft-agreement.md": 30,
            "paris-v3-2015-12-09-draft-agreement.md": 29,
            "paris-v4-2015-12-12-adopted-agreement.md": 29}

pytestmark = pytest.mark.skipif(not CORPUS_DIR.is_dir(),
                                reason=f"corpus not found at {CORPUS_DIR}")


def load(name: str) -> tuple[str, Document]:
    text = (CORPUS_DIR / name).read_text(encoding="utf-8")
    return text, import_text(text)


@pytest.mark.parametrize("name", sorted(OPEN_BRACKETS))
def test_open_bracket_count(name: str) -> None:
    _, doc = load(name)
    link_refs = link_refs_of(doc)
    total = sum(len(paragraph_brackets(p, link_refs)) for p in doc.paragraphs())
    assert total == OPEN_BRACKETS[name] == sum(1 for _ in document_brackets(doc))


def test_adopted_text_has_no_open_bracket_and_no_diagnostic() -> None:
    _, doc = load("paris-v4-2015-12-12-adopted-agreement.md")
    assert list(document_brackets(doc)) == []
    assert doc.diagnostics == []
    assert check_document(doc) == []


@pytest.mark.parametrize("name", sorted(OPEN_BRACKETS))
def test_preamble_organ_articles_and_no_word_lost(name: str) -> None:
    text, doc = load(name)
    assert doc.organ == "The Parties to this Agreement,"
    assert len(doc.articles) == ARTICLES[name]
    assert doc.articles[0].label == "1"
    assert 14 <= len(doc.preamble) <= 16
    assert doc.preamble[0].intro == "Being"
    assert unaccounted_words(text, doc) == []
    # the only invariant the drafts break is their own numbering, and the import reports it
    problems = check_document(doc)
    assert all("out of order" in p for p in problems)
    assert len(problems) == sum("out of order" in d.message for d in doc.diagnostics)


def test_v1_articles_paragraphs_sub_paragraphs_and_options() -> None:
    _, doc = load("paris-v1-2015-10-23-draft-agreement.md")
    labels = [a.label for a in doc.articles]
    assert labels[:6] == ["1", "2", "2bis", "3", "3bis", "3ter"] and "8 bis" in labels
    article_2 = doc.articles[1]
    (block,) = article_2.children
    assert block.kind is ParagraphKind.OPTIONS
    assert [(o.label, o.text) for o in block.children] == [("Option 1", ""),
                                                             ("Option 2", "No text")]
    first = block.children[0].children[0]
    assert (first.label, first.kind) == ("1", ParagraphKind.OPERATIVE)
    assert [c.label for c in first.children] == ["1", "2", "3"]
    assert first.children[0].text.startswith("hold the increase in the global average")
    article_3bis = doc.articles[4]
    assert article_3bis.text == "[Article 3bis] *(REDD-plus)*"
    assert paragraph_brackets(article_3bis)[0].kind == "article"


def test_v1_preamble_options_and_italic_intros() -> None:
    _, doc = load("paris-v1-2015-10-23-draft-agreement.md")
    block = doc.preamble[11]
    assert block.kind is ParagraphKind.OPTIONS
    assert [o.text.split(" ")[0] for o in block.children] == ["*Recognizing*", "*Recognizing*"]
    assert [p.intro for p in doc.preamble[12:]] == ["Recognizing", "Reaffirming",
                                                    "Acknowledging"]


def test_footnote_marks_and_reference_links_are_not_brackets() -> None:
    _, doc = load("paris-v1-2015-10-23-draft-agreement.md")
    options = [o for _, _, b in document_brackets(doc) for o in b.options]
    assert not any(o.startswith("^") for o in options)
    assert "source" in link_refs_of(doc)
    by_mark = {f.mark: f for f in doc.footnotes}
    features = doc.find(by_mark["5"].paragraph_id)
    assert features is not None and features.text == "**Features**[^5]"
    assert by_mark["6"].text.startswith("[South Africa wishes its reservation")


def test_unbalanced_brackets_are_reported_with_source_positions() -> None:
    text, doc = load("paris-v1-2015-10-23-draft-agreement.md")
    lines = text.splitlines()
    bracket_problems = [d for d in doc.diagnostics if "bracket" in d.message]
    assert bracket_problems
    for diagnostic in bracket_problems:
        assert lines[diagnostic.line - 1][diagnostic.column - 1] in "[]", diagnostic.message
        assert diagnostic.paragraph and diagnostic.paragraph in diagnostic.message
