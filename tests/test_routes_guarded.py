"""Every route of the application, enumerated from the app itself: none is open without a
session (except the login page, invitation links and static files), none changes state
without an authenticated, authorised session and a valid CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from accounts_fixture import csrf, logged_in
from permission_world import World, world_in
from starlette.routing import Mount, Route, WebSocketRoute

from server.app import ROUTES
from server.auth.guards import is_public

PUBLIC = {"login", "login_submit", "invitation", "invitation_accept", "static",
          "healthz"}  # healthz: the load balancer's check (docs/scaling.md)
SAFE = {"GET", "HEAD"}


def routes() -> list[tuple[str, str, str]]:
    """(name, method, path) of every HTTP route."""
    found = []
    for route in ROUTES:
        if isinstance(route, Route):
            found.extend((route.name, method, route.path) for method in sorted(route.methods))
        elif isinstance(route, Mount):
            found.append((route.name, "GET", route.path + "/style.css"))
        else:
            assert isinstance(route, WebSocketRoute)
    return found


STATE_CHANGING = [r for r in routes() if r[1] not in SAFE]


def fill(site: World, path: str, document_id: str) -> str:
    values = {"document_id": document_id, "negotiation_id": site.negotiation_id,
              "paragraph_id": "op-2", "user_id": site.people["observer"].user_id,
              "token": "not-a-token"}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with world_in(tmp_path_factory.mktemp("routes")) as made:
        yield made


def test_every_route_but_the_public_ones_is_guarded_with_an_action() -> None:
    for route in ROUTES:
        if isinstance(route, Route) and route.name not in PUBLIC:
            assert hasattr(route.endpoint, "plenary_action"), f"{route.name} is not guarded"
        if route.name in PUBLIC or isinstance(route, Mount):
            assert is_public(route.path.replace("{token}", "x") if isinstance(route, Route)
                             else route.path + "/"), route.name
    assert len(STATE_CHANGING) >= 12


@pytest.mark.parametrize(("name", "method", "path"), routes(), ids=lambda v: str(v))
def test_no_route_but_the_public_ones_answers_a_visitor(site: World, name: str, method: str,
                                                       path: str) -> None:
    url = fill(site, path, site.document())
    with httpx.Client(base_url=site.base, timeout=30) as anonymous:
        answer = anonymous.request(method, url)
    if name in PUBLIC:
        assert answer.status_code in (200, 400, 403, 405), (name, answer.status_code)
        return
    assert answer.status_code in (303, 401), (name, answer.status_code)
    if answer.status_code == 303:
        assert answer.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize(("name", "method", "path"), STATE_CHANGING, ids=lambda v: str(v))
def test_no_state_change_without_session_csrf_and_authority(site: World, name: str,
                                                           method: str, path: str) -> None:
    document_id = site.document()
    url = fill(site, path, document_id)
    form = {"name": "Rev.9", "text": "1. To act.", "login": "x@test.plenary",
            "role": "observer", "status": "agreed", "bracket": "[to report]",
            "organisation": "OAS", "password": "whatever-123"}
    before = site.fingerprint()
    with httpx.Client(base_url=site.base, timeout=30) as anonymous:  # no session
        assert anonymous.request(method, url, data=form).status_code in (303, 401, 400, 403)
    assert site.fingerprint() == before
    # the secretariat (allowed nearly everything), without a token and with a forged one
    secretariat = site.http("admin")
    for token in (None, "forged-token"):
        data = dict(form, **({"csrf_token": token} if token else {}))
        answer = secretariat.request(method, url, data=data)
        assert answer.status_code in (400, 403), (name, token, answer.status_code)
        assert site.fingerprint() == before, (name, token)
    # with a valid token but the observer's seat: refused unless it is the observer's own
    # session (log out) or a public form
    observer = logged_in(site.base, site.people["observer"])
    try:
        answer = observer.request(method, url, data=dict(form, csrf_token=csrf(observer)))
        if name not in ("logout", "login_submit", "invitation_accept"):
            assert answer.status_code == 403, (name, answer.status_code)
            assert site.fingerprint() == before, name
    finally:
        observer.close()
