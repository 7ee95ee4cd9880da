"""negotiation.authorship: blame, and versions that hold only their author's own changes."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import time
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import authorship, weave_json
from negotiation.author import Author
from negotiation.authorship import Run, Sealed, Span, Weave
from negotiation.errors import EditError, WeaveFormatError
from negotiation.weave_replay import sealed_digest, versioned_only

VEN = Author("ana", "Venezuela")
BEL = Author("li", "Belize")
CHAIR = Author("Chair")


def op_at(length: int, position: int, insert: str = "", delete: int = 0) -> list:
    """One hunk as an op on a text of ``length``: keep ``position``, delete, insert, keep."""
    return [c for c in (position, -delete, insert, length - position - delete) if c]


def blamed(weave: Weave) -> list[tuple[str, Author, str | None]]:
    """The blame as (text, author, version) triples, easier to read in assertions."""
    text, out, start = weave.text, [], 0
    for span in weave.blame():
        out.append((text[start:start + span.length], span.author, span.version_id))
        start += span.length
    return out


# --------------------------------------------------------------------------- the example


def docstring_example() -> Weave:
    weave = Weave.from_text("Urges States", VEN, "v1")
    weave.apply(op_at(12, 6, "all "), BEL)
    weave.apply(op_at(16, 0, "Invites ", delete=6), VEN)
    return weave


def test_the_module_docstring_example_runs_as_written() -> None:
    weave = docstring_example()
    assert weave.runs == (Run("Urges ", VEN, "v1", VEN), Run("Invites ", VEN, None),
                          Run("all ", BEL, None), Run("States", VEN, "v1"))
    assert (weave.text, weave.versioned_text) == ("Invites all States", "Urges States")
    assert weave.pending_authors() == [BEL, VEN]
    for module in (authorship, weave_json):
        block = re.search(r'^    \{"authors".*?\}$', module.__doc__, re.S | re.M).group(0)
        assert "".join(line.strip() for line in block.splitlines()) == weave.to_json()
    assert weave.seal(VEN, "v2") == Sealed("v2", VEN, "Invites States")
    assert weave.seal(BEL, "v3") == Sealed("v3", BEL, "Invites all States")
    assert weave.pending_authors() == []


# --------------------------------------------------------------------------- tricky cases


def test_two_delegations_typing_at_once_each_get_a_version_of_their_own_words() -> None:
    weave = Weave.from_text("Urges States to act.", CHAIR, "v0")
    weave.apply(op_at(20, 6, "all "), VEN)  # "Urges all States to act."
    weave.apply(op_at(24, 23, " now"), BEL)  # "... to act now."
    weave.apply(op_at(28, 20, "promptly "), VEN)  # "... to promptly act now."
    assert weave.text == "Urges all States to promptly act now."
    venezuela = weave.seal(VEN, "v1")
    assert venezuela == Sealed("v1", VEN, "Urges all States to promptly act.")
    belize = weave.seal(BEL, "v2")
    assert belize == Sealed("v2", BEL, "Urges all States to promptly act now.")
    assert blamed(weave) == [("Urges ", CHAIR, "v0"), ("all ", VEN, "v1"),
                             ("States to ", CHAIR, "v0"), ("promptly ", VEN, "v1"),
                             ("act", CHAIR, "v0"), (" now", BEL, "v2"), (".", CHAIR, "v0")]


def test_deleting_someone_elses_pending_words_waits_for_their_version() -> None:
    weave = Weave.from_text("To act.", CHAIR, "v0")
    weave.apply(op_at(7, 6, " jointly"), BEL)  # "To act jointly."
    weave.apply(op_at(15, 6, delete=8), VEN)  # Venezuela deletes Belize's pending word
    assert (weave.text, weave.versioned_text) == ("To act.", "To act.")
    assert weave.seal(VEN, "v1") is None  # nothing of Venezuela's can be versioned yet
    assert weave.pending_authors() == [BEL, VEN]
    assert weave.seal(BEL, "v2") == Sealed("v2", BEL, "To act jointly.")
    assert weave.seal(VEN, "v3") == Sealed("v3", VEN, "To act.")
    assert weave.runs == (Run("To act.", CHAIR, "v0"),) and weave.pending_authors() == []


def test_seal_all_gives_the_deleter_a_second_version_after_the_writers() -> None:
    weave = Weave.from_text("To act.", CHAIR, "v0")
    weave.apply(op_at(7, 0, "We urge you "), VEN)  # Venezuela first
    weave.apply(op_at(19, 18, " jointly"), BEL)
    weave.apply(op_at(27, 18, delete=8), VEN)  # Venezuela deletes Belize's pending word
    ids = (f"s{n}" for n in itertools.count(1))
    sealed = weave.seal_all(lambda: next(ids))
    assert [(s.version_id, s.author, s.text) for s in sealed] == [
        ("s1", VEN, "We urge you To act."), ("s2", BEL, "We urge you To act jointly."),
        ("s3", VEN, "We urge you To act.")]
    assert weave.text == weave.versioned_text == sealed[-1].text


def test_typing_inside_someone_elses_pending_words() -> None:
    weave = Weave.from_text("", CHAIR, "v0")
    weave.apply(["shared responsibility"], VEN)
    weave.apply(op_at(21, 7, "and common "), BEL)
    assert weave.text == "shared and common responsibility"
    assert weave.seal(BEL, "v1") == Sealed("v1", BEL, "and common ")
    assert weave.seal(VEN, "v2") == Sealed("v2", VEN, "shared and common responsibility")
    assert blamed(weave) == [("shared ", VEN, "v2"), ("and common ", BEL, "v1"),
                             ("responsibility", VEN, "v2")]


def test_typing_where_someone_deleted_goes_after_the_deleted_words() -> None:
    weave = Weave.from_text("the shall clause", CHAIR, "v0")
    weave.apply(op_at(16, 4, delete=5), BEL)  # Belize deletes "shall"
    weave.apply(op_at(11, 4, "should"), VEN)  # Venezuela types where it was
    assert weave.runs == (Run("the ", CHAIR, "v0"), Run("shall", CHAIR, "v0", BEL),
                          Run("should", VEN, None), Run(" clause", CHAIR, "v0"))
    assert weave.seal(VEN, "v1").text == "the shallshould clause"
    assert weave.seal(BEL, "v2").text == "the should clause"


def test_insertions_before_and_after_tombstones_at_the_ends() -> None:
    weave = Weave.from_text("abc", CHAIR, "v0")
    weave.apply([-1, 1, -1], BEL)  # "b" is left, between two tombstones
    weave.apply(["<", 1, ">"], VEN)
    assert weave.text == "<b>"
    assert weave.runs == (Run("a", CHAIR, "v0", BEL), Run("<", VEN, None),
                          Run("b", CHAIR, "v0"), Run("c", CHAIR, "v0", BEL),
                          Run(">", VEN, None))


def test_typed_and_deleted_by_its_own_author_before_sealing_leaves_no_trace() -> None:
    weave = Weave.from_text("To act.", CHAIR, "v0")
    before = weave.to_json()
    weave.apply(op_at(7, 6, " now"), VEN)
    weave.apply(op_at(11, 6, delete=2), VEN)  # backspace, backspace
    weave.apply(op_at(9, 6, delete=2), VEN)
    assert weave.to_json() == before and weave.pending_authors() == []
    assert weave.seal(VEN, "v1") is None


def test_pending_order_starts_again_after_an_author_has_nothing_pending() -> None:
    weave = Weave.from_text("x", CHAIR, "v0")
    weave.apply([1, "a"], VEN)
    weave.apply([1, -1], VEN)  # Venezuela's only pending change is gone
    weave.apply(["b", 1], BEL)
    weave.apply([2, "c"], VEN)
    assert weave.pending_authors() == [BEL, VEN]
    weave.seal(BEL, "v1")
    assert weave.pending_authors() == [VEN]


def test_deleting_versioned_text_of_ones_own_is_a_pending_deletion() -> None:
    weave = Weave.from_text("To act now.", VEN, "v0")
    weave.apply(op_at(11, 6, delete=4), VEN)
    assert weave.runs[1] == Run(" now", VEN, "v0", VEN)
    assert weave.seal(VEN, "v1").text == "To act."


def test_an_edit_that_does_not_fit_the_text_changes_nothing() -> None:
    weave = docstring_example()
    before = weave.copy()
    with pytest.raises(EditError, match="text of 19 characters, but the paragraph has 18"):
        weave.apply([19, "x"], VEN)
    with pytest.raises(EditError, match=r"op component 1 is 2\.5"):
        weave.apply([3, 2.5], VEN)
    with pytest.raises(EditError, match="op component 0 is True"):
        weave.apply([True], VEN)
    with pytest.raises(EditError, match=r"op component 1 holds a lone surrogate U\+D800 at 1"):
        weave.apply([18, "a\ud800"], VEN)
    assert weave == before


def test_seal_refuses_a_version_id_already_in_the_paragraph() -> None:
    weave = docstring_example()
    with pytest.raises(EditError, match="version id 'v1' is already in"):
        weave.seal(BEL, "v1")
    with pytest.raises(EditError, match="non-empty string"):
        weave.seal(BEL, "")


def test_seal_with_nothing_pending_writes_nothing() -> None:
    weave = Weave.from_text("To act.", CHAIR, "v0")
    assert weave.seal(VEN, "v1") is None and weave.seal_all(lambda: "unused") == []


def test_a_weave_of_the_empty_text() -> None:
    weave = Weave.from_text("", CHAIR, "v0")
    assert (weave.runs, weave.text, weave.blame(), weave.length) == ((), "", [], 0)
    weave.apply([], VEN)
    assert weave.pending_authors() == []


def test_code_points_not_utf16_units() -> None:
    weave = Weave.from_text("a😀b", CHAIR, "v0")
    weave.apply([2, "🌍", 1], VEN)
    assert weave.text == "a😀🌍b" and weave.length == 4
    assert [s.length for s in weave.blame()] == [2, 1, 1]


# --------------------------------------------------------------------------- set_text, history


def test_set_text_attributes_the_words_it_inserts() -> None:
    weave = Weave.from_text("States shall act.", CHAIR, "v0")
    assert weave.set_text("States should act now.", VEN, "v1") == Sealed(
        "v1", VEN, "States should act now.")
    assert blamed(weave) == [("States ", CHAIR, "v0"), ("should", VEN, "v1"),
                             (" act", CHAIR, "v0"), (" now", VEN, "v1"), (".", CHAIR, "v0")]
    assert weave.set_text("States should act now.", BEL, "v2") is None


def test_text_that_cannot_be_stored_is_refused() -> None:
    with pytest.raises(EditError, match=r"the text holds a lone surrogate U\+DFFF at 0"):
        Weave().set_text("\udfff", VEN, "v1")
    with pytest.raises(EditError, match="a run's text holds a lone surrogate"):
        Weave.from_text("\ud801", VEN, "v1")


def test_set_text_is_refused_while_changes_are_pending() -> None:
    weave = docstring_example()
    with pytest.raises(EditError, match=r"changes by li \(Belize\), ana \(Venezuela\) are not"):
        weave.set_text("Rev.1 text", CHAIR, "r1")


def test_from_versions_rebuilds_legacy_attribution() -> None:
    weave = Weave.from_versions([("v0", "Urges States.", CHAIR),
                                 ("v1", "Urges all States.", VEN),
                                 ("v2", "Urges all States to act.", BEL)])
    assert blamed(weave) == [("Urges ", CHAIR, "v0"), ("all ", VEN, "v1"),
                             ("States", CHAIR, "v0"), (" to act", BEL, "v2"),
                             (".", CHAIR, "v0")]
    assert Weave.from_versions([]) == Weave()


# --------------------------------------------------------------------------- the stored form


def test_json_merges_runs_and_omits_what_is_unset() -> None:
    weave = Weave([Run("a", CHAIR, "v0"), Run("b", CHAIR, "v0"), Run("", VEN, None)])
    assert weave.to_json() == ('{"authors":[{"name":"Chair"}],"format":1,"pending":[],'
                               '"runs":[["ab",0,0]],"versions":["v0"]}')


def test_equal_authors_are_one_entry_of_the_table_whatever_the_objects() -> None:
    """The writer looks authors up by identity first: equal ones made apart (read from the
    store, typed in the room) still share one index, in order of first use."""
    li, li_again = Author("li", "Belize"), Author("li", "Belize")
    assert li is not li_again
    weave = Weave([Run("Urges ", li, "v1"), Run("all ", VEN, None, li_again),
                   Run("States", li_again, "v2")])
    assert weave.to_json() == (
        '{"authors":[{"delegation":"Belize","name":"li"},{"delegation":"Venezuela",'
        '"name":"ana"}],"format":1,"pending":[0,1],"runs":[["Urges ",0,0],'
        '["all ",1,null,0],["States",0,1]],"versions":["v1","v2"]}')


TEXTS = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(TEXTS, st.sampled_from([VEN, BEL, CHAIR]),
                          st.sampled_from([None, "v1", "v2"]),
                          st.sampled_from([None, None, VEN, BEL])), max_size=12))
def test_the_json_is_what_json_dumps_writes_of_the_payload(rows: list) -> None:
    """Runs are written straight to text: the same bytes as ``json.dumps`` of the payload
    (quotes, backslashes, control characters, U+2028, non-ASCII kept)."""
    weave = Weave(Run(*row) for row in rows if not (row[2] is None and row[3] == row[1]))
    runs = weave.runs
    authors = list(dict.fromkeys(a for r in runs for a in (r.author, r.deleted_by) if a))
    versions = list(dict.fromkeys(r.version for r in runs if r.version))
    payload = {"format": 1, "authors": [a.as_json() for a in authors], "versions": versions,
               "runs": [[r.text, authors.index(r.author),
                         None if r.version is None else versions.index(r.version),
                         *([] if r.deleted_by is None else [authors.index(r.deleted_by)])]
                        for r in runs],
               "pending": [authors.index(a) for a in weave.pending_authors()]}
    assert weave.to_json() == json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                         separators=(",", ":"))


def test_digest_is_sha256_of_the_json_and_pinned() -> None:
    weave = docstring_example()
    assert weave.digest() == hashlib.sha256(weave.to_json().encode()).hexdigest()
    # pinned: a change here changes every signed digest; it needs a new "format" number
    assert weave.digest() == PINNED_DIGEST


PINNED_DIGEST = "82835938563ce8aab9fa2d0cec35829bd8ddcce93fcf0c27e137ec476b3da3f7"


@pytest.mark.parametrize(("stored", "message"), [
    ("not json", "not JSON"),
    ('{"format":2,"authors":[],"versions":[],"runs":[],"pending":[]}', '"format": 1'),
    ('{"format":1,"authors":[],"versions":[],"runs":[]}', "exactly the keys"),
    ('{"authors":[],"format":1,"pending":[],"runs":[["a",0,null]],"versions":[]}',
     "run 0: author 0 is not an index of the 0 stored"),
    ('{"authors":[{"name":"x"}],"format":1,"pending":[],"runs":[["",0,null]],'
     '"versions":[]}', "non-empty text"),
    ('{"authors":[{"nom":"x"}],"format":1,"pending":[],"runs":[],"versions":[]}',
     "keys among"),
    ('{"authors":[{"name":"x"}],"format":1,"pending":[],"runs":[["a",0,null,0]],'
     '"versions":[]}', "impossible run"),
    ('{"authors":[{"name":"x"}],"format":1,"pending":[],"runs":[["a",0,null]],'
     '"versions":[]}', "canonical"),  # x has a pending change the list does not name
    ('{"authors":[{"name":"x"}],"format":1,"pending":[],"runs":[["a",0,0],["b",0,0]],'
     '"versions":["v"]}', "canonical"),  # runs not merged
    ('{"format":1,"authors":[],"versions":[],"runs":[],"pending":[]}', "canonical"),
])
def test_from_json_refuses_what_to_json_would_not_write(stored: str, message: str) -> None:
    with pytest.raises(WeaveFormatError, match=re.escape(message)):
        Weave.from_json(stored)


def test_author_json_keeps_only_what_is_set() -> None:
    assert VEN.as_json() == {"delegation": "Venezuela", "name": "ana"}
    assert CHAIR.as_json() == {"name": "Chair"}
    assert Author.from_json({"name": "Chair"}) == CHAIR
    with pytest.raises(ValueError, match="needs a name"):
        Author.from_json({"delegation": "Peru"})
    with pytest.raises(ValueError, match="non-empty string"):
        Author("")


# --------------------------------------------------------------------------- size and speed


def test_a_100_kb_paragraph_typed_in_one_burst_is_one_run() -> None:
    weave, author = Weave.from_text("", CHAIR, "v0"), VEN
    typed = 0
    for step in range(5000):  # 20 characters at a time, at places spread over the text
        position = (step * 7919) % (typed + 1)
        weave.apply(op_at(typed, position, "abcdefghij" * 2), author)
        typed += 20
    assert weave.length == 100_000 and len(weave.runs) == 1
    weave.seal(author, "v1")
    weave.apply(op_at(typed, 50_000, "x"), BEL)
    assert len(weave.runs) == 3


def test_one_keystroke_on_a_100_run_weave_takes_microseconds() -> None:
    weave = many_runs(100)
    weaves = [weave.copy() for _ in range(1000)]
    ops = [op_at(weave.length, (n * 37) % weave.length, "x") for n in range(1000)]
    start = time.perf_counter()
    for each, op in zip(weaves, ops, strict=True):
        each.apply(op, VEN)
    per_op = (time.perf_counter() - start) / len(ops)
    # bench/authorship.py measures it (about 10 µs); the bound only catches a blunder
    assert per_op < 200e-6, f"{per_op * 1e6:.0f} µs per keystroke"


def many_runs(count: int) -> Weave:
    """A weave of ``count`` runs of 10 characters, by alternating authors and versions."""
    runs = [Run(f"{n:09d} ", (VEN, BEL)[n % 2], f"v{n}") for n in range(count)]
    weave = Weave(runs)
    assert len(weave.runs) == count
    return weave


# --------------------------------------------------------------------------- properties

AUTHORS = [VEN, BEL, CHAIR]


def fresh_text(size: int, fresh: Iterator[int]) -> str:
    """``size`` characters never used before in this example (``fresh`` counts them): each
    character names one typing event, so the test can follow every character. BMP and
    astral characters alternate (an example uses far fewer than 20,000)."""
    return "".join(chr((0x4E00, 0x20000)[n % 2] + n) for n in
                   (next(fresh) for _ in range(size)))


@st.composite
def an_op(draw, length: int, fresh: Iterator[int]) -> list:
    """A random op on a text of ``length``: up to three hunks, each deleting and inserting."""
    components, position = [], 0
    for _ in range(draw(st.integers(1, 3))):
        gap = draw(st.integers(0, length - position))
        delete = draw(st.integers(0, min(5, length - position - gap)))
        insert = fresh_text(draw(st.integers(0, 3)), fresh)
        components += [gap, -delete, insert]
        position += gap + delete
    components.append(length - position)
    return [c for c in components if c]


class Truth:
    """What the test knows independently: every character's typist and deleter."""

    def __init__(self, text: str) -> None:
        self.text = list(text)
        self.typed_by = dict.fromkeys(text, CHAIR)
        self.deleted_by: dict[str, Author] = {}
        self.version_of = dict.fromkeys(text, "v0")

    def apply(self, op: list, author: Author) -> None:
        out, position = [], 0
        for component in op:
            if isinstance(component, str):
                out += component
                self.typed_by.update(dict.fromkeys(component, author))
            elif component > 0:
                out += self.text[position:position + component]
                position += component
            else:
                for char in self.text[position:position - component]:
                    self.deleted_by[char] = author
                position -= component
        self.text = out

    def check_version(self, previous: str, sealed: Sealed) -> None:
        """(b): the version adds only its author's characters and removes only characters
        its author deleted, keeping the order of the rest."""
        added = set(sealed.text) - set(previous)
        removed = set(previous) - set(sealed.text)
        assert all(self.typed_by[c] == sealed.author for c in added)
        assert all(self.deleted_by.get(c) == sealed.author for c in removed)
        assert [c for c in previous if c not in removed] == \
            [c for c in sealed.text if c not in added]
        for char in added:
            self.version_of[char] = sealed.version_id


