"""Lineage: aligning the paragraphs of an older and a newer text of one negotiation."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.importer import import_text
from negotiation.lineage import Alignment, AlignmentKind, ParagraphRef, align, link_ids
from negotiation.model import Document, Footnote, Paragraph, ParagraphKind

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
CORPUS = sorted(CORPUS_DIR.glob("paris-v*.md"))

OP, PRE, ART = ParagraphKind.OPERATIVE, ParagraphKind.PREAMBULAR, ParagraphKind.ARTICLE
UNCHANGED, EDITED, MERGED, SPLIT, NEW, DROPPED = (
    AlignmentKind.UNCHANGED, AlignmentKind.EDITED, AlignmentKind.MERGED, AlignmentKind.SPLIT,
    AlignmentKind.NEW, AlignmentKind.DROPPED)

# Paragraphs of the kind OAS resolutions hold, unrelated to each other.
REPORT = ("To request the Permanent Council to report to the General Assembly at its next "
          "regular session on the implementation of this resolution.")
URGE = ("To urge those member states that have not yet done so to consider ratifying the "
        "United Nations Convention against Transnational Organized Crime.")
CIVIL = "To recognize the important role of civil society in combating trafficking in persons."
MEETING = ("To convene the Third Meeting of National Authorities on Trafficking in Persons in "
           "Washington, D.C., in the second half of next year.")
BUDGET = ("To finance the activities in this resolution from the resources allocated in the "
          "program-budget of the Organization and other resources.")


def op(pid: str, label: str | None, text: str, *children: Paragraph) -> Paragraph:
    return Paragraph(id=pid, kind=OP, label=label, text=text, children=list(children))


def sub(pid: str, label: str, text: str) -> Paragraph:
    return Paragraph(id=pid, kind=ParagraphKind.SUBPARAGRAPH, label=label, text=text)


def doc(*operative: Paragraph, preamble: tuple[Paragraph, ...] = ()) -> Document:
    return Document(preamble=list(preamble), operative=list(operative))


def ref(pid: str, index: int, section: str = "operative") -> ParagraphRef:
    return ParagraphRef(section, index, pid)


def kinds(alignment: list[Alignment]) -> Counter[str]:
    return Counter(item.kind.value for item in alignment)


def assert_each_paragraph_once(old: Document, new: Document,
                               alignment: list[Alignment]) -> None:
    """The invariant of every alignment: each paragraph of either text in exactly one item."""
    old_seen = Counter(r.id for item in alignment for r in item.old)
    new_seen = Counter(r.id for item in alignment for r in item.new)
    assert old_seen == Counter(p.id for p in old.paragraphs())
    assert new_seen == Counter(p.id for p in new.paragraphs())
    for item in alignment:
        expected = {UNCHANGED: (1, 1), EDITED: (1, 1), NEW: (0, 1), DROPPED: (1, 0)}.get(
            item.kind)
        if expected:
            assert (len(item.old), len(item.new)) == expected, item
        elif item.kind is SPLIT:
            assert len(item.old) == 1 and len(item.new) >= 2, item
        else:
            assert len(item.old) >= 2 and len(item.new) == 1, item


# --- each kind, on hand-built texts -------------------------------------------------------

def test_unchanged_paragraphs_are_found_wherever_they_moved_and_however_numbered() -> None:
    old = doc(op("a", "1", URGE), op("b", "2", CIVIL), op("c", "3", REPORT))
    new = doc(op("x", "1", CIVIL), op("y", "2", URGE), op("z", "3", REPORT))
    alignment = align(old, new)
    assert alignment == [Alignment(UNCHANGED, (ref("b", 1),), (ref("x", 0),)),
                         Alignment(UNCHANGED, (ref("a", 0),), (ref("y", 1),)),
                         Alignment(UNCHANGED, (ref("c", 2),), (ref("z", 2),))]


def test_an_edited_paragraph_continues_its_older_wording() -> None:
    old = doc(op("a", "1", URGE), op("b", "2", REPORT))
    edited = URGE.replace("consider ratifying", "ratify").replace("United Nations", "UN")
    new = doc(op("x", "1", edited), op("y", "2", REPORT))
    assert align(old, new) == [Alignment(EDITED, (ref("a", 0),), (ref("x", 0),)),
                               Alignment(UNCHANGED, (ref("b", 1),), (ref("y", 1),))]


def test_new_and_dropped_paragraphs_keep_their_place_in_the_order() -> None:
    old = doc(op("a", "1", URGE), op("b", "2", CIVIL), op("c", "3", REPORT))
    new = doc(op("x", "1", URGE), op("y", "2", MEETING), op("z", "3", REPORT))
    assert align(old, new) == [Alignment(UNCHANGED, (ref("a", 0),), (ref("x", 0),)),
                               Alignment(DROPPED, (ref("b", 1),), ()),
                               Alignment(NEW, (), (ref("y", 1),)),
                               Alignment(UNCHANGED, (ref("c", 2),), (ref("z", 2),))]


def test_a_long_run_of_dropped_paragraphs_stays_before_what_followed_it() -> None:
    dropped = [op(f"d{i}", str(i), f"Dropped paragraph number {i} on subject {i * 7}.")
               for i in range(600)]
    old = doc(*dropped, op("k", "600", URGE))
    new = doc(op("x", "1", URGE), op("y", "2", MEETING))
    order = [(item.kind.value, (item.new or item.old)[0].id) for item in align(old, new)]
    assert order == [*(("dropped", f"d{i}") for i in range(600)), ("unchanged", "x"),
                     ("new", "y")]


def test_a_paragraph_cut_in_two_is_a_split() -> None:
    old = doc(op("a", "1", URGE + " " + MEETING), op("b", "2", REPORT))
    new = doc(op("x", "1", URGE), op("y", "2", MEETING), op("z", "3", REPORT))
    alignment = align(old, new)
    assert alignment == [Alignment(SPLIT, (ref("a", 0),), (ref("x", 0), ref("y", 1))),
                         Alignment(UNCHANGED, (ref("b", 1),), (ref("z", 2),))]


def test_two_paragraphs_joined_are_a_merge() -> None:
    old = doc(op("a", "1", URGE), op("b", "2", MEETING), op("c", "3", REPORT))
    new = doc(op("x", "1", URGE + " " + MEETING), op("y", "2", REPORT))
    alignment = align(old, new)
    assert alignment == [Alignment(MERGED, (ref("a", 0), ref("b", 1)), (ref("x", 0),)),
                         Alignment(UNCHANGED, (ref("c", 2),), (ref("y", 1),))]


def test_a_short_paragraph_is_never_taken_for_a_piece() -> None:
    old = doc(op("a", "1", URGE))
    new = doc(op("x", "1", URGE), op("y", "2", "No text"))
    assert kinds(align(old, new)) == {"unchanged": 1, "new": 1}


def test_sub_paragraphs_are_aligned_each_with_the_index_of_their_paragraph() -> None:
    old = doc(op("a", "1", "To request the General Secretariat to:",
                 sub("a1", "a", CIVIL), sub("a2", "b", MEETING)), op("b", "2", REPORT))
    new = doc(op("x", "1", URGE),
              op("y", "2", "To request the General Secretariat to:",
                 sub("y1", "a", MEETING), sub("y2", "b", BUDGET)),
              op("z", "3", REPORT))
    alignment = align(old, new)
    assert alignment == [Alignment(NEW, (), (ref("x", 0),)),
                         Alignment(UNCHANGED, (ref("a", 0),), (ref("y", 1),)),
                         Alignment(DROPPED, (ref("a1", 0),), ()),
                         Alignment(UNCHANGED, (ref("a2", 0),), (ref("y1", 1),)),
                         Alignment(NEW, (), (ref("y2", 1),)),
                         Alignment(UNCHANGED, (ref("b", 1),), (ref("z", 2),))]


def test_structure_pairs_a_heavily_edited_paragraph_between_aligned_neighbours() -> None:
    # word similarity 0.36: below EDIT_SIMILARITY, above STRUCTURAL_SIMILARITY
    rewritten = ("To call on member states that have not yet ratified the Convention against "
                 "Transnational Organized Crime to do so without delay.")
    old = doc(op("a", "1", CIVIL), op("b", "2", URGE), op("c", "3", REPORT))
    new = doc(op("x", "1", CIVIL), op("y", "2", rewritten), op("z", "3", REPORT))
    assert align(old, new)[1] == Alignment(EDITED, (ref("b", 1),), (ref("y", 1),))
    # the same words with no aligned neighbour and another label are another paragraph
    alone = align(doc(op("b", "2", URGE)), doc(op("y", "5", rewritten), op("w", "6", BUDGET)))
    assert kinds(alone) == {"dropped": 1, "new": 2}


def test_siblings_under_aligned_parents_pair_at_the_sibling_similarity() -> None:
    # word similarity 0.42 to URGE: below EDIT_SIMILARITY, above SIBLING_SIMILARITY; not next
    # to an aligned pair and with another label, so only the shared article pairs them
    invite = ("To invite member states that have not yet done so to ratify the Convention "
              "against Transnational Organized Crime and its Protocols, and to report on their "
              "progress.")

    def article(pid: str, label: str, *children: Paragraph) -> Paragraph:
        return Paragraph(id=pid, kind=ART, label=label, text=f"Article {label}",
                         children=list(children))

    old = Document(articles=[article("A", "3", op("A1", "1", CIVIL), op("A2", "2", MEETING),
                                     op("A3", "3", URGE))])
    new = Document(articles=[article("B", "7", op("B1", "1", invite), op("B2", "2", CIVIL),
                                     op("B3", "3", MEETING))])
    alignment = align(old, new)
    assert Alignment(EDITED, (ref("A3", 0, "articles"),), (ref("B1", 0, "articles"),)) \
        in alignment
    # outside the article the same two texts stay apart
    assert kinds(align(doc(op("a", "3", URGE)), doc(op("x", "1", invite)))) == {
        "dropped": 1, "new": 1}


def test_the_inline_introductory_phrase_does_not_count_against_a_paragraph() -> None:
    heading = Paragraph(id="a", kind=PRE, intro="BEARING IN MIND", intro_style="heading",
                        text="The commitment assumed by the member states to improve their "
                             "capacity to prosecute traffickers;")
    inline = Paragraph(id="x", kind=PRE, intro="BEARING IN MIND", intro_style="inline",
                       text="BEARING IN MIND the commitment assumed by the member states to "
                            "improve their capacity to prosecute traffickers;")
    alignment = align(doc(preamble=(heading,)), doc(preamble=(inline,)))
    assert alignment == [Alignment(EDITED, (ref("a", 0, "preamble"),),
                                   (ref("x", 0, "preamble"),))]


def test_renumbered_articles_follow_their_paragraphs_not_their_numbers() -> None:
    def article(pid: str, label: str, *children: Paragraph) -> Paragraph:
        return Paragraph(id=pid, kind=ART, label=label, text=f"Article {label}",
                         children=list(children))

    old = Document(articles=[article("A3", "3", op("A3.1", "1", URGE)),
                             article("A4", "4", op("A4.1", "1", CIVIL),
                                     op("A4.2", "2", MEETING))])
    new = Document(articles=[article("B3", "3", op("B3.1", "1", BUDGET)),
                             article("B4", "4", op("B4.1", "1", URGE)),
                             article("B7", "7", op("B7.1", "1", CIVIL),
                                       op("B7.2", "2", MEETING))])
    alignment = align(old, new)
    pairs = {(i.old[0].id if i.old else None): (i.new[0].id if i.new else None)
             for i in alignment if i.kind is not NEW}
    assert pairs == {"A3": "B4", "A3.1": "B4.1", "A4": "B7", "A4.1": "B7.1", "A4.2": "B7.2"}
    assert [i.new[0].id for i in alignment if i.kind is NEW] == ["B3", "B3.1"]
    assert_each_paragraph_once(old, new, alignment)


def test_empty_texts_align_to_nothing() -> None:
    assert align(Document(), Document()) == []
    only_new = doc(op("x", "1", URGE))
    assert align(Document(), only_new) == [Alignment(NEW, (), (ref("x", 0),))]
    assert align(only_new, Document()) == [Alignment(DROPPED, (ref("x", 0),), ())]


def test_json_form_of_an_alignment() -> None:
    item = Alignment(SPLIT, (ref("a", 0),), (ref("x", 0), ref("y", 1)))
    assert item.to_json() == {"kind": "split",
                              "old": [{"section": "operative", "index": 0, "id": "a"}],
                              "new": [{"section": "operative", "index": 0, "id": "x"},
                                      {"section": "operative", "index": 1, "id": "y"}]}


# --- link_ids --------------------------------------------------------------------------------

def test_link_ids_gives_newer_paragraphs_the_ids_they_continue() -> None:
    old = doc(op("a", "1", URGE + " " + MEETING), op("b", "2", CIVIL), op("c", "3", REPORT),
              op("d", "4", BUDGET))
    new = doc(op("x", "1", URGE), op("y", "2", MEETING),
              op("z", "3", REPORT.replace("next", "forty-first")), op("w", "4", BUDGET),
              op("v", "5", "To thank the host country for its hospitality during the meeting."))
    new.footnotes.append(Footnote(mark="1", text="Reservation.", paragraph_id="z"))
    alignment = align(old, new)
    assert kinds(alignment) == {"split": 1, "edited": 1, "unchanged": 1, "dropped": 1, "new": 1}
    linked = link_ids(old, new, alignment)
    assert [p.id for p in linked.operative] == ["a", "y", "c", "d", "v"]
    assert linked.footnotes[0].paragraph_id == "c"
    assert [p.id for p in new.operative] == ["x", "y", "z", "w", "v"]  # input untouched


def test_link_ids_merged_paragraph_keeps_the_first_older_id() -> None:
    old = doc(op("a", "1", URGE), op("b", "2", MEETING))
    new = doc(op("x", "1", URGE + " " + MEETING))
    assert [p.id for p in link_ids(old, new, align(old, new)).operative] == ["a"]


def test_link_ids_never_lets_a_new_paragraph_pass_for_an_older_one() -> None:
    # "b" is dropped; the newer text happens to use "b" for an unrelated new paragraph, and
    # "a" for the paragraph that continues old "c".
    old = doc(op("a", "1", URGE), op("b", "2", CIVIL), op("c", "3", REPORT))
    new = doc(op("b", "1", MEETING), op("a", "2", REPORT))
    alignment = align(old, new)
    linked = link_ids(old, new, alignment)
    ids = [p.id for p in linked.operative]
    assert ids == ["b.1", "c"]
    assert len(set(ids)) == len(ids)


# --- properties ------------------------------------------------------------------------------

SENTENCES = [URGE, CIVIL, REPORT, MEETING, BUDGET, "No text", "",
             "To adopt the work plan annexed to this resolution."]


@st.composite
def documents(draw: st.DrawFn, prefix: str) -> Document:
    count = draw(st.integers(0, 6))
    paragraphs = []
    for i in range(count):
        children = [sub(f"{prefix}{i}.{j}", chr(97 + j), draw(st.sampled_from(SENTENCES)))
                    for j in range(draw(st.integers(0, 2)))]
        paragraphs.append(op(f"{prefix}{i}", str(i + 1), draw(st.sampled_from(SENTENCES)),
                             *children))
    return doc(*paragraphs)


@settings(deadline=None)
@given(documents("o"), documents("n"))
def test_every_paragraph_is_in_exactly_one_alignment(old: Document, new: Document) -> None:
    alignment = align(old, new)
    assert_each_paragraph_once(old, new, alignment)
    linked = link_ids(old, new, alignment)
    ids = [p.id for p in linked.paragraphs()]
    assert len(ids) == len(set(ids))


@settings(deadline=None)
@given(documents("o"))
def test_a_text_aligned_with_itself_is_all_unchanged(old: Document) -> None:
    alignment = align(old, old)
    assert all(item.kind is UNCHANGED and item.old == item.new for item in alignment)


# --- the real case: seed 003 (2007 draft) against seed 002 (2009 resolution) ------------------

def seed(name: str) -> Document:
    return import_text((SEEDS / name).read_text(encoding="utf-8"))


def test_seed_2007_draft_against_2009_resolution() -> None:
    old, new = seed("003_8d28965fcda24f33.txt"), seed("002_cbe63643953223b7.txt")
    alignment = align(old, new)
    assert_each_paragraph_once(old, new, alignment)
    carried = {(i.old[0].section, i.old[0].index, i.new[0].index)
               for i in alignment if i.kind is EDITED}
    # Checked by eye (texts side by side):
    assert carried == {
        ("preamble", 0, 0),    # "Resolutions AG/RES. 2019 ..." -> "BEARING IN MIND resolutions"
        ("preamble", 6, 3),    # "The commitment assumed by the member states ..."
        ("preamble", 4, 7),    # "That poverty, inequity, and social exclusion ..."
        ("operative", 0, 0),   # 1 "To reaffirm its commitment ..." -> 1 "To reinforce ..."
        ("operative", 1, 3),   # 2 "To continue to encourage ..." -> 4 "To encourage ..."
        ("operative", 3, 5),   # 4 "To urge those member states ... ratifying" -> 6
        ("operative", 8, 8),   # 9 "To request the Permanent Council to report ..." -> 9
    }
    assert kinds(alignment) == {"edited": 7, "new": 19, "dropped": 19}
    op4 = next(i for i in alignment if i.old and i.old[0] == ParagraphRef(
        "operative", 3, old.operative[3].id))
    assert op4.new == (ParagraphRef("operative", 5, new.operative[5].id),)
    assert new.operative[5].text.startswith("To urge those member states that have not yet")


# --- the corpus: four Paris texts ---------------------------------------------------------------

@pytest.mark.skipif(len(CORPUS) != 4, reason=f"corpus not found at {CORPUS_DIR}")
def test_the_paris_chain_aligns_plausibly() -> None:
    texts = [import_text(path.read_text(encoding="utf-8")) for path in CORPUS]
    counts = []
    for old, new in itertools.pairwise(texts):
        alignment = align(old, new)
        assert_each_paragraph_once(old, new, alignment)
        counts.append(kinds(alignment))
    # v1 -> v2 (Oct. draft -> Dec. 4 compilation) keeps much text word for word
    assert counts[0]["unchanged"] > 150 and counts[0]["edited"] > 100
    # every step carries text over; the adopted text drops much of the bracketed draft
    assert all(c["unchanged"] + c["edited"] > 100 for c in counts)
    assert counts[2]["dropped"] > counts[2]["new"]


@pytest.mark.skipif(len(CORPUS) != 4, reason=f"corpus not found at {CORPUS_DIR}")
def test_paris_articles_follow_their_subject_through_renumbering() -> None:
    old = import_text(CORPUS[2].read_text(encoding="utf-8"))  # 9 Dec. draft
    new = import_text(CORPUS[3].read_text(encoding="utf-8"))  # adopted text
    alignment = align(old, new)
    label_of_old = {p.id: p.label for p in old.articles}
    label_of_new = {p.id: p.label for p in new.articles}
    moves = {label_of_old[i.old[0].id]: label_of_new[i.new[0].id] for i in alignment
             if i.old and i.new and i.old[0].id in label_of_old}
    # Checked by eye against the adopted Paris Agreement's article subjects:
    assert moves["3"] == "4"       # mitigation
    assert moves["3bis"] == "5"    # REDD-plus (forests)
    assert moves["4"] == "7"       # adaptation
    assert moves["6"] == "9"       # finance
    assert moves["7"] == "10"      # technology
    assert moves["8"] == "11"      # capacity-building
    assert moves["9"] == "13"      # transparency
    assert moves["10"] == "14"     # global stocktake
