r"""The server side of a paragraph's synchronisation: its ordered stream of ops (pure, no I/O).

Every change of a paragraph's text on the server is one entry of its stream: a new revision
number, the op that made it (negotiation/sync/ops.py, code points, on the text of the
revision before) and who made it. A client's edit says which revision its deltas were made on
(``m``); the server transforms them through every entry merged since ``m`` (operational
transformation for plain text), so each hunk lands exactly where its author put it, whatever
others did around it::

    revision 7  "The Council agrees."
    revision 8  "The Council fully agrees."          (Belize: [12, "fully ", 7])
    Venezuela's edit, made on 7: [18, " now", 1]  ->  [24, " now", 1] on revision 8
    revision 9  "The Council fully agrees now."

The guarantees are those of ``ops.transform``: an insertion is never refused or lost (inside a
passage someone deleted meanwhile, it lands where the passage was); a deletion removes only
characters its author saw (words others inserted inside the passage stay); no word is inserted
twice. Words typed at one place by two people stand in stream order (the first merged first).
A ``Conflict`` is only a report: the author's deletion met a change someone else made first
(they deleted some of the same characters, or typed inside the passage); the author's words
are in the text all the same.

The stream keeps the recent entries, bounded (``max_count`` entries, ``max_chars`` code
points of the texts it holds); a client based on an older revision gets ``UnknownRevision``
and resends its base text. It holds the texts of the oldest kept revision, of every
``TEXT_EVERY``-th one and of the ``TEXTS_RECENT`` latest; any other kept revision's text is
made again from the one before it and the entries between (a paragraph of 20 typed into by
200 editors held 512 whole texts each, some 15 MB in all).

Edit numbers: a client numbers its edits of a paragraph 0, 1, 2, ...; the stream remembers
which edits each entry merged, so a stack sent again after a lost reply is recognised and
merged once (``receive``).

The recovery path (``base`` given, or ``m`` no longer kept): the client sends the text its
stack starts from. If a kept revision has exactly that text, the stack is transformed from
there like any other edit. Otherwise (after a server restart, or when the welcome's ``n``
dropped edits from the stack) the server's concurrent change is taken as the minimal diff
from the client's base to the current text and the stack is transformed through that: no
insertion is lost and none doubled, but in repetitive text a deletion may be placed by the
diff's alignment rather than by its author's. This is the only place the server guesses.

A change made outside the room (another writer stored a new text: ``server_change``) becomes
an entry like any other, so clients receive it as a patch and their unacknowledged edits
transform through it.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from negotiation.sync import delta as codec
from negotiation.sync import ops, textdiff
from negotiation.sync.delta import DeltaError
from negotiation.sync.minimal import refine
from negotiation.sync.ops import Op

__all__ = ["Conflict", "DeltaError", "Entry", "OutOfOrder", "ParagraphStream", "Received",
           "TooLong", "UnknownRevision"]


class OutOfOrder(ValueError):
    """An edit numbered past the ones the server has: an edit in between was never sent."""


class TooLong(ValueError):
    """The merge would make a text longer than the limit the caller set (nothing changed)."""


class UnknownRevision(LookupError):
    """The client's base revision is no longer kept: it must resend its base text."""


@dataclass(frozen=True)
class Entry:
    """One change of the paragraph: revision ``revision - 1`` -> ``revision``."""

    revision: int
    op: Op  # on the text of revision - 1, code points
    author: str | None  # the client id; None for a change made outside the room
    edits: tuple[int, int] | None = None  # the author's edits [first, stop) it merged


@dataclass(frozen=True)
class Conflict:
    """A hunk of a client's edit whose deletion met someone else's earlier change. Only a
    report: the hunk was applied (its words are in the text)."""

    inserted: str  # the author's words in that hunk (in the text)
    removed: str  # what the author deleted or replaced, as the author saw it
    context: str  # the text around the place, as the author saw it

    @property
    def message(self) -> str:
        if self.inserted:
            what = (f'your words "{self.inserted}" are in the text, but "{self.removed}", '
                    "which you replaced,")
        else:
            what = f'your deletion of "{self.removed}" is applied, but that passage'
        return (f"{what} was changed by someone else first (near \"{self.context}\"); "
                "words they added there were kept: please check the passage")

    def as_dict(self) -> dict[str, str]:
        return {"text": self.inserted, "removed": self.removed, "context": self.context,
                "message": self.message}


@dataclass(frozen=True)
class Received:
    """What merging one edit message gives the server."""

    shadow: str  # the client's shadow after its deltas: the reply's change starts here
    text: str  # the paragraph's text now
    applied: int  # how many of this client's edits are now merged
    conflicts: tuple[Conflict, ...]
    reply: Op  # shadow -> text (what the ack carries), code points
    entry: Entry | None  # the new stream entry (None: nothing changed)
    exact: bool = True  # False: merged by the recovery path (see the module docstring)


