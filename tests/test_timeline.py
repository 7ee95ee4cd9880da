"""A paragraph's path as a timeline (negotiation.timeline): each revision's stage holds the
edits that led to it, each with its delegation; live edits after the last revision last."""

from __future__ import annotations

from datetime import UTC, datetime

from negotiation.history import EventFact, PathStep, VersionFact, assemble_history
from negotiation.timeline import paragraph_timeline

T = datetime(2026, 5, 4, tzinfo=UTC)


def version(vid: str, seq: int, text: str, delegation: str) -> VersionFact:
    return VersionFact(vid, seq, text, "someone", delegation, T)


def test_edits_are_grouped_under_the_revision_they_led_to() -> None:
    versions = [version("v1", 1, "To [urge] states.", "Secretariat"),
                version("v2", 3, "To urge states.", "Venezuela"),
                version("v3", 4, "To urge all states.", "Belize"),
                version("v4", 7, "To urge all member states.", "Mexico")]
    events = [EventFact("bracket_event", "e1", 2, "resolved", "Chair", None, T,
                        bracket="[urge]")]
    history = assemble_history(versions, events)
    steps = [PathStep("Draft", T, "v1", "To [urge] states.", [], 1),
             PathStep("Rev.1", T, "v3", "To urge all states.", [], 0)]
    stages = paragraph_timeline(steps, history.entries, history.events_after)
    assert [s.revision for s in stages] == ["Draft", "Rev.1", "since Rev.1"]
    assert [[e.version.id for e in s.edits] for s in stages] == [["v1"], ["v2", "v3"], ["v4"]]
    assert stages[1].delegations == ["Venezuela", "Belize"]
    assert [e.action for e in stages[1].events] == ["resolved"]
    assert stages[2].step is None and stages[2].delegations == ["Mexico"]


def test_no_live_stage_without_live_edits() -> None:
    history = assemble_history([version("v1", 1, "Text.", "Secretariat")], [])
    stages = paragraph_timeline([PathStep("Draft", T, "v1", "Text.", [], 0)], history.entries,
                                history.events_after)
    assert [s.revision for s in stages] == ["Draft"]
