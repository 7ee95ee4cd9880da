"""Runs of attributed characters, and how an edit rewrites them (for negotiation.authorship).

A run is a stretch of characters that share who typed them, their version and, while a
deletion of them is pending, who deleted them::

    Run("Urges ", Author("ana", "Venezuela"), "v1", deleted_by=Author("li", "Belize"))
    Run("all ",   Author("li", "Belize"),     None)

    text        the characters (a Python str: lengths and positions count code points)
    author      who typed them
    version     the id of the version they entered the paragraph in, or None while *pending*
                (typed, not yet in any version)
    deleted_by  None, or who deleted them while that deletion is pending: a *tombstone*,
                gone from the current text, still in the versioned text if it has a version

A run list is kept *merged*: no two adjacent runs share author, version and deleted_by.

An edit (an *op*) is a sequence of components as in ot.js, counted in code points: a positive
int retains that many characters of the current text, a str inserts itself, a negative int
deletes that many characters. ``[5, "all ", -3, 4]`` on a text of 12 characters keeps 5,
inserts "all ", deletes 3 and keeps the last 4. Retains and deletes count only visible
characters (tombstones are skipped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, repeat
from operator import is_not, itemgetter
from typing import NamedTuple

from negotiation.author import Author
from negotiation.errors import EditError

Component = int | str  # retain n (> 0), insert text, delete n (< 0)
# a run's fields, read by C-level scans of a run list (a paragraph holds thousands of runs,
# and the store's writer and the room's seals read them all)
TEXT, VERSION, DELETED_BY = itemgetter(0), itemgetter(2), itemgetter(3)
_SURROGATE = re.compile("[\ud800-\udfff]")  # never text on its own: it cannot be stored


class Run(NamedTuple):
    """Characters sharing who typed them, their version, and who deleted them (pending)."""

    text: str
    author: Author
    version: str | None
    deleted_by: Author | None = None


def push(runs: list[Run], run: Run) -> None:
    """Append ``run`` to a merged list, joining it to the last run when they share all but
    their text (an empty run adds nothing)."""
    if runs:
        last = runs[-1]
        if last.author == run.author and last.version == run.version \
                and last.deleted_by == run.deleted_by:
            runs[-1] = Run(last.text + run.text, last.author, last.version, last.deleted_by)
            return
    if run.text:
        runs.append(run)


def versioned(runs: Sequence[Run]) -> Iterator[Run]:
    """The runs that are in a version (tombstones of them included), in order."""
    return compress(runs, map(is_not, map(VERSION, runs), repeat(None)))


def versioned_text_of(runs: Sequence[Run]) -> str:
    """The text of the runs that are in a version (``Weave.versioned_text``)."""
    return "".join(map(TEXT, versioned(runs)))


def has_version(runs: Sequence[Run], version_id: str) -> bool:
    """Some run is in version ``version_id``."""
    return version_id in map(VERSION, runs)


def parse_op(op: Iterable[Component]) -> list[Component]:
    """The op's components, checked (``EditError``); empty ones (0, "") are dropped."""
    components: list[Component] = []
    for position, component in enumerate(op):
        if isinstance(component, bool) or not isinstance(component, int | str):
            raise EditError(f"op component {position} is {component!r}; expected a retain "
                            "(positive int), an insert (str) or a delete (negative int)")
        if isinstance(component, str):
            check_text(component, f"op component {position}")
        if component:
            components.append(component)
    return components


def check_text(text: str, what: str) -> None:
    """``EditError`` when ``text`` holds a lone surrogate (U+D800..U+DFFF): not a character,
    and it cannot be written as UTF-8, so a weave holding one could not be stored."""
    found = _SURROGATE.search(text)
    if found:
        raise EditError(f"{what} holds a lone surrogate U+{ord(found.group()):04X} at "
                        f"{found.start()}; that is not text")


class Applied(NamedTuple):
    """What ``apply_op`` made: the runs, how much longer the current text got, whether some
    of the author's own pending characters were deleted outright; and where the runs stayed
    as they were: ``runs[:intact]`` at the same places, ``runs[tail:]`` from ``new_tail`` on
    (for negotiation.weave_marks)."""

    runs: list[Run]
    growth: int
    removed: bool
    intact: int
    tail: int
    new_tail: int


