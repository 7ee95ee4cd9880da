"""A paragraph's history and path, assembled from plain facts.

Nothing here touches a database: the store hands in plain facts (versions, events, revisions)
and gets plain results back, so every rule below is testable with a few literals.

* ``assemble_history``: the versions of a paragraph in log order, each with its word diff
  against the previous one and the events (bracket, status, structure) recorded between them.
* ``assemble_path``: the paragraph's way through the named revisions, and the life of each of
  its brackets (who introduced it, who resolved it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from negotiation.grammar import parse
from negotiation.sync import textdiff

# --------------------------------------------------------------------------- text differences

OP_NAMES = {"=": "equal", "+": "insert", "-": "delete"}


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A readable diff: [("equal" | "insert" | "delete", text)], in whole words
    (negotiation.sync.textdiff.word_diff with its ops spelled out for templates and JSON)."""
    return [(OP_NAMES[op], text) for op, text in textdiff.word_diff(old, new)]


def render_diff(segments: Sequence[tuple[str, str]]) -> str:
    """A diff for a terminal: deletions as [-...-], insertions as {+...+}."""
    marks = {"equal": ("", ""), "insert": ("{+", "+}"), "delete": ("[-", "-]")}
    return "".join(marks[op][0] + text + marks[op][1] for op, text in segments)


# --------------------------------------------------------------------------- plain facts


@dataclass(frozen=True)
class VersionFact:
    """One stored version of a paragraph."""

    id: str
    seq: int
    text: str
    author: str
    delegation: str | None
    at: datetime


@dataclass(frozen=True)
class EventFact:
    """A bracket event, status change or structural change of one paragraph."""

    kind: str  # "bracket_event" | "status_change" | "structure_change"
    id: str
    seq: int
    action: str  # "raised", "resolved", ... | "open -> agreed" | "deleted", "moved", ...
    author: str
    delegation: str | None
    at: datetime
    bracket: str | None = None  # bracket events: the bracket as written, "[shall][should]"
    reason: str | None = None
    option: str | None = None  # bracket events: the wording added, tabled or kept ("": deleted)
    on_behalf_of: str | None = None  # bracket events: the group the author acted for, if any


@dataclass(frozen=True)
class RevisionFact:
    """A named snapshot: which version of each paragraph it holds."""

    name: str
    seq: int
    at: datetime
    author: str
    versions: dict[str, str]  # paragraph id -> version id


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryEntry:
    """One version in a history. Its diff and bracket count are computed when first read, so
    loading a long history costs only the rows; a page showing 20 versions diffs 20."""

    version: VersionFact
    previous_text: str | None  # the version before (None for the first)
    events_before: list[EventFact]  # events after the previous version, up to this one
    differ: Callable[[str, str], list[tuple[str, str]]] = field(
        default=word_diff, repr=False, compare=False)

    @cached_property
    def diff(self) -> list[tuple[str, str]]:
        """Against the previous version (all "insert" for the first)."""
        return self.differ(self.previous_text or "", self.version.text)

    @cached_property
    def brackets(self) -> int:
        """Open brackets in this version's text."""
        return bracket_count(self.version.text)


@dataclass(frozen=True)
class History:
    entries: list[HistoryEntry]
    events_after: list[EventFact]  # events after the last version


def bracket_count(text: str) -> int:
    return len(parse(text).brackets)


def assemble_history(versions: Sequence[VersionFact], events: Sequence[EventFact],
                     diff: Callable[[str, str], list[tuple[str, str]]] = word_diff) -> History:
    """Versions in log order, each with its diff against the previous one and the events that
    happened between them."""
    ordered = sorted(versions, key=lambda v: v.seq)
    pending = sorted(events, key=lambda e: e.seq)
    entries: list[HistoryEntry] = []
    previous_text, next_event = None, 0
    for version in ordered:
        first = next_event
        while next_event < len(pending) and pending[next_event].seq < version.seq:
            next_event += 1
        entries.append(HistoryEntry(version, previous_text, pending[first:next_event], diff))
        previous_text = version.text
    pending = pending[next_event:]
    return History(entries, pending)


# --------------------------------------------------------------------------- path


@dataclass(frozen=True)
class BracketMark:
    """Who introduced or resolved a bracket, and in which version and revision."""

    version_id: str | None
    author: str
    delegation: str | None
    at: datetime
    revision: str | None  # the first revision holding that version
    explicit: bool  # True when a recorded bracket event says so, False when inferred from text


