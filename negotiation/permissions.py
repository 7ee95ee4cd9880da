"""Who may do what in a negotiation: the table of rules, as data, and the one decision function.

Every rule says which *role* may take which *action*, and under which *conditions*::

    Rule(Role.DELEGATE, Action.EDIT, {Condition.NOT_ADOPTED, Condition.PARAGRAPH_OPEN,
                                      Condition.OWN_DELEGATION})

An action with no rule for a role is refused for that role. ``decide(role, action, situation)``
returns a ``Decision`` with the reason in words, for the page and for the WebSocket error. The
server (server/auth/guards.py) applies it to every HTTP route and every WebSocket message;
docs/permissions.md shows the same table; tests/test_permissions*.py are generated from
``RULES``, so a new rule cannot go untested.

Pure: no I/O, no server import.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


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
    CHANGE_STATUS = "change status"  # open -> agreed ad referendum -> agreed
    RESOLVE_BRACKET = "resolve bracket"
    IMPORT = "import"  # upload a draft as a new document of the negotiation
    ISSUE_REVISION = "issue revision"  # "Rev.1" from an uploaded text or the current text
    ADOPT = "adopt"  # mark the document adopted: read-only from then on
    EXPORT = "export"  # download the text
    MANAGE_MEMBERS = "manage members"  # add and remove members, invite people


class Condition(StrEnum):
    """What must also hold for a rule to allow an action."""

    NOT_ADOPTED = "not on an adopted document"
    PARAGRAPH_OPEN = "only paragraphs not yet agreed"
    OWN_DELEGATION = "in the person's own delegation only"


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
    own_delegation: str | None = None  # the delegation the person speaks for
    acting_for: str | None = None  # the delegation the action would be recorded under


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # why not (or "allowed")

    def __bool__(self) -> bool:
        return self.allowed


_EDITING = frozenset({Condition.NOT_ADOPTED})
_DELEGATE_EDITING = frozenset({Condition.NOT_ADOPTED, Condition.PARAGRAPH_OPEN,
                               Condition.OWN_DELEGATION})

RULES: tuple[Rule, ...] = (
    *(Rule(role, Action.READ) for role in Role),
    Rule(Role.DELEGATE, Action.EDIT, _DELEGATE_EDITING),
    Rule(Role.DELEGATE, Action.STRUCTURE, _DELEGATE_EDITING),
    Rule(Role.CHAIR, Action.EDIT, _EDITING),
    Rule(Role.CHAIR, Action.STRUCTURE, _EDITING),
    Rule(Role.CHAIR, Action.CHANGE_STATUS, _EDITING),
    Rule(Role.CHAIR, Action.RESOLVE_BRACKET, _EDITING),
    Rule(Role.VICE_CHAIR, Action.EDIT, _EDITING),
    Rule(Role.VICE_CHAIR, Action.STRUCTURE, _EDITING),
    Rule(Role.VICE_CHAIR, Action.CHANGE_STATUS, _EDITING),
    Rule(Role.VICE_CHAIR, Action.RESOLVE_BRACKET, _EDITING),
    Rule(Role.SECRETARIAT, Action.EDIT, _EDITING),
    Rule(Role.SECRETARIAT, Action.STRUCTURE, _EDITING),
    Rule(Role.SECRETARIAT, Action.IMPORT),
    Rule(Role.SECRETARIAT, Action.ISSUE_REVISION, _EDITING),
    Rule(Role.SECRETARIAT, Action.ADOPT, _EDITING),
    Rule(Role.SECRETARIAT, Action.EXPORT),
    Rule(Role.SECRETARIAT, Action.MANAGE_MEMBERS),
)

_TABLE: dict[tuple[Role, Action], Rule] = {(rule.role, rule.action): rule for rule in RULES}
if len(_TABLE) != len(RULES):
    raise ValueError("two rules for one role and action in negotiation.permissions.RULES")

AGREED_STATUSES = frozenset({"agreed", "agreed ad referendum", "adopted"})


def rule_for(role: Role, action: Action) -> Rule | None:
    return _TABLE.get((role, action))


def decide(role: Role | None, action: Action, situation: Situation = Situation()) -> Decision:
    """Whether ``role`` may take ``action`` in ``situation``, and if not, why."""
    if role is None:
        return Decision(False, "you are not a member of this negotiation")
    rule = rule_for(role, action)
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
    if condition is Condition.PARAGRAPH_OPEN and situation.paragraph_status in AGREED_STATUSES:
        return (f"this paragraph is {situation.paragraph_status}: only the chair and the "
                "secretariat may change it")
    if (condition is Condition.OWN_DELEGATION and situation.acting_for is not None
            and situation.acting_for != situation.own_delegation):
        return (f"you speak for {situation.own_delegation or 'no delegation'}, not for "
                f"{situation.acting_for}")
    return None


def _who_may(action: Action) -> str:
    roles = [str(rule.role) for rule in RULES if rule.action is action]
    return f"only the {' or the '.join(roles)} may" if roles else "no one may"


def table() -> Iterator[tuple[Role, Action, Rule | None]]:
    """Every (role, action) pair with its rule or None (refused): the table as documented."""
    for action in Action:
        for role in Role:
            yield role, action, rule_for(role, action)