@settings(deadline=None)
@given(st.data())
def test_random_edits_and_seals_by_several_authors(data) -> None:
    weave, truth = Weave.from_text("abcdefgh", CHAIR, "v0"), Truth("abcdefgh")
    replayed = ["abcdefgh"]  # the texts of the stored versions, in order
    ids, fresh = (f"v{n}" for n in itertools.count(1)), itertools.count()
    for _ in range(data.draw(st.integers(1, 25), label="steps")):
        author = data.draw(st.sampled_from(AUTHORS))
        if data.draw(st.integers(0, 3)) == 0:
            sealed = weave.seal(author, next(ids))
            if sealed is not None:
                truth.check_version(replayed[-1], sealed)
                replayed.append(sealed.text)
            # everything of the author's that could be versioned is
            assert all(c in weave.versioned_text for c in weave.text
                       if truth.typed_by[c] == author)
            assert not any(truth.deleted_by.get(c) == author for c in weave.versioned_text)
        else:
            op = data.draw(an_op(weave.length, fresh))
            weave.apply(op, author)
            truth.apply(op, author)
        assert weave.text == "".join(truth.text)
        assert weave.versioned_text == replayed[-1]  # (a)
        check_blame(weave, truth)  # (c)
        check_stored_form(weave)  # (d)
    for sealed in weave.seal_all(lambda: next(ids)):
        truth.check_version(replayed[-1], sealed)
        replayed.append(sealed.text)
    assert replayed[-1] == weave.text == weave.versioned_text == "".join(truth.text)  # (a)
    assert weave.pending_authors() == [] and all(r.deleted_by is None for r in weave.runs)
    check_blame(weave, truth)


