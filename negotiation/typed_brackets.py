"""Brackets typed by hand, read as the bracket actions they amount to.

An edit of a paragraph's words may type a bracket ("[ … ]", "[a / b]") or a proposal
("[NAME: …]") instead of asking for the action. ``read_typing(before, after, typist)`` says
what the change from ``before`` to ``after`` does in the typist's name:

* a proposal that names a delegation the typist does not speak for (a "[NAME: …]" the edit
  introduces or renames) refuses the whole edit, with the reason: tabling an alternative is
  done in one's own delegation's name or a group's one speaks for (the permission table's
  ``table an alternative``, negotiation/permissions.py);
* a newly typed bracket (no bracket stood at its "[" before) is held by the typist's
  delegation, as a raised one is (``holds``; none for a typist who speaks for no
  delegation: the chair, the secretariat).

Which brackets the edit touched is read from the change itself: the brackets inside the text
both versions share at the start and at the end are the same brackets, the others are the
edit's. A bracket whose "[" stood there before and whose words were edited keeps its name
and is no new bracket::

    read_typing("To [note] it.", "To [note] it [VENEZUELA: and act].", venezuela)
      -> Typing(refusal=None, holds=(TypedHold("[VENEZUELA: and act]", 13, "Venezuela"),))

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from negotiation.grammar import Bracket, parse
from negotiation.permissions import Action, Role, Situation, decide
from negotiation.phrases import canonical_delegation


@dataclass(frozen=True)
class Typist:
    """Who typed: the role, the delegation of their seat, the groups they also speak for."""

    role: Role | str | None
    delegation: str | None = None
    speaks_for: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TypedHold:
    """A newly typed bracket and the delegation that holds it."""

    written: str  # as written in the new text
    start: int  # where its "[" stands in the new text
    delegation: str


@dataclass(frozen=True)
class Typing:
    refusal: str | None = None  # why the edit is refused (None: it is not)
    holds: tuple[TypedHold, ...] = ()


def may_type(before: str, after: str) -> bool:
    """Whether the change could type a bracket at all (cheap: most keystrokes type words, and
    reading the brackets costs a parse of both texts)."""
    if before == after or "[" not in after:
        return False
    return _may_type(before, after, *_shared_ends(before, after))


def read_typing(before: str, after: str, typist: Typist) -> Typing:
    """What the change ``before`` -> ``after`` types, in ``typist``'s name."""
    if not may_type(before, after):
        return Typing()
    prefix, suffix = _shared_ends(before, after)
    old, new = parse(before).brackets, parse(after).brackets
    kept_old = [b for b in old if not _touched(b, prefix, len(before) - suffix)]
    touched_old = {b.start: b for b in old if b not in kept_old}
    holds: list[TypedHold] = []
    for bracket in new:
        if not _touched(bracket, prefix, len(after) - suffix):
            continue
        replaced = touched_old.get(bracket.start) if bracket.start < prefix else None
        named = _named(bracket)
        if named is not None and (replaced is None or _named(replaced) != named):
            refusal = _refusal(bracket, named, after, typist)
            if refusal:
                return Typing(refusal=refusal)
        if replaced is None and typist.delegation:
            holds.append(TypedHold(after[bracket.start:bracket.end], bracket.start,
                                   _canonical(typist.delegation)))
    return Typing(holds=tuple(holds))


def _refusal(bracket: Bracket, named: str, text: str, typist: Typist) -> str | None:
    own = _canonical(typist.delegation) if typist.delegation else None
    decision = decide(typist.role, Action.TABLE, Situation(
        own_delegation=own, speaks_for=frozenset(_canonical(d) for d in typist.speaks_for),
        acting_for=named))
    if decision:
        return None
    written = text[bracket.start:bracket.end]
    shown = written if len(written) <= 60 else written[:57] + "…]"
    return (f"{shown} is a proposal in the name of {named}: {decision.reason} (a delegate may "
            "name their own delegation or a group they speak for); the edit was not applied")


def _named(bracket: Bracket) -> str | None:
    return _canonical(bracket.delegation) if bracket.delegation else None


def _canonical(name: str) -> str:
    """"VENEZUELA" as the grammar reads "[VENEZUELA: …]": "Venezuela"."""
    return canonical_delegation(name) or name


def _touched(bracket: Bracket, changed_from: int, changed_to: int) -> bool:
    """Whether the bracket reaches into the changed stretch [changed_from, changed_to) (an
    insertion at a bracket's edge touches it too)."""
    return bracket.end >= changed_from and bracket.start <= changed_to


_MARKS = frozenset("[]:")
_LONGEST_NAME = 80  # "[ANTIGUA AND BARBUDA, ON BEHALF OF THE CARIBBEAN COMMUNITY: ..."


def _may_type(before: str, after: str, prefix: int, suffix: int) -> bool:
    """Whether the change could make or name a bracket: it adds or removes a "[", "]" or
    ":", or it changes the words between a "[" and a ":" (a name being retyped)."""
    changed = before[prefix:len(before) - suffix] + after[prefix:len(after) - suffix]
    if not _MARKS.isdisjoint(changed):
        return True
    opening = after.rfind("[", max(0, prefix - _LONGEST_NAME), prefix + 1)
    if opening < 0:
        return False
    colon = after.find(":", prefix, len(after) - suffix + _LONGEST_NAME)
    return colon >= 0 and "]" not in after[opening:colon] and "[" not in after[
        opening + 1:colon]


def _shared_ends(before: str, after: str) -> tuple[int, int]:
    """The lengths of the longest common prefix and (beyond it) common suffix (by halving:
    slice comparisons run at C speed, a character loop would cost a keystroke's budget)."""
    limit = min(len(before), len(after))
    prefix = _longest(lambda n: before[:n] == after[:n], limit)
    rest = limit - prefix
    suffix = _longest(lambda n: before[len(before) - n:] == after[len(after) - n:], rest)
    return prefix, suffix


def _longest(same: Callable[[int], bool], limit: int) -> int:
    """The largest n <= limit with ``same(n)`` (``same`` holds up to some n, then not)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low
