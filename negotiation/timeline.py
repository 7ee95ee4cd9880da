"""A paragraph's path as a timeline: the revisions it went through, and between each two the
edits that made the difference, each with its own word diff and its author's delegation, with
the bracket events and status changes recorded among them.

``paragraph_timeline(steps, entries, events_after)`` takes the path's steps (one per revision,
negotiation.history.PathStep) and the paragraph's history (its versions in order, each with the
events before it); it returns one ``Stage`` per revision, and a last stage "since <last
revision>" for the live edits made after the last revision (omitted when there are none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from negotiation.history import EventFact, HistoryEntry, PathStep

LIVE = "since"


@dataclass
class Stage:
    revision: str  # "Draft", "Rev.1", or "since Rev.2" for the live edits after the last
    step: PathStep | None  # None for the live stage
    edits: list[HistoryEntry] = field(default_factory=list)  # versions leading to this stage
    events: list[EventFact] = field(default_factory=list)  # bracket and status events

    @property
    def delegations(self) -> list[str]:
        """Who made this stage's edits: delegations (or authors), each once, in order."""
        seen: list[str] = []
        for entry in self.edits:
            who = entry.version.delegation or entry.version.author
            if who not in seen:
                seen.append(who)
        return seen


def paragraph_timeline(steps: Sequence[PathStep], entries: Sequence[HistoryEntry],
                       events_after: Sequence[EventFact]) -> list[Stage]:
    seq_of = {entry.version.id: entry.version.seq for entry in entries}
    stages = [Stage(step.revision, step) for step in steps]
    bounds = [seq_of.get(step.version_id or "", -1) for step in steps]
    live = Stage(f"{LIVE} {steps[-1].revision}" if steps else "edits", None)
    for entry in entries:
        stage = next((stages[i] for i, bound in enumerate(bounds)
                      if bound >= entry.version.seq), live)
        stage.edits.append(entry)
        stage.events.extend(entry.events_before)
    live.events.extend(events_after)
    return stages + ([live] if live.edits or live.events else [])
