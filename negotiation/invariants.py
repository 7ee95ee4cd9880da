"""Invariants of a Document, checked after every import and every domain operation in tests.

``check_document(doc)`` returns one plain sentence per broken invariant (empty: all hold):

* ids: every paragraph has an id, and no two paragraphs share one;
* labels: labelled siblings stand in order ("1" < "1 bis" < "2", "a" < "b"); labels of forms
  this module cannot order ("3.3bis", "Option II") are not compared;
* text: no paragraph text is empty, except an options block (whose words are its options)
  and a paragraph made only of what it holds ("**Option 1:**" over paragraphs, "2." over
  options); no text starts or ends with white space;
* places: preamble holds preambular paragraphs and options blocks; the operative part holds
  operative paragraphs and options blocks; articles hold articles; an options block holds
  only options, and options stand only in options blocks;
* intros: an intro style goes with an intro; an inline intro is the start of the text;
* proposals, attributions, footnotes: a proposal has a delegation and words; an attribution
  note names at least one delegation; a footnote tied to a paragraph names an existing one.

``unaccounted_words(source, doc)``: the import loses nothing. Every word of every non-blank
source line must be found in the model, an artefact or a diagnostic (counted with repeats,
ignoring case), apart from the structural words the model stands for ("RESOLVES",
"Have agreed as follows", "Preamble", the "Decision" of a decision's heading). A UN text may
hold several documents (decisions, annexes): the words of all of them count. A number a
footnote mark was glued to ("19904": the year 1990 and mark 4) counts as found when the
number and the mark are.
"""

from __future__ import annotations

import re
from collections import Counter

from negotiation.delegations import member_states
from negotiation.layout import is_roman, label_key, roman_value
from negotiation.model import Document, Paragraph, ParagraphKind, ParagraphStatus
from negotiation.phrases import OPERATIVE_HEADINGS
from negotiation.references import document_names, walk_with_references
from negotiation.registries import all_delegations

_TOP_KINDS = {
    "preamble": {ParagraphKind.PREAMBULAR, ParagraphKind.OPTIONS},
    "operative": {ParagraphKind.OPERATIVE, ParagraphKind.OPTIONS},
    "articles": {ParagraphKind.ARTICLE},
}
_WORD = re.compile(r"[^\W\d_]+|\d+")  # runs of letters, runs of digits: "1bis" = 1, bis
# Words the model stands for without storing them: the operative heading, the treaty
# transition and section headings, the footnotes heading.
STRUCTURAL_WORDS = (*OPERATIVE_HEADINGS, "Have agreed as follows", "Preamble", "FOOTNOTES",
                    "NOTAS", "NOTES", "DE", "PIE", "PÁGINA", "BAS", "PAGE", "RODAPÉ")
# The words of status marks, which the model keeps as a status ("(Acordado)" → "agreed").
STATUS_WORDS = ("agreed", "ad", "referendum", "referéndum", "ref", "acordado", "acordada",
                "aprobado", "aprobada", "convenido", "consensuado", "approuvé", "convenu",
                "accepté", "aprovado", "aprovada", "approved")


def check_document(doc: Document) -> list[str]:
    """One sentence per broken invariant of ``doc`` and of the documents it holds (annexes,
    decisions: their problems begin with their name, "decision 8/CMA.6, operative paragraph
    3: ...", as the importer's diagnostics do)."""
    seen: dict[str, str] = {}
    problems = _document_problems(doc, seen)
    names = document_names(doc)
    for document in list(doc.documents())[1:]:
        problems += [f"{names[id(document)]}, {problem}"
                     for problem in _document_problems(document, seen)]
    return problems


def _document_problems(doc: Document, seen: dict[str, str]) -> list[str]:
    problems: list[str] = []
    references = dict((id(p), ref) for ref, p in walk_with_references(doc))
    for section, top_level in (("preamble", doc.preamble), ("operative", doc.operative),
                               ("articles", doc.articles)):
        for paragraph in top_level:
            if paragraph.kind not in _TOP_KINDS[section]:
                problems.append(f"{references[id(paragraph)]}: a {paragraph.kind.value} "
                                f"paragraph cannot stand at the top of the {section}")
        problems.extend(_labels_in_order(top_level, references))
    for paragraph in doc.paragraphs():
        where = references[id(paragraph)]
        if not paragraph.id:
            problems.append(f"{where}: paragraph has no id")
        elif paragraph.id in seen:
            problems.append(f"{where}: id {paragraph.id} is also the id of {seen[paragraph.id]}")
        else:
            seen[paragraph.id] = where
        problems.extend(f"{where}: {p}" for p in _paragraph_problems(paragraph))
        problems.extend(_labels_in_order(paragraph.children, references))
    for footnote in doc.footnotes:
        if footnote.paragraph_id is not None and footnote.paragraph_id not in seen:
            problems.append(f"footnote {footnote.mark} is tied to paragraph "
                            f"{footnote.paragraph_id}, which does not exist")
    return problems