def apply_op(runs: Sequence[Run], components: Sequence[Component], author: Author,
             start: tuple[int, int] = (0, 0)) -> Applied:
    """The runs after ``author``'s edit, how much longer the current text got, and whether
    some of the author's own pending characters were deleted outright.

    ``components`` must come from ``parse_op`` and cover the current text (the caller checks
    the length). Inserted text becomes a pending run of ``author``; where tombstones lie
    between two visible characters, the insertion goes after them, just before the next
    visible character. Deleted characters that ``author`` typed and are still pending go
    outright; any other deleted character becomes a tombstone marked ``deleted_by=author``.
    The runs after the last change are copied, not walked; ``start``, (index, visible
    characters before it), says that ``runs[:index]`` come before the op's first change
    (negotiation/weave_marks.py finds it), so they are copied, not walked either.
    """
    last = len(components)
    while last and isinstance(components[last - 1], int) and components[last - 1] > 0:
        last -= 1  # a trailing retain: the rest is copied as it is
    first, before = start
    out: list[Run] = list(runs[:first])
    index = first  # runs[index].text[offset:] comes next
    offset = 0
    growth, removed = 0, False
    intact = first  # out[:intact] are runs[:intact] (the last of them may still grow)
    if first:
        if not components or not isinstance(components[0], int) or components[0] < before:
            raise ValueError(f"apply_op: start {start} is not before the op's first change")
        components = [components[0] - before, *components[1:]]
    for number, component in enumerate(components[:last]):
        if isinstance(component, str):
            if offset == 0:  # after any tombstones lying here
                index, _ = _copy_whole(runs, index, 0, out)
            push(out, Run(component, author, None))
            growth += len(component)
            continue
        count = abs(component)
        if component > 0 and offset == 0:
            index, count = _copy_whole(runs, index, count, out)
        if number == 0 and component > 0:
            intact = index
        while count:
            run = runs[index]
            if run.deleted_by is not None:
                push(out, run)
                index += 1
                continue
            text = run.text
            take = min(count, len(text) - offset)
            piece = text if take == len(text) else text[offset:offset + take]
            if component > 0:
                push(out, Run(piece, run.author, run.version, None))
            elif run.version is None and run.author == author:
                removed = True
            else:
                push(out, Run(piece, run.author, run.version, author))
            if component < 0:
                growth -= take
            count -= take
            offset += take
            if offset == len(text):
                index, offset = index + 1, 0
    if offset:
        run = runs[index]
        push(out, Run(run.text[offset:], run.author, run.version, run.deleted_by))
        index += 1
    if index < len(runs):
        push(out, runs[index])
        out.extend(runs[index + 1:])
        return Applied(out, growth, removed, max(intact - 1, 0), index + 1,
                       len(out) - (len(runs) - index - 1))
    return Applied(out, growth, removed, max(intact - 1, 0), len(runs), len(out))


def _copy_whole(runs: Sequence[Run], index: int, count: int, out: list[Run]
                ) -> tuple[int, int]:
    """Copy to ``out`` the whole runs from ``index`` on that hold at most ``count`` visible
    characters in all (tombstones hold none); the index after them, and how many of the
    ``count`` characters are left."""
    start = index
    while index < len(runs):
        run = runs[index]
        size = 0 if run.deleted_by is not None else len(run.text)
        if size > count:
            break
        count -= size
        index += 1
    if index > start:  # those runs are merged already: only the first may join ``out``
        push(out, runs[start])
        out.extend(runs[start + 1:index])
    return index, count


def check_run(run: Run) -> None:
    """``EditError`` for a run that cannot be: wrong types, or a pending run deleted by its
    own author (such characters are removed outright, never kept)."""
    text, author, version, deleted_by = run
    if not isinstance(text, str) or not isinstance(author, Author):
        raise EditError(f"a run is (text, Author, version id or None, Author or None); "
                        f"got {run!r}")
    check_text(text, "a run's text")
    if version is not None and (not isinstance(version, str) or not version):
        raise EditError(f"a run's version must be a non-empty string or None; got {run!r}")
    if deleted_by is not None and not isinstance(deleted_by, Author):
        raise EditError(f"a run's deleted_by must be an Author or None; got {run!r}")
    if version is None and deleted_by == author:
        raise EditError("a pending run deleted by its own author cannot be kept (it is "
                        f"removed outright); got {run!r}")


class RunReader:
    """Hands out the characters of a run list in order, as runs."""

    def __init__(self, runs: Sequence[Run]) -> None:
        self._runs, self._index, self._offset = runs, 0, 0

    def take(self, count: int) -> list[Run]:
        """The next ``count`` characters (the list must hold them)."""
        taken: list[Run] = []
        while count:
            run = self._runs[self._index]
            size = min(count, len(run.text) - self._offset)
            taken.append(run._replace(text=run.text[self._offset:self._offset + size]))
            count -= size
            self._offset += size
            if self._offset == len(run.text):
                self._index, self._offset = self._index + 1, 0
        return taken
