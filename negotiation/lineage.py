"""Lineage between two texts of one negotiation: which paragraph of the newer continues which.

A draft, its revisions, the adopted text and next year's resolution on the same subject are
linked paragraph by paragraph. ``align(old, new)`` answers with a list of alignments::

    [Alignment("unchanged", old=(ParagraphRef("preamble", 0, "p-17616fbc"),),
                            new=(ParagraphRef("preamble", 0, "p-f7db4d56"),)),
     Alignment("edited",    old=(ParagraphRef("operative", 3, "p-35de1f5a"),),
                            new=(ParagraphRef("operative", 5, "p-926d6329"),)),
     Alignment("split",     old=(<one>,), new=(<first piece>, <second piece>)),
     Alignment("merged",    old=(<first>, <second>), new=(<one>,)),
     Alignment("new",       old=(), new=(<one>,)),
     Alignment("dropped",   old=(<one>,), new=())]

A ``ParagraphRef`` names a paragraph by its section ("preamble" | "operative" | "articles"),
the 0-based position of its top-level paragraph in that section (a sub-paragraph "3 (b)" has
the index of "3") and its id. Every paragraph, sub-paragraphs included, is aligned on its own;
every paragraph of either text appears in exactly one alignment. Alignments come in the newer
text's order, a dropped paragraph after the one that preceded it in the older text.

"unchanged" means the same words (``Paragraph.text``), wherever the paragraph moved and however
it is numbered now; "edited" means other words judged to continue it.

How (cheap steps first, so a 1,000-paragraph pair aligns in a fraction of a second):

1. Paragraphs with the same words (after folding case, white space, Markdown emphasis and
   footnote marks) are paired, the k-th copy with the k-th copy.
2. For each other newer paragraph, candidates are the ``CANDIDATES`` older paragraphs
   sharing most of its words and word pairs, weighted by rarity (an inverted index,
   ``_WordIndex``, of the paragraphs step 1 left); only those are diffed
   (``textdiff.similarity`` over words coded by ``textdiff.WordCoder``), and only when the
   words they share could reach the threshold at all. Pairs at or above ``EDIT_SIMILARITY``
   are taken, best first.
3. Structure fills the gaps: a paragraph right after (or before) an aligned pair, or with the
   same label under aligned parents, is paired at the lower ``STRUCTURAL_SIMILARITY``, one
   under the older twin of its parent (the same article) at ``SIBLING_SIMILARITY``;
   a paragraph without words of its own (an article heading, an options block) follows the
   majority of its sub-paragraphs.
4. What is left (``MIN_PIECE_WORDS`` words or more) is tested as a piece of a longer
   paragraph not found word for word (``textdiff.coverage`` at least ``PIECE_COVERAGE``):
   newer pieces of one older paragraph make a split, older pieces of one newer paragraph a
   merge (with the paragraph step 2 or 3 paired it with, if any).
5. The rest is new (only in the newer text) or dropped (only in the older one).

``link_ids(old, new, alignment)`` then gives the newer paragraphs the ids of the older ones
they continue. This module is pure: no I/O, no clock.
"""

from __future__ import annotations

import copy
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from negotiation.model import Document, Paragraph, ParagraphKind, Section
from negotiation.sync.textdiff import WordCoder, coverage, similarity

# Tunables (similarities and coverages are 0..1; see textdiff.similarity and .coverage).
EDIT_SIMILARITY = 0.5  # two paragraphs this alike are one paragraph edited
SIBLING_SIMILARITY = 0.4  # ... when both sit under paragraphs already aligned (one article)
STRUCTURAL_SIMILARITY = 0.3  # ... when neighbours or labels say so as well
PIECE_COVERAGE = 0.8  # share of a piece's characters found in the paragraph it split from
MIN_PIECE_WORDS = 4  # shorter paragraphs ("No text") are never taken for pieces
CANDIDATES = 6  # older paragraphs diffed against each newer one in step 2
COMMON_TERM = 20  # a word (pair) in more paragraphs than this says nothing; not indexed
DIFF_TIMEOUT = 0.05  # seconds allowed for one paragraph diff (textdiff's timeout)