def _paragraph_problems(paragraph: Paragraph) -> list[str]:
    problems: list[str] = []
    text = paragraph.text
    if paragraph.kind is ParagraphKind.OPTIONS:
        if text:
            problems.append("an options block has no words of its own, only options")
        if not paragraph.children:
            problems.append("an options block holds no option")
    elif not text and not paragraph.children:
        problems.append("paragraph text is empty")
    if text != text.strip():
        problems.append("paragraph text starts or ends with white space")
    for child in paragraph.children:
        if (paragraph.kind is ParagraphKind.OPTIONS) != (child.kind is ParagraphKind.OPTION):
            problems.append(f"a {child.kind.value} cannot stand in a {paragraph.kind.value}")
    if paragraph.intro_style not in (None, "heading", "inline"):
        problems.append(f"unknown intro style {paragraph.intro_style!r}")
    if (paragraph.intro is None) != (paragraph.intro_style is None):
        problems.append("an intro style goes with an intro, and an intro with its style")
    if paragraph.intro_style == "inline" and paragraph.intro and \
            paragraph.intro not in text[:len(paragraph.intro) + 8]:
        problems.append(f"inline intro {paragraph.intro!r} does not open the text")
    for proposal in paragraph.proposals:
        if not proposal.delegation or not proposal.text:
            problems.append("a proposal needs a delegation and words")
    if paragraph.attribution and not paragraph.requested_by:
        problems.append("attribution note names no delegation")
    if not isinstance(paragraph.status, ParagraphStatus):
        problems.append(f"unknown status {paragraph.status!r}")
    return problems


def _labels_in_order(siblings: list[Paragraph], references: dict[int, str]) -> list[str]:
    return [f"{references[id(paragraph)]}: label {paragraph.label} comes after {previous}, "
            "out of order" for paragraph, previous in out_of_order(siblings)]


def out_of_order(siblings: list[Paragraph]) -> list[tuple[Paragraph, str]]:
    """(paragraph, label before it) for each labelled sibling not after the one before it."""
    found = []
    previous: tuple[tuple[int, int], str] | None = None
    labels = [p.label for p in siblings if p.label and p.kind is not ParagraphKind.OPTION]
    roman = bool(labels) and labels[0] == "i" and all(is_roman(label) for label in labels)
    for paragraph in siblings:
        if paragraph.kind is ParagraphKind.OPTION or not paragraph.label:
            continue
        key = (roman_value(paragraph.label), 0) if roman else label_key(paragraph.label)
        if key is None:
            continue
        if previous is not None and key <= previous[0]:
            found.append((paragraph, previous[1]))
        previous = (key, paragraph.label)
    return found


def unaccounted_words(source: str, doc: Document) -> list[str]:
    """Words of ``source`` that are in neither the model, an artefact nor a diagnostic."""
    wanted = Counter(word.casefold() for line in source.splitlines() if line.strip()
                     for word in _WORD.findall(line))
    texts: list[str] = [*STRUCTURAL_WORDS]
    delegations = {d.name: d.aliases for d in all_delegations()}
    delegations.update({state.name: state.aliases for state in member_states()})
    for document in doc.documents():
        texts += _accounted_texts(document, delegations)
    texts += [DECISION_WORDS for document in doc.documents()
              if document.symbol and _DECISION_SYMBOL.fullmatch(document.symbol)]
    found = Counter(word.casefold() for text in texts for word in _WORD.findall(text))
    missing = [word for word, count in wanted.items() if found[word] < count]
    marks = {f.mark for document in doc.documents() for f in document.footnotes}
    return sorted(word for word in missing if not _glued_to_mark(word, marks, found))


# The words of a decision's heading ("Decision 1/CMA.6", "Draft decision -/CP.21"), which
# the model keeps as the decision's symbol.
DECISION_WORDS = "Draft decision Décision Projet de Proyecto Decisión"
_DECISION_SYMBOL = re.compile(r"[-–\d]+/[A-Z]{2,5}\.[\dA-Z]+")


def _glued_to_mark(word: str, marks: set[str], found: Counter[str]) -> bool:
    """"19904" when "1990" and footnote mark "4" are both there."""
    return word.isdigit() and any(word.endswith(mark) and found[word[:-len(mark)]] > 0
                                  for mark in marks if mark.isdigit() and len(mark) < len(word))


def _accounted_texts(doc: Document, delegations: dict[str, tuple[str, ...]]) -> list[str]:
    texts = [doc.symbol or "", doc.title or "", doc.organ or "", doc.note or "",
             doc.label or "", " ".join(doc.sponsors)]
    texts += [f"{h.label or ''} {h.text}" for h in doc.headings]
    for sponsor in doc.sponsors:
        texts += delegations.get(sponsor, ())
    for paragraph in doc.paragraphs():
        if paragraph.status is not ParagraphStatus.OPEN:
            texts += STATUS_WORDS
        # A delegation is stored under its canonical name: "ST. KITTS AND NEVIS" is kept as
        # "Saint Kitts and Nevis", "BELICE" as "Belize"; their written forms are its aliases.
        for name in [paragraph.proposed_by, *(p.delegation for p in paragraph.proposals)]:
            texts += delegations.get(name or "", ())
        texts += [paragraph.text, paragraph.label or "", paragraph.intro or "",
                  paragraph.proposed_by or "", paragraph.attribution or "",
                  " ".join(paragraph.requested_by), " ".join(paragraph.footnote_marks)]
        texts += [f"{p.delegation} {p.text}" for p in paragraph.proposals]
    texts += [f"{f.mark} {f.text}" for f in doc.footnotes]
    texts += [f.mark for f in doc.footnotes if f.paragraph_id is None]  # marked in the title
    texts += [a.text for a in doc.artifacts]
    texts += [d.message for d in doc.diagnostics]
    return texts
