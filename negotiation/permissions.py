"""Who may do what in a negotiation: the one table of rules, as data, and the one decision
function.

Every rule says which *role* may take which *action*, and under which *conditions*::

    Rule(Role.DELEGATE, Action.EDIT, {Condition.NOT_ADOPTED, Condition.PARAGRAPH_OPEN,
                                      Condition.OWN_DELEGATION})

The actions are the negotiation's (read, edit, structure, import, ...) and the chair's
(bracket actions, status changes, the paragraph under discussion: docs/chair.md). An action
with no rule for a role is refused for that role. ``decide(role, action, situation)`` returns a
``Decision`` with the reason in words, for the page and for the WebSocket error. The server
applies it where requests come in (server/auth/guards.py for HTTP, server/auth/socket_gate.py
for WebSocket messages); the chair's actions are decided again by the domain inside the
action's transaction (negotiation/bracket_requests.py, negotiation/status_requests.py), on the
paragraph as it is then. docs/permissions.md shows the same table; tests/test_permissions*.py
and tests/test_chair_permissions.py are generated from ``RULES``, so a new rule cannot go
untested.

Pure: no I/O, no server import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from negotiation.delegations import matching_name


class Role(StrEnum):
    """A person's role in one negotiation (the same person may hold another elsewhere)."""

    SECRETARIAT = "secretariat"
    CHAIR = "chair"
    VICE_CHAIR = "vice-chair"
    DELEGATE = "delegate"
    OBSERVER = "observer"


class Action(StrEnum):
    READ = "read"  # open the negotiation's pages and documents, follow the editor live
    EDIT = "edit"  # change a paragraph's words (brackets and proposals are words too)
    STRUCTURE = "structure"  # insert, delete or move a paragraph
    IMPORT = "import"  # upload a draft as a new document of the negotiation
    ISSUE_REVISION = "issue revision"  # "Rev.1" from an uploaded text or the current text
    ADOPT = "adopt the document"  # every paragraph adopted: read-only from then on
    EXPORT = "export"  # download the text
    MANAGE_MEMBERS = "manage members"  # add and remove members, invite people
    # the chair's actions (docs/chair.md)
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
    SELECT = "select the paragraph under discussion"  # the big screen follows it


class Condition(StrEnum):
    """What must also hold for a rule to allow an action."""

    NOT_ADOPTED = "not on an adopted document"
    PARAGRAPH_OPEN = "only paragraphs not yet agreed"
    OWN_DELEGATION = "in the person's own delegation, or a group they speak for"


@dataclass(frozen=True)
class Rule:
    role: Role
    action: Action
    conditions: frozenset[Condition] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Situation:
    """What the decision looks at besides role and action."""

    adopted: bool = False  # the document is adopted
    paragraph_status: str | None = None  # "open", "agreed", ... of the paragraph acted on
    # delegations are compared by who they are (negotiation.delegations.delegation_key):
    # "BOLIVIA" is the seat's "Bolivia (Plurinational State of)"
    own_delegation: str | None = None  # the delegation of the person's seat
    speaks_for: frozenset[str] = frozenset()  # delegations (groups) they may name besides
    acting_for: str | None = None  # the delegation the action would be recorded under
    # (None: the person's own delegation, ``own_delegation``)

    @property
    def delegations(self) -> frozenset[str]:
        """Every delegation the person may act for."""
        own = frozenset({self.own_delegation}) if self.own_delegation else frozenset()
        return self.speaks_for | own


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # why not (or "allowed")

    def __bool__(self) -> bool:
        return self.allowed


_EDITING = frozenset({Condition.NOT_ADOPTED})
_DELEGATE_EDITING = frozenset({Condition.NOT_ADOPTED, Condition.PARAGRAPH_OPEN,
                               Condition.OWN_DELEGATION})
_CHAIRS = (Role.CHAIR, Role.VICE_CHAIR)
_A = Action

