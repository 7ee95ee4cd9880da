"""Sealing one author's pending changes into a version, at the cost of what changed (for
negotiation.authorship).

A paragraph many delegations type into holds thousands of runs, and a live room seals a
version at every burst's end. Walking every run in Python to find the few that change cost a
seal close to a millisecond on the room's event loop (1,700 runs; bench/load.py at 200 editors
over 20 paragraphs ends about 17 bursts at once). Only pending runs can change: insertions not
in a version yet (``version`` None) and tombstones (``deleted_by`` set). They are found here by
C-level scans of the run list (``itertools.compress`` over the runs' fields), so the Python
work is per pending run, and the runs between them are copied as slices.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat
from operator import is_
from typing import NamedTuple

from negotiation.author import Author
from negotiation.weave_runs import DELETED_BY, VERSION, Run, push


class SealedRuns(NamedTuple):
    """What ``seal_runs`` made: the runs, and whether ``author`` still has pending changes
    (deletions of words someone else typed that are not in a version yet)."""

    runs: list[Run]
    still_pending: bool


def pending_indexes(runs: Sequence[Run]) -> list[int]:
    """The indexes of the runs that hold pending changes (an insertion not in a version, or
    a tombstone), in order."""
    everything = range(len(runs))
    unversioned = compress(everything, map(is_, map(VERSION, runs), repeat(None)))
    deleted = compress(everything, map(DELETED_BY, runs))  # an Author is always true
    return sorted({*unversioned, *deleted})


def seal_runs(runs: Sequence[Run], author: Author, version_id: str) -> SealedRuns | None:
    """``runs`` with ``author``'s sealable pending changes made version ``version_id``: their
    pending insertions get the version, and the versioned characters they deleted go. None
    when ``author`` has nothing to seal. ``runs`` must be merged; the result is merged."""
    touched: list[int] = []
    still_pending = False
    for index in pending_indexes(runs):
        _, typist, version, deleted_by = runs[index]
        if version is None:
            if typist == author:
                touched.append(index)
            elif deleted_by == author:
                still_pending = True  # their words must be in a version first
        elif deleted_by == author:
            touched.append(index)
    if not touched:
        return None
    out: list[Run] = []
    copied = 0  # runs[:copied] are in ``out``
    for index in touched:
        _copy(runs, copied, index, out)
        text, typist, version, deleted_by = runs[index]
        if version is None:  # sealed; a tombstone of it stays pending for its deleter
            push(out, Run(text, typist, version_id, deleted_by))
        copied = index + 1  # a versioned tombstone of the author's: its deletion is sealed
    _copy(runs, copied, len(runs), out)
    return SealedRuns(out, still_pending)


def _copy(runs: Sequence[Run], start: int, end: int, out: list[Run]) -> None:
    """Copy ``runs[start:end]`` to ``out``: they are merged already, so only the first may
    join the last run of ``out``."""
    if start < end:
        push(out, runs[start])
        out.extend(runs[start + 1:end])

