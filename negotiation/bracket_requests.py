"""A person asks for a bracket action: check it against the paragraph and the rules, and
return the event to record.

``decide(book, request, actor, ...)`` is the whole check, in one place for HTTP and the
WebSocket: the permission table (negotiation.permissions.decide), the bracket still
being there, the option index in range, the hold being the actor's own to withdraw, the
rationale's size, a proposal in the actor's own delegation's name or a group's they speak for
(any action a delegate takes may name such a group: the event records it as ``on_behalf_of``,
and the group holds the bracket). Refused requests raise a
``BracketActionError`` (``BracketGone``: the bracket is not there any more; ``Forbidden``:
the rules do not allow it) and change nothing; an allowed one gives a ``BracketEvent`` that
``BracketBook.apply`` turns into the new text.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation import permissions
from negotiation.author import Author
from negotiation.bracket_book import BracketBook, written_proposal
from negotiation.bracket_events import BracketAction, BracketEvent, record_bracket_action
from negotiation.bracket_text import check_wording, option_of, raise_bracket
from negotiation.delegations import speaking_name
from negotiation.errors import BracketActionError
from negotiation.permissions import Action, Role, Situation
from negotiation.status import MAX_REASON

# request kind -> (the permission asked, the event recorded)
KINDS: dict[str, tuple[Action, BracketAction]] = {
    "raise": (Action.RAISE, BracketAction.RAISED),
    "option": (Action.ADD_OPTION, BracketAction.OPTION_ADDED),
    "table": (Action.TABLE, BracketAction.TABLED),
    "join": (Action.JOIN, BracketAction.JOINED),
    "withdraw": (Action.WITHDRAW, BracketAction.WITHDRAWN),
    "resolve": (Action.RESOLVE, BracketAction.RESOLVED),
    "lift": (Action.LIFT, BracketAction.LIFTED),
    "adopt": (Action.ADOPT_PROPOSAL, BracketAction.ADOPTED),
}
BRACKET_ACTIONS: tuple[Action, ...] = tuple(asked for asked, _ in KINDS.values())


class Forbidden(BracketActionError):
    """The permission table does not allow this person the action."""


@dataclass(frozen=True)
class Actor:
    """Who asks: the person and delegation recorded, their role, whom they may name (their
    own delegation and the groups they speak for, canonical names as
    negotiation.phrases.canonical_delegation gives them)."""

    author: Author
    role: Role | str | None
    speaks_for: frozenset[str] = frozenset()


@dataclass(frozen=True)
class BracketRequest:
    kind: str  # one of KINDS
    bracket: str | None = None  # the bracket acted on, as written
    start: int | None = None  # where its "[" stands (None: tabled paragraph, proposal)
    end: int | None = None  # "raise": the selection is text[start:end]
    alternatives: tuple[str, ...] = ()  # "raise": alternative wordings
    keep: int | None = None  # "resolve": the index of the option kept
    wording: str | None = None  # "resolve": compromise; "option", "table": the wording
    rationale: str | None = None
    delegation: str | None = None  # the delegation acted for: own, or a group spoken for


def decide(book: BracketBook, request: BracketRequest, actor: Actor, *, paragraph_id: str,
           paragraph_status: str = "open", adopted: bool = False) -> BracketEvent:
    """The event of ``actor`` making ``request`` on the paragraph ``book`` describes."""
    if request.kind not in KINDS:
        raise BracketActionError(f"unknown bracket action {str(request.kind)[:40]!r}; expected "
                                 f"one of {', '.join(KINDS)}", paragraph_id)
    asked, action = KINDS[request.kind]
    rationale = (request.rationale or "").strip() or None
    if rationale is not None and len(rationale) > MAX_REASON:
        raise BracketActionError(f"a rationale is at most {MAX_REASON} characters; got "
                                 f"{len(rationale)}", paragraph_id)
    named = speaking_name(request.delegation) if request.delegation else None
    delegation = named or actor.author.delegation
    decision = permissions.decide(actor.role, asked, Situation(
        adopted=adopted, paragraph_status=paragraph_status, speaks_for=actor.speaks_for,
        acting_for=delegation))
    if not decision:
        raise Forbidden(decision.reason, paragraph_id)
    group = _group_named(named, actor, paragraph_id)
    record = {"author": actor.author, "reason": rationale, "on_behalf_of": group}
    if action is BracketAction.TABLED:
        if not delegation:
            raise BracketActionError("an alternative wording is tabled in a delegation's name",
                                     paragraph_id)
        wording = check_wording(request.wording or "", "alternative wording").strip()
        if not wording:
            raise BracketActionError("the alternative wording is empty", paragraph_id)
        return record_bracket_action(paragraph_id, action, written_proposal(delegation, wording),
                                     option=wording, **record)
    if action is BracketAction.RAISED:
        _, written = raise_bracket(book.text, _offset(request.start), _offset(request.end),
                                   request.alternatives)
        return record_bracket_action(paragraph_id, action, written, start=request.start,
                                     **record)
    bracket = book.find(request.bracket or "", request.start)
    who = group or actor.author.delegation
    option: str | None = None
    if action is BracketAction.JOINED and who in bracket.holders:
        raise BracketActionError(f"{who} holds this bracket already", paragraph_id)
    if action is BracketAction.WITHDRAWN and who not in bracket.holders:
        raise BracketActionError(f"{who or 'you'} do(es) not hold this bracket; its holders: "
                                 f"{', '.join(bracket.holders) or 'none'}", paragraph_id)
    if action is BracketAction.OPTION_ADDED:
        option = check_wording(request.wording or "", "option").strip()
    if action is BracketAction.ADOPTED and bracket.place != "proposal":
        raise BracketActionError("only a proposal shown under the paragraph is adopted as its "
                                 "text; resolve this bracket instead", paragraph_id)
    if action is BracketAction.RESOLVED:
        option = _resolution(bracket.options, request, paragraph_id)
    return record_bracket_action(paragraph_id, action, bracket.written, option=option,
                                 start=bracket.start, **record)


def _group_named(named: str | None, actor: Actor, paragraph_id: str) -> str | None:
    """The group ``actor`` acts in the name of, when the request names one that is not their
    own delegation (None otherwise). The permission table has let a delegate through only for
    a delegation they speak for; an officer (whose rules carry no own-delegation condition)
    acts in no delegation's name, so naming one is refused here."""
    if not named:
        return None
    if named == actor.author.delegation:
        return None
    if named not in actor.speaks_for:
        spoken = ", ".join(sorted(actor.speaks_for)) or "no delegation"
        raise Forbidden(f"you speak for {spoken}, not for {named} (a delegate may name their "
                        "own delegation or a group they speak for)", paragraph_id)
    return named


def _resolution(options: tuple[str, ...], request: BracketRequest, paragraph_id: str) -> str:
    """The wording a resolution leaves: option ``keep``, compromise ``wording``, or ""."""
    if request.keep is not None and request.wording is not None:
        raise BracketActionError("a resolution keeps an option or gives compromise wording, "
                                 "not both", paragraph_id)
    if request.keep is not None:
        return option_of(options, request.keep)
    return check_wording(request.wording or "", "compromise wording").strip()


def _offset(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BracketActionError(f"an offset is an integer; got {str(value)[:20]!r}")
    return value
