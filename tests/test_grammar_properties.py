"""Property tests of the bracket grammar and of whole documents (hypothesis).

1. Random nested bracket structures (Text / Group / Cell with options, delegation prefixes,
   adjacent cells) render to text that parses back to the same ``grammar.structure``.
2. Arbitrary text never crashes ``parse``, and ``render(parse(s).nodes) == s``: no character lost.
3. Random documents built from the model: ``render_bracketed`` then ``import_text`` gives the
   same structure.
4. Arbitrary text never crashes ``import_text``, and every word of it ends up in the model, an
   artefact or a diagnostic (``invariants.unaccounted_words``).
"""

from __future__ import annotations

from document_shape import comparable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.grammar import Cell, Group, Node, Text, parse, render, structure
from negotiation.importer import import_text
from negotiation.invariants import check_document, unaccounted_words
from negotiation.model import (
    Document,
    Footnote,
    Paragraph,
    ParagraphKind,
    ParagraphStatus,
    Proposal,
)
from negotiation.render import render_bracketed

# Words of four letters or more, so that no generated cell reads as an editorial letter "[w]ill";
# lower case, so that no generated text reads as a citation or a delegation's name.
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñ", min_size=4, max_size=9)
JOIN = st.sampled_from([" ", ", ", "; ", " - ", "\n"])
PREFIXES = st.sampled_from(["", "", "", "VENEZUELA:  ", "TRINIDAD AND TOBAGO: ",
                            "ST. KITTS AND NEVIS: ", "BELICE:\t"])
SEPARATORS = st.sampled_from([" / ", "  /  ", "\t/ "])


@st.composite
def words(draw: st.DrawFn, joins: st.SearchStrategy[str] = JOIN) -> str:
    parts = draw(st.lists(WORD, min_size=1, max_size=4))
    out = parts[0]
    for part in parts[1:]:
        out += draw(joins) + part
    return out


