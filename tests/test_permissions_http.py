"""Every rule of negotiation.permissions over HTTP, generated from the table: each role tries
each action that has an HTTP route, on a fresh document; allowed is done, refused is a 403 with
the table's reason and changes nothing. Conditions: an adopted document refuses changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from permission_world import (
    CHAIR_ACTIONS,
    HTTP,
    HTTP_ATTEMPTS,
    WS_MESSAGES,
    HttpAttempt,
    World,
    attempt_http,
    world_in,
)

from negotiation.permissions import RULES, Action, Condition, Role, Situation, decide

KEYS = {Role.SECRETARIAT: "secretariat", Role.CHAIR: "chair", Role.VICE_CHAIR: "vice-chair",
        Role.DELEGATE: "venezuela", Role.OBSERVER: "observer", None: "stranger"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with world_in(tmp_path_factory.mktemp("permissions-http")) as made:
        yield made


def test_every_action_of_the_table_has_a_channel() -> None:
    """A new action (or rule) cannot go untested: it needs an HTTP route or a message (the
    chair's actions: tests/test_chair_permissions.py, over both)."""
    channels = set(HTTP) | set(WS_MESSAGES) | CHAIR_ACTIONS
    assert channels == set(Action)
    assert {rule.action for rule in RULES} <= channels


def check(site: World, role: Role | None, action: Action, expected, document_id: str,
          attempt: HttpAttempt | None = None) -> None:
    attempt = attempt or HTTP[action]
    before = site.fingerprint()
    answer = attempt_http(site, KEYS[role], action, document_id, attempt)
    if expected.allowed:
        assert answer.status_code in (200, 303), (role, action, answer.text[:300])
        if attempt.method == "POST":
            assert site.fingerprint() != before, f"{role} {action}: allowed but nothing changed"
    else:
        assert answer.status_code == 403, (role, action, answer.status_code)
        assert expected.reason.split(";")[0] in answer.text.replace("&#39;", "'"), answer.text
        assert site.fingerprint() == before, f"{role} {action}: refused but state changed"


ATTEMPTS = sorted(HTTP_ATTEMPTS, key=lambda pair: list(Action).index(pair[0]))


def attempt_id(pair: tuple[Action, HttpAttempt]) -> str:
    action, attempt = pair
    return f"{action}-{attempt.label}" if attempt.label else str(action)


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=attempt_id)
@pytest.mark.parametrize("role", [*Role, None], ids=lambda r: str(r or "stranger"))
def test_each_role_and_action_over_http(site: World, role: Role | None,
                                        attempt: tuple[Action, HttpAttempt]) -> None:
    """Every route of every action (``HTTP_ATTEMPTS``: an action may have several, managing
    members: inviting, naming the groups a delegate speaks for)."""
    action, route = attempt
    expected = decide(role, action, Situation(own_delegation="Venezuela"))
    check(site, role, action, expected, site.document(), route)


ADOPTED_CASES = [(rule.role, rule.action) for rule in RULES
                 if Condition.NOT_ADOPTED in rule.conditions and rule.action in HTTP]


@pytest.mark.parametrize(("role", "action"), ADOPTED_CASES, ids=lambda v: str(v))
def test_an_adopted_document_refuses_over_http(site: World, role: Role, action: Action
                                               ) -> None:
    expected = decide(role, action, Situation(adopted=True))
    assert not expected.allowed
    check(site, role, action, expected, site.document(adopted=True))


def test_reading_an_adopted_document_stays_allowed(site: World) -> None:
    document_id = site.document(adopted=True)
    for role in Role:
        assert site.http(KEYS[role]).get(f"/documents/{document_id}").status_code == 200
