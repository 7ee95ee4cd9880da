"""negotiation.weave_marks: an edit's walk starts at a mark, and the weave is the same as when
every walk starts at the first run; the marks stay true after every edit and seal."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import weave_marks
from negotiation.author import Author
from negotiation.authorship import Weave
from negotiation.weave_marks import RunMarks
from negotiation.weave_runs import Run, apply_op

AUTHORS = [Author(name, delegation) for name, delegation in
           (("ana", "Venezuela"), ("li", "Belize"), ("jo", "Mexico"), ("mo", "Chile"))]


def visible_before(runs: tuple[Run, ...] | list[Run], index: int) -> int:
    return sum(len(r.text) for r in runs[:index] if r.deleted_by is None)


def assert_true_marks(weave: Weave) -> None:
    marks = weave._marks
    if marks is None:
        return
    runs = weave.runs
    assert marks.indexes[0] == 0 and marks.indexes == sorted(set(marks.indexes))
    assert all(index <= len(runs) for index in marks.indexes)
    for index, before in zip(marks.indexes, marks.before, strict=True):
        assert before == visible_before(runs, index), (index, before)
    gaps = [b - a for a, b in zip(marks.indexes, marks.indexes[1:], strict=False)]
    assert all(gap <= 3 * weave_marks.EVERY for gap in gaps)  # the walk stays short


def random_op(rng: random.Random, length: int) -> list[int | str]:
    """One hunk: keep, delete some (maybe none), insert a word (maybe none), keep the rest."""
    at = rng.randrange(length + 1)
    delete = rng.choice([0, 0, 1, rng.randrange(0, length - at + 1)]) if at < length else 0
    insert = rng.choice(["", "k", "words ", "x y"])
    if not delete and not insert:
        insert = "z"
    op: list[int | str] = [at] if at else []
    if delete:
        op.append(-delete)
    if insert:
        op.append(insert)
    rest = length - at - delete
    if rest:
        op.append(rest)
    return op


def replay(seed: int, steps: int) -> tuple[Weave, Weave]:
    """The same edits on a weave that keeps marks and on runs walked from the first run."""
    rng = random.Random(seed)
    weave = Weave.from_text("To request the Permanent Council to convene a meeting.",
                            AUTHORS[0], "v0")
    plain = list(weave.runs)
    for step in range(steps):
        author = rng.choice(AUTHORS)
        if rng.random() < 0.05:
            weave.seal(author, f"v{step + 1}")
            plain = list(weave.runs)
            continue
        op = random_op(rng, weave.length)
        weave.apply(op, author)
        plain = apply_op(plain, [c for c in op if c], author).runs
        assert list(weave.runs) == plain, (seed, step, op)
        assert_true_marks(weave)
    return weave, Weave(plain)


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 10_000))
def test_an_edit_started_at_a_mark_gives_the_runs_a_walk_from_the_first_run_gives(seed):
    weave, plain = replay(seed, 400)
    assert weave.text == plain.text


def test_many_delegations_typing_at_random_places_keep_marks_true_and_close():
    """The case the marks are for: thousands of one-character runs."""
    rng = random.Random(7)
    weave = Weave.from_text("x" * 200, AUTHORS[0], "v0")
    for step in range(3_000):
        at = rng.randrange(weave.length + 1)
        weave.apply([c for c in (at, "k", weave.length - at) if c], AUTHORS[step % 4])
    assert len(weave.runs) > 1_500
    assert_true_marks(weave)
    assert len(weave._marks.indexes) >= len(weave.runs) // (3 * weave_marks.EVERY)


def test_a_start_after_the_first_change_is_refused():
    runs = [Run("abc", AUTHORS[0], "v0"), Run("def", AUTHORS[1], "v0")]
    marks = RunMarks(runs)
    assert marks.start(4) == (0, 0)  # one run only, below EVERY: the first mark
    try:
        apply_op(runs, [2, "x", 4], AUTHORS[2], (1, 3))
    except ValueError as problem:
        assert "not before the op's first change" in str(problem)
    else:
        raise AssertionError("a start past the first change was taken")
