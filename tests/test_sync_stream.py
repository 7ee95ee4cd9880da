"""negotiation.diffsync and negotiation.diffsync_client: units, the merge, the known traps."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import diffsync, textdiff
from negotiation.diffsync import (
    MERGE,
    DeltaError,
    OutOfOrder,
    Revisions,
    UnknownRevision,
    apply_delta,
    delta_ops,
    make_delta,
    merge,
    receive_edits,
    utf16_length,
)
from negotiation.diffsync_client import ClientParagraph, apply_ops, local_hunk, rebase_ops

COUNCIL = ("To request the Permanent Council to convene a meeting on the matter. "
           "To request the Permanent Council to report to the General Assembly. "
           "To request the Permanent Council to transmit this resolution.")


# -- units: UTF-16 on the wire ---------------------------------------------------------------

def test_delta_counts_utf16_units_for_emoji_and_accents() -> None:
    shadow, edited = "Delegates 🙂 agree", "Delegates 🙂 now agree"
    delta = make_delta(shadow, edited)
    assert delta == "=12\t+ now\t=6"  # "Delegates " 10 + "🙂" 2 = 12 units
    assert apply_delta(shadow, delta) == edited
    assert utf16_length("é🙂") == 3
    assert delta_ops(shadow, delta) == [(12, 0, " now")]


def test_a_delta_written_by_javascript_applies_in_python() -> None:
    # what static/sync.js makeDelta writes for "Año 😀 x" -> "Año 😀😀 x": prefix 6 units
    assert apply_delta("Año 😀 x", "=6\t+%F0%9F%98%80\t=2") == "Año 😀😀 x"


def test_a_delta_that_splits_a_surrogate_pair_or_misses_the_shadow_is_refused() -> None:
    with pytest.raises(DeltaError):
        apply_delta("a😀b", "=2\t+x\t=2")  # lands between the two halves of 😀
    with pytest.raises(DeltaError):
        apply_delta("abc", "=2")  # covers 2 of 3 units
    with pytest.raises(DeltaError):
        apply_delta("abc", "=3\t-1")


@settings(deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_make_delta_then_apply_delta_round_trips(old: str, new: str) -> None:
    assert apply_delta(old, make_delta(old, new)) == new


# -- the merge --------------------------------------------------------------------------------

@settings(deadline=None)
@given(st.text(alphabet="ab é😀.", min_size=1, max_size=8), st.integers(1, 400),
       st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.text("ab😀x", max_size=3)),
                min_size=1, max_size=4))
def test_long_texts_diffed_in_their_changed_middle_round_trip(
        unit: str, repeat: int, changes: list[tuple[float, int, str]]) -> None:
    """Texts over TRIM_FROM characters: make_delta diffs only what lies between the common
    prefix and suffix, and the delta still makes exactly the new text (repetitive text, where
    prefix and suffix could overlap)."""
    old = unit * (diffsync.TRIM_FROM // len(unit) + repeat)
    assert len(old) > diffsync.TRIM_FROM
    new = old
    for where, removed, inserted in changes:
        at = int(where * len(new))
        new = new[:at] + inserted + new[at + removed:]
    assert apply_delta(old, make_delta(old, new)) == new
    prefix, suffix = textdiff.common_affixes(old, new)
    assert old[:prefix] == new[:prefix] and old[len(old) - suffix:] == new[len(new) - suffix:]
    assert prefix + suffix <= min(len(old), len(new))


def test_a_change_lands_where_it_was_made_when_nothing_else_changed() -> None:
    assert merge("The cat sat.", "The black cat sat.", "The cat sat.").text == \
        "The black cat sat."


def test_concurrent_changes_in_different_places_both_survive() -> None:
    result = merge("The cat sat.", "The black cat sat.", "The cat sat on the mat.")
    assert result.text == "The black cat sat on the mat." and result.conflicts == ()


def test_two_insertions_at_one_place_keep_both_the_earlier_first() -> None:
    assert merge("abcdef", "abcXdef", "abcYdef").text == "abcYXdef"


def test_the_same_word_typed_at_the_same_place_by_two_people_is_kept_twice() -> None:
    assert merge("To act.", "To act and.", "To act and.").text == "To act and and."


def test_a_deletion_never_removes_words_someone_else_inserted_meanwhile() -> None:
    assert merge("abc def ghi", "abc ghi", "abc dTef ghi").text == "abc Tghi"


def test_repetitive_resolution_language_a_hunk_is_not_applied_at_the_wrong_place() -> None:
    # the client edits the second "To request the Permanent Council"; meanwhile someone
    # deleted that whole sentence: the words go back to their author, not to sentence 1 or 3
    second = COUNCIL.index("report to")
    edited = COUNCIL[:second] + "urgently " + COUNCIL[second:]
    sentence = "To request the Permanent Council to report to the General Assembly. "
    current = COUNCIL.replace(sentence, "")
    result = merge(COUNCIL, edited, current)
    assert result.text == current
    assert [c.inserted for c in result.conflicts] == ["urgently "]
    assert "please re-apply" in result.conflicts[0].message


def test_the_library_defaults_would_apply_that_hunk_at_the_wrong_place() -> None:
    """Why MERGE is bounded: unbounded fuzzy matching moves the words to another sentence."""
    second = COUNCIL.index("report to")
    edited = COUNCIL[:second] + "urgently " + COUNCIL[second:]
    current = COUNCIL.replace("To request the Permanent Council to report to the General "
                              "Assembly. ", "")
    patched, applied = textdiff.apply_patch(textdiff.make_patch(COUNCIL, edited), current)
    assert applied == [True] and "urgently" in patched  # applied, somewhere it was not meant
    assert MERGE.match_distance < textdiff.DEFAULT.match_distance
    assert MERGE.match_threshold < textdiff.DEFAULT.match_threshold


def test_a_small_concurrent_change_near_a_hunk_is_absorbed_by_the_bounded_fuzz() -> None:
    base = "To request the Permanent Council to convene a meeting."
    edited = base.replace("convene a", "convene urgently a")
    current = base.replace("convene a meeting", "convene a special meeting").replace(
        "Council to convene", "Council to convene")
    assert merge(base, edited, current).text == \
        "To request the Permanent Council to convene urgently a special meeting."


def test_emoji_and_accents_survive_a_merge() -> None:
    base = "Año 😀 de la cooperación"
    result = merge(base, base.replace("😀", "😀🙂"), "¡" + base + "!")
    assert result.text == "¡Año 😀🙂 de la cooperación!"


@settings(deadline=None)
@given(st.integers(0, 10_000))
def test_random_concurrent_insertions_are_all_kept(seed: int) -> None:
    rng = random.Random(seed)
    base = "".join(rng.choice("abc de") for _ in range(rng.randint(0, 40)))
    def insert(text: str, word: str) -> str:
        at = rng.randint(0, len(text))
        return text[:at] + word + text[at:]
    mine, theirs = insert(base, "«M»"), insert(base, "«T»")
    result = merge(base, mine, theirs)
    assert "«M»" in result.text and "«T»" in result.text


# -- revisions and the server role ----------------------------------------------------------

def test_revisions_keep_recent_texts_and_refuse_evicted_ones() -> None:
    revisions = Revisions("v0", max_count=3)
    for n in range(1, 6):
        assert revisions.advance(f"v{n}") == n
    assert revisions.text(5) == "v5" and revisions.text(3) == "v3"
    with pytest.raises(UnknownRevision):
        revisions.text(2)


def test_receive_edits_replays_edits_already_merged_instead_of_merging_twice() -> None:
    base = "Hello"
    first = make_delta(base, "Hello!")
    second = make_delta("Hello!", "Hello!!")
    once = receive_edits(base, 0, [first], 0, "Hello")
    assert once.text == "Hello!" and once.applied == 1
    again = receive_edits(base, 0, [first, second], 1, once.text)  # reply was lost: resent
    assert again.text == "Hello!!" and again.applied == 2


def test_receive_edits_refuses_a_gap_and_a_delta_that_does_not_fit() -> None:
    with pytest.raises(OutOfOrder):
        receive_edits("abc", 3, ["=3"], 1, "abc")
    with pytest.raises(DeltaError):
        receive_edits("abc", 0, ["=5"], 0, "abc")


# -- the client role -------------------------------------------------------------------------

def test_local_hunk_never_splits_a_surrogate_pair() -> None:
    # 😀 and 😁 share their high surrogate; the hunk must take the whole character
    start, shadow_end, text_end = local_hunk("a😀b", "a😁b")
    assert (start, shadow_end, text_end) == (1, 3, 3)


def test_a_server_change_elsewhere_keeps_the_users_unsent_words() -> None:
    shadow, text = "Delegates 😀 agree on text", "Delegates 😀 fully agree on text"
    server = "Delegates 😀 agree on the text!"
    ops = rebase_ops(text, shadow, delta_ops(shadow, make_delta(shadow, server)))
    assert apply_ops(text, ops) == "Delegates 😀 fully agree on the text!"


def test_a_server_change_touching_unsent_words_is_left_to_the_server() -> None:
    paragraph = ClientParagraph.from_snapshot("p", "The Council agrees.", 3)
    paragraph.text = "The Council fully agrees."
    message = paragraph.outgoing()
    assert message == {"type": "edit", "p": "p", "m": 3, "n": 0,
                       "deltas": ["=12\t+fully \t=7"]}
    paragraph.text = "The Council fully and warmly agrees."  # typed while in flight
    ack = {"type": "ack", "p": "p", "n": 1, "m": 3, "r": 5,
           "delta": make_delta("The Council fully agrees.", "The Council fully agrees!")}
    ops = paragraph.on_ack(ack)
    assert ops == [(24 + len(" and warmly"), 1, "!")]  # elsewhere: shifted past the words
    assert paragraph.text == "The Council fully and warmly agrees!"
    # now a server change across the place of the unsent words: deferred, words kept
    patch = {"p": "p", "from": 5, "to": 6,
             "delta": make_delta("The Council fully agrees!", "The Council !")}
    assert paragraph.on_patch(patch) is None
    assert paragraph.text == "The Council fully and warmly agrees!" and paragraph.needs_sync


def test_a_stale_ack_is_ignored() -> None:
    paragraph = ClientParagraph.from_snapshot("p", "abc", 0)
    paragraph.text = "abcd"
    paragraph.outgoing()
    assert paragraph.on_ack({"n": 1, "m": 7, "r": 9, "delta": "=4"}) is None  # wrong base
    assert paragraph.in_flight
    assert paragraph.on_ack({"n": 1, "m": 0, "r": 1, "delta": "=4"}) == []
    assert (paragraph.m, paragraph.n, paragraph.in_flight) == (1, 1, False)


def test_module_docstring_example_holds() -> None:
    assert diffsync.make_delta("Delegates 🙂 agree", "Delegates 🙂 now agree") == \
        "=12\t+ now\t=6"


def test_a_hunk_that_cannot_be_placed_deletes_nothing_either() -> None:
    # the semantic clean-up makes one hunk of "delete ' all', insert ', urgently, all, ...'":
    # its place ("upon") was rewritten meanwhile, so it is a conflict; "all", which its author
    # kept, must stay in the text
    result = merge("Calls upon all States to act now.",
                   "Calls upon, urgently, all, without delay, States to act now.",
                   "Invites all States to act now.")
    assert result.text == "Invites all States to act now."
    assert [c.inserted for c in result.conflicts] == [", urgently, all, without delay,"]


def test_a_character_the_diff_aligns_inside_someone_elses_words_is_not_deleted_from_them() -> None:
    # both delete the final period; the other also types "(no. 3)" there, and the diff of
    # their change aligns the old period with the one in "no."
    result = merge("To convene a meeting.", "To convene a meeting",
                   "To convene a meeting (no. 3)")
    assert result.text == "To convene a meeting (no. 3)" and not result.conflicts


def test_the_welcome_count_takes_merged_edits_off_the_stack_and_keeps_the_rest() -> None:
    paragraph = ClientParagraph.from_snapshot("p", "The Council agrees.", 3, merged=5)
    assert paragraph.n == 5
    for words in ("The Council fully agrees.", "The Council fully agrees now.",
                  "The Council fully agrees now!"):
        paragraph.text = words
        paragraph.outgoing()  # edits 5, 6, 7: each sent, no ack ever came
        paragraph.on_disconnect()
    assert (paragraph.n, len(paragraph.stack)) == (5, 3)
    paragraph.text += " Unsent."
    # the server restarted: edits 5 and 6 were merged and committed, edit 7 was not
    paragraph.on_welcome("The Council fully agrees now.", 0, same_server=False, merged=7)
    message = paragraph.outgoing()
    assert message == {"type": "edit", "p": "p", "m": -1, "n": 7,
                       "base": "The Council fully agrees now.",
                       "deltas": ["=28\t-1\t+!", make_delta("The Council fully agrees now!",
                                                            "The Council fully agrees now! "
                                                            "Unsent.")]}


def test_the_welcome_count_numbers_new_edits_past_the_ones_merged() -> None:
    paragraph = ClientParagraph.from_snapshot("p", "abc", 4)  # a client that forgot its count
    paragraph.on_welcome("abc", 4, same_server=True, merged=3)
    paragraph.text = "abcd"
    assert paragraph.outgoing() == {"type": "edit", "p": "p", "m": 4, "n": 3,
                                    "deltas": ["=3\t+d"]}
    whole = ClientParagraph.from_snapshot("q", "abc", 4)
    whole.text = "abcd"
    whole.outgoing()
    whole.on_disconnect()
    whole.on_welcome("abcd", 5, same_server=True, merged=1)  # its edit is in the text
    assert not whole.pending and (whole.text, whole.m, whole.n) == ("abcd", 5, 1)
    assert whole.outgoing() is None


def test_after_a_restart_words_of_dropped_edits_missing_from_the_text_are_kept_as_conflicts(
        ) -> None:
    paragraph = ClientParagraph.from_snapshot("p", "The Council agrees.", 3)
    for words in ("The Council fully agrees.", "The Council fully agrees, in writing."):
        paragraph.text = words
        paragraph.outgoing()
        paragraph.on_disconnect()
    # both edits merged before the crash, but "in writing" came back as a conflict, which
    # the restarted server no longer knows; "fully" is in its text
    paragraph.on_welcome("The Council fully agrees.", 0, same_server=False, merged=2)
    assert [c["text"] for c in paragraph.conflicts] == [", in writing"]
    assert (paragraph.n, paragraph.stack, paragraph.m) == (2, [], 0)  # nothing left to send
    assert paragraph.text == "The Council fully agrees."  # the words wait in the conflict
    # the same server hands over its conflicts itself: nothing is guessed then
    again = ClientParagraph.from_snapshot("q", "abc", 0)
    again.text = "abcd"
    again.outgoing()
    again.on_disconnect()
    again.on_welcome("abc", 1, same_server=True, merged=1)
    assert again.conflicts == []
