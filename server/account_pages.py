"""Logging in and out, and accepting an invitation: the only pages open without a session.

Passwords are checked here and handed on to nothing else: never logged, never rendered.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from negotiation.permissions import Action
from server.auth.csrf import csrf_valid
from server.auth.gatekeeper import Gatekeeper
from server.auth.guards import guarded
from server.auth.invitations import InvitationRefused, InvitationSigner
from server.auth.passwords import WeakPassword, hash_password, rehashed, verify_password
from server.auth.rate_limit import LoginLimiter
from server.auth.sessions import session_id_of, start_session

log = logging.getLogger("plenary.auth")
WRONG = "wrong login or password"
TOO_MANY = "too many failed attempts; wait 15 minutes and try again"


def _gatekeeper(request: Request) -> Gatekeeper:
    return request.app.state.gatekeeper


def _render(request: Request, template: str, context: dict, status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context,
                                                        status_code=status)


def _next(request: Request, value: str | None) -> str:
    """Where to go after logging in: a path on this site only."""
    if value and value.startswith("/") and not value.startswith("//"):
        return value
    return request.app.url_path_for("documents")


async def login_form(request: Request) -> Response:
    return _login_page(request, request.query_params.get("next"))


def _login_page(request: Request, next_path: str | None, error: str | None = None,
                login: str = "", status: int = 200) -> Response:
    demo = request.app.state.demo_accounts if request.app.state.settings.demo else []
    return _render(request, "login.html", {"error": error, "login": login,
                                           "next": next_path or "", "demo_accounts": demo},
                   status)


async def login_submit(request: Request) -> Response:
    form = await request.form()
    login, password = str(form.get("login", "")), str(form.get("password", ""))
    next_path = str(form.get("next", "")) or None
    if not await csrf_valid(request):
        return _login_page(request, next_path, "the form was out of date; please try again",
                           login, 403)
    limiter: LoginLimiter = request.app.state.login_limiter
    keys = (f"login:{login.strip().lower()}", f"address:{_address(request)}")
    if await limiter.blocked(*keys):
        return _login_page(request, next_path, TOO_MANY, login, 429)
    gatekeeper = _gatekeeper(request)
    found = await run_in_threadpool(gatekeeper.accounts.find_login, login)
    if found is None or not await run_in_threadpool(verify_password, found[1], password):
        await limiter.failed(*keys)
        log.info("failed login for %r from %s", login[:80], _address(request))
        return _login_page(request, next_path, WRONG, login, 400)
    await limiter.succeeded(*keys)
    better = await run_in_threadpool(rehashed, found[1], password)
    if better is not None:  # made with older, costlier parameters (server/auth/passwords.py)
        await run_in_threadpool(gatekeeper.accounts.set_password_hash, found[0].id, better)
    await run_in_threadpool(start_session, request.session, gatekeeper.accounts, found[0])
    return RedirectResponse(_next(request, next_path), status_code=303)


@guarded(Action.READ, on="account")
async def logout(request: Request) -> Response:
    session_id = session_id_of(request.session)
    gatekeeper = _gatekeeper(request)
    if session_id:
        await run_in_threadpool(gatekeeper.accounts.end_session, session_id)
        gatekeeper.sockets.end_session(session_id, "you logged out")
    request.session.clear()
    return RedirectResponse(request.app.url_path_for("login"), status_code=303)


async def invitation_form(request: Request) -> Response:
    invitation = await _invitation(request)
    existing = await run_in_threadpool(_gatekeeper(request).accounts.find_login,
                                       invitation.login)
    return _render(request, "invitation.html", {"invitation": invitation, "error": None,
                                                "existing": existing is not None})


async def invitation_accept(request: Request) -> Response:
    invitation = await _invitation(request)
    if not await csrf_valid(request):
        raise HTTPException(403, "the form was out of date; reload the page and try again")
    form = await request.form()
    password = str(form.get("password", ""))
    gatekeeper = _gatekeeper(request)
    existing = await run_in_threadpool(gatekeeper.accounts.find_login, invitation.login)
    if existing is not None:  # a person with an account joins with their own password
        if not await run_in_threadpool(verify_password, existing[1], password):
            return _render(request, "invitation.html", {
                "invitation": invitation, "existing": True, "error": WRONG}, 400)
        user = existing[0]
    elif password != str(form.get("confirm", "")):
        return _render(request, "invitation.html", {
            "invitation": invitation, "existing": False,
            "error": "the two passwords differ"}, 400)
    else:
        try:
            password_hash = await run_in_threadpool(hash_password, password)
        except WeakPassword as problem:
            return _render(request, "invitation.html", {
                "invitation": invitation, "existing": False, "error": str(problem)}, 400)
        user = None
    if not await run_in_threadpool(gatekeeper.accounts.spend_invitation, invitation.id):
        raise HTTPException(400, "this invitation has already been used")
    if user is None:
        user = await run_in_threadpool(gatekeeper.accounts.create_user, invitation.login,
                                       invitation.name, password_hash)
    await run_in_threadpool(gatekeeper.negotiations.add_member, invitation.negotiation_id,
                            user.id, invitation.role, invitation.delegation)
    await run_in_threadpool(start_session, request.session, gatekeeper.accounts, user)
    return RedirectResponse(request.app.url_path_for(
        "negotiation", negotiation_id=invitation.negotiation_id), status_code=303)


async def _invitation(request: Request):
    signer: InvitationSigner = request.app.state.invitation_signer
    try:
        invitation_id = signer.invitation_id(request.path_params["token"])
    except InvitationRefused as problem:
        raise HTTPException(400, str(problem)) from None
    invitation = await run_in_threadpool(_gatekeeper(request).accounts.invitation,
                                         invitation_id)
    if invitation is None:
        raise HTTPException(400, "this invitation link is not valid")
    if invitation.used_at is not None:
        raise HTTPException(400, "this invitation has already been used")
    if invitation.expires_at <= datetime.now(UTC):
        raise HTTPException(400, "this invitation has expired; ask the secretariat for a "
                                 "new one")
    return invitation


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
