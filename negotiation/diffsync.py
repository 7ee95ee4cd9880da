r"""Differential synchronisation of paragraph texts (after Neil Fraser, 2009), pure.

Every paragraph is synchronised on its own. Each side keeps, per client and paragraph, a
*shadow*: the text both sides last agreed on. Edits travel as deltas from the shadow, tagged
with version numbers, and are merged into the live text by a three-way merge; nothing here
does I/O (server/rooms.py drives the server role, tests/sync_client.py and static/sync.js the
client role).

Data, once, with an example
---------------------------
* **revision** ``r``: the server's paragraph text gets a new integer revision each time it
  changes (``Revisions`` keeps the recent ones). A client's shadow starts as the text of one
  revision ``m`` -- Fraser's server version, shared by every client at that revision, so one
  diff serves them all.
* **edit number** ``n``: Fraser's client version: the client numbers its edits of a paragraph
  0, 1, 2, ...; the server remembers, per client and paragraph, how many it has merged
  (``applied``), so an edit sent twice (after a lost reply or a reconnect) is merged once.
* **edit stack**: the client's unacknowledged deltas, each from the shadow the previous one
  produced, all starting from revision ``m``. Sent as a whole until acknowledged.
* **delta** (the wire form, diff-match-patch's ``diff_toDelta``): tab-separated, ``=n`` keep,
  ``-n`` delete, ``+text`` insert (text %-escaped as JavaScript's ``encodeURI`` does, spaces
  kept). **Counts are UTF-16 code units**, JavaScript's string length, on both sides::

      shadow "Delegates 🙂 agree"      edited "Delegates 🙂 now agree"
      delta  "=12\t+ now\t=6"           ("Delegates " 10 + "🙂" 2 = 12 units, then " now")

  Python counts code points; ``negotiation.textdiff.delta``/``apply_delta`` convert, so a
  delta that splits a surrogate pair or does not cover its shadow exactly is refused
  (``DeltaError``), never half-applied.

The backup shadow
-----------------
Fraser's server keeps a backup shadow for a reply the client never received. Here the
backup is every recent revision: a client names the revision its stack starts from, and the
server rebuilds the client's shadow from ``Revisions.text(m)`` plus the stack. A client whose
revision is no longer kept (or who reconnects to a restarted server) resends its base text
itself (``base`` in the edit message); the merge is the same.

The merge (``merge``)
---------------------
``merge(base, edited, current)``: the client changed ``base`` into ``edited`` while the
server text moved from ``base`` to ``current``. Each hunk of the client's change (a run of
deleted and/or inserted text) is placed by mapping its position through the server's own
change, so repeated resolution language cannot attract it elsewhere:

* a hunk is applied at its mapped place: it deletes only those of its characters that are
  still there (never words someone else inserted meanwhile) and inserts its words;
* a hunk with words to insert next to a character someone else deleted meanwhile (its place
  is no longer certain: the deleted passage may have been one of several alike) goes to
  diff-match-patch's fuzzy patch application instead, as a pure insertion found by its
  context, but only inside a window of ``MERGE.match_distance`` characters around its mapped
  place and with ``MERGE.match_threshold`` (tunables below);
* a hunk that still cannot be placed is NEVER dropped silently: it is returned as a
  ``Conflict`` naming the words, for the room to send to its author (who keeps them), and
  nothing of it is applied, its deletion neither: a hunk may delete and type again words it
  kept, other people's among them (the diff's clean-up joins nearby edits into one hunk, and
  so does a diff cut short by its timeout), and those words must stay in the text.

The server's change ``base -> current`` is diffed with "efficiency" clean-up: fine-grained
enough to map positions precisely, without the semantic clean-up that turns small kept
pieces into delete+insert pairs (which would make more hunks look uncertain). Only a kept
piece of one or two characters between two insertions is taken as deleted and typed again
(``_without_coincidences``): it is a coincidence of the diff, such as the period of
"meeting." aligned with a period inside words typed in its place.

Tunables (``MERGE``, a ``textdiff.DiffSettings``)
--------------------------------------------------
* ``patch_margin`` = 8 characters of context around a fuzzy hunk (1..16).
* ``match_threshold`` = 0.3 (0..1): a hunk's context may differ by under a third where it is
  applied; 0.5 (the library default) lets "... Council to X." match "... Council to Y.".
* ``match_distance`` = 32 characters: the search window each side of the mapped place; the
  library default (1000) reaches the next "To request the Permanent Council" in an OAS text.
* ``timeout`` = 0.005 s per diff: bounds the work of one edit on the event loop (the C++
  ``fast_diff_match_patch`` is used through ``textdiff``); a timed-out diff is still correct,
  only less minimal.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import quote

from negotiation import textdiff
from negotiation.textdiff import DELETE, EQUAL, INSERT, DiffSettings, PatchError

TRIM_FROM = 1000  # characters: make_delta diffs only the changed middle of longer texts
MERGE = DiffSettings(timeout=0.005, match_threshold=0.3, match_distance=32, patch_margin=8)
"""The merge's diff-match-patch tunables (see the module docstring for units and why)."""


