"""Brackets typed by hand, read as the bracket actions they amount to.

An edit of a paragraph's words may type a bracket ("[ … ]", "[a / b]") or a proposal
("[NAME: …]") instead of asking for the action. ``read_typing(before, after, typist)`` says
what the change from ``before`` to ``after`` does in the typist's name:

* a proposal that names a delegation the typist does not speak for refuses the whole edit,
  with the reason: tabling an alternative is done in one's own delegation's name or a group's
  one speaks for (the permission table's ``table an alternative``, negotiation/permissions.py).
  A proposal is known by its "[NAME: " (as the grammar reads the prefix), so the edit that
  types the name and its colon is refused, not the one that closes the bracket after its
  words reached everyone; an edit that adds a "[NAME: " names NAME (renaming one does too,
  editing the words of one already there does not);
* a newly typed bracket (no bracket stood at its "[" before) is held by the typist's
  delegation, as a raised one is (``holds``; none for a typist who speaks for no
  delegation: the chair, the secretariat); a proposal typed in the name of a group the
  typist speaks for is held by that group;
* a bracket that stood there before whose words the edit changed ("[shall / should]" ->
  "[shall / must]") is the same bracket edited (``edits``): its holders keep it, and the
  editor's delegation holds it too (an "edited" bracket event, negotiation/bracket_book.py),
  so the record follows the words, whoever typed them.

Which brackets the edit touched is read from the change itself: the brackets inside the text
both versions share at the start and at the end are the same brackets, the others are the
edit's. A bracket whose "[" stood there before and whose words were edited is no new
bracket, it is an edited one::

    read_typing("To [note] it.", "To [note] it [VENEZUELA: and act].", venezuela)
      -> Typing(refusal=None, holds=(TypedHold("[VENEZUELA: and act]", 13, "Venezuela"),))
    read_typing("We [shall / should] act.", "We [shall / must] act.", belize)
      -> Typing(edits=(EditedBracket("[shall / should]", "[shall / must]", 3),))

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from negotiation.delegations import speaking_name
from negotiation.grammar import MIXED_PREFIX, PREFIX, known_delegation, parse
from negotiation.permissions import Action, Role, Situation, decide


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
class EditedBracket:
    """A bracket that stood there before, whose words the edit changed."""

    before: str  # as written before the edit
    written: str  # as written after it
    start: int  # where its "[" stands (the same offset in both texts)


@dataclass(frozen=True)
class Typing:
    refusal: str | None = None  # why the edit is refused (None: it is not)
    holds: tuple[TypedHold, ...] = ()
    edits: tuple[EditedBracket, ...] = ()


def may_type(before: str, after: str) -> bool:
    """Whether the change could type a bracket or a proposal's name at all (cheap: most
    keystrokes type words, and reading the brackets costs a parse of both texts)."""
    if before == after or "[" not in after:
        return False
    return _may_type(before, after, *_shared_ends(before, after))


def read_typing(before: str, after: str, typist: Typist) -> Typing:
    """What the change ``before`` -> ``after`` types, in ``typist``'s name."""
    if not may_type(before, after):
        return Typing()
    prefix, suffix = _shared_ends(before, after)
    refusal = _foreign_proposal(before, after, prefix, typist)
    if refusal:
        return Typing(refusal=refusal)
    changed = before[prefix:len(before) - suffix] + after[prefix:len(after) - suffix]
    makes = "[" in changed or "]" in changed  # a bracket made or unmade
    if not makes and not _inside_bracket(after, prefix):
        return Typing()
    stood = {start: before[start:end] for start, end in _spans(before)
             if _touched(start, end, prefix, len(before) - suffix)}
    holds: list[TypedHold] = []
    edits: list[EditedBracket] = []
    for start, end in _spans(after):
        if not _touched(start, end, prefix, len(after) - suffix):
            continue
        written = after[start:end]
        if start < prefix and start in stood:  # its "[" stood there before
            if stood[start] != written:
                edits.append(EditedBracket(stood[start], written, start))
        elif makes and typist.delegation:
            holds.append(TypedHold(written, start, _holder(written, typist)))
    return Typing(holds=tuple(holds), edits=tuple(edits))


