"""Random UN-layout documents, rendered as PDF text gives them, import back to the same structure.

A document is drawn as structure (symbol, sponsors, title, organ, preambular paragraphs with
their phrases, numbered operative paragraphs with sub-paragraphs, blocks of options, footnotes)
and rendered the way a General Assembly or UNFCCC PDF reads as plain text: the masthead,
paragraphs wrapped at a random width, "1." alone on its line below 10 and "10. Requests" on
the line from 10, "(a)" sub-paragraphs, "Option 1" over paragraphs and "Option 2: ..." with
words of its own, "{End of options}", footnote marks glued to the end of a paragraph and the
notes at the foot of the page holding the mark, and page breaks (running head, job number,
page number) dropped anywhere after the organ, in the middle of paragraphs too. The import
must give back exactly the structure drawn, lose no word and report nothing.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.importer import import_text
from negotiation.invariants import check_document, unaccounted_words
from negotiation.model import Document, Paragraph

WORD = st.sampled_from(["cooperation", "regional", "peace", "security", "report", "support",
                        "development", "capacity", "finance", "technology", "review",
                        "implementation", "States", "the", "of", "and", "its", "all", "with",
                        "national", "plans", "data", "progress", "measures", "2099"])
PREAMBULAR = ["Recalling", "Recalling also", "Taking note", "Noting with concern", "Reaffirming",
              "Bearing in mind", "Deeply concerned", "Having considered", "Welcoming",
              "Desirous of", "Further recalling", "Recognizing"]
OPERATIVE = ["Requests", "Decides", "Also requests", "Invites", "Encourages", "Welcomes",
             "Takes note of", "Urges", "Calls upon", "Further decides"]
ORGANS = ["The General Assembly,", "The Human Rights Council,", "The Conference of the Parties,",
          "The Conference of the Parties serving as the meeting of the Parties to the Paris "
          "Agreement,"]
SPONSORS = ["Chile", "Norway", "Bolivia (Plurinational State of)", "Türkiye", "Côte d'Ivoire",
            "Trinidad and Tobago", "Republic of Korea", "Viet Nam"]


@dataclass
class Item:
    kind: str  # "preambular" | "operative" | "subparagraph" | "options" | "option" | "heading"
    label: str | None
    text: str
    children: list[Item] = field(default_factory=list)
    note: str | None = None  # the footnote marked at the end of this paragraph
    intro: str | None = None  # a preambular paragraph's phrase


@dataclass
class Drawn:
    symbol: str
    sponsors: list[str]
    title: str
    organ: str
    preamble: list[Item]
    operative: list[Item]
    width: int
    breaks: list[int]  # where page breaks go, as fractions of the body (per thousand)


def words(draw: st.DrawFn, least: int = 3, most: int = 18) -> str:
    # a word in capitals must never open a wrapped line: keep "States" off the first place
    found = draw(st.lists(WORD, min_size=least, max_size=most))
    return " ".join(found)


@st.composite
def drawn_documents(draw: st.DrawFn) -> Drawn:
    notes = iter(f"A/99/{n}." for n in range(100, 200))

    def note() -> str | None:
        return next(notes) if draw(st.integers(0, 4)) == 0 else None

    preamble = []
    for _ in range(draw(st.integers(0, 5))):
        intro = draw(st.sampled_from(PREAMBULAR))
        preamble.append(Item("preambular", None, f"{intro} {words(draw)},", note=note(),
                             intro=intro))
    operative: list[Item] = []
    number = 1
    romans = iter(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"])
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.integers(0, 4)) == 0:  # a section heading over the next paragraph
            operative.append(Item("heading", next(romans), f"Matters of {words(draw, 1, 4)}"))
        if draw(st.integers(0, 5)) == 0:  # a block of options
            first = []
            for _ in range(draw(st.integers(1, 2))):
                first.append(Item("operative", str(number), f"{draw(st.sampled_from(OPERATIVE))} "
                                  f"{words(draw)};", note=note()))
                number += 1
            options = [Item("option", "Option 1", "", first),
                       Item("option", "Option 2", f"{draw(st.sampled_from(OPERATIVE))} "
                            f"{words(draw)};")]
            operative.append(Item("options", None, "", options))
            continue
        children = []
        chapeau = f"{draw(st.sampled_from(OPERATIVE))} {words(draw)}"
        if draw(st.integers(0, 3)) == 0:
            letters = "abcdefgh"[:draw(st.integers(1, 4))]
            children = [Item("subparagraph", letter, f"{words(draw)};", note=note())
                        for letter in letters]
            chapeau += ":"
        else:
            chapeau += ";"
        operative.append(Item("operative", str(number), chapeau, children,
                              note=None if children else note()))
        number += draw(st.integers(1, 2))  # numbering gaps happen
    symbol = f"A/99/L.{draw(st.integers(1, 99))}"
    sponsors = draw(st.lists(st.sampled_from(SPONSORS), min_size=1, max_size=4, unique=True))
    title = f"Cooperation on {words(draw, 1, 6)}"
    return Drawn(symbol, sponsors, title, draw(st.sampled_from(ORGANS)), preamble, operative,
                 draw(st.integers(50, 95)),
                 draw(st.lists(st.integers(1, 999), max_size=4, unique=True)))


# --------------------------------------------------------------------------- rendering


def render(doc: Drawn) -> str:
    """The drawn document as PDF text."""
    sponsors = " and ".join([", ".join(doc.sponsors[:-1]), doc.sponsors[-1]]
                            if len(doc.sponsors) > 1 else doc.sponsors)
    head = ["United Nations ", doc.symbol, " ", " ", "General Assembly ", "Distr.: Limited ",
            "1 May 2099 ", " ", "Original: English ", " ", "99-12345 (E)    010599 ",
            "*9912345* ", " ", "Ninety-ninth session ", "Agenda item 12 ", doc.title, " ",
            " ", f"{sponsors}: draft resolution ", " ", " ", doc.title, " ", " ", doc.organ,
            " "]
    body: list[tuple[str, str | None]] = []  # (line, note marked at its end)
    for item in doc.preamble:
        _paragraph(body, item.text, doc.width, item.note)
    for item in doc.operative:
        _operative(body, item, doc.width)
    return "\n".join(head + _paginate(body, doc)) + "\n"


def _paragraph(body: list[tuple[str, str | None]], text: str, width: int,
               note: str | None, first: str = "") -> None:
    lines = textwrap.wrap(first + text, width=width, break_long_words=False,
                          break_on_hyphens=False)
    for index, line in enumerate(lines):
        body.append((line + " ", note if index == len(lines) - 1 else None))
    body.append((" ", None))


def _operative(body: list[tuple[str, str | None]], item: Item, width: int) -> None:
    if item.kind == "heading":
        body.extend([(f"{item.label}. {item.text} ", None), (" ", None)])
        return
    if item.kind == "options":
        for option in item.children:
            if option.children:
                body.extend([(option.label, None), (" ", None)])
                for child in option.children:
                    _operative(body, child, width)
            else:
                _paragraph(body, option.text, width, None, first=f"{option.label}: ")
        body.extend([("{End of options}", None), (" ", None)])
        return
    if item.kind == "subparagraph":
        _paragraph(body, item.text, width, item.note, first=f"({item.label}) ")
        return
    if int(item.label or 0) < 10:  # "1." alone on its line, the words below
        body.append((f"{item.label}. ", None))
        _paragraph(body, item.text, width, item.note)
    else:
        _paragraph(body, item.text, width, item.note, first=f"{item.label}. ")
    for child in item.children:
        _operative(body, child, width)


def _paginate(body: list[tuple[str, str | None]], doc: Drawn) -> list[str]:
    """Marks glued to their line, page breaks where drawn, notes at the foot of their page."""
    breaks = sorted({max(1, len(body) * at // 1000) for at in doc.breaks})
    pages = len(breaks) + 1
    out: list[str] = []
    page_notes: list[tuple[int, str]] = []
    mark = 0
    page = 1
    for index, (line, note) in enumerate(body):
        if index in breaks:
            out += _foot(page_notes)
            page_notes = []
            page += 1
            out += ["", doc.symbol + " ", " ", "99-12345", f"{page}/{pages} ", " "]
        if note is not None:
            mark += 1
            line = line.rstrip() + f"{mark} "
            page_notes.append((mark, note))
        out.append(line)
    return out + _foot(page_notes)


def _foot(notes: list[tuple[int, str]]) -> list[str]:
    if not notes:
        return []
    lines = ["__________________ ", " "]
    for mark, note in notes:
        lines += [f"{mark} {note} ", " "]
    return lines


# --------------------------------------------------------------------------- the property


def _shape(items: list[Item]) -> list[tuple]:
    return [(i.kind, i.label, i.text, _shape(i.children)) for i in items]


def _imported(paragraphs: list[Paragraph]) -> list[tuple]:
    return [(p.kind.value, p.label, p.text, _imported(p.children)) for p in paragraphs]


def _notes(items: list[Item]) -> list[tuple[str, str]]:
    found = []
    for item in items:
        if item.note:
            found.append((item.note, item.text))
        found += _notes(item.children)
    return found


@settings(deadline=None)
@given(drawn_documents())
def test_random_un_documents_import_back_to_their_structure(drawn: Drawn) -> None:
    text = render(drawn)
    doc: Document = import_text(text)
    assert (doc.symbol, doc.title, doc.organ, doc.sponsors) == (
        drawn.symbol, drawn.title, drawn.organ, drawn.sponsors)
    assert [(p.intro, p.text) for p in doc.preamble] == [(p.intro, p.text)
                                                          for p in drawn.preamble]
    assert _imported(doc.operative) == _shape([i for i in drawn.operative if i.kind != "heading"])
    headings = [(i.label, i.text, drawn.operative[n + 1] if n + 1 < len(drawn.operative)
                 else None) for n, i in enumerate(drawn.operative) if i.kind == "heading"]
    assert [(h.label, h.text) for h in doc.headings] == [(label, text)
                                                         for label, text, _ in headings]
    for heading, (_, _, under) in zip(doc.headings, headings, strict=True):
        tied = doc.find(heading.paragraph_id) if heading.paragraph_id else None
        if under is None or under.kind == "heading":
            continue  # the next heading, or the end: nothing of its own below it
        assert tied is not None and (tied.label, tied.text) == (under.label, under.text)
    marked = _notes(drawn.preamble) + _notes(drawn.operative)
    assert [(f.text, doc.find(f.paragraph_id).text if f.paragraph_id else None)
            for f in doc.footnotes] == marked
    assert doc.diagnostics == []
    assert check_document(doc) == []
    assert unaccounted_words(text, doc) == []
    furniture = {a.reason for a in doc.artifacts}
    if len(drawn.breaks) and any(a.reason == "page number" for a in doc.artifacts):
        assert {"running head: the symbol", "running head: the job number"} <= furniture


def test_a_drawn_document_renders_as_expected() -> None:
    """The renderer itself, on one small document: what the property feeds the importer."""
    drawn = Drawn("A/99/L.1", ["Chile", "Norway"], "Cooperation on data", "The General Assembly,",
                  [Item("preambular", None, "Recalling its report,", note="A/99/100.",
                        intro="Recalling")],
                  [Item("operative", "1", "Requests the report;"),
                   Item("options", None, "", [
                       Item("option", "Option 1", "", [Item("operative", "2", "Decides x;")]),
                       Item("option", "Option 2", "Decides y;")])],
                  60, [])
    text = render(drawn)
    assert "Chile and Norway: draft resolution " in text
    assert "Recalling its report,1 \n" in text
    assert text.endswith("{End of options}\n \n__________________ \n \n1 A/99/100. \n \n")
    assert "Option 1\n \n2. \nDecides x; \n" in text and "Option 2: Decides y; " in text
    drawn.breaks = [500]
    assert "\nA/99/L.1 \n \n99-12345\n2/2 \n" in render(drawn)


# --------------------------------------------------------------------------- any UN text

_UN_LINES = st.sampled_from([
    "", " ", "United Nations", "A/99/L.1", "Distr.: Limited", "25-12345 (E)    010199",
    "*2512345*", "2/3", "GE.99-12345", "Agenda item 12", "Chile: draft resolution",
    "The General Assembly,", "The Conference of the Parties", "Recalling its resolution,",
    "Taking note also of x,", "1.", "10. Requests the x;", "1.\tDecides y;", "\t(a)\tTo z;",
    "(i) one;", "19 bis. Invites w;", "I. Scope", "A.", "Option 1", "Option 2: Decides v;",
    "Option A", "{End of options}", "{Note: none}", "16. Option 1 u", "Annex", "Annex*",
    "Preamble", "22nd plenary meeting", "29 October 2099", "__________________",
    "1 A/99/1.", "* Any changes to the list of sponsors", "Decision 1/CP.99",
    "Decision 2/CMA.99", "[G77: Decides t;]", "(Proposed by the African Group)",
    "[may] [shall]", "[x", "y]", "“1.\tQuoted;", "| a | b |", "\tParty\t10", "---",
    "## I. Heading", "[^1]: note", "<!-- c -->", "~~gone~~ kept", "Contents",
    "Report of the Conference", "80/4. Title", "[English only]"])


@settings(deadline=None)
@given(st.lists(st.one_of(_UN_LINES, st.text(max_size=25)), max_size=30))
def test_any_un_text_imports_without_crash_and_loses_no_word(lines: list[str]) -> None:
    text = "\n".join(["The General Assembly,", *lines])
    doc = import_text(text)
    assert unaccounted_words(text, doc) == []
    ids = [p.id for d in doc.documents() for p in d.paragraphs()]
    assert len(ids) == len(set(ids)) and all(ids)
    # every broken invariant is one the import itself reported, for that paragraph
    reported = {d.paragraph for document in doc.documents() for d in document.diagnostics}
    problems = check_document(doc)
    assert [p for p in problems if p.split(": ")[0] not in reported] == []
