"""The room's attribution (server/live/attribution.py) and its pure helpers: the op of a merged
edit, blame spans, replay of a stored weave."""

from __future__ import annotations

import asyncio
import itertools

from hypothesis import given
from hypothesis import strategies as st
from test_rooms import FailingOnceStore, MemoryPeer, edit, settle
from test_rooms import document as document  # the fixture, re-exported

from negotiation.author import Author
from negotiation.authorship import Weave
from negotiation.blame import blame_spans
from negotiation.edit_ops import op_between
from negotiation.weave_replay import replay, versioned_only, with_working_text
from server.channel import InProcessFanout
from server.live.attribution import LiveAttribution
from server.live.registry import RoomRegistry
from server.store import StoredWeave

VEN = Author("ana", "Venezuela")
BEL = Author("li", "Belize")
CHAIR = Author("secretariat")


def ids() -> itertools.count:
    return itertools.count(1)


def live(text: str) -> LiveAttribution:
    counter = ids()
    authors = LiveAttribution(new_id=lambda: f"v{next(counter)}")
    authors.load({"p": StoredWeave(Weave.from_text(text, CHAIR, "v0"), "v0")}, {"p": text})
    return authors


def test_op_between_is_a_minimal_diff_in_code_points() -> None:
    assert op_between("Urges States", "Urges all States") == [6, "all ", 6]
    assert op_between("a😀b", "a😀🌍b") == [2, "🌍", 1]
    weave = Weave.from_text("shall act", CHAIR, "v0")
    weave.apply(op_between("shall act", "should act"), VEN)
    assert weave.text == "should act"
    assert [s.text for s in blame_spans(weave) if s.author == VEN] == ["ould"]
    assert op_between("same", "same") == [4] and op_between("", "") == []


@given(st.text("ab c😀", max_size=30), st.text("ab c😀", max_size=30))
def test_op_between_gives_the_new_text_and_credits_no_untouched_character(
        before: str, after: str) -> None:
    weave = Weave.from_text(before, CHAIR, "v0")
    weave.apply(op_between(before, after), VEN)
    assert weave.text == after
    credited = sum(s.end_cp - s.start_cp for s in blame_spans(weave) if s.author == VEN)
    assert credited == len(after) - sum(
        n for n in (c for c in op_between(before, after) if isinstance(c, int)) if n > 0)


def test_a_deletion_of_someones_pending_words_is_sealed_once_they_stop_typing() -> None:
    authors = live("To act.")
    authors.merged("p", "To act.", "To act jointly.", BEL)
    authors.merged("p", "To act jointly.", "To act.", VEN)  # Venezuela deletes it
    # Venezuela's burst ends while Belize types on: nothing of hers can be sealed yet
    assert authors.burst_ended("p", VEN, still_typing=[BEL]) == 0
    # Belize's burst ends: her version, then Venezuela's deletion (she stopped typing)
    assert authors.burst_ended("p", BEL) == 2
    _, versions = authors.take({}, lambda pid: "To act.")
    assert [(v.author, v.text) for v in versions] == [("li", "To act jointly."),
                                                       ("ana", "To act.")]


def test_an_edit_is_never_stopped_by_an_attribution_that_drifted() -> None:
    authors = live("To act.")
    authors.merged("p", "To act now.", "To act now!", BEL)  # not the text the weave holds
    assert authors.weave("p").text == "To act now!"
    assert [s.text for s in blame_spans(authors.weave("p")) if s.author == BEL] == [" now!"]


def test_take_hands_every_changed_weave_to_the_commit_and_restore_sends_it_again() -> None:
    authors = live("To act.")
    authors.merged("p", "To act.", "To act now.", VEN)
    authors.burst_ended("p", VEN)
    edits, versions = authors.take({}, lambda pid: "To act now.")
    assert [v.version_id for v in versions] == ["v1"]
    edit_p = edits["p"].resolved()  # as the store's writer writes it out
    assert (edit_p.text, edit_p.author, edit_p.weave_version) == ("To act now.", "ana", "v1")
    assert Weave.from_json(edit_p.weave).text == "To act now."
    assert not authors.waiting
    authors.restore(edits)  # the commit failed: the weave goes again with the next one
    again, _ = authors.take({}, lambda pid: "To act now.")
    assert again["p"].resolved().weave == edit_p.weave


