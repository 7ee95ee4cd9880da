"""negotiation.permissions on its own: the table as data, and every rule's conditions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from negotiation.permissions import (
    RULES,
    Action,
    Condition,
    Role,
    Situation,
    decide,
    decide_any,
    rule_for,
    table,
)

BROKEN = {  # a situation that breaks each condition
    Condition.NOT_ADOPTED: Situation(adopted=True),
    Condition.PARAGRAPH_OPEN: Situation(paragraph_status="agreed"),
    Condition.OWN_DELEGATION: Situation(own_delegation="Venezuela", acting_for="Belize"),
}


def test_every_condition_has_a_situation_that_breaks_it() -> None:
    assert set(BROKEN) == set(Condition)


@pytest.mark.parametrize(("role", "action"), [(r, a) for r in Role for a in Action],
                         ids=lambda value: str(value).replace(" ", "-"))
def test_the_decision_follows_the_table(role: Role, action: Action) -> None:
    decision = decide(role, action, Situation(own_delegation="Venezuela"))
    assert decision.allowed == (rule_for(role, action) is not None)
    if not decision.allowed:
        assert str(role) in decision.reason and "only the" in decision.reason


@pytest.mark.parametrize(("rule", "condition"),
                         [(rule, c) for rule in RULES for c in sorted(rule.conditions)],
                         ids=lambda value: str(value).replace(" ", "-")[:40])
def test_each_condition_of_each_rule_refuses_with_its_reason(rule, condition) -> None:
    decision = decide(rule.role, rule.action, BROKEN[condition])
    assert not decision.allowed
    assert decision.reason and decision.reason != "allowed"


def test_no_role_may_do_anything() -> None:
    assert all(not decide(None, action) for action in Action)
    assert decide(None, Action.READ).reason == "you are not a member of this negotiation"


def test_the_rules_of_the_issue() -> None:
    # delegates edit open paragraphs, in their own delegation's name only
    assert decide(Role.DELEGATE, Action.EDIT, Situation(own_delegation="Venezuela"))
    refused = decide(Role.DELEGATE, Action.EDIT, BROKEN[Condition.OWN_DELEGATION])
    assert refused.reason == "you speak for Venezuela, not for Belize"
    # only the chair (and vice-chairs) mark agreed, reopen, resolve and lift brackets and
    # adopt proposals
    for action in (Action.AGREE, Action.REOPEN, Action.RESOLVE, Action.LIFT,
                   Action.ADOPT_PROPOSAL):
        assert {r for r in Role if decide(r, action)} == {Role.CHAIR, Role.VICE_CHAIR}
    # delegates table alternatives, join and withdraw holds, agree ad referendum
    for action in (Action.TABLE, Action.JOIN, Action.WITHDRAW, Action.AD_REFERENDUM):
        assert {r for r in Role if decide(r, action, Situation(own_delegation="Venezuela"))
                } == {Role.DELEGATE}
    # ... and in no other delegation's name but a group they speak for
    group = Situation(own_delegation="Venezuela", speaks_for=frozenset({"GRULAC"}))
    assert decide(Role.DELEGATE, Action.TABLE, replace(group, acting_for="GRULAC"))
    assert decide(Role.DELEGATE, Action.TABLE, replace(group, acting_for="Belize")).reason \
        == "you speak for GRULAC, Venezuela, not for Belize"
    # only the secretariat imports, issues revisions, adopts, exports, manages members
    for action in (Action.IMPORT, Action.ISSUE_REVISION, Action.ADOPT, Action.EXPORT,
                   Action.MANAGE_MEMBERS):
        assert {r for r in Role if decide(r, action)} == {Role.SECRETARIAT}
    # observers read and follow
    assert {a for a in Action if decide(Role.OBSERVER, a)} == {Action.READ}
    # an adopted document is read-only for everyone
    adopted = Situation(adopted=True)
    for action in (Action.EDIT, Action.STRUCTURE, Action.AGREE, Action.RESOLVE, Action.ADOPT,
                   Action.ISSUE_REVISION, Action.SELECT):
        assert not any(decide(role, action, adopted) for role in Role)
    assert all(decide(role, Action.READ, adopted) for role in Role)
    # an agreed paragraph is editable only by the chair and the secretariat
    agreed = Situation(paragraph_status="agreed")
    assert {r for r in Role if decide(r, Action.EDIT, agreed)} == {
        Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT}
    agreed = replace(agreed, own_delegation="Venezuela")
    assert decide(Role.DELEGATE, Action.EDIT, agreed).reason == (
        "this paragraph is agreed: only the chair and the secretariat may change it")
    assert decide(Role.DELEGATE, Action.RAISE, agreed).reason == (
        "this paragraph is agreed: only the chair may change it")


def test_an_unknown_role_is_refused() -> None:
    assert decide("emperor", Action.READ).reason == "unknown role 'emperor'"


def test_a_route_for_several_actions_lets_through_whoever_may_take_one() -> None:
    assert decide_any(Role.SECRETARIAT, (Action.RESOLVE, Action.SELECT))
    refused = decide_any(Role.OBSERVER, (Action.RESOLVE, Action.SELECT))
    assert refused.reason == decide(Role.OBSERVER, Action.RESOLVE).reason
    # a condition the role's own rule breaks says more than another action's "may not"
    adopted = Situation(adopted=True, own_delegation="Venezuela")
    assert decide_any(Role.DELEGATE, (Action.AGREE, Action.AD_REFERENDUM), adopted).reason == (
        "the document is adopted and can no longer be changed")


def test_the_table_lists_every_pair_once() -> None:
    pairs = [(role, action) for role, action, _ in table()]
    assert len(pairs) == len(set(pairs)) == len(Role) * len(Action)


def test_docs_show_the_same_table() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "permissions.md").read_text(
        encoding="utf-8")
    for action in Action:
        cells = []
        for role in Role:
            rule = rule_for(role, action)
            if rule is None:
                cells.append("—")
            else:
                marks = "".join(f" {MARKS[c]}" for c in sorted(rule.conditions))
                cells.append(f"yes{marks}")
        row = f"| {action} | " + " | ".join(cells) + " |"
        assert row in doc, f"docs/permissions.md lacks the row:\n{row}"


MARKS = {Condition.NOT_ADOPTED: "(a)", Condition.PARAGRAPH_OPEN: "(o)",
         Condition.OWN_DELEGATION: "(d)"}


@pytest.mark.parametrize("acting_for", ["Bolivia", "BOLIVIA", "Plurinational State of Bolivia",
                                        "Bolivia (Plurinational State of)"])
def test_the_own_delegation_is_known_however_it_is_written(acting_for: str) -> None:
    """A record made under the OAS short name is a UN seat's own delegation's."""
    seat = Situation(own_delegation="Bolivia (Plurinational State of)", acting_for=acting_for)
    assert decide(Role.DELEGATE, Action.EDIT, seat)
    assert not decide(Role.DELEGATE, Action.EDIT, replace(seat, own_delegation="Chile"))