@lru_cache(maxsize=32)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the brackets of ``text`` stand, (start, end). Kept for the texts read last: a
    keystroke's text before is the text after the one before it, so each keystroke typed
    inside a bracket parses one text, not two."""
    return tuple((b.start, b.end) for b in parse(text).brackets)


def _inside_bracket(text: str, at: int) -> bool:
    """Whether ``at`` is inside a bracket of ``text``: more "[" than "]" before it."""
    return text.count("[", 0, at) > text.count("]", 0, at)


def _holder(written: str, typist: Typist) -> str:
    """Who holds a newly typed bracket: the group a proposal names, when the typist speaks
    for it ("[GROUP OF 77 AND CHINA: …]" typed by a delegate the group named), else the
    typist's own delegation."""
    own = _canonical(typist.delegation or "")
    named = next((name for name, starts in _openings(written).items() if 0 in starts), None)
    if named and named != own and named in {_canonical(d) for d in typist.speaks_for}:
        return named
    return own


def _foreign_proposal(before: str, after: str, prefix: int, typist: Typist) -> str | None:
    """The refusal of a "[NAME: " the change adds for a delegation the typist may not table
    for (closed or not yet: a proposal is refused as soon as its name is typed, not after its
    words reached everyone)."""
    had, has = _openings(before), _openings(after)
    for named, starts in has.items():
        if len(starts) <= len(had.get(named, ())):
            continue
        own = _canonical(typist.delegation) if typist.delegation else None
        decision = decide(typist.role, Action.TABLE, Situation(
            own_delegation=own, speaks_for=frozenset(_canonical(d) for d in typist.speaks_for),
            acting_for=named))
        if decision:
            continue
        start = next((at for at in starts if at >= prefix - _LONGEST_NAME), starts[-1])
        close = after.find("]", start)
        shown = after[start:close + 1] if 0 <= close - start < 60 else after[start:start + 57] + "…"
        return (f"{shown} is a proposal in the name of {named}: {decision.reason} (a delegate "
                "may name their own delegation or a group they speak for); the edit was not "
                "applied")
    return None


def _openings(text: str) -> dict[str, list[int]]:
    """Where each delegation is named by a "[NAME: " in ``text`` (as the grammar reads a
    proposal's prefix), closed or not."""
    found: dict[str, list[int]] = {}
    at = text.find("[")
    while at >= 0:
        match = PREFIX.match(text, at + 1)
        if not match:
            match = MIXED_PREFIX.match(text, at + 1)
            if match and not known_delegation(match.group(1)):
                match = None
        if match:
            found.setdefault(_canonical(match.group(1)), []).append(at)
        at = text.find("[", at + 1)
    return found


def _canonical(name: str) -> str:
    """"VENEZUELA" as the grammar reads "[VENEZUELA: …]": "Venezuela"; "GROUP OF 77 AND
    CHINA": "Group of 77 and China"."""
    return speaking_name(name)


def _touched(start: int, end: int, changed_from: int, changed_to: int) -> bool:
    """Whether the bracket [start, end) reaches into the changed stretch [changed_from,
    changed_to) (an insertion at a bracket's edge touches it too)."""
    return end >= changed_from and start <= changed_to


_MARKS = frozenset("[]:")
_LONGEST_NAME = 80  # "[ANTIGUA AND BARBUDA, ON BEHALF OF THE CARIBBEAN COMMUNITY: ..."


def _may_type(before: str, after: str, prefix: int, suffix: int) -> bool:
    """Whether the change could make, name or edit a bracket: it adds or removes a "[", "]"
    or ":", or it is typed inside a bracket (the words of a bracket, or a name being typed
    after a "[" not closed before it, or the space after its colon)."""
    changed = before[prefix:len(before) - suffix] + after[prefix:len(after) - suffix]
    if not _MARKS.isdisjoint(changed) or _inside_bracket(after, prefix):
        return True
    opening = after.rfind("[", max(0, prefix - _LONGEST_NAME), prefix + 1)
    return opening >= 0 and "]" not in after[opening:prefix]


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