def test_a_reload_reads_the_weave_again_and_keeps_the_rooms_words_on_top() -> None:
    authors = live("To act.")
    authors.merged("p", "To act.", "To act now.", VEN)
    authors.burst_ended("p", VEN)  # sealed, not committed when the revision arrives
    revised = Weave.from_text("To act.", CHAIR, "v0")
    revised.set_text("We act.", CHAIR, "r1")  # the secretariat's revision
    authors.rebase({"p": StoredWeave(revised, "r1")}, {"p": "We act."}, {"p": "We act now."},
                   {"p"})
    _, versions = authors.take({}, lambda pid: "We act now.")
    assert versions == []  # made on the replaced text: dropped
    assert [(s.text, s.author, s.version_id) for s in blame_spans(authors.weave("p"))] == [
        ("We", CHAIR, "r1"), (" act", CHAIR, "v0"), (" now", VEN, None), (".", CHAIR, "v0")]


def test_blame_spans_replay_and_the_working_text() -> None:
    weave = Weave.from_text("Año 😀", CHAIR, "v0")
    weave.apply([5, " paz"], VEN)
    spans = blame_spans(weave)
    assert [(s.start, s.end, s.start_cp, s.end_cp, s.version_id) for s in spans] == [
        (0, 6, 0, 5, "v0"), (6, 10, 5, 9, None)]
    assert versioned_only(weave).text == "Año 😀"
    replayed = replay(weave, [("v1", "Año 😀 de paz", BEL)])
    assert [(s.text, s.author) for s in blame_spans(replayed)] == [
        ("Año 😀", CHAIR), (" de paz", BEL)]
    assert replay(None, [("v0", "x", CHAIR)]).text == "x"
    ahead = with_working_text(replayed, "Año 😀 de paz.", VEN)
    assert blame_spans(ahead)[-1].text == "." and replayed.text == "Año 😀 de paz"


def test_a_failed_commit_keeps_the_sealed_versions_for_the_next_one(document) -> None:
    store, document_id, pids = document
    old = "To request the Permanent Council to act."

    async def scenario() -> None:
        rooms = RoomRegistry(FailingOnceStore(store), InProcessFanout(), coalesce_pause=0.05)
        ana = MemoryPeer("Ana")
        room, _ = await rooms.join(document_id, ana)
        await room.handle(ana, edit(pids[0], 0, 0, old, old + " Now."))
        for _ in range(300):
            if ana.of("ack"):
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)
        await settle(room)
        await rooms.aclose()

    asyncio.run(scenario())
    history = store.paragraph_history(document_id, pids[0]).entries
    assert [e.version.text for e in history] == [old, old + " Now."]
    spans = store.paragraph_attribution(document_id, pids[0]).spans
    assert [(s.text, s.author.name) for s in spans] == [(old, "secretariat"), (" Now.", "Ana")]


