"""negotiation.history over plain data: word diffs, history and path assembly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from negotiation.history import (
    EventFact,
    RevisionFact,
    VersionFact,
    assemble_history,
    assemble_path,
    bracket_texts,
    render_diff,
    word_diff,
)

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def t(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


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
