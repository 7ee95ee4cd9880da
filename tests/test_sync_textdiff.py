"""The diff-match-patch wrapper: representation, word diffs, similarity, patches, deltas.

Each case is labelled by the edge it covers.
"""

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation.sync import textdiff
from negotiation.sync.textdiff import (
    DiffSettings,
    PatchError,
    WordCoder,
    apply_delta,
    apply_patch,
    coverage,
    delta,
    diff,
    diff_counts,
    make_patch,
    new_text,
    old_text,
    similarity,
    word_coverage,
    word_diff,
    word_similarity,
)

# Text with the characters that trip diff libraries: accents, astral emoji, tabs, newlines,
# "%" (the escape character of patch text) and "@@" (the hunk header).
texts = st.text(alphabet=st.sampled_from(list("ab c\n\t%@é😀[]/.,")), max_size=60)


def test_docstring_examples_run() -> None:
    assert doctest.testmod(textdiff).failed == 0


@given(texts, texts)
def test_a_diff_gives_back_both_texts(old: str, new: str) -> None:
    for cleanup in ("semantic", "efficiency", "none"):
        pieces = diff(old, new, cleanup=cleanup)
        assert old_text(pieces) == old and new_text(pieces) == new
        assert all(op in "=-+" and text for op, text in pieces)


@given(texts, texts)
def test_a_word_diff_gives_back_both_texts(old: str, new: str) -> None:
    pieces = word_diff(old, new)
    assert old_text(pieces) == old and new_text(pieces) == new


def test_word_diff_never_cuts_a_word() -> None:
    pieces = word_diff("To urge member states to consider ratifying the Protocol",
                       "To urge those member states to ratify the Palermo Protocol")
    # semantic clean-up folds the lone " the " between two changes into them
    assert pieces == [("=", "To urge "), ("+", "those "), ("=", "member states to "),
                      ("-", "consider ratifying the"), ("+", "ratify the Palermo"),
                      ("=", " Protocol")]


def test_word_diff_puts_the_deletion_before_the_insertion() -> None:
    pieces = word_diff("shall", "should")
    assert pieces == [("-", "shall"), ("+", "should")]


def test_word_diff_of_equal_and_of_empty_texts() -> None:
    assert word_diff("same words", "same words") == [("=", "same words")]
    assert word_diff("", "") == []
    assert word_diff("", "new") == [("+", "new")]
    assert word_diff("old", "") == [("-", "old")]


def test_word_diff_copes_with_many_distinct_words() -> None:
    # over 55,000 distinct words: the word codes pass the surrogate block U+D800..U+DFFF
    old = " ".join(f"w{i}" for i in range(60_000))
    new = old.replace("w59999", "changed")
    pieces = word_diff(old, new)
    assert pieces[-2:] == [("-", "w59999"), ("+", "changed")]
    assert old_text(pieces) == old and new_text(pieces) == new


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("abcd", "abcd", 1.0),  # equal
    ("", "", 1.0),  # both empty
    ("abcd", "", 0.0),  # one empty
    ("abcd", "abxd", 0.75),  # one letter changed: 2 * 3 / 8
    ("No text", "This Agreement shall be implemented on the basis of equity", 0.0),  # unrelated
])
def test_similarity(a: str, b: str, expected: float) -> None:
    assert similarity(a, b) == pytest.approx(expected)


@given(texts, texts)
def test_similarity_is_within_0_and_1(a: str, b: str) -> None:
    assert 0.0 <= similarity(a, b) <= 1.0


def test_coverage_sees_a_piece_inside_a_longer_text() -> None:
    whole = ("To urge member states to consider ratifying the Protocol. To request the "
             "General Secretariat to report.")
    assert coverage("To request the General Secretariat to report.", whole) == 1.0
    assert coverage("No text", whole) < 0.3  # only "o " is found
    assert coverage("", whole) == 1.0


def test_a_word_coder_gives_one_code_per_distinct_word_and_leaves_out_white_space() -> None:
    coder = WordCoder()
    first = coder.code("To urge,  member states")
    assert len(first) == 5  # To / urge / , / member / states
    assert coder.code("member states") == first[3:]  # codes are shared by the coder
    assert len(set(first)) == 5


