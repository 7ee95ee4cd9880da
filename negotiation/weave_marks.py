"""Marks in a weave's run list: where an edit's walk can start (for negotiation.authorship).

A paragraph many delegations type into at once holds thousands of runs (each keystroke of
another author at another place is a run of its own). ``weave_runs.apply_op`` copies the runs
before an edit's first change; walking to it run by run cost a keystroke hundreds of
microseconds at the end of a long paragraph, the most of the room's time per edit
(bench/load.py: 100 delegates on one paragraph). ``RunMarks`` keeps, every ``EVERY`` runs or
so, how many visible characters come before that run, so the walk starts at the last mark
before the change (a binary search), and after the edit only the marks around the change are
made again: those before it stay, those after it move with the runs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from negotiation.weave_runs import Applied, Run

EVERY = 32  # runs between two marks


class RunMarks:
    """Pairs (run index, visible characters in the runs before it), in order; the first is
    (0, 0)."""

    __slots__ = ("before", "indexes")

    def __init__(self, runs: Sequence[Run]) -> None:
        self.indexes: list[int] = [0]
        self.before: list[int] = [0]
        self._mark(runs, 0, 0, len(runs))

    def start(self, lead: int) -> tuple[int, int]:
        """The last mark with at most ``lead`` visible characters before it: ``runs[:index]``
        all lie within an op's leading retain of ``lead`` characters."""
        at = bisect_right(self.before, lead) - 1
        return self.indexes[at], self.before[at]

    def follow(self, runs: Sequence[Run], applied: Applied) -> None:
        """Bring the marks to ``runs``, the run list ``applied`` made: marks before its
        ``intact`` runs stay, marks from its ``tail`` on move by as many runs and as many
        visible characters as the edit added, and the stretch between gets marks anew."""
        cut = bisect_right(self.indexes, applied.intact)
        moved = bisect_right(self.indexes, applied.tail - 1)
        shift = applied.new_tail - applied.tail
        later = [(index + shift, before + applied.growth) for index, before in
                 zip(self.indexes[moved:], self.before[moved:], strict=True)]
        del self.indexes[cut:], self.before[cut:]
        end = later[0][0] if later else len(runs)
        self._mark(runs, self.indexes[-1], self.before[-1], end)
        for index, before in later:
            self.indexes.append(index)
            self.before.append(before)

    def _mark(self, runs: Sequence[Run], index: int, before: int, end: int) -> None:
        """Walk ``runs[index:end]`` from the mark (``index``, ``before``), marking every
        ``EVERY`` runs but not within ``EVERY // 2`` of ``end`` (a mark there already: marks
        made again at each edit would otherwise crowd in front of it)."""
        last = index
        while index < end:
            if index - last >= EVERY and end - index >= EVERY // 2:
                self.indexes.append(index)
                self.before.append(before)
                last = index
            run = runs[index]
            if run.deleted_by is None:
                before += len(run.text)
            index += 1