CONTEXT = 12  # characters each side of a conflict's place, for its ``context``
COMPOSITES = 64  # base revisions whose composed entries a paragraph keeps (``_composite``)
TEXT_EVERY = 8  # a kept revision's text is held when its number is a multiple of this ...
TEXTS_RECENT = 8  # ... or when it is one of the latest (clients are based on recent ones)


class ParagraphStream:
    """One paragraph's text, revision and recent entries.

    ``max_count`` (entries, >= 1) and ``max_chars`` (code points summed over the texts held,
    >= 1) bound memory; the latest revision is always kept."""

    def __init__(self, text: str, revision: int = 0, *, max_count: int = 512,
                 max_chars: int = 8_000_000) -> None:
        if max_count < 1 or max_chars < 1:
            raise ValueError("max_count and max_chars must be >= 1")
        self.text, self.revision = text, revision
        self.max_count, self.max_chars = max_count, max_chars
        # the texts held (module docstring): the oldest kept revision's is always among them
        self._texts: dict[int, str] = {revision: text}
        self._oldest = revision
        self._entries: deque[Entry] = deque()
        self._chars = len(text)
        # base revision -> (revision, the entries after the base up to it composed into one
        # op): clients mostly share a few recent bases (they read the same patch frames)
        self._composites: OrderedDict[int, tuple[int, Op]] = OrderedDict()
        self._deleted_at = revision  # the latest revision made by an entry that deletes

    # -- reading ---------------------------------------------------------------------------

    @property
    def text_now(self) -> str:
        """The current text (``text``, under the name the room reads)."""
        return self.text

    @property
    def oldest(self) -> int:
        """The oldest revision a client may still be based on."""
        return self._oldest

    def text_at(self, revision: int) -> str:
        held = self._texts.get(revision)
        if held is not None:
            return held
        if not self._oldest <= revision <= self.revision:
            raise UnknownRevision(f"revision {revision} is not kept (now {self.revision}, "
                                  f"oldest kept {self.oldest})")
        start = max(revision - revision % TEXT_EVERY, self._oldest)
        text = self._texts[start]
        for index in range(start - self._oldest, revision - self._oldest):
            text = ops.apply(text, self._entries[index].op)
        return text

    def since(self, revision: int) -> list[Entry]:
        """The entries after ``revision``, in order (``UnknownRevision`` if not kept)."""
        self.text_at(revision)
        skip = len(self._entries) - (self.revision - revision)
        return list(self._entries)[skip:]

    def revision_of(self, text: str) -> int | None:
        """The newest kept revision whose text is exactly ``text`` (the recovery path: every
        kept text is made again, oldest first)."""
        if text == self.text:
            return self.revision
        found = None
        current = self._texts[self._oldest]
        for revision in range(self._oldest, self.revision):
            if current == text:
                found = revision
            current = self._texts.get(revision + 1) or ops.apply(
                current, self._entries[revision - self._oldest].op)
        return found

    # -- writing ---------------------------------------------------------------------------

    def _append(self, op: Op, author: str | None, edits: tuple[int, int] | None) -> Entry:
        self.text = ops.apply(self.text, op)
        self.revision += 1
        entry = Entry(self.revision, op, author, edits)
        if _deletes(op):
            self._deleted_at = self.revision
        self._entries.append(entry)
        self._hold(self.revision, self.text)
        stale = self.revision - TEXTS_RECENT  # no longer one of the latest
        if stale > self._oldest and stale % TEXT_EVERY and stale in self._texts:
            self._chars -= len(self._texts.pop(stale))
        while self._entries and (len(self._entries) > self.max_count
                                 or self._chars > self.max_chars):
            self._forget_oldest()
        return entry

    def _hold(self, revision: int, text: str) -> None:
        self._texts[revision] = text
        self._chars += len(text)

    def _forget_oldest(self) -> None:
        """The oldest kept revision is no longer kept; the text of the next one is held."""
        oldest = self._texts.pop(self._oldest)
        self._chars -= len(oldest)
        entry = self._entries.popleft()
        self._oldest += 1
        if self._oldest not in self._texts:
            self._hold(self._oldest, ops.apply(oldest, entry.op))

    def server_change(self, new_text: str, *, base_revision: int | None = None,
                      base_text: str | None = None, author: str | None = None
                      ) -> Entry | None:
        """A change made outside the room: a text of this paragraph became ``new_text``
        somewhere else (e.g. a revision issued from the command line). The text it started
        from is the text of ``base_revision``, or ``base_text`` (the newest kept revision
        with exactly that text), or else the current text. Its minimal diff is transformed
        through every entry since and appended; returns the entry (None when nothing
        changes). A ``base_text`` no kept revision has (evicted) is placed by the recovery
        path: the diff is transformed through the minimal diff from ``base_text`` to the
        current text."""
        if base_text is not None and base_revision is None:
            base_revision = self.revision_of(base_text)
            if base_revision is None:  # the recovery path
                op = _diff_op(base_text, new_text)
                _, op = ops.transform(_diff_op(base_text, self.text) or _identity(base_text),
                                      op or _identity(base_text))
                op = ops.normalize(op)
                return None if ops.is_noop(op) else self._append(op, author, None)
        base_revision = self.revision if base_revision is None else base_revision
        base = self.text_at(base_revision)
        op = _diff_op(base, new_text) or _identity(base)
        for entry in self.since(base_revision):
            _, op = ops.transform(entry.op, op)
        op = ops.normalize(op)
        if ops.is_noop(op):
            return None
        return self._append(op, author, None)

    def receive(self, client: str, first: int, deltas: list[str], applied: int | None, *,
                m: int | None = None, base: str | None = None,
                max_units: int | None = None,
                check: Callable[[str, str], None] | None = None) -> Received:
        """Merge a client's edit stack: ``deltas`` numbered from ``first``, each on the text
        the previous one made, the first on revision ``m`` (or on ``base``, the recovery path).
        ``applied``: how many of this client's edits are merged already (None: none known);
        those are recognised, not merged twice. ``max_units``: the longest text allowed, in
        UTF-16 units (for the shadow and the result). ``check(text, merged_text)``: a last
        word on the change the edit makes to the current text, called before anything changes;
        what it raises refuses the edit. Raises ``DeltaError``, ``OutOfOrder``,
        ``UnknownRevision`` or ``TooLong`` (or what ``check`` raises); nothing is changed
        then."""
        if applied is None:
            applied = first
        if first > applied:
            raise OutOfOrder(f"edit {first} arrived but the server has merged edits up to "
                             f"{applied - 1}: edit {applied} is missing")
        if base is None:
            if m is None:
                raise ValueError("receive needs m or base")
            start = self.text_at(m)
        else:
            codec.check_text(base, "the base text")
            start = base
            m = self.revision_of(base)
        pending: list[_Pending] = []
        shadow = start
        for number, delta in enumerate(deltas, start=first):
            op = codec.to_op(shadow, delta)
            tags, hunks = ops.tag_hunks(op)
            pending.append(_Pending(number, op, [(number, t) if t is not None else None
                                                 for t in tags], shadow, hunks))
            shadow = ops.apply(shadow, op)
        stop = max(applied, first + len(deltas))
        walked = self._walk(client, m, pending, applied) if m is not None else None
        if walked is None:  # the recovery path
            walked = self._recover(pending, applied)
        rest, reply, touched, exact = walked
        merged: Op = []
        for item in rest:
            merged = ops.compose(merged, item.op) if merged else ops.normalize(item.op)
        entry = None
        if merged and not ops.is_noop(merged):
            if max_units is not None:
                for text in (shadow, ops.apply(self.text, merged)):
                    if codec.utf16_length(text) > max_units:
                        raise TooLong(f"the text would exceed {max_units} UTF-16 units")
            if check is not None:
                check(self.text, ops.apply(self.text, merged))
            entry = self._append(merged, client, (rest[0].number, stop))
        conflicts = tuple(_conflicts([p for p in pending if p.number >= applied], touched))
        return Received(shadow, self.text, stop, conflicts, ops.normalize(reply), entry,
                        exact)

    def _walk(self, client: str, m: int, pending: list[_Pending], applied: int
              ) -> tuple[list[_Pending], Op, set[object], bool] | None:
        """Transform ``pending`` through the entries since ``m``; the client's own entries
        (edits merged before) take their edits off ``pending``. None when the entries do not
        account for the edits numbered below ``applied`` (then: the recovery path).

        The common case -- typing: others' entries that only insert, and a stack that only
        inserts -- goes through the entries composed into one op (``_composite``), at the
        cost of one transform whatever the client's lag: where nothing is deleted, every
        insertion lands where the walk entry by entry puts it (others' words typed at the
        client's place stand before the client's, in stream order). Where something is
        deleted the two differ, so the walk goes entry by entry: a deletion collapses two
        places into one, and which insertion then comes first depends on when the places
        met (test_sync_stream.py holds a case); a stack's conflicts are also those the
        entries made one after the other (an insertion inside its passage, deleted again
        later, is still reported)."""
        entries = self.since(m)
        if entries and m >= self._deleted_at and not any(
                _deletes(item.op) for item in pending) and all(
                entry.author != client for entry in entries):
            return self._walk_composed(m, entries, pending, applied)
        return self._walk_entries(client, m, entries, pending, applied)

    def _walk_composed(self, m: int, entries: list[Entry], pending: list[_Pending],
                       applied: int) -> tuple[list[_Pending], Op, set[object], bool] | None:
        op = self._composite(m, entries)
        pending = [item.copy() for item in pending]
        for item in pending:
            op, item.op, item.tags = _through(op, item, set(), False)
        if any(item.number < applied and not ops.is_noop(item.op) for item in pending):
            return None
        return [item for item in pending if item.number >= applied], op, set(), True

    def _walk_entries(self, client: str, m: int, entries: list[Entry],
                      pending: list[_Pending], applied: int
                      ) -> tuple[list[_Pending], Op, set[object], bool] | None:
        replies = [_identity(_client_shadow(pending, self.text_at(m)))]
        pending = [item.copy() for item in pending]
        touched: set[object] = set()
        for entry in entries:
            if entry.author == client and entry.edits is not None:
                head, stop = entry.edits
                while pending and pending[0].number < head and ops.is_noop(pending[0].op):
                    del pending[0]  # merged earlier as no change at all: no entry of its own
                count = stop - head
                if not pending or pending[0].number != head or len(pending) < count:
                    return None
                del pending[:count]
                continue
            op = entry.op
            for item in pending:
                op, item.op, item.tags = _through(op, item, touched, entry.author != client)
            replies.append(op)
        if any(item.number < applied and not ops.is_noop(item.op) for item in pending):
            return None
        return ([item for item in pending if item.number >= applied], ops.compose_all(replies),
                touched, True)

    def _composite(self, m: int, entries: list[Entry]) -> Op:
        """The ``entries`` after revision ``m`` (all of them, up to now) as one op, extended
        from the one kept for ``m`` when there is one."""
        upto, op = self._composites.pop(m, (m, []))
        for entry in entries[upto - m:]:
            op = ops.compose(op, entry.op) if op else ops.normalize(entry.op)
        self._composites[m] = (self.revision, op)
        while len(self._composites) > COMPOSITES or next(iter(self._composites)) < self.oldest:
            self._composites.popitem(last=False)
        return op

    def _recover(self, pending: list[_Pending], applied: int
                 ) -> tuple[list[_Pending], Op, set[object], bool]:
        """The stack's merged edits are taken as they are; the rest is transformed through
        the minimal diff from the text they made to the current text."""
        done = [item for item in pending if item.number < applied]
        rest = [item for item in pending if item.number >= applied]
        start = rest[0].shadow if rest else (
            ops.apply(done[-1].shadow, done[-1].op) if done else self.text)
        op = _diff_op(start, self.text)
        touched: set[object] = set()
        for item in rest:
            op, item.op, item.tags = _through(op, item, touched, True)
        return rest, ops.normalize(op), touched, False