RULES: tuple[Rule, ...] = (
    *(Rule(role, Action.READ) for role in Role),
    Rule(Role.DELEGATE, Action.EDIT, _DELEGATE_EDITING),
    Rule(Role.DELEGATE, Action.STRUCTURE, _DELEGATE_EDITING),
    *(Rule(role, action, _EDITING) for role in _CHAIRS
      for action in (Action.EDIT, Action.STRUCTURE)),
    Rule(Role.SECRETARIAT, Action.EDIT, _EDITING),
    Rule(Role.SECRETARIAT, Action.STRUCTURE, _EDITING),
    Rule(Role.SECRETARIAT, Action.IMPORT),
    Rule(Role.SECRETARIAT, Action.ISSUE_REVISION, _EDITING),
    Rule(Role.SECRETARIAT, Action.ADOPT, _EDITING),
    Rule(Role.SECRETARIAT, Action.EXPORT),
    Rule(Role.SECRETARIAT, Action.MANAGE_MEMBERS),
    # the chair's actions
    *(Rule(Role.DELEGATE, action, _DELEGATE_EDITING) for action in (
        _A.RAISE, _A.ADD_OPTION, _A.TABLE, _A.JOIN, _A.WITHDRAW, _A.AD_REFERENDUM)),
    Rule(Role.DELEGATE, _A.ANSWER_AD_REFERENDUM, frozenset({Condition.NOT_ADOPTED,
                                                            Condition.OWN_DELEGATION})),
    *(Rule(role, action, _EDITING) for role in _CHAIRS for action in (
        _A.RAISE, _A.ADD_OPTION, _A.RESOLVE, _A.LIFT, _A.ADOPT_PROPOSAL, _A.AGREE,
        _A.ANSWER_AD_REFERENDUM, _A.REOPEN, _A.SELECT)),
    Rule(Role.SECRETARIAT, _A.SELECT, _EDITING),
)

_TABLE: dict[tuple[Role, Action], Rule] = {(rule.role, rule.action): rule for rule in RULES}
if len(_TABLE) != len(RULES):
    raise ValueError("two rules for one role and action in negotiation.permissions.RULES")

AGREED_STATUSES = frozenset({"agreed", "agreed ad referendum", "adopted"})


def rule_for(role: Role, action: Action) -> Rule | None:
    return _TABLE.get((role, action))


def decide(role: Role | str | None, action: Action,
           situation: Situation = Situation()) -> Decision:
    """Whether ``role`` may take ``action`` in ``situation``, and if not, why."""
    try:
        role = Role(role) if role is not None else None
    except ValueError:
        return Decision(False, f"unknown role {str(role)[:40]!r}")
    if role is None:
        return Decision(False, "you are not a member of this negotiation")
    rule = rule_for(role, action)
    if rule is None:
        return Decision(False, f"the {role} may not {action}; {_who_may(action)}")
    for condition in sorted(rule.conditions):
        broken = _broken(condition, action, situation)
        if broken:
            return Decision(False, broken)
    return Decision(True, "allowed")


def decide_any(role: Role | str | None, actions: Sequence[Action],
               situation: Situation = Situation()) -> Decision:
    """Whether ``role`` may take at least one of ``actions`` (a route or message that stands
    for several, the chair's bracket route: raise, join, resolve, ...); if not, why: the
    broken condition of an action the role has a rule for, else the first one's refusal. The
    domain then decides the one asked for."""
    decisions = [decide(role, action, situation) for action in actions]
    allowed = next((d for d in decisions if d), None)
    if allowed is not None:
        return allowed
    try:
        known = Role(role) if role is not None else None
    except ValueError:
        known = None
    ruled = [d for action, d in zip(actions, decisions, strict=True)
             if known is not None and rule_for(known, action) is not None]
    return (ruled or decisions)[0]


def _broken(condition: Condition, action: Action, situation: Situation) -> str | None:
    if condition is Condition.NOT_ADOPTED and situation.adopted:
        return "the document is adopted and can no longer be changed"
    if condition is Condition.PARAGRAPH_OPEN and situation.paragraph_status in AGREED_STATUSES:
        return (f"this paragraph is {situation.paragraph_status}: only "
                f"{_officers_who_may(action)} may change it")
    if condition is Condition.OWN_DELEGATION:
        acting_for = situation.acting_for or situation.own_delegation
        if matching_name(acting_for, situation.delegations) is None:
            spoken = ", ".join(sorted(situation.delegations)) or "no delegation"
            return f"you speak for {spoken}, not for {acting_for or 'no delegation'}"
    return None


def _officers_who_may(action: Action) -> str:
    """Who may still take ``action`` on an agreed paragraph: "the chair and the secretariat";
    for an action only delegates take (agreeing ad referendum), the chair, who reopens it."""
    names = [f"the {role}" for role in (Role.CHAIR, Role.SECRETARIAT)
             if rule_for(role, action) is not None]
    return " and ".join(names) or "the chair"


def _who_may(action: Action) -> str:
    roles = [str(rule.role) for rule in RULES if rule.action is action]
    return f"only the {' or the '.join(roles)} may" if roles else "no one may"


def table() -> Iterator[tuple[Role, Action, Rule | None]]:
    """Every (role, action) pair with its rule or None (refused): the table as documented."""
    for action in Action:
        for role in Role:
            yield role, action, rule_for(role, action)