_MARKUP = re.compile(r"\[\^[^\]\s]*\]|[*_`]+")  # Markdown footnote marks "[^7]", emphasis


class AlignmentKind(StrEnum):
    UNCHANGED = "unchanged"
    EDITED = "edited"
    MERGED = "merged"
    SPLIT = "split"
    NEW = "new"
    DROPPED = "dropped"


@dataclass(frozen=True)
class ParagraphRef:
    section: str  # "preamble" | "operative" | "articles"
    index: int  # position of the paragraph's top-level paragraph in its section, from 0
    id: str

    def to_json(self) -> dict[str, object]:
        return {"section": self.section, "index": self.index, "id": self.id}


@dataclass(frozen=True)
class Alignment:
    kind: AlignmentKind
    old: tuple[ParagraphRef, ...]
    new: tuple[ParagraphRef, ...]

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "old": [r.to_json() for r in self.old],
                "new": [r.to_json() for r in self.new]}


def align(old: Document, new: Document) -> list[Alignment]:
    """Align the paragraphs of ``old`` and ``new``, two texts of one negotiation."""
    alignments: list[Alignment] = []
    coder = WordCoder()
    for (section, old_top), (_, new_top) in zip(old.sections(), new.sections(), strict=True):
        alignments.extend(_SectionAligner(_section_units(section, old_top, coder),
                                          _section_units(section, new_top, coder)).run())
    return alignments


def link_ids(old: Document, new: Document, alignment: list[Alignment]) -> Document:
    """A copy of ``new`` whose paragraphs carry the ids of the older paragraphs they continue.

    Unchanged and edited paragraphs take their older paragraph's id; in a split the first
    piece takes it, in a merge the merged paragraph takes the first older id. Any other newer
    paragraph whose id happens to be an older paragraph's id (or one already given) gets a
    suffix (".1", ".2" ...) so that no paragraph seems to continue one it does not. Footnotes
    follow their paragraph's new id. ``old`` and ``new`` are not changed.
    """
    linked = copy.deepcopy(new)
    renamed: dict[str, str] = {}
    for item in alignment:
        if item.kind in (AlignmentKind.UNCHANGED, AlignmentKind.EDITED, AlignmentKind.SPLIT,
                         AlignmentKind.MERGED) and item.old and item.new:
            renamed[item.new[0].id] = item.old[0].id
    taken = set(renamed.values())
    old_ids = {p.id for p in old.paragraphs()}
    for paragraph in linked.paragraphs():
        if paragraph.id in renamed:
            continue
        if paragraph.id in old_ids or paragraph.id in taken:
            renamed[paragraph.id] = _fresh(paragraph.id, old_ids | taken)
        taken.add(renamed.get(paragraph.id, paragraph.id))
    _rename(linked, renamed)
    return linked


def _fresh(paragraph_id: str, used: set[str]) -> str:
    suffix = 1
    while f"{paragraph_id}.{suffix}" in used:
        suffix += 1
    return f"{paragraph_id}.{suffix}"


def _rename(doc: Document, renamed: dict[str, str]) -> None:
    paragraphs: list[Paragraph] = list(doc.paragraphs())
    for paragraph in paragraphs:
        paragraph.id = renamed.get(paragraph.id, paragraph.id)
    for footnote in doc.footnotes:
        if footnote.paragraph_id is not None:
            footnote.paragraph_id = renamed.get(footnote.paragraph_id, footnote.paragraph_id)