def _diff_op(old: str, new: str) -> Op:
    """The minimal diff of two server texts: diff-match-patch's (no clean-up, no time limit:
    fast on the long texts the server may meet here), refined as the clients' diffs are
    (``minimal.refine``: typed words one hunk, replaced words whole)."""
    if old == new:
        return []
    return ops.normalize(refine(textdiff.diff(old, new, cleanup="none",
                                              settings=textdiff.DiffSettings(timeout=0))))


def _deletes(op: Op) -> bool:
    return any(component.__class__ is int and component < 0 for component in op)


def _identity(text: str) -> Op:
    return [len(text)] if text else []


def _client_shadow(pending: list[_Pending], start: str) -> str:
    return ops.apply(pending[-1].shadow, pending[-1].op) if pending else start


class _Pending:
    """One delta of a stack on its way through the stream: its op (transformed so far), one
    tag per component (the hunk each deletion belongs to), the shadow it was made on and its
    hunks there."""

    def __init__(self, number: int, op: Op, tags: list[object], shadow: str,
                 hunks: list[tuple[int, int, str]]) -> None:
        self.number, self.op, self.tags = number, op, tags
        self.shadow, self.hunks = shadow, hunks

    def copy(self) -> _Pending:
        return _Pending(self.number, list(self.op), list(self.tags), self.shadow, self.hunks)


def _through(op: Op, item: _Pending, touched: set[object], report: bool
             ) -> tuple[Op, Op, list[object]]:
    """``op`` (merged earlier) and ``item`` transformed past each other; ``op`` first."""
    op2, mine, tags = ops.transform_tagged(op, item.op, item.tags,
                                           touched if report else None)
    return op2, mine, tags


def _conflicts(pending: list[_Pending], touched: set[object]) -> list[Conflict]:
    found: list[Conflict] = []
    for item in pending:
        for index, (start, end, words) in enumerate(item.hunks):
            if (item.number, index) in touched:
                text = item.shadow
                found.append(Conflict(words, text[start:end],
                                      text[max(0, start - CONTEXT):end + CONTEXT]))
    return found
