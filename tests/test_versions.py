"""negotiation.versions over plain data: the hash chain, history and path assembly."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

from negotiation.versions import (
    GENESIS,
    ChainLink,
    EventFact,
    RevisionFact,
    VersionFact,
    assemble_history,
    assemble_path,
    bracket_texts,
    canonical_bytes,
    canonical_time,
    event_hash,
    first_broken_link,
    render_diff,
    word_diff,
)

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def t(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --------------------------------------------------------------------------- the chain


def test_canonical_bytes_are_compact_sorted_json_with_utc_times() -> None:
    paris = timezone(timedelta(hours=2))
    fields = {"text": "Urge [all] États", "at": datetime(2026, 5, 4, 11, 0, tzinfo=paris),
              "author": "maria"}
    assert canonical_bytes("version", fields) == (
        '{"at":"2026-05-04T09:00:00.000000+00:00","author":"maria","kind":"version",'
        '"text":"Urge [all] États"}').encode()


def test_a_naive_time_is_read_as_utc() -> None:
    assert canonical_time(datetime(2026, 5, 4, 9, 0)) == canonical_time(T0)


def test_event_hash_is_sha256_of_the_bytes_and_the_previous_hash() -> None:
    fields = {"id": "v1", "text": "x"}
    expected = hashlib.sha256(canonical_bytes("version", fields) + b"\n" + GENESIS.encode())
    assert event_hash("version", fields, GENESIS) == expected.hexdigest()
    assert event_hash("version", fields, "1" * 64) != expected.hexdigest()


def chain(n: int) -> list[ChainLink]:
    links, previous = [], GENESIS
    for seq in range(1, n + 1):
        fields = {"id": f"e{seq}", "seq": seq, "text": f"text {seq}"}
        digest = event_hash("version", fields, previous)
        links.append(ChainLink("version", f"e{seq}", seq, fields, previous, digest))
        previous = digest
    return links


def test_an_intact_chain_verifies_in_any_order() -> None:
    links = chain(5)
    assert first_broken_link(reversed(links), expected_head=links[-1].hash) is None


def test_a_changed_field_names_that_event() -> None:
    links = chain(5)
    links[2] = ChainLink("version", "e3", 3, {**links[2].fields, "text": "forged"},
                         links[2].previous_hash, links[2].hash)
    broken = first_broken_link(links)
    assert (broken.id, broken.seq) == ("e3", 3)
    assert "stored hash does not match its contents" in broken.describe()


def test_a_rehashed_forgery_breaks_the_next_link() -> None:
    links = chain(5)
    forged = {**links[1].fields, "text": "forged"}
    links[1] = ChainLink("version", "e2", 2, forged, links[1].previous_hash,
                         event_hash("version", forged, links[1].previous_hash))
    broken = first_broken_link(links)
    assert broken.id == "e3"
    assert "previous hash" in broken.reason


def test_a_deleted_event_is_a_gap() -> None:
    links = chain(5)
    del links[1]
    broken = first_broken_link(links)
    assert broken.id == "e3" and "event 2 is missing" in broken.reason


def test_events_cut_off_the_end_are_seen_through_the_head() -> None:
    links = chain(5)
    assert first_broken_link(links[:3], expected_head=links[-1].hash).reason.startswith(
        "the document's last hash")


# --------------------------------------------------------------------------- diffs


def test_word_diff_spells_ops_out_and_keeps_whole_words() -> None:
    diff = word_diff("To urge [all] States", "To urge States")
    assert diff == [("equal", "To urge "), ("delete", "[all] "), ("equal", "States")]
    assert render_diff(diff) == "To urge [-[all] -]States"


# --------------------------------------------------------------------------- history


def v(vid: str, seq: int, text: str, author: str = "maria", delegation: str | None = "Chile"
      ) -> VersionFact:
    return VersionFact(vid, seq, text, author, delegation, t(seq))


def test_history_puts_events_between_the_versions_they_happened_between() -> None:
    versions = [v("v1", 1, "To urge [all] States"), v("v3", 3, "To urge States", "ana", "Peru")]
    events = [EventFact("bracket_event", "b2", 2, "resolved", "chair", None, t(2),
                        bracket="[all]"),
              EventFact("status_change", "s4", 4, "open -> agreed", "chair", None, t(4))]
    history = assemble_history(versions, events)
    assert [e.version.id for e in history.entries] == ["v1", "v3"]
    assert history.entries[0].diff == [("insert", "To urge [all] States")]
    assert [e.id for e in history.entries[1].events_before] == ["b2"]
    assert [e.id for e in history.events_after] == ["s4"]
    assert [e.brackets for e in history.entries] == [1, 0]


# --------------------------------------------------------------------------- path


def test_bracket_texts_lists_nested_brackets_too() -> None:
    assert bracket_texts("a [[x] y] and [shall][should]") == [
        "[[x] y]", "[x]", "[shall][should]"]


def test_path_infers_who_introduced_and_who_resolved_each_bracket() -> None:
    versions = [v("v1", 1, "Urge States", "sec", None),
                v("v2", 2, "Urge [all] States [shall][should] act", "maria", "Chile"),
                v("v3", 3, "Urge all States [shall][should] act", "ana", "Peru"),
                v("v4", 5, "Urge all States to act", "chair", None)]
    revisions = [RevisionFact("Draft", 1, t(1), "sec", {"p": "v1"}),
                 RevisionFact("Rev.1", 4, t(4), "sec", {"p": "v3"}),
                 RevisionFact("Adopted", 6, t(6), "sec", {"p": "v4"})]
    path = assemble_path(versions, revisions, [], "p")
    assert [(s.revision, s.brackets) for s in path.steps] == [
        ("Draft", 0), ("Rev.1", 1), ("Adopted", 0)]
    assert path.steps[2].diff == [("equal", "Urge all States "),
                                  ("delete", "[shall][should]"), ("insert", "to"),
                                  ("equal", " act")]
    lives = {life.bracket: life for life in path.brackets}
    assert lives["[all]"].introduced.author == "maria"
    assert lives["[all]"].introduced.revision == "Rev.1"
    assert (lives["[all]"].resolved.author, lives["[all]"].resolved.delegation) == ("ana",
                                                                                   "Peru")
    assert lives["[shall][should]"].resolved.author == "chair"
    assert lives["[shall][should]"].resolved.revision == "Adopted"
    assert not lives["[all]"].resolved.explicit
    assert path.final_text == "Urge all States to act"


def test_a_recorded_bracket_event_wins_over_the_inference() -> None:
    versions = [v("v1", 1, "Urge [all] States", "sec", None),
                v("v3", 3, "Urge all States", "clerk", None)]
    events = [EventFact("bracket_event", "b2", 2, "resolved", "chair", "Chile", t(2),
                        bracket="[all]", reason="consensus in the working group")]
    revisions = [RevisionFact("Draft", 1, t(1), "sec", {"p": "v1"})]
    [life] = assemble_path(versions, revisions, events, "p").brackets
    assert (life.resolved.author, life.resolved.explicit) == ("chair", True)
    assert life.resolved.version_id == "v3"
    assert life.introduced.author == "sec"


def test_a_bracket_still_open_has_no_resolution_and_absent_revisions_show_as_such() -> None:
    versions = [v("v2", 2, "Urge [all] States")]
    revisions = [RevisionFact("Draft", 1, t(1), "sec", {}),
                 RevisionFact("Rev.1", 3, t(3), "sec", {"p": "v2"})]
    path = assemble_path(versions, revisions, [], "p")
    assert [s.version_id for s in path.steps] == [None, "v2"]
    assert path.brackets[0].resolved is None