def test_word_similarity_and_coverage_count_words() -> None:
    # 5 of 6 and 5 of 6 words kept: 2 * 5 / 12
    assert word_similarity("To urge member states to ratify", "To urge states to ratify it") \
        == pytest.approx(10 / 12)
    assert word_similarity("", "") == 1.0
    assert word_coverage("the Palermo Convention", "ratify the Palermo Convention now") == 1.0
    assert word_coverage("the Palermo Protocol", "ratify the Palermo Convention now") \
        == pytest.approx(2 / 3)
    assert word_coverage("", "anything") == 1.0


def test_diff_counts_count_code_points() -> None:
    assert diff_counts("a😀b", "a😀c") == [("=", 2), ("-", 1), ("+", 1)]


def test_a_patch_applies_to_its_text_and_to_a_text_changed_elsewhere() -> None:
    old = "The cat sat on the mat. It was a sunny day in the park."
    new = "The hat sat on the mat. It was a sunny day in the park."
    patch = make_patch(old, new)
    assert patch.startswith("@@ -")
    assert apply_patch(patch, old) == (new, [True])
    moved = "Preface added meanwhile. " + old
    assert apply_patch(patch, moved) == ("Preface added meanwhile. " + new, [True])


def test_a_patch_that_no_longer_fits_reports_the_hunk_not_applied() -> None:
    patch = make_patch("The cat sat on the mat.", "The hat sat on the mat.")
    text, applied = apply_patch(patch, "1234567890 1234567890 1234567890")
    assert applied == [False]
    assert text == "1234567890 1234567890 1234567890"


def test_equal_texts_make_an_empty_patch() -> None:
    assert make_patch("same", "same") == ""
    assert apply_patch("", "same") == ("same", [])


@given(texts, texts)
def test_patch_and_delta_round_trip(old: str, new: str) -> None:
    assert apply_patch(make_patch(old, new), old)[0] == new
    assert apply_delta(old, delta(old, new)) == new


def test_a_delta_counts_utf16_code_units_like_the_javascript_library() -> None:
    # "😀" is one code point but two UTF-16 units: kept "a😀" is 3 units
    assert delta("a😀b", "a😀c") == "=3\t-1\t+c"
    assert apply_delta("a😀b", "=3\t-1\t+c") == "a😀c"


def test_an_unreadable_patch_is_refused_with_a_clear_error() -> None:
    with pytest.raises(PatchError, match="not a diff-match-patch patch"):
        apply_patch("this is not a patch", "text")


@pytest.mark.parametrize("bad_delta", ["=99", "=1\t?x", "=x"])
def test_a_delta_that_does_not_fit_is_refused(bad_delta: str) -> None:
    with pytest.raises(PatchError, match="delta does not apply to a text of 4 characters"):
        apply_delta("abcd", bad_delta)


@pytest.mark.parametrize(("field", "value", "rule"), [
    ("timeout", -1.0, "timeout must be >= 0 seconds"),
    ("edit_cost", -1, "edit_cost must be >= 0"),
    ("match_threshold", 1.5, "match_threshold must be within 0..1"),
    ("match_distance", -5, "match_distance must be >= 0"),
    ("patch_delete_threshold", -0.1, "patch_delete_threshold must be within 0..1"),
    ("patch_margin", 0, "patch_margin must be within 1..16"),
])
def test_settings_out_of_range_are_refused_naming_the_rule(field: str, value: float,
                                                           rule: str) -> None:
    with pytest.raises(ValueError, match=rule):
        DiffSettings(**{field: value})


def test_a_strict_match_threshold_refuses_a_fuzzy_hunk() -> None:
    old = "The delegations agreed to meet again in Washington next year."
    patch = make_patch(old, old.replace("agreed", "decided"))
    drifted = "The delegation agred to meet again in Washington next year."
    assert apply_patch(patch, drifted, settings=DiffSettings(match_threshold=0.0))[1] == [False]
    assert apply_patch(patch, drifted)[1] == [True]


def test_the_pure_library_gives_the_same_diffs_where_the_fast_one_is_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = "The cat sat on the mat.", "The hat sat on a mat today."
    fast = diff(old, new)
    monkeypatch.setattr(textdiff, "_fast", lambda: None)
    assert diff(old, new) == fast
    assert diff_counts(old, new) == [(op, len(text)) for op, text in fast]
    assert word_diff(old, new) == [("=", "The "), ("-", "cat"), ("+", "hat"),
                                   ("=", " sat on "), ("-", "the"), ("+", "a"),
                                   ("=", " mat"), ("+", " today"), ("=", ".")]