def check_blame(weave: Weave, truth: Truth) -> None:
    """(c): the blame of every character names who typed it, and its version (None while
    it is in no stored version)."""
    owners = [(s.author, s.version_id) for s in weave.blame() for _ in range(s.length)]
    assert len(owners) == weave.length
    versioned = set(weave.versioned_text)
    assert owners == [(truth.typed_by[c], truth.version_of[c] if c in versioned else None)
                      for c in weave.text]
    assert all(a != b for a, b in itertools.pairwise(weave.blame()))  # spans merged


def check_stored_form(weave: Weave) -> None:
    """(d): the JSON form reads back equal, and writes the same bytes and digest."""
    stored = weave.to_json()
    again = Weave.from_json(stored)
    assert again == weave and again.to_json() == stored and again.digest() == weave.digest()
    assert json.loads(stored)["format"] == 1
    assert all(a[1:] != b[1:] for a, b in itertools.pairwise(weave.runs))  # runs merged
    # what a version records, made the quick way, is the digest of the versioned weave
    assert sealed_digest(weave) == versioned_only(weave).digest()


@given(st.lists(st.tuples(st.sampled_from(AUTHORS), st.data()), min_size=1, max_size=8))
def test_legacy_history_rebuilt_by_diffing_versions(steps) -> None:
    texts, history = ["abcdefgh"], [("v0", "abcdefgh", CHAIR)]
    fresh = itertools.count()
    for number, (author, data) in enumerate(steps, start=1):
        truth = Truth(texts[-1])
        truth.apply(data.draw(an_op(len(texts[-1]), fresh)), author)
        texts.append("".join(truth.text))
        history.append((f"v{number}", texts[-1], author))
    weave = Weave.from_versions(history)
    assert weave.text == weave.versioned_text == texts[-1]
    index = {version_id: n for n, (version_id, _, _) in enumerate(history)}
    position = 0
    for span in weave.blame():
        number = index[span.version_id]
        assert span.author == history[number][2]
        for char in weave.text[position:position + span.length]:
            # the version named holds the character, and so does every later one
            assert all(char in text for text in texts[number:])
        position += span.length
    check_stored_form(weave)


def test_blame_spans_are_typed() -> None:
    assert docstring_example().blame()[0] == Span(8, VEN, None)
