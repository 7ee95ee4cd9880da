"""Who may take which bracket and status action: a table of rules, and one function.

Every rule says which *role* may take which *action*, under which *conditions*::

    Rule(Role.DELEGATE, ChairAction.RAISE, {Condition.NOT_ADOPTED, Condition.PARAGRAPH_OPEN,
                                            Condition.OWN_DELEGATION})

An action with no rule for a role is refused for that role, with the reason in words.
``permit(role, action, situation)`` is the one decision the server asks, for HTTP and the
WebSocket alike; tests/test_chair_permissions*.py are generated from ``RULES``.

The roles are the roles of a negotiation (the same values as the accounts' roles); until
the server takes the role from the person's session, it takes the role the client states.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    CHAIR = "chair"
    VICE_CHAIR = "vice-chair"
    DELEGATE = "delegate"
    OBSERVER = "observer"


class ChairAction(StrEnum):
    RAISE = "raise a bracket"  # bracket words, optionally with alternatives
    ADD_OPTION = "add an option"  # another alternative to an open bracket
    TABLE = "table an alternative"  # an alternative wording of a whole paragraph
    JOIN = "join a bracket"  # hold it too
    WITHDRAW = "withdraw a hold"
    RESOLVE = "resolve a bracket"  # keep an option, delete, or compromise wording
    LIFT = "lift a bracket"
    ADOPT_PROPOSAL = "adopt a proposal"  # a proposal becomes the paragraph's text
    AGREE = "mark agreed"
    AD_REFERENDUM = "agree ad referendum"  # in the delegation's own name
    ANSWER_AD_REFERENDUM = "confirm or withdraw an ad referendum"
    REOPEN = "reopen a paragraph"
    ADOPT_DOCUMENT = "adopt the document"
    SELECT = "select the paragraph under discussion"  # the big screen follows it


class Condition(StrEnum):
    NOT_ADOPTED = "not on an adopted document"
    PARAGRAPH_OPEN = "only paragraphs not yet agreed"
    OWN_DELEGATION = "in the person's own delegation, or a group they speak for"


@dataclass(frozen=True)
class Rule:
    role: Role
    action: ChairAction
    conditions: frozenset[Condition] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Situation:
    adopted: bool = False
    paragraph_status: str | None = None
    speaks_for: frozenset[str] = frozenset()  # the delegation(s) the person may name
    acting_for: str | None = None  # the delegation the action would be recorded under


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


_C = ChairAction
_DELEGATE = frozenset({Condition.NOT_ADOPTED, Condition.PARAGRAPH_OPEN,
                       Condition.OWN_DELEGATION})
_OFFICER = frozenset({Condition.NOT_ADOPTED})
_CHAIRS = (Role.CHAIR, Role.VICE_CHAIR)

RULES: tuple[Rule, ...] = (
    *(Rule(Role.DELEGATE, action, _DELEGATE) for action in (
        _C.RAISE, _C.ADD_OPTION, _C.TABLE, _C.JOIN, _C.WITHDRAW, _C.AD_REFERENDUM)),
    Rule(Role.DELEGATE, _C.ANSWER_AD_REFERENDUM, frozenset({Condition.NOT_ADOPTED,
                                                             Condition.OWN_DELEGATION})),
    *(Rule(role, action, _OFFICER) for role in _CHAIRS for action in (
        _C.RAISE, _C.ADD_OPTION, _C.RESOLVE, _C.LIFT, _C.ADOPT_PROPOSAL, _C.AGREE,
        _C.ANSWER_AD_REFERENDUM, _C.REOPEN, _C.SELECT)),
    Rule(Role.SECRETARIAT, _C.ADOPT_DOCUMENT, _OFFICER),
    Rule(Role.SECRETARIAT, _C.SELECT, _OFFICER),
)

_TABLE = {(rule.role, rule.action): rule for rule in RULES}
if len(_TABLE) != len(RULES):
    raise ValueError("two rules for one role and action in negotiation.chair_permissions")
AGREED = frozenset({"agreed", "agreed ad referendum", "adopted"})


def permit(role: Role | str | None, action: ChairAction,
           situation: Situation = Situation()) -> Decision:
    """Whether ``role`` may take ``action`` in ``situation``, and if not, why."""
    try:
        role = Role(role) if role is not None else None
    except ValueError:
        return Decision(False, f"unknown role {str(role)[:40]!r}")
    if role is None:
        return Decision(False, "you are not a member of this negotiation")
    rule = _TABLE.get((role, action))
    if rule is None:
        return Decision(False, f"the {role} may not {action}; {_who_may(action)}")
    for condition in sorted(rule.conditions):
        broken = _broken(condition, situation)
        if broken:
            return Decision(False, broken)
    return Decision(True, "allowed")


def _broken(condition: Condition, situation: Situation) -> str | None:
    if condition is Condition.NOT_ADOPTED and situation.adopted:
        return "the document is adopted and can no longer be changed"
    if condition is Condition.PARAGRAPH_OPEN and situation.paragraph_status in AGREED:
        return (f"this paragraph is {situation.paragraph_status}: only the chair may change "
                "it")
    if condition is Condition.OWN_DELEGATION and situation.acting_for not in \
            situation.speaks_for:
        spoken = ", ".join(sorted(situation.speaks_for)) or "no delegation"
        return f"you speak for {spoken}, not for {situation.acting_for or 'no delegation'}"
    return None


def _who_may(action: ChairAction) -> str:
    roles = [str(rule.role) for rule in RULES if rule.action is action]
    return f"only the {' or the '.join(roles)} may" if roles else "no one may"


def may_ever(role: Role | str | None, actions: Iterable[ChairAction]) -> bool:
    """Whether ``role`` has a rule for any of ``actions`` (before any condition is looked
    at): a request no rule could allow is refused before it is read."""
    try:
        known = Role(role) if role is not None else None
    except ValueError:
        return False
    return known is not None and any((known, action) in _TABLE for action in actions)


def table() -> Iterator[tuple[Role, ChairAction, Rule | None]]:
    """Every (role, action) pair with its rule or None (refused): the table as documented."""
    for action in ChairAction:
        for role in Role:
            yield role, action, _TABLE.get((role, action))
