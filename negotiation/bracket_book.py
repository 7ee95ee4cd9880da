"""A paragraph's brackets and who holds them, kept by replaying its bracket events.

A ``BracketBook`` is the state the events of one paragraph act on: its text, the delegation
that tabled it (``tabled_by``, "c. [BELIZE: Conduct a study ...]"), the alternative wordings
shown under it (``proposals``, "[VENEZUELA: That ...]") and who holds each bracket. ``apply``
returns the book after one event (negotiation.bracket_events); replaying a paragraph's events
in order from its imported state gives its text, so the record and the text cannot part::

    book = BracketBook("requires shared responsibility and")
    book = book.apply(BracketEvent("p1", BracketAction.RAISED,
                                   "[shared responsibility / co-responsibility]",
                                   Author("ana", "Venezuela"), start=9))
    book.text -> "requires [shared responsibility / co-responsibility] and"
    book.open_brackets()[0].holders -> ("Venezuela",)

Holders: a bracket raised by an action is held by the raiser's delegation (or the group they
raised it in the name of, the event's ``acting_for``), and so is one typed by hand (a "typed"
event, recorded after the edit that typed it); a bracket whose words someone edits by hand
keeps its holders, and the editor's delegation holds it too, unless it is another
delegation's "[NAME: ...]" (an "edited" event, whose option is the bracket as it read before);
one found in the text otherwise is held by the delegation of its "[NAME: ...]" prefix, else by
the delegations of the paragraph's attribution note (``default_holders``). Joining adds a
delegation (or the group joined for), withdrawing
removes it; a bracket that nobody holds any more awaits the chair, who lifts or resolves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

from negotiation.bracket_events import BracketAction, BracketEvent
from negotiation.bracket_text import BracketGone, add_option, lift, raise_bracket, resolve
from negotiation.errors import BracketActionError
from negotiation.grammar import parse
from negotiation.phrases import canonical_delegation

Place = Literal["text", "tabled", "proposal"]


@dataclass(frozen=True)
class HeldBracket:
    """One open bracket of a paragraph and the delegations holding it."""

    written: str  # as written: "[shall / should]", "[BELIZE: Conduct a study ...]"
    start: int | None  # offset of its "[" in the text; None for "tabled" and "proposal"
    kind: str  # grammar kind ("passage", "alternatives", ...), "tabled" or "proposal"
    options: tuple[str, ...]
    holders: tuple[str, ...]
    depth: int = 1
    place: Place = "text"

    @property
    def awaiting_chair(self) -> bool:
        """Nobody holds it any more: the chair lifts or resolves it."""
        return not self.holders


def written_proposal(delegation: str, wording: str) -> str:
    """How a paragraph-level proposal is written: "[Venezuela: That ...]"."""
    return f"[{delegation}: {wording}]"


@dataclass(frozen=True)
class BracketBook:
    text: str
    tabled_by: str | None = None
    proposals: tuple[tuple[str, str], ...] = ()  # (delegation, wording)
    default_holders: tuple[str, ...] = ()
    holds: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))

    # ------------------------------------------------------------------- reading

    def open_brackets(self) -> list[HeldBracket]:
        """Every open bracket: the tabled paragraph, those in the text, then the proposals."""
        found: list[HeldBracket] = []
        if self.tabled_by:
            written = written_proposal(self.tabled_by, self.text)
            found.append(HeldBracket(written, None, "tabled", (self.text,),
                                     self._holders(written, (self.tabled_by,)),
                                     place="tabled"))
        for bracket in parse(self.text).brackets:
            written = self.text[bracket.start:bracket.end]
            named = (canonical_delegation(bracket.delegation) or bracket.delegation
                     if bracket.delegation else None)
            found.append(HeldBracket(
                written, bracket.start, bracket.kind.value, bracket.options,
                self._holders(written, (named,) if named else self.default_holders),
                bracket.depth))
        for delegation, wording in self.proposals:
            written = written_proposal(delegation, wording)
            found.append(HeldBracket(written, None, "proposal", (wording,),
                                     self._holders(written, (delegation,)),
                                     place="proposal"))
        return found

    def find(self, written: str, start: int | None) -> HeldBracket:
        """The open bracket written ``written`` at ``start``; ``BracketGone`` otherwise."""
        for bracket in self.open_brackets():
            if bracket.written == written and bracket.start == start:
                return bracket
        where = "under the paragraph" if start is None else f"at offset {start}"
        raise BracketGone(f"no open bracket {written[:60]!r} {where} any more; it was edited "
                          "or resolved meanwhile")

    def _holders(self, written: str, default: tuple[str, ...]) -> tuple[str, ...]:
        return self.holds.get(written, default)

    # ------------------------------------------------------------------- events

    def apply(self, event: BracketEvent) -> BracketBook:
        """The book after ``event``; ``BracketActionError`` when it does not fit."""
        action, written, who = event.action, event.bracket, event.acting_for
        if action is BracketAction.TABLED:
            delegation = written[1:written.index(":")] if ":" in written else who or ""
            book = replace(self, proposals=(*self.proposals, (delegation, event.option or "")))
            return book._hold(written, (delegation,))
        if action is BracketAction.RAISED:
            if event.start is None:
                raise BracketActionError("a raised bracket stands in the text: its start is "
                                         "needed")
            options = parse(written).brackets[0].options if parse(written).brackets else ()
            if not options:
                raise BracketActionError(f"{written!r} is not a bracket")
            text, made = raise_bracket(self.text, event.start,
                                       event.start + len(options[0]), options[1:])
            if made != written:
                raise BracketActionError(f"raising gives {made!r}, the event says {written!r}")
            return replace(self, text=text)._hold(written, (who,) if who else ())
        bracket = self.find(written, event.start)
        if action is BracketAction.TYPED:  # the edit put the words there: only the hold
            return self._hold(written, (who,) if who else ())
        if action is BracketAction.EDITED:  # the edit changed its words: the holds move on
            before = event.option or ""
            held = self.holds.get(before, bracket.holders)
            holders = held if not who or who in held or _names_another(written, who) else (
                *held, who)
            still = any(b.written == before for b in self.open_brackets())  # another, alike
            return (self if still else self._release(before))._hold(written, holders)
        if action is BracketAction.JOINED:
            held = bracket.holders if who in bracket.holders else (*bracket.holders, who)
            return self._hold(written, tuple(h for h in held if h))
        if action is BracketAction.WITHDRAWN:
            return self._hold(written, tuple(h for h in bracket.holders if h != who))
        if action is BracketAction.OPTION_ADDED:
            if bracket.place != "text" or bracket.start is None:
                raise BracketActionError("an option is added to a bracket in the text; "
                                         "table an alternative wording of the paragraph instead")
            text, grown = add_option(self.text, bracket.start, written, event.option or "")
            holders = bracket.holders if who in bracket.holders or not who else (
                *bracket.holders, who)
            return replace(self, text=text)._release(written)._hold(grown, holders)
        if action is BracketAction.ADOPTED:
            return self._settle(bracket, bracket.options[0])
        if action is BracketAction.LIFTED:
            if bracket.place == "proposal":
                raise BracketActionError("a proposal is not lifted: the chair adopts it as the "
                                         "paragraph's text or resolves it")
            if bracket.place == "tabled":
                return replace(self, tabled_by=None)._release(written)
            return replace(self, text=lift(self.text, bracket.start or 0, written)
                           )._release(written)
        return self._settle(bracket, event.option or "")  # RESOLVED

    def _settle(self, bracket: HeldBracket, wording: str) -> BracketBook:
        """The bracket replaced by ``wording`` ("" deletes the passage or the proposal)."""
        if bracket.place == "text":
            return replace(self, text=resolve(self.text, bracket.start or 0, bracket.written,
                                              wording))._release(bracket.written)
        if bracket.place == "tabled":
            if not wording:
                raise BracketActionError("a tabled paragraph is not deleted by resolving it: "
                                         "delete the paragraph")
            return replace(self, text=wording, tabled_by=None)._release(bracket.written)
        left = list(self.proposals)
        left.remove((_delegation_of(bracket.written), bracket.options[0]))
        book = replace(self, proposals=tuple(left))._release(bracket.written)
        return replace(book, text=wording) if wording else book

    def _hold(self, written: str, holders: tuple[str, ...]) -> BracketBook:
        return replace(self, holds=MappingProxyType({**self.holds, written: holders}))

    def _release(self, written: str) -> BracketBook:
        return replace(self, holds=MappingProxyType(
            {k: v for k, v in self.holds.items() if k != written}))


def _names_another(written: str, delegation: str) -> bool:
    """Whether ``written`` is a "[NAME: ...]" naming a delegation other than ``delegation``
    (whose words another delegation may edit, but not hold)."""
    found = parse(written).brackets
    named = found[0].delegation if found else None
    return bool(named) and (canonical_delegation(named) or named) != delegation


def _delegation_of(written: str) -> str:
    return written[1:written.index(":")]


def replay(book: BracketBook, events: list[BracketEvent]) -> BracketBook:
    """The book after every event in order."""
    for event in events:
        book = book.apply(event)
    return book