@dataclass
class _Unit:
    """One paragraph of a section as the aligner sees it, by its position in document order.

    ``key`` is its own words folded for comparison: lower case, Markdown emphasis, Markdown
    footnote marks ("[^7]") and runs of white space removed, an inline introductory phrase
    dropped (so "BEARING IN MIND resolutions ..." and, under a "BEARING IN MIND:" heading,
    "Resolutions ..." compare alike). It is "" for a paragraph with no words of its own and
    for an article or options block, whose heading says little ("Article 4" may be "Article 3"
    renumbered): those follow their sub-paragraphs.
    """

    ref: ParagraphRef
    kind: ParagraphKind
    position: int
    depth: int
    label: str | None
    parent: int | None
    text: str
    key: str
    coded: str  # ``key`` coded one character per word (textdiff.WordCoder)
    terms: set[str]  # what ``_WordIndex`` indexes: words and word pairs (coded)
    bag: Counter[str]  # ``coded`` as a multiset, for an upper bound on similarity
    children: list[int] = field(default_factory=list)


def _section_units(section: Section, top_level: list[Paragraph],
                   coder: WordCoder) -> list[_Unit]:
    units: list[_Unit] = []

    def visit(paragraph: Paragraph, index: int, depth: int, parent: int | None) -> None:
        key = _key(paragraph)
        coded = coder.code(key)
        unit = _Unit(ParagraphRef(section.value, index, paragraph.id), paragraph.kind,
                     len(units), depth, paragraph.label, parent, paragraph.text, key, coded,
                     _terms(coded), Counter(coded))
        units.append(unit)
        if parent is not None:
            units[parent].children.append(unit.position)
        for child in paragraph.children:
            visit(child, index, depth + 1, unit.position)

    for index, paragraph in enumerate(top_level):
        visit(paragraph, index, 0, None)
    return units


def _key(paragraph: Paragraph) -> str:
    if paragraph.kind in (ParagraphKind.ARTICLE, ParagraphKind.OPTIONS):
        return ""  # a heading ("Article 4 *(adaptation)*"): aligned by what it holds
    text = " ".join(_MARKUP.sub("", paragraph.text).split()).casefold()
    intro = " ".join((paragraph.intro or "").split()).casefold()
    if paragraph.intro_style == "inline" and intro and text.startswith(intro):
        text = text[len(intro):].lstrip(" ,:")
    return text