class DeltaError(ValueError):
    """A delta that cannot be read or does not fit the shadow it claims to start from."""


class OutOfOrder(ValueError):
    """An edit numbered past the ones the server has: an edit in between was never sent."""


class UnknownRevision(LookupError):
    """The client's base revision is no longer kept: it must resend its base text."""


# -- units ---------------------------------------------------------------------------------

def utf16_length(text: str) -> int:
    """JavaScript's ``text.length``: code points beyond U+FFFF count twice."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def apply_delta(shadow: str, delta: str) -> str:
    """The text ``delta`` makes of ``shadow`` exactly; ``DeltaError`` when it does not fit."""
    return textdiff.new_text(delta_diff(shadow, delta))


def delta_diff(shadow: str, delta: str) -> textdiff.Diff:
    """The change ``delta`` makes to ``shadow``, as a diff; ``DeltaError`` when it does not
    fit."""
    if not delta:
        if shadow:
            raise DeltaError(f"empty delta for a shadow of {utf16_length(shadow)} units")
        return []
    try:
        return textdiff.delta_diff(shadow, delta)
    except (PatchError, ValueError, IndexError, UnicodeError) as error:
        raise DeltaError(str(error)) from None


_URI_SAFE = "!~*'();/?:@&=+$,# "  # what JavaScript's encodeURI leaves alone (and a space)


def make_delta(old: str, new: str) -> str:
    """The delta (UTF-16 counts) that turns exactly ``old`` into ``new``.

    The same text as ``textdiff.delta`` (diff-match-patch's ``diff_toDelta``), written here
    from the C++ diff because the pure-Python writer takes ~16 ms on a 100 KB paragraph."""
    if old == new:
        return f"={utf16_length(old)}" if old else ""
    prefix = suffix = 0
    if min(len(old), len(new)) > TRIM_FROM:  # only the changed middle goes to the diff
        prefix, suffix = textdiff.common_affixes(old, new)
    tokens = [f"={utf16_length(old[:prefix])}"] if prefix else []
    for op, text in textdiff.diff(old[prefix:len(old) - suffix], new[prefix:len(new) - suffix],
                                  settings=MERGE):
        if op == INSERT:
            tokens.append("+" + quote(text, safe=_URI_SAFE))
        else:
            tokens.append(f"{op}{utf16_length(text)}")
    if suffix:
        tokens.append(f"={utf16_length(old[len(old) - suffix:])}")
    return "\t".join(tokens)


def delta_ops(shadow: str, delta: str) -> list[tuple[int, int, str]]:
    """A delta as editor operations ``(position, deleted, inserted)`` in UTF-16 units of
    ``shadow``, ascending; what the browser receives as ``ops`` (``"=4\t-1\t+h"`` on
    "The cat" gives ``[(4, 1, "h")]``)."""
    from urllib.parse import unquote

    ops: list[tuple[int, int, str]] = []
    position = 0
    for token in delta.split("\t") if delta else []:
        kind, rest = token[:1], token[1:]
        if kind == "=":
            position += int(rest)
        elif kind == "-":
            if ops and ops[-1][0] + ops[-1][1] == position and not ops[-1][2]:
                start, deleted, _ = ops.pop()
                ops.append((start, deleted + int(rest), ""))
            else:
                ops.append((position, int(rest), ""))
            position += int(rest)
        elif kind == "+":
            words = unquote(rest)
            if ops and ops[-1][0] + ops[-1][1] == position:
                start, deleted, inserted = ops.pop()
                ops.append((start, deleted, inserted + words))
            else:
                ops.append((position, 0, words))
    return ops


# -- revisions (the shared backup shadows) -------------------------------------------------

@dataclass
class Revisions:
    """The recent texts of one paragraph by revision, bounded by count and characters.

    ``max_count`` (revisions, >= 1) and ``max_chars`` (code points summed over the kept
    texts, >= 1) bound memory; the latest revision is always kept.
    """

    text_now: str
    revision: int = 0
    max_count: int = 512
    max_chars: int = 8_000_000
    _texts: OrderedDict[int, str] = field(default_factory=OrderedDict)
    _chars: int = 0

    def __post_init__(self) -> None:
        self._keep(self.revision, self.text_now)

    def advance(self, text: str) -> int:
        """Record ``text`` as the next revision; returns its number."""
        self.revision += 1
        self.text_now = text
        self._keep(self.revision, text)
        return self.revision

    def text(self, revision: int) -> str:
        try:
            return self._texts[revision]
        except KeyError:
            raise UnknownRevision(f"revision {revision} is not kept (now {self.revision})"
                                  ) from None

    def _keep(self, revision: int, text: str) -> None:
        self._texts[revision] = text
        self._chars += len(text)
        while len(self._texts) > 1 and (len(self._texts) > self.max_count
                                         or self._chars > self.max_chars):
            _, dropped = self._texts.popitem(last=False)
            self._chars -= len(dropped)


# -- the merge -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """A hunk of a client's change that could not be applied: its author keeps the words."""

    inserted: str  # the author's words that are not in the text
    removed: str  # the words the author meant to delete (still in the text, or gone)
    context: str  # the text around the place, as the author saw it

    @property
    def message(self) -> str:
        what = f'your words "{self.inserted}"' if self.inserted else \
            f'your deletion of "{self.removed}"'
        return (f"{what} could not be applied: the text around \"{self.context}\" was changed "
                "by someone else meanwhile; please re-apply them")


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class _Hunk:
    start: int  # in the base text, code points
    end: int
    inserted: str


def merge(base: str, edited: str, current: str, settings: DiffSettings = MERGE, *,
          change: textdiff.Diff | None = None) -> Merged:
    """Merge the client's change ``base -> edited`` into the server text ``current``.

    Each hunk of the client's change deletes the characters it removed that are still there
    (never text someone else inserted meanwhile) and inserts its words at its place mapped
    through the server's change. Only when that place itself was deleted by someone else
    (a character next to the hunk is gone) is the hunk matched by its context, bounded
    (``_fuzzy_insert``), and returned as a ``Conflict`` if not found.
    """
    if edited == base:
        return Merged(current)
    if current == base:
        return Merged(edited)
    # (current == edited is no shortcut: two people typing the same word at the same place
    # both typed it, and both copies are kept)
    # ``change``: the client's own diff of base -> edited when it sent one delta, which says
    # where the person typed (a diff made here could only guess, e.g. in "aa" -> "aaa")
    mine = _hunks(change if change is not None else textdiff.diff(base, edited,
                                                                   settings=settings))
    theirs = _Change(_without_coincidences(
        textdiff.diff(base, current, settings=settings, cleanup="efficiency")))
    text = current
    conflicts: list[Conflict] = []
    for index in range(len(mine) - 1, -1, -1):
        hunk = mine[index]
        before, removed = text, 0
        for low, high in reversed(theirs.surviving(hunk.start, hunk.end)):
            text = text[:low] + text[high:]
            removed += high - low
        if hunk.inserted and theirs.neighbour_deleted(hunk.start, hunk.end):
            # the fuzzy search stays between the neighbouring hunks' places: the text after
            # the next hunk's place has changed already, the one before the previous' will
            floor = theirs.map(mine[index - 1].end) if index else 0
            ceiling = theirs.map(mine[index + 1].start, after=True) - removed \
                if index + 1 < len(mine) else len(text)
            applied = _fuzzy_insert(base, hunk, text, theirs, settings, floor,
                                    max(floor, ceiling), removed)
            if applied is None:  # nothing of the hunk is applied, its deletion neither
                margin = settings.patch_margin
                conflicts.append(Conflict(hunk.inserted, base[hunk.start:hunk.end],
                                          base[max(0, hunk.start - margin):hunk.end + margin]))
                text = before
            else:
                text = applied
            continue
        at = theirs.map(hunk.start, after=True)
        text = text[:at] + hunk.inserted + text[at:]
    conflicts.reverse()
    return Merged(text, tuple(conflicts))


def _hunks(diffs: textdiff.Diff) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    position = 0
    for op, text in diffs:
        if op == EQUAL:
            position += len(text)
            continue
        if hunks and hunks[-1].end == position and (op == INSERT or not hunks[-1].inserted):
            last = hunks.pop()
        else:
            last = _Hunk(position, position, "")
        if op == DELETE:
            position += len(text)
            hunks.append(_Hunk(last.start, position, last.inserted))
        else:
            hunks.append(_Hunk(last.start, last.end, last.inserted + text))
    return hunks


COINCIDENCE = 2
"""Characters, at most: a kept piece this short between two insertions of the server's change
is taken as deleted and typed again (``_without_coincidences``)."""


def _without_coincidences(diffs: textdiff.Diff) -> textdiff.Diff:
    """The server's change with each kept piece of at most ``COINCIDENCE`` characters between
    two insertions taken as deleted and typed again.

    Such a piece is a coincidence, not text the others kept: someone replaced "meeting." by
    "meeting (a.b)" and the diff aligns the two periods. A client that deleted that period
    meanwhile must not delete it out of the other person's words; taken as deleted (and typed
    again inside the insertion), it is deleted once, and the words stay whole."""
    result: textdiff.Diff = []
    deleted = inserted = ""
    for index, (op, text) in enumerate(diffs):
        if op == DELETE:
            deleted += text
        elif op == INSERT:
            inserted += text
        elif (inserted and len(text) <= COINCIDENCE and index + 1 < len(diffs)
              and diffs[index + 1][0] == INSERT):
            deleted += text
            inserted += text
        else:
            result.extend((o, t) for o, t in ((DELETE, deleted), (INSERT, inserted)) if t)
            deleted = inserted = ""
            result.append((op, text))
    result.extend((o, t) for o, t in ((DELETE, deleted), (INSERT, inserted)) if t)
    return result


class _Change:
    """The server's own change base -> current, to map base positions into current.

    Kept as runs ``(op, base start, current start, length)``: "=" and "-" runs advance in
    the base, "=" and "+" runs in the current text.
    """

    def __init__(self, diffs: textdiff.Diff) -> None:
        self._runs: list[tuple[str, int, int, int]] = []
        base = current = 0
        for op, text in diffs:
            self._runs.append((op, base, current, len(text)))
            if op != INSERT:
                base += len(text)
            if op != DELETE:
                current += len(text)
        self._length = current
        self._base_starts = [run[1] for run in self._runs]

    def map(self, position: int, *, after: bool = False) -> int:
        """``position`` of the base in the current text. Where the server inserted text at
        exactly that place: before its insertion, or after it when ``after``."""
        first = max(bisect.bisect_left(self._base_starts, position) - 1, 0)
        for op, base, current, length in self._runs[first:]:
            if op == INSERT:
                if base == position and not after:
                    return current
            elif base <= position < base + length:
                return current + (position - base) if op == EQUAL else current
        return self._length

    def neighbour_deleted(self, start: int, end: int) -> bool:
        """Someone else deleted the character just before ``start`` or the one at ``end``:
        the place of base[start:end] is no longer certain (in repetitive text, the deleted
        passage may have been one of several alike)."""
        first = max(bisect.bisect_left(self._base_starts, start - 1) - 1, 0)
        for op, base, _, length in self._runs[first:]:
            if base > end:
                break
            if op == DELETE and (base <= start - 1 < base + length or base <= end < base + length):
                return True
        return False

    def surviving(self, start: int, end: int) -> list[tuple[int, int]]:
        """Where the characters base[start:end] that nobody else deleted are now: ranges of
        the current text, ascending (text inserted among them is not included)."""
        ranges: list[tuple[int, int]] = []
        first = max(bisect.bisect_left(self._base_starts, start) - 1, 0)
        for op, base, current, length in self._runs[first:]:
            if base >= end:
                break
            if op == EQUAL and base + length > start:
                low, high = max(start, base), min(end, base + length)
                ranges.append((current + low - base, current + high - base))
        return ranges


def _fuzzy_insert(base: str, hunk: _Hunk, text: str, theirs: _Change, settings: DiffSettings,
                  floor: int, ceiling: int, removed: int) -> str | None:
    """Insert the hunk's words where their context is found, searching only a window of
    ``match_distance`` characters around the mapped place (and within ``floor``..``ceiling``);
    None when not found. The patch only inserts: the characters the hunk deletes were
    deleted already (``removed`` of them, exactly where they were)."""
    margin, reach = settings.patch_margin, settings.match_distance
    window_start = max(0, hunk.start - margin)
    window_end = min(len(base), hunk.end + margin)
    old = base[window_start:hunk.start] + base[hunk.end:window_end]
    new = base[window_start:hunk.start] + hunk.inserted + base[hunk.end:window_end]
    low = max(floor, theirs.map(window_start) - reach)
    high = min(ceiling, len(text), theirs.map(window_end, after=True) - removed + reach)
    if high < low:
        return None
    patch = textdiff.make_patch(old, new, settings=settings)
    result, applied = textdiff.apply_patch(patch, text[low:high], settings=settings)
    if not all(applied):
        return None
    return text[:low] + result + text[high:]


# -- the server role -----------------------------------------------------------------------

@dataclass(frozen=True)
class Received:
    """What merging one edit message gives the server."""

    shadow: str  # the client's shadow after its edits: the reply's delta starts here
    text: str  # the paragraph's new server text
    applied: int  # how many of this client's edits are now merged
    conflicts: tuple[Conflict, ...]


def receive_edits(base: str, first: int, deltas: list[str], applied: int | None,
                  current: str) -> Received:
    """Merge a client's edit stack into the server text.

    ``base`` is the text the stack starts from (a kept revision, or the client's own copy),
    ``first`` the number of ``deltas[0]``, ``applied`` how many of this client's edits the
    server merged before (None: unknown client, nothing to skip). Edits numbered below
    ``applied`` are only replayed onto the shadow, never merged twice. Raises ``DeltaError``
    or ``OutOfOrder``; nothing is changed then.
    """
    if applied is None:
        applied = first
    if first > applied:
        raise OutOfOrder(f"edit {first} arrived but the server has merged edits up to "
                         f"{applied - 1}: edit {applied} is missing")
    shadow = merged_upto = base
    change: textdiff.Diff | None = None  # the one unmerged delta's diff, if only one
    for number, delta in enumerate(deltas, start=first):
        diff = delta_diff(shadow, delta)
        shadow = textdiff.new_text(diff)
        if number < applied:
            merged_upto = shadow
        change = diff if number == applied else None
    result = merge(merged_upto, shadow, current, change=change)
    return Received(shadow, result.text, max(applied, first + len(deltas)), result.conflicts)
