"""Versions over plain data: the hash chain, and a paragraph's history and path.

Nothing here touches a database: the store hands in plain facts and gets plain results back,
so every rule below is testable with a few literals.

The hash chain
--------------
Every change to a document is an *event* with a position ``seq`` (1, 2, 3, ...) in that
document's single ordered log: a paragraph version, a bracket event, a status change, a structural
change (insert, delete, move) or a named revision. Each event is hashed as::

    sha256( canonical_bytes(kind, fields) + b"\\n" + previous_hash )

where ``previous_hash`` is the hash of the document's previous event (``GENESIS`` for the first)
and ``canonical_bytes`` is compact JSON with sorted keys, UTF-8, times in UTC with microseconds.
A version's fields also carry ``parent_hash``, the hash of the version it was edited from, so a
version is chained both to its own paragraph's line and to the document's log. Example fields of
a version::

    {"id": "9f1c...", "document": "d3a1...", "paragraph": "op-3", "seq": 17,
     "text": "Urges [all] States ...", "author": "maria", "delegation": "Chile",
     "at": "2026-05-01T14:03:22.120000+00:00", "parent": "77aa...", "parent_hash": "5b0e...",
     "patch": "@@ -1,6 +1,12 @@ ..."}

Changing any stored field, deleting or reordering an event breaks every hash from there on;
``first_broken_link`` names the first event that no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from negotiation import textdiff
from negotiation.grammar import parse

GENESIS = "0" * 64  # the "previous hash" of a document's first event


# --------------------------------------------------------------------------- the hash chain


def canonical_time(at: datetime) -> str:
    """A time as hashed: UTC, ISO 8601 with microseconds. A naive time is read as UTC
    (SQLite hands timestamps back without their zone)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_bytes(kind: str, fields: dict[str, object]) -> bytes:
    """The exact bytes hashed for one event: compact, key-sorted JSON of ``kind`` + fields."""
    payload = {"kind": kind}
    for key, value in fields.items():
        payload[key] = canonical_time(value) if isinstance(value, datetime) else value
    return json.dumps(payload, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def event_hash(kind: str, fields: dict[str, object], previous_hash: str) -> str:
    """The hash of one event, chained to the document's previous event."""
    digest = hashlib.sha256(canonical_bytes(kind, fields))
    digest.update(b"\n" + previous_hash.encode("ascii"))
    return digest.hexdigest()


@dataclass(frozen=True)
class ChainLink:
    """One stored event as the verifier sees it: what was hashed, and the stored hashes."""

    kind: str  # "version" | "bracket_event" | "status_change" | "structure_change" | "revision"
    id: str
    seq: int
    fields: dict[str, object]
    previous_hash: str  # as stored
    hash: str  # as stored


@dataclass(frozen=True)
class BrokenLink:
    kind: str
    id: str
    seq: int
    reason: str

    def describe(self) -> str:
        return f"{self.kind.replace('_', ' ')} {self.id} (event {self.seq}): {self.reason}"


def first_broken_link(links: Iterable[ChainLink], expected_head: str | None = None
                      ) -> BrokenLink | None:
    """Walk one document's events in ``seq`` order and return the first that does not match.

    Checks, in this order for each event: the numbering has no gap (an event was not deleted),
    the stored previous hash is the previous event's hash (nothing was reordered or spliced in),
    and the recomputed hash equals the stored one (no field was changed). ``expected_head`` is the
    document's recorded last hash; a mismatch there means events were cut off the end.
    """
    previous, last = GENESIS, None
    for position, link in enumerate(sorted(links, key=lambda link: link.seq), start=1):
        if link.seq != position:
            return BrokenLink(link.kind, link.id, link.seq,
                              f"event {position} is missing (expected seq {position})")
        if link.previous_hash != previous:
            return BrokenLink(link.kind, link.id, link.seq,
                              "its previous hash is not the hash of the event before it")
        recomputed = event_hash(link.kind, link.fields, previous)
        if recomputed != link.hash:
            return BrokenLink(link.kind, link.id, link.seq,
                              "its stored hash does not match its contents")
        previous, last = link.hash, link
    if expected_head is not None and expected_head != previous:
        seq = last.seq if last else 0
        return BrokenLink("document", "head", seq,
                          "the document's last hash is not the hash of its last event "
                          "(events were removed from the end)")
    return None


# --------------------------------------------------------------------------- text differences


OP_NAMES = {"=": "equal", "+": "insert", "-": "delete"}


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A readable diff: [("equal" | "insert" | "delete", text)], in whole words
    (negotiation.textdiff.word_diff with its ops spelled out for templates and JSON)."""
    return [(OP_NAMES[op], text) for op, text in textdiff.word_diff(old, new)]


def make_patch(old: str, new: str) -> str:
    """The diff-match-patch patch text that turns ``old`` into ``new``."""
    return textdiff.make_patch(old, new)


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
    """Let recorded "raised" / "resolved" events name who introduced or resolved a bracket."""
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
            if event.action == "raised" and not life.introduced.explicit:
                result[index] = BracketLife(life.bracket, explicit, life.resolved)
                break
            if event.action == "resolved" and (life.resolved is None
                                               or not life.resolved.explicit):
                result[index] = BracketLife(life.bracket, life.introduced, explicit)
                break
    return result
