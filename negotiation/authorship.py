"""Who wrote each character of a paragraph, and versions that hold only their author's changes.

A paragraph's ``Weave`` holds every character that has been in the paragraph since its last
fully versioned state, in order, as runs (``negotiation.weave_runs.Run``: text, who typed it,
its version or None while pending, and who deleted it while that deletion is pending).

Example. Venezuela's delegate typed "Urges States" (version "v1"). Then, in the same few
seconds, Belize's delegate typed "all " before "States", and Venezuela's replaced "Urges " by
"Invites "::

    Run("Urges ",   ven, "v1", deleted_by=ven)   pending deletion by Venezuela (a tombstone)
    Run("Invites ", ven, None)                   pending insertion by Venezuela
    Run("all ",     bel, None)                   pending insertion by Belize
    Run("States",   ven, "v1")

    text              "Invites all States"    what people see now
    versioned_text    "Urges States"          what replaying the stored versions gives
    pending_authors() [bel, ven]              in the order of their first pending change

``seal(ven, "v2")`` writes Venezuela's version, "Invites States": only Venezuela's words
changed, Belize's "all " stays pending; ``seal(bel, "v3")`` then writes "Invites all States".

The rules
---------
* ``apply(op, author)`` edits the current text (``weave_runs.apply_op``). Inserted words become
  a pending run of their author; where tombstones lie between two visible characters, an
  insertion there goes AFTER them, so words typed in place of deleted ones follow them. A
  deletion of the author's own pending characters removes them outright, leaving no trace; a
  deletion of any other character (versioned, or someone else's pending) makes it a tombstone
  marked with the deleting author.
* ``seal(author, version_id)`` writes ONE author's version: the versioned text with only that
  author's pending insertions added and pending deletions removed. A deletion of characters
  another author inserted that are still pending cannot be in it (they are not in the
  versioned text yet): it stays pending, and is sealed by a later ``seal`` once their author's
  version exists. So each version differs from the one before only by its author's changes,
  and replaying the versions in order gives ``versioned_text``.
* Runs are kept merged: a paragraph of 100 KB typed in one burst by one author is one run.

Its stored form (``to_json``, see ``negotiation.weave_json``) for the example above, one line
cut in three here::

    {"authors":[{"delegation":"Venezuela","name":"ana"},{"delegation":"Belize","name":"li"}],
    "format":1,"pending":[1,0],"runs":[["Urges ",0,0,0],["Invites ",0,null],["all ",1,null],
    ["States",0,0]],"versions":["v1"]}
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from negotiation.author import Author
from negotiation.errors import EditError, WeaveFormatError
from negotiation.sync import textdiff
from negotiation.weave_json import weave_from_json, weave_to_json
from negotiation.weave_marks import RunMarks
from negotiation.weave_runs import (
    Component,
    Run,
    RunReader,
    apply_op,
    check_run,
    check_text,
    has_version,
    parse_op,
    push,
    versioned_text_of,
)
from negotiation.weave_seal import seal_runs

__all__ = ["Author", "Run", "Sealed", "Span", "Weave"]


@dataclass(frozen=True)
class Sealed:
    """A version to store: ``author``'s changes, and the paragraph text it holds."""

    version_id: str
    author: Author
    text: str


@dataclass(frozen=True)
class Span:
    """``length`` characters (code points) of the current text typed by ``author``, in
    version ``version_id`` (None: pending)."""

    length: int
    author: Author
    version_id: str | None