def sequences(groups: st.SearchStrategy[Group],
              words_: st.SearchStrategy[str]) -> st.SearchStrategy[list[Node]]:
    """Text and groups alternating (two groups back to back would be one group of cells)."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Node]:
        nodes: list[Node] = []
        group_first = draw(st.booleans())
        for index in range(draw(st.integers(min_value=1, max_value=4))):
            if (index % 2 == 0) == group_first:
                nodes.append(draw(groups))
            else:
                nodes.append(Text(draw(words_)))
        return nodes

    return build()


def groups(inner: st.SearchStrategy[list[Node]],
           prefixes: st.SearchStrategy[str] = PREFIXES) -> st.SearchStrategy[Group]:
    @st.composite
    def build(draw: st.DrawFn) -> Group:
        cells = []
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            options = draw(st.lists(inner, min_size=1, max_size=3))
            if len(options) > 1:
                # An option that is empty next to a separator would lose the separator's
                # spaces to it; real alternatives always have words.
                options = [option or [Text("none")] for option in options]
            separators = [draw(SEPARATORS) for _ in options[1:]]
            cells.append(Cell(options=options, separators=separators, prefix=draw(prefixes)))
        return Group(cells=cells)

    return build()


def bracketed_text(prefixes: st.SearchStrategy[str] = PREFIXES,
                   words_: st.SearchStrategy[str] | None = None,
                   max_leaves: int = 8) -> st.SearchStrategy[list[Node]]:
    words_ = words_ if words_ is not None else words()

    def extend(children: st.SearchStrategy[list[Node]]) -> st.SearchStrategy[list[Node]]:
        return sequences(groups(children, prefixes), words_)

    leaf = st.lists(words_.map(Text), max_size=1)
    return extend(st.recursive(leaf, extend, max_leaves=max_leaves))


def depth(nodes: list[Node]) -> int:
    return max((1 + max(depth(o) for c in n.cells for o in c.options)
                for n in nodes if isinstance(n, Group)), default=0)


def count_groups(nodes: list[Node]) -> int:
    return sum(1 + sum(count_groups(o) for c in n.cells for o in c.options)
               for n in nodes if isinstance(n, Group))


@settings(deadline=None)
@given(bracketed_text())
def test_random_bracket_structures_survive_render_and_parse(nodes: list[Node]) -> None:
    text = render(nodes)
    parsed = parse(text)
    assert structure(parsed.nodes) == structure(nodes), text
    assert parsed.diagnostics == []
    assert max((b.depth for b in parsed.brackets), default=0) == depth(nodes)
    assert len(parsed.brackets) == count_groups(nodes)


BRACKETY = st.text(alphabet=st.sampled_from(list("[]/ :\n\tab.AB()^*wé😀")) | st.characters(),
                   max_size=80)


@given(st.text() | BRACKETY)
def test_arbitrary_text_never_crashes_and_loses_no_character(text: str) -> None:
    parsed = parse(text, frozenset({"ref", "source"}))
    assert render(parsed.nodes) == text
    for diagnostic in parsed.diagnostics:
        assert text[diagnostic.offset] in "[]"
        assert diagnostic.line == text.count("\n", 0, diagnostic.offset) + 1
        assert diagnostic.column >= 1
    for bracket in parsed.brackets:
        assert text[bracket.start] == "[" and text[bracket.end - 1] == "]"
        assert bracket.depth >= 1 and len(bracket.options) >= 1


@given(BRACKETY)
def test_every_bracket_character_is_paired_literal_or_reported(text: str) -> None:
    parsed = parse(text)
    unmatched = text.count("[") - text.count("]")
    reported = {d.offset for d in parsed.diagnostics}
    assert len(reported) >= abs(unmatched)


# --------------------------------------------------------------------------- whole documents
#
# Random OAS documents built from the model: render_bracketed, then import_text, must give the
# same structure (the ids are handed back by position through ``id_factory``). Paragraph words
# come from the generator above, on one line and without delegation prefixes (a paragraph that
# is one "[NAME: ...]" is a tabled paragraph, generated as such below).

ONE_LINE_WORDS = words(st.sampled_from([" ", ", ", "; ", " - "]))
SENTENCE = bracketed_text(st.just(""), ONE_LINE_WORDS, max_leaves=2).map(render)
DELEGATIONS = st.sampled_from(["Venezuela", "Belize", "Canada", "Chile", "Trinidad and Tobago",
                               "Saint Kitts and Nevis", "United States"])
ATTRIBUTIONS = st.sampled_from([
    ("(Phrase in brackets at the request of the B.R. of Venezuela)", ["Venezuela"]),
    ("(In brackets at the request of the delegations of Canada and Chile)",
     ["Canada", "Chile"]),
])
HEADINGS = st.sampled_from(["CONSIDERING", "RECALLING", "BEARING IN MIND", "RECOGNIZING",
                            "TAKING INTO ACCOUNT", "AWARE ALSO", "NOTING WITH SATISFACTION"])
STATUSES = st.sampled_from([ParagraphStatus.OPEN, ParagraphStatus.OPEN,
                            ParagraphStatus.AGREED_AD_REFERENDUM, ParagraphStatus.AGREED])


@st.composite
def words_of(draw: st.DrawFn, opening: str) -> str:
    return f"{opening} {draw(SENTENCE)}{draw(st.sampled_from([';', '.', ', and']))}"


@st.composite
def notes(draw: st.DrawFn, paragraph: Paragraph) -> Paragraph:
    if draw(st.booleans()) and "[" in paragraph.text:
        paragraph.attribution, requested_by = draw(ATTRIBUTIONS)
        paragraph.requested_by = list(requested_by)
    paragraph.status = draw(STATUSES)
    if draw(st.integers(0, 3)) == 0:
        paragraph.proposals = [Proposal(draw(DELEGATIONS), draw(words_of("That")))]
    return paragraph


@st.composite
def preambular(draw: st.DrawFn) -> Paragraph:
    intro = draw(HEADINGS)
    if draw(st.booleans()):
        text = draw(words_of(f"{intro} that"))
        return draw(notes(Paragraph("", ParagraphKind.PREAMBULAR, text, intro=intro,
                                    intro_style="inline")))
    text = draw(words_of(draw(st.sampled_from(["That", "The"]))))
    return draw(notes(Paragraph("", ParagraphKind.PREAMBULAR, text, intro=intro,
                                intro_style="heading")))


@st.composite
def operative(draw: st.DrawFn, label: str) -> Paragraph:
    paragraph = draw(notes(Paragraph("", ParagraphKind.OPERATIVE, draw(words_of("To")),
                                     label=label)))
    for letter in "ab"[:draw(st.integers(0, 2))]:
        child = Paragraph("", ParagraphKind.SUBPARAGRAPH, draw(words_of("Support")),
                          label=letter)
        if draw(st.integers(0, 3)) == 0:
            child.proposed_by = draw(DELEGATIONS)
        else:
            child = draw(notes(child))
        paragraph.children.append(child)
    return paragraph


@st.composite
def documents(draw: st.DrawFn) -> Document:
    labels = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        labels.append(str(number))
        if draw(st.integers(0, 4)) == 0:
            labels.append(f"{number} bis")
    doc = Document(
        symbol=draw(st.sampled_from([None, "AG/RES. 2348 (XXXVII-O/07)", "CD/RES. 10 (82-R/07)"])),
        title=draw(st.sampled_from([None, "FIGHTING THE CRIME OF TRAFFICKING IN PERSONS"])),
        note=draw(st.sampled_from([
            None, "(Approved by the Permanent Council at its meeting of May 22, 2009)"])),
        organ=draw(st.sampled_from(["THE GENERAL ASSEMBLY,", "THE DIRECTING COUNCIL,"])),
        preamble=draw(st.lists(preambular(), max_size=4)),
        operative=[draw(operative(label)) for label in labels],
    )
    paragraphs = list(doc.paragraphs())
    for position, paragraph in enumerate(paragraphs):
        paragraph.id = f"g{position}"
    marked = [p for p in paragraphs if p.kind is not ParagraphKind.PREAMBULAR
              and not p.proposed_by]
    if marked and draw(st.booleans()):
        target = draw(st.sampled_from(marked))
        target.footnote_marks = ["1"]
        doc.footnotes = [Footnote("1", "The delegation of Canada reserves its position.",
                                  target.id)]
    return doc




@settings(deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_random_documents_survive_render_and_import(doc: Document) -> None:
    assert check_document(doc) == []  # the generator builds valid documents
    ids = [paragraph.id for paragraph in doc.paragraphs()]
    text = render_bracketed(doc)
    again = import_text(text, id_factory=lambda position, _: ids[position]
                        if position < len(ids) else f"extra-{position}")
    assert comparable(again) == comparable(doc), text
    assert again.diagnostics == []


# A decoded UTF-8 file never holds a lone surrogate, so none is generated (category Cs).
SOURCE_TEXT = st.text(
    alphabet=st.sampled_from(list("[]/ :\n\t.,;()ab1AB*#-^é😀"))
    | st.characters(exclude_categories=("Cs",)),
    max_size=300)
LINES = st.lists(st.sampled_from([
    "THE GENERAL ASSEMBLY,", "RESOLVES:", "CONSIDERING:", "1.", "2 bis. To [a / b].",
    "a. [BELIZE:  Conduct]", "[VENEZUELA:  That x]", "(Agreed ad referendum)",
    "(In brackets at the request of the B.R. of Venezuela)", "FOOTNOTES", "1/ A note.",
    "## Article 2 *(purpose)*", "**Option 1:**", "---", "[^1]: note", "[source]: http://x",
    "## Preamble", "Have agreed as follows:", "[[a] b", "x]]", "",
]) | SOURCE_TEXT, max_size=12).map("\n".join)


@settings(deadline=None)
@given(SOURCE_TEXT | LINES)
def test_arbitrary_text_imports_without_crash_and_every_word_is_accounted_for(
        text: str) -> None:
    doc = import_text(text, source="fuzz.txt")
    assert unaccounted_words(text, doc) == []
