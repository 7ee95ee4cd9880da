"""CSRF: every state-changing HTTP request carries the session's token, in the form field
``csrf_token`` or the header ``X-CSRF-Token``; a missing or forged one is refused (403).
The token is made when a session (even an anonymous one, for the login form) first needs it."""

from __future__ import annotations

import secrets

from starlette.requests import Request

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    token = request.session.get(FIELD)
    if not token:
        token = request.session[FIELD] = secrets.token_urlsafe(32)
    return token


async def csrf_valid(request: Request) -> bool:
    expected = request.session.get(FIELD)
    if not expected:
        return False
    given = request.headers.get(HEADER)
    if not given:
        form = await request.form()
        value = form.get(FIELD)
        given = value if isinstance(value, str) else None
    return bool(given) and secrets.compare_digest(given, expected)
