"""The one place HTTP requests meet the permission table.

* ``RequireLogin`` (ASGI middleware): no anonymous request reaches anything but the login
  page, invitation links and static files; a page asks to log in, the API answers 401, a
  WebSocket handshake is refused (403).
* ``guarded(action, on=...)`` on every route handler: the seat of the session's user for the
  document or negotiation in the path, ``negotiation.permissions.decide``, and on every
  state-changing method a valid CSRF token. A refusal is a 403 with the reason. A route that
  takes one of several actions of the table (the chair's bracket route: raise, join, resolve,
  ...) names them all: ``guarded(Action.RAISE, Action.JOIN, ...)`` lets through a seat that
  may take at least one, and the domain decides the one asked for inside its transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Literal
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from negotiation.permissions import Action, Role, Situation, decide, decide_any
from server.auth.csrf import SAFE_METHODS, csrf_valid
from server.auth.gatekeeper import Gatekeeper, Seat

PUBLIC_PREFIXES = ("/login", "/static/", "/invitations/", "/healthz")  # healthz: balancers
Target = Literal["document", "negotiation", "installation", "account"]
Handler = Callable[[Request], Awaitable[Response]]


def is_public(path: str) -> bool:
    return path == "/login" or path.startswith(PUBLIC_PREFIXES)


class RequireLogin:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        gatekeeper: Gatekeeper = scope["app"].state.gatekeeper
        user = await run_in_threadpool(gatekeeper.user, scope.get("session"))
        if user is not None:
            scope.setdefault("state", {})["user"] = user
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008,
                        "reason": "log in first: no session"})
            return
        response = login_required(scope["path"], scope.get("query_string", b"").decode())
        await response(scope, receive, send)


def login_required(path: str, query: str = "") -> Response:
    if path.startswith("/api/"):
        return JSONResponse({"error": {"code": "login_required", "status": 401,
                                       "message": "log in first (POST /login)"}},
                            status_code=401)
    target = path + (f"?{query}" if query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def guarded(action: Action, *more: Action, on: Target = "document"
            ) -> Callable[[Handler], Handler]:
    """Allow the handler only for a session whose seat may take ``action`` (or one of
    ``more``); the seat is put in ``request.state.seat``."""
    actions = (action, *more)

    def wrap(handler: Handler) -> Handler:
        @wraps(handler)
        async def checked(request: Request) -> Response:
            user = getattr(request.state, "user", None)
            if user is None:
                return login_required(request.url.path)
            if request.method not in SAFE_METHODS and not await csrf_valid(request):
                raise HTTPException(403, "the form is out of date or was not sent by "
                                         "Plenary (missing or wrong CSRF token); reload "
                                         "the page and try again")
            seat = await run_in_threadpool(_seat, request, on)
            decision = decide_any(seat.role, actions, seat.situation()) if on != "account" \
                else decide(Role.OBSERVER, Action.READ, Situation())
            if not decision:
                raise HTTPException(403, decision.reason)
            request.state.seat = seat
            try:
                return await handler(request)
            finally:
                await request.close()  # uploaded files' temporary storage

        checked.plenary_action = action  # type: ignore[attr-defined]  (for the route test)
        checked.plenary_target = on  # type: ignore[attr-defined]
        return checked

    return wrap


def _seat(request: Request, on: Target) -> Seat:
    gatekeeper: Gatekeeper = request.app.state.gatekeeper
    user = request.state.user
    if on == "document":
        return gatekeeper.seat_for_document(user, request.path_params["document_id"])
    if on == "negotiation":
        return gatekeeper.seat_for_negotiation(user, request.path_params["negotiation_id"])
    role = Role.SECRETARIAT if on == "installation" and user.secretariat else None
    return Seat(user, role if on == "installation" else Role.OBSERVER, None, None)