class _WordIndex:
    """An inverted index from words and word pairs to paragraphs.

    ``candidates`` ranks the indexed paragraphs by the terms they share with another one,
    weighted by rarity (a term in n paragraphs weighs 1/log(1 + n)) and normalised by size;
    terms in more than ``COMMON_TERM`` paragraphs are skipped.
    """

    def __init__(self, units: list[_Unit]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for unit in units:
            position = unit.position
            for term in unit.terms:
                postings[term].append(position)
        self.postings = {term: (1 / math.log(1 + len(posting)), posting)
                         for term, posting in postings.items() if len(posting) <= COMMON_TERM}
        self.norm = {unit.position: 1 / math.sqrt(max(1, len(unit.terms))) for unit in units}

    def candidates(self, unit: _Unit, limit: int,
                   usable: Callable[[int], bool] | None = None) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        for term in unit.terms:
            entry = self.postings.get(term)
            if entry is not None:
                weight, posting = entry
                for position in posting:
                    scores[position] += weight
        ranked = [(score * self.norm[p], -p) for p, score in scores.items()
                  if usable is None or usable(p)]
        return [-negative for _, negative in heapq.nlargest(limit, ranked)]


def _terms(coded: str) -> set[str]:
    """Words and word pairs, as codes (one character per word, see ``_Unit.coded``)."""
    terms = set(coded)
    terms.update(coded[i:i + 2] for i in range(len(coded) - 1))
    return terms


class _SectionAligner:
    """Aligns the paragraphs of one section; see the module docstring for the steps."""

    def __init__(self, old: list[_Unit], new: list[_Unit]) -> None:
        self.old, self.new = old, new
        self.pair_of_new: dict[int, int] = {}  # new position -> old position (1:1)
        self.pair_of_old: dict[int, int] = {}
        self.groups: list[tuple[AlignmentKind, list[int], list[int]]] = []
        self.grouped_old: set[int] = set()
        self.grouped_new: set[int] = set()
        self.similarities: dict[tuple[int, int], float] = {}
        self.old_labels: dict[tuple[str, int | None, int], list[int]] = {}
        for unit in old:
            if unit.label is not None:
                self.old_labels.setdefault((unit.label, unit.parent, unit.depth),
                                           []).append(unit.position)

    def run(self) -> list[Alignment]:
        if not self.old and not self.new:
            return []
        self._same_words()
        # Paragraphs found word for word take no further part: neither as candidates for an
        # edit, nor as the whole of a split or merge (their words being elsewhere too is a
        # repeat, not a split). Indexing only the rest keeps the index small.
        self.old_index = _WordIndex([u for u in self.old
                                     if u.key and u.position not in self.pair_of_old])
        self.new_index = _WordIndex([u for u in self.new
                                     if u.key and u.position not in self.pair_of_new])
        self._similar_words()
        for _ in range(4):
            if not (self._structure() | self._containers()):
                break
        self._pieces()
        return self._alignments()

    # step 1 -------------------------------------------------------------------------------
    def _same_words(self) -> None:
        waiting: dict[str, list[int]] = {}
        for unit in self.old:
            if unit.key:
                waiting.setdefault(unit.key, []).append(unit.position)
        for unit in self.new:
            copies = waiting.get(unit.key)
            if unit.key and copies:
                self._pair(copies.pop(0), unit.position)

    # step 2 -------------------------------------------------------------------------------
    def _similar_words(self) -> None:
        scored: list[tuple[float, int, int]] = []
        taken = self.pair_of_old.__contains__
        for unit in self.new:
            if not unit.key or unit.position in self.pair_of_new:
                continue
            for old_position in self.old_index.candidates(unit, CANDIDATES,
                                                          lambda p: not taken(p)):
                score = self._similarity(old_position, unit.position, EDIT_SIMILARITY)
                if score >= EDIT_SIMILARITY:
                    scored.append((score, old_position, unit.position))
        self._take_best(scored)

    # step 3 -------------------------------------------------------------------------------
    def _structure(self) -> bool:
        """Pair free paragraphs that sit where aligned neighbours, labels or parents say.

        Right after / before an aligned pair or with the same label under aligned parents:
        ``STRUCTURAL_SIMILARITY``. Anywhere under the older twin of its parent (the same
        article, the same paragraph): ``SIBLING_SIMILARITY``.
        """
        scored: list[tuple[float, int, int]] = []
        for unit in self.new:
            if unit.position in self.pair_of_new or not unit.key:
                continue
            for old_position, floor in self._expected(unit).items():
                score = self._similarity(old_position, unit.position, floor)
                if score >= floor:
                    scored.append((score, old_position, unit.position))
        return self._take_best(scored)

    def _expected(self, unit: _Unit) -> dict[int, float]:
        """Free older paragraphs structure points to, each with the similarity it needs."""
        expected: dict[int, float] = {}
        parent_old = self.pair_of_new.get(unit.parent) if unit.parent is not None else None
        if parent_old is not None:
            expected.update(dict.fromkeys(self.old[parent_old].children, SIBLING_SIMILARITY))
        before, after = unit.position - 1, unit.position + 1
        if before in self.pair_of_new:
            expected[self.pair_of_new[before] + 1] = STRUCTURAL_SIMILARITY
        if after in self.pair_of_new:
            expected[self.pair_of_new[after] - 1] = STRUCTURAL_SIMILARITY
        expected.update(dict.fromkeys(self._same_label(unit), STRUCTURAL_SIMILARITY))
        return {p: floor for p, floor in expected.items()
                if 0 <= p < len(self.old) and p not in self.pair_of_old and self.old[p].key}

    def _same_label(self, unit: _Unit) -> list[int]:
        """Older paragraphs with the label of ``unit`` under the older twin of its parent."""
        if unit.label is None:
            return []
        parent_old = self.pair_of_new.get(unit.parent) if unit.parent is not None else None
        if unit.parent is not None and parent_old is None:
            return []
        return self.old_labels.get((unit.label, parent_old, unit.depth), [])

    def _containers(self) -> bool:
        """Pair paragraphs with no words of their own by where their children went.

        Each pair of such paragraphs (of one kind) scores the share of children they have in
        common; best first. Label or place (right after / before an aligned pair) decides only
        for paragraphs none of whose children were aligned (articles are renumbered too often
        for their labels to count for more).
        """
        scored: list[tuple[float, int, int]] = []
        orphans: list[_Unit] = []
        for unit in self.new:
            if unit.position in self.pair_of_new or unit.key:
                continue
            votes = Counter(self.old[self.pair_of_new[child]].parent for child in unit.children
                            if child in self.pair_of_new)
            votes.pop(None, None)
            for old_position, count in votes.items():
                old = self.old[old_position]
                if old_position not in self.pair_of_old and not old.key and old.kind == unit.kind:
                    share = count / max(len(unit.children), len(old.children))
                    scored.append((share, old_position, unit.position))
            if not votes:
                orphans.append(unit)
        changed = self._take_best(scored)
        for unit in orphans:
            before, after = unit.position - 1, unit.position + 1
            neighbours = [self.pair_of_new[n] + step for n, step in ((before, 1), (after, -1))
                          if n in self.pair_of_new]
            for old_position in [*self._same_label(unit), *neighbours]:
                if not 0 <= old_position < len(self.old):
                    continue
                old = self.old[old_position]
                if (old_position not in self.pair_of_old and not old.key and old.kind == unit.kind
                        and not any(c in self.pair_of_old for c in old.children)):
                    self._pair(old_position, unit.position)
                    changed = True
                    break
        return changed

    # step 4 -------------------------------------------------------------------------------
    def _pieces(self) -> None:
        splits = self._find_pieces(self.new, self.old, self.pair_of_new, self.old_index)
        for old_position, pieces in splits.items():
            partner = self.pair_of_old.get(old_position)
            if partner is not None and self.old[old_position].text == self.new[partner].text:
                continue  # an unchanged paragraph whose words are also repeated elsewhere
            self._group(AlignmentKind.SPLIT, [old_position], sorted({*pieces, partner} - {None}))
        merges = self._find_pieces(self.old, self.new, self.pair_of_old, self.new_index)
        for new_position, pieces in merges.items():
            partner = self.pair_of_new.get(new_position)
            self._group(AlignmentKind.MERGED, sorted({*pieces, partner} - {None}), [new_position])

    def _group(self, kind: AlignmentKind, olds: list[int], news: list[int]) -> None:
        if len(olds) + len(news) < 3:
            return
        for old_position in olds:
            if old_position in self.pair_of_old:
                self._unpair(old_position)
        self.groups.append((kind, olds, news))
        self.grouped_old.update(olds)
        self.grouped_new.update(news)

    def _find_pieces(self, pieces: list[_Unit], wholes: list[_Unit], paired: dict[int, int],
                     index: _WordIndex) -> dict[int, list[int]]:
        """For each free piece, the longer paragraph on the other side it is a piece of."""
        newer = pieces is self.new
        busy_pieces = self.grouped_new if newer else self.grouped_old
        busy_wholes = self.grouped_old if newer else self.grouped_new
        found: dict[int, list[int]] = {}
        for piece in pieces:
            if (piece.position in paired or piece.position in busy_pieces
                    or len(piece.coded) < MIN_PIECE_WORDS):
                continue
            candidates = set(index.candidates(piece, CANDIDATES))
            candidates.update(paired[n] for n in (piece.position - 1, piece.position + 1)
                              if n in paired)
            best, best_coverage = None, PIECE_COVERAGE
            for whole_position in sorted(candidates - busy_wholes):
                whole = wholes[whole_position]
                if len(whole.coded) <= len(piece.coded):
                    continue
                if sum((piece.bag & whole.bag).values()) < best_coverage * len(piece.coded):
                    continue  # even every shared word kept would not cover enough
                share = coverage(piece.coded, whole.coded, timeout=DIFF_TIMEOUT)
                if share >= best_coverage:
                    best, best_coverage = whole_position, share
            if best is not None:
                found.setdefault(best, []).append(piece.position)
        return found

    # bookkeeping ---------------------------------------------------------------------------
    def _similarity(self, old_position: int, new_position: int, floor: float) -> float:
        """Word similarity of the pair; any value below ``floor`` when it cannot reach it.

        The words two paragraphs share, counted with repeats, bound what a diff can keep:
        when even that is below ``floor`` the diff is not run.
        """
        known = self.similarities.get((old_position, new_position))
        if known is not None:
            return known
        old, new = self.old[old_position], self.new[new_position]
        total = len(old.coded) + len(new.coded)
        if total:
            bound = 2 * min(len(old.coded), len(new.coded)) / total  # lengths alone
            if bound >= floor:
                bound = 2 * sum((old.bag & new.bag).values()) / total  # the words shared
            if bound < floor:
                return bound
        value = similarity(old.coded, new.coded, timeout=DIFF_TIMEOUT)
        self.similarities[(old_position, new_position)] = value
        return value

    def _take_best(self, scored: list[tuple[float, int, int]]) -> bool:
        taken = False
        for _, old_position, new_position in sorted(scored, key=lambda s: (-s[0], s[2], s[1])):
            if old_position not in self.pair_of_old and new_position not in self.pair_of_new:
                self._pair(old_position, new_position)
                taken = True
        return taken

    def _pair(self, old_position: int, new_position: int) -> None:
        self.pair_of_old[old_position] = new_position
        self.pair_of_new[new_position] = old_position

    def _unpair(self, old_position: int) -> None:
        new_position = self.pair_of_old.pop(old_position)
        del self.pair_of_new[new_position]

    def _alignments(self) -> list[Alignment]:
        placed: list[tuple[tuple[float, int], Alignment]] = []
        for new_position, old_position in self.pair_of_new.items():
            old_unit, new_unit = self.old[old_position], self.new[new_position]
            kind = (AlignmentKind.UNCHANGED if old_unit.text == new_unit.text
                    else AlignmentKind.EDITED)
            placed.append(((new_position, 0), Alignment(kind, (old_unit.ref,), (new_unit.ref,))))
        for kind, olds, news in self.groups:
            placed.append(((news[0], 0), Alignment(kind, tuple(self.old[o].ref for o in olds),
                                                   tuple(self.new[n].ref for n in news))))
        for unit in self.new:
            if unit.position not in self.pair_of_new and unit.position not in self.grouped_new:
                placed.append(((unit.position, 0), Alignment(AlignmentKind.NEW, (), (unit.ref,))))
        new_place_of_old = self._new_place_of_old()
        for unit in self.old:
            if unit.position not in self.pair_of_old and unit.position not in self.grouped_old:
                place = new_place_of_old.get(unit.position - 1, -1)
                placed.append(((place + 0.5, unit.position),
                               Alignment(AlignmentKind.DROPPED, (unit.ref,), ())))
        placed.sort(key=lambda item: item[0])
        return [alignment for _, alignment in placed]

    def _new_place_of_old(self) -> dict[int, float]:
        """For each older position, where in the newer text what precedes it ended up."""
        direct: dict[int, float] = {o: n for n, o in self.pair_of_new.items()}
        for _, olds, news in self.groups:
            for old_position in olds:
                direct[old_position] = news[-1]
        places: dict[int, float] = {}
        last = -1.0
        for unit in self.old:
            last = direct.get(unit.position, last)  # a dropped run shares its predecessor's
            places[unit.position] = last
        return places
