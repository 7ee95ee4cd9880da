"""negotiation.weave_seal: sealing finds the pending runs by scanning the run list's fields and
copies the rest as slices; it gives exactly the runs of a walk over every run, for weaves made
by random edits and seals of several delegations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.author import Author
from negotiation.authorship import Run, Weave
from negotiation.weave_runs import push, versioned_text_of
from negotiation.weave_seal import pending_indexes, seal_runs

AUTHORS = [Author("ana", "Venezuela"), Author("li", "Belize"), Author("jo", "Mexico")]


def walked(runs: tuple[Run, ...], author: Author, version_id: str
           ) -> tuple[list[Run], bool] | None:
    """The seal as a walk over every run: the runs, and whether the author keeps pending
    changes (the definition ``seal_runs`` must match)."""
    out: list[Run] = []
    changed = False
    for run in runs:
        if run.version is None and run.author == author:
            push(out, run._replace(version=version_id))
            changed = True
        elif run.deleted_by == author and run.version is not None:
            changed = True
        else:
            push(out, run)
    still = any(r.deleted_by == author or (r.version is None and r.author == author)
                for r in out)
    return (out, still) if changed else None


@st.composite
def weaves(draw: st.DrawFn) -> Weave:
    weave = Weave.from_text("To request the Permanent Council to convene a meeting.",
                            AUTHORS[0], "v0")
    for step in range(draw(st.integers(0, 40))):
        author = draw(st.sampled_from(AUTHORS))
        if draw(st.integers(0, 5)) == 0:
            weave.seal(author, f"v{step + 1}")
            continue
        length = weave.length
        at = draw(st.integers(0, length))
        cut = draw(st.integers(0, min(4, length - at)))
        word = draw(st.sampled_from(["", "k", "all ", "x y"]))
        if not cut and not word:
            word = "z"
        weave.apply([c for c in (at, -cut, word, length - at - cut) if c], author)
    return weave


@settings(max_examples=300, deadline=None)
@given(weaves(), st.sampled_from(AUTHORS))
def test_a_seal_gives_the_runs_of_a_walk_over_every_run(weave: Weave, author: Author) -> None:
    runs = weave.runs
    expected = walked(runs, author, "sealed")
    got = seal_runs(runs, author, "sealed")
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert (got.runs, got.still_pending) == expected
        assert Weave(got.runs).runs == tuple(got.runs)  # still merged
    assert pending_indexes(runs) == [i for i, r in enumerate(runs)
                                     if r.version is None or r.deleted_by is not None]
    assert versioned_text_of(runs) == "".join(r.text for r in runs if r.version is not None)


def test_a_tombstone_between_two_equal_runs_goes_and_they_join() -> None:
    ana, li = AUTHORS[0], AUTHORS[1]
    runs = [Run("Urges ", ana, "v1"), Run("all ", ana, "v2", li), Run("States", ana, "v1")]
    sealed = seal_runs(runs, li, "v3")
    assert sealed is not None
    assert sealed.runs == [Run("Urges States", ana, "v1")] and not sealed.still_pending


def test_a_deletion_of_words_not_yet_in_a_version_stays_pending() -> None:
    ana, li = AUTHORS[0], AUTHORS[1]
    runs = [Run("Urges ", ana, "v1"), Run("all ", ana, None, li), Run("new ", li, None)]
    sealed = seal_runs(runs, li, "v2")
    assert sealed is not None
    assert sealed.runs == [Run("Urges ", ana, "v1"), Run("all ", ana, None, li),
                           Run("new ", li, "v2")]
    assert sealed.still_pending  # li's deletion waits for ana's version
    assert seal_runs(runs, AUTHORS[2], "v2") is None