@dataclass(frozen=True)
class BracketLife:
    bracket: str  # the bracket as written in the version that introduced it
    introduced: BracketMark
    resolved: BracketMark | None  # None while it is still open


@dataclass(frozen=True)
class PathStep:
    revision: str
    at: datetime
    version_id: str | None  # None: the paragraph is not in this revision (not yet, or dropped)
    text: str | None
    diff: list[tuple[str, str]]  # against the previous step that held the paragraph
    brackets: int


@dataclass(frozen=True)
class Path:
    steps: list[PathStep]
    brackets: list[BracketLife]
    final_text: str | None  # the latest version's wording


def bracket_texts(text: str) -> list[str]:
    """Every open bracket of a text as written (nested ones too), e.g. "[shall][should]"."""
    return [text[b.start:b.end] for b in parse(text).brackets]


def assemble_path(versions: Sequence[VersionFact], revisions: Sequence[RevisionFact],
                  events: Sequence[EventFact], paragraph_id: str,
                  diff: Callable[[str, str], list[tuple[str, str]]] = word_diff) -> Path:
    """A paragraph's way through the revisions, and the life of each of its brackets.

    A bracket is known by its text as written. It is *introduced* by the first version holding
    it that the previous version did not, and *resolved* by the version where it disappears —
    unless a recorded bracket event ("raised" / "resolved") for the same bracket text says who
    did it, which then wins.
    """
    ordered = sorted(versions, key=lambda v: v.seq)
    by_id = {v.id: v for v in ordered}
    ordered_revisions = sorted(revisions, key=lambda r: r.seq)

    steps: list[PathStep] = []
    previous_text = ""
    for revision in ordered_revisions:
        version = by_id.get(revision.versions.get(paragraph_id, ""))
        if version is None:
            steps.append(PathStep(revision.name, revision.at, None, None, [], 0))
            continue
        steps.append(PathStep(revision.name, revision.at, version.id, version.text,
                              diff(previous_text, version.text), bracket_count(version.text)))
        previous_text = version.text

    def revision_of(version: VersionFact) -> str | None:
        for revision in ordered_revisions:
            held = by_id.get(revision.versions.get(paragraph_id, ""))
            if held is not None and held.seq >= version.seq:
                return revision.name
        return None

    def mark(version: VersionFact) -> BracketMark:
        return BracketMark(version.id, version.author, version.delegation, version.at,
                           revision_of(version), explicit=False)

    lives = _bracket_lives(ordered, mark)
    lives = _apply_bracket_events(lives, events, ordered, revision_of)
    return Path(steps, lives, ordered[-1].text if ordered else None)


def _bracket_lives(ordered: Sequence[VersionFact],
                   mark: Callable[[VersionFact], BracketMark]) -> list[BracketLife]:
    open_lives: dict[str, list[list]] = {}  # bracket text -> [[text, introduced], ...] (a stack)
    previous: Counter[str] = Counter()
    order: list[list] = []
    for version in ordered:
        current = Counter(bracket_texts(version.text))
        for text, count in (current - previous).items():
            for _ in range(count):
                life = [text, mark(version), None]
                open_lives.setdefault(text, []).append(life)
                order.append(life)
        for text, count in (previous - current).items():
            for _ in range(count):
                life = open_lives[text].pop()
                life[2] = mark(version)
        previous = current
    return [BracketLife(*life) for life in order]


def _apply_bracket_events(lives: list[BracketLife], events: Sequence[EventFact],
                          ordered: Sequence[VersionFact],
                          revision_of: Callable[[VersionFact], str | None]) -> list[BracketLife]:
    """Let recorded "raised" (or "typed") / "resolved" events name who introduced or resolved a
    bracket."""
    result = list(lives)
    for event in sorted(events, key=lambda e: e.seq):
        if event.kind != "bracket_event" or event.bracket is None:
            continue
        nearest = next((v for v in ordered if v.seq >= event.seq), None)
        explicit = BracketMark(nearest.id if nearest else None, event.author, event.delegation,
                               event.at, revision_of(nearest) if nearest else None, explicit=True)
        for index, life in enumerate(result):
            if life.bracket != event.bracket:
                continue
            if event.action in ("raised", "typed") and not life.introduced.explicit:
                result[index] = BracketLife(life.bracket, explicit, life.resolved)
                break
            if event.action == "resolved" and (life.resolved is None
                                               or not life.resolved.explicit):
                result[index] = BracketLife(life.bracket, life.introduced, explicit)
                break
    return result