class Weave:
    """One paragraph's characters with their authorship (see the module docstring).

    Mutable: ``apply``, ``seal`` and ``set_text`` change it in place; ``copy`` for a copy.
    """

    __slots__ = ("_length", "_marks", "_pending", "_runs")

    def __init__(self, runs: Iterable[Run] = (), pending: Iterable[Author] = ()) -> None:
        """A weave of ``runs`` (checked, merged); ``pending``: the order of first pending
        change (authors with pending changes not named there follow, in weave order)."""
        merged: list[Run] = []
        for run in runs:
            check_run(run)
            push(merged, run)
        self._runs = merged
        self._marks: RunMarks | None = None  # made by the first ``apply``, kept by the next
        self._length = sum(len(r.text) for r in merged if r.deleted_by is None)
        # who has pending changes, in one pass (asking each author in turn was authors x runs:
        # half the event loop's time at 200 editors, bench/load.py)
        with_pending: set[Author] = set()
        for run in merged:
            if run.version is None:
                with_pending.add(run.author)
            if run.deleted_by is not None:
                with_pending.add(run.deleted_by)
        # in order of first pending change (a dict: a keystroke asks whether its author is
        # in it, and 100 delegations typing made a list's search a tenth of the keystroke)
        self._pending: dict[Author, None] = {}
        if with_pending:
            for author in [*pending, *(a for r in merged for a in (r.author, r.deleted_by)
                                       if a in with_pending)]:
                if author in with_pending:
                    self._pending[author] = None
                    with_pending.discard(author)

    @classmethod
    def from_text(cls, text: str, author: Author, version_id: str) -> Weave:
        """A paragraph whose whole text is ``author``'s, in version ``version_id``."""
        return cls([Run(text, author, version_id)] if text else [])

    @classmethod
    def from_versions(cls, versions: Iterable[tuple[str, str, Author]]) -> Weave:
        """Attribution rebuilt from a paragraph's stored versions ``(version_id, text,
        author)``, oldest first, with ``set_text``: the words each version inserts are its
        author's."""
        weave = cls()
        for version_id, text, author in versions:
            weave.set_text(text, author, version_id)
        return weave

    # ----------------------------------------------------------------- reading

    @property
    def runs(self) -> tuple[Run, ...]:
        """The runs, merged, in order (tombstones included)."""
        return tuple(self._runs)

    @property
    def text(self) -> str:
        """What people see now."""
        return "".join(r.text for r in self._runs if r.deleted_by is None)

    @property
    def versioned_text(self) -> str:
        """The text as of the stored versions (replaying them in order gives it)."""
        return versioned_text_of(self._runs)

    @property
    def length(self) -> int:
        """The length of ``text``, in code points."""
        return self._length

    @property
    def has_pending(self) -> bool:
        """Some change waits for its version."""
        return bool(self._pending)

    def pending_authors(self) -> list[Author]:
        """Authors with pending changes, in the order of their first pending change."""
        return list(self._pending)

    def blame(self) -> list[Span]:
        """The current text as spans, each naming who typed it and in which version."""
        spans: list[Span] = []
        for run in self._runs:
            if run.deleted_by is not None:
                continue
            last = spans[-1] if spans else None
            if last and last.author == run.author and last.version_id == run.version:
                spans[-1] = Span(last.length + len(run.text), run.author, run.version)
            else:
                spans.append(Span(len(run.text), run.author, run.version))
        return spans

    # ----------------------------------------------------------------- editing

    def apply(self, op: Iterable[Component], author: Author) -> None:
        """Apply ``op``, made on the current text by ``author`` (see the rules above).

        ``op`` is a sequence of components as in ot.js: a positive int retains that many
        characters, a str inserts itself, a negative int deletes that many characters; its
        retains and deletes must cover the current text exactly (``EditError`` otherwise)."""
        components = parse_op(op)
        base = sum(abs(c) for c in components if isinstance(c, int))
        if base != self._length:
            raise EditError(f"the edit is made on a text of {base} characters, but the "
                            f"paragraph has {self._length}; nothing was changed")
        if self._marks is None:
            self._marks = RunMarks(self._runs)
        lead = components[0] if components and isinstance(components[0], int) else 0
        applied = apply_op(self._runs, components, author,
                           self._marks.start(lead) if lead > 0 else (0, 0))
        self._runs, growth, removed = applied.runs, applied.growth, applied.removed
        self._marks.follow(self._runs, applied)
        self._length += growth
        changed = any(not isinstance(c, int) or c < 0 for c in components)
        self._note_pending(author, changed=changed, removed=removed)

    def seal(self, author: Author, version_id: str) -> Sealed | None:
        """Make ``author``'s sealable pending changes version ``version_id`` (None when there
        are none). Others' pending changes stay pending (negotiation/weave_seal.py)."""
        self._check_new_version(version_id)
        sealed = seal_runs(self._runs, author, version_id)
        if sealed is None:
            return None
        self._runs, self._marks = sealed.runs, None
        if not sealed.still_pending:
            self._pending.pop(author, None)
        return Sealed(version_id, author, self.versioned_text)

    def seal_all(self, new_id: Callable[[], str]) -> list[Sealed]:
        """Seal every pending change, one author per version, authors in the order of their
        first pending change; an author who deleted someone else's pending words gets a
        second version after that person's. Replaying the versions ends at ``text``."""
        sealed: list[Sealed] = []
        while authors := self.pending_authors():
            for author in authors:
                version = self.seal(author, new_id())
                if version is not None:
                    sealed.append(version)
        return sealed

    def set_text(self, text: str, author: Author, version_id: str) -> Sealed | None:
        """A version that sets the text directly (a new revision imported, a legacy version).

        The words it inserts are ``author``'s: ``versioned_text`` and ``text`` are compared
        word by word (``textdiff.word_diff``, the diff the history page shows), so replacing
        "shall" by "should" attributes all of "should", not "ould". None when the text is
        unchanged. Refused (``EditError``) while changes are pending."""
        pending = self.pending_authors()
        if pending:
            raise EditError("the text cannot be set while changes by "
                            f"{', '.join(map(str, pending))} are not in a version yet")
        self._check_new_version(version_id)
        check_text(text, "the text")
        if text == self.versioned_text:
            return None
        source = RunReader(self._runs)
        out: list[Run] = []
        for op, piece in textdiff.word_diff(self.versioned_text, text):
            if op == textdiff.INSERT:
                push(out, Run(piece, author, version_id))
            elif op == textdiff.EQUAL:
                for run in source.take(len(piece)):
                    push(out, run)
            else:
                source.take(len(piece))
        self._runs, self._length, self._marks = out, len(text), None
        return Sealed(version_id, author, text)

    # ----------------------------------------------------------------- storing

    def to_json(self) -> str:
        """The canonical JSON form (module docstring): same weave, same string."""
        return weave_to_json(self._runs, self.pending_authors())

    @classmethod
    def from_json(cls, data: str) -> Weave:
        """The weave ``to_json`` wrote; ``WeaveFormatError`` for anything else, including an
        equivalent text in another form (so a stored form that reads is the canonical one)."""
        runs, pending = weave_from_json(data)
        try:
            weave = cls((Run(*run) for run in runs), pending)
        except EditError as error:
            raise WeaveFormatError(f"a stored weave holds an impossible run: {error}") from None
        if weave.to_json() != data:
            raise WeaveFormatError("a stored weave is not in its canonical form (runs merged, "
                                   "tables in order of first use, pending authors exact)")
        return weave

    def digest(self) -> str:
        """sha256 (hex) of the UTF-8 bytes of ``to_json()``."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    def copy(self) -> Weave:
        copied = Weave.__new__(Weave)
        copied._runs, copied._length, copied._marks = list(self._runs), self._length, None
        copied._pending = dict(self._pending)
        return copied

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Weave):
            return NotImplemented
        return self._runs == other._runs and self.pending_authors() == other.pending_authors()

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        return f"Weave({self._runs!r})"

    # ----------------------------------------------------------------- internals

    def _note_pending(self, author: Author, *, changed: bool, removed: bool) -> None:
        """Keep ``_pending`` exact after ``author`` changed the weave (``changed``: inserted
        or deleted something; ``removed``: some of their pending changes went, maybe all).

        An author not in ``_pending`` has no pending characters, so whatever they insert or
        delete is a pending change: no need to look."""
        if author not in self._pending:
            if changed:
                self._pending[author] = None
        elif removed and not self._has_pending(author):
            del self._pending[author]

    def _has_pending(self, author: Author) -> bool:
        return any((r.version is None and r.author == author) or r.deleted_by == author
                   for r in self._runs)

    def _check_new_version(self, version_id: str) -> None:
        if not isinstance(version_id, str) or not version_id:
            raise EditError(f"a version id must be a non-empty string; got {version_id!r}")
        if has_version(self._runs, version_id):
            raise EditError(f"version id {version_id!r} is already in this paragraph's "
                            "history; a new version needs a new id")