def test_a_commit_carries_the_edits_since_the_stored_weave_and_the_whole_weave_after_a_seal(
        ) -> None:
    from negotiation.weave_edits import SNAPSHOT_EDITS, apply_edits, read_edits
    from negotiation.weave_replay import sealed_digest

    authors = live("We act.")
    stored = Weave.from_text("We act.", CHAIR, "v0")
    authors.merged("p", "We act.", "We all act.", VEN)
    authors.merged("p", "We all act.", "We all act now.", BEL)
    edits, versions = authors.take({}, lambda pid: "We all act now.")
    first = edits["p"]
    assert (first.weave, versions) == (None, [])  # no whole weave: only the edits since
    played = apply_edits(stored, read_edits(first.weave_edits))
    assert played == authors.weave("p")  # exact, both people's pending words included
    authors.merged("p", "We all act now.", "We all act now!", VEN)
    again, _ = authors.take({}, lambda pid: "We all act now!")
    assert apply_edits(stored, read_edits(again["p"].weave_edits)) == authors.weave("p")

    assert authors.burst_ended("p", VEN, still_typing=[BEL]) == 1
    edits, (sealed,) = authors.take({}, lambda pid: "We all act now!")
    # the whole weave and the digest are written out by the store's writer (``resolved``)
    assert edits["p"].weave is None and sealed.weave is None
    edits["p"], sealed = edits["p"].resolved(), sealed.resolved()
    assert edits["p"].weave == authors.weave("p").to_json() and edits["p"].weave_edits is None
    assert edits["p"].weave_version == sealed.version_id == "v1"
    assert sealed.weave == sealed_digest(authors.weave("p"))
    # words typed after the seal change the edits since, never the sealed digest
    authors.merged("p", "We all act now!", "We all act right now!", BEL)
    assert sealed_digest(authors.weave("p")) == sealed.weave

    for _ in range(SNAPSHOT_EDITS):  # many edits: the whole weave again, at last
        text = authors.weave("p").text
        authors.merged("p", text, text + "x", BEL)
    edits, _ = authors.take({}, lambda pid: authors.weave("p").text)
    assert edits["p"].resolved().weave == authors.weave("p").to_json()
    assert edits["p"].weave_version == "v1"


def test_after_a_seal_the_commit_carries_the_weave_as_sealed_and_the_edits_since() -> None:
    """One snapshot serves the sealed version's digest and the stored weave: words typed
    between the seal and the commit go as edits on top of it, and the weave read back is
    still exactly the room's."""
    import hashlib

    from negotiation.weave_edits import apply_edits, read_edits
    from negotiation.weave_replay import sealed_digest

    authors = live("We act.")
    authors.merged("p", "We act.", "We all act.", VEN)
    assert authors.burst_ended("p", VEN) == 1
    as_sealed = authors.weave("p").copy()
    authors.merged("p", "We all act.", "We all act now.", BEL)  # before the commit
    edits, (sealed,) = authors.take({}, lambda pid: "We all act now.")
    edit, sealed = edits["p"].resolved(), sealed.resolved()
    assert edit.weave == as_sealed.to_json() and edit.weave_version == sealed.version_id
    assert apply_edits(Weave.from_json(edit.weave), read_edits(edit.weave_edits)) \
        == authors.weave("p")
    # nothing was pending at the seal: the digest is the hash of that same JSON
    assert sealed.weave == sealed_digest(as_sealed) \
        == hashlib.sha256(edit.weave.encode()).hexdigest()
    # the next commit carries the edits since the stored weave, not the whole weave again
    authors.merged("p", "We all act now.", "We all act now!", BEL)
    edits, _ = authors.take({}, lambda pid: "We all act now!")
    assert edits["p"].weave_snapshot is None
    assert apply_edits(as_sealed, read_edits(edits["p"].weave_edits)) == authors.weave("p")


def test_a_seal_while_others_have_pending_words_still_gives_the_versioned_digest() -> None:
    from negotiation.weave_replay import sealed_digest

    authors = live("We act.")
    authors.merged("p", "We act.", "We all act.", VEN)
    authors.merged("p", "We all act.", "We all act now.", BEL)
    assert authors.burst_ended("p", VEN, still_typing=[BEL]) == 1
    as_sealed = authors.weave("p").copy()
    edits, (sealed,) = authors.take({}, lambda pid: "We all act now.")
    assert sealed.resolved().weave == sealed_digest(as_sealed) != as_sealed.digest()
    assert edits["p"].resolved().weave == as_sealed.to_json()


def test_a_failed_commit_sends_the_whole_weave_again() -> None:
    authors = live("We act.")
    authors.merged("p", "We act.", "We all act.", VEN)
    authors.burst_ended("p", VEN)
    failed, _ = authors.take({}, lambda pid: "We all act.")
    authors.merged("p", "We all act.", "We all act now.", BEL)
    authors.restore(failed)
    edits, _ = authors.take(failed, lambda pid: "We all act now.")
    assert edits["p"].resolved().weave == authors.weave("p").to_json()
