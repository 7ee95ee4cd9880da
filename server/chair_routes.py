"""The chair's pages and HTTP actions: the console, the big screen, and the bracket, status,
selection and adoption actions over HTTP (the same actions as the WebSocket messages, decided
by the same functions in server/live/chair.py, broadcast live to the room when one is open).

An action's JSON body is the WebSocket message's fields without ``type`` and ``p``; who acts
is the session's person in their seat, whose role must have a rule in the permission table
(negotiation/permissions.py) for one of the route's actions (``guarded``, with the CSRF token
in the ``X-CSRF-Token`` header); the domain then decides the action asked for, on the
paragraph as it is, with the actor from server/chair_identity.py. A refusal answers with the
one API error shape; its ``code`` is the WebSocket error code.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from negotiation.bracket_requests import BRACKET_ACTIONS, BracketRequest, Forbidden
from negotiation.burndown import top_holders
from negotiation.errors import DomainError
from negotiation.permissions import Action, decide
from negotiation.status import adopt_document
from negotiation.status_requests import STATUS_ACTIONS
from server import chair_messages
from server import protocol as wire
from server.analysis_pages import burndown_points
from server.auth.guards import guarded
from server.chair_identity import actor_for
from server.console_view import Filters, age_words, as_json, console_view, sparkline
from server.live import chair

HTTP_STATUS = {wire.FORBIDDEN: 403, wire.BRACKET_GONE: 409, wire.REFUSED: 422,
               wire.UNKNOWN_PARAGRAPH: 404, wire.UNKNOWN_DOCUMENT: 404,
               wire.BAD_MESSAGE: 400, wire.BAD_JSON: 400}
MAX_BODY = 256 * 1024


def _problem(problem: wire.ProtocolError) -> JSONResponse:
    status = HTTP_STATUS.get(problem.code, 400)
    return JSONResponse({"error": {"code": problem.code, "message": str(problem),
                                   "status": status}}, status_code=status)


async def _body(request: Request) -> dict[str, Any]:
    try:
        raw = await request.body()
    except RuntimeError:  # read as a form already (the CSRF check looked for its field)
        form = await request.form()
        return {k: v for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
    if len(raw) > MAX_BODY:
        raise wire.ProtocolError(wire.BAD_MESSAGE, f"a request body is at most {MAX_BODY} "
                                 "bytes")
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise wire.ProtocolError(wire.BAD_JSON, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise wire.ProtocolError(wire.BAD_MESSAGE, "the body is a JSON object")
    return data


def _actor(data: dict[str, Any], request: Request | None = None):
    claim = data.get("as") if isinstance(data.get("as"), dict) else {}
    name, delegation, role = (claim.get(k) for k in ("name", "delegation", "role"))
    if not all(v is None or (isinstance(v, str) and len(v) <= wire.MAX_NAME)
               for v in (name, delegation, role)):
        raise wire.ProtocolError(wire.BAD_MESSAGE, "'as' holds a name, a delegation and a role")
    return actor_for(name or "", delegation or None, role,
                     getattr(request.state, "seat", None) if request is not None else None)


def _room(request: Request, document_id: str):
    return request.app.state.rooms.open_room(document_id)


async def _act(request: Request, job) -> Response:
    """Run ``job(store, room)`` in the room's turn (or without a room); then the document's
    progress figures are read again and told to every process when they changed (the
    documents page, server/progress_board.py), room or no room."""
    document_id = request.path_params["document_id"]
    store, room = request.app.state.store, _room(request, document_id)
    try:
        if room is None:
            done = await job(store, None)
        else:
            async with room.exclusive():
                done = await job(store, room)
    except wire.ProtocolError as problem:
        return _problem(problem)
    request.app.state.progress.touched(document_id)
    return JSONResponse(done)


def _checked(check, data: dict[str, Any]) -> dict[str, Any]:
    try:
        return check(data)
    except chair_messages.Invalid as problem:
        raise wire.ProtocolError(wire.BAD_MESSAGE, str(problem)) from None


@guarded(*BRACKET_ACTIONS, on="document")  # the domain decides the one asked for
async def bracket_action(request: Request) -> Response:
    ids = request.path_params

    async def job(store, room):
        data = await _body(request)
        fields = _checked(chair_messages.check_bracket, data)
        actor = _actor(data, request)
        brackets = BracketRequest(fields["action"], fields["bracket"], fields["start"],
                                  fields["end"], fields["alternatives"], fields["keep"],
                                  fields["wording"], fields["rationale"], fields["delegation"])
        return await chair.bracket_action(store, room, ids["document_id"], ids["paragraph_id"],
                                          brackets, actor)
    return await _act(request, job)


@guarded(*STATUS_ACTIONS, on="document")  # the domain decides the one asked for
async def status_action(request: Request) -> Response:
    ids = request.path_params

    async def job(store, room):
        data = await _body(request)
        fields = _checked(chair_messages.check_status, data)
        return await chair.status_action(store, room, ids["document_id"],
                                         ids["paragraph_id"], fields["status"],
                                         fields["reason"], _actor(data, request))
    return await _act(request, job)


@guarded(Action.SELECT, on="document")
async def select_action(request: Request) -> Response:
    ids = request.path_params

    async def job(store, room):
        data = await _body(request)
        return await chair.select(store, room, ids["document_id"], ids["paragraph_id"],
                                  _actor(data, request))
    return await _act(request, job)


@guarded(Action.ADOPT, on="document")
async def adopt_action(request: Request) -> Response:
    document_id = request.path_params["document_id"]

    async def job(store, room):
        actor = _actor(await _body(request), request)
        decision = decide(actor.role, Action.ADOPT)
        if not decision:
            raise chair.refusal(Forbidden(decision.reason))
        try:
            events = await run_in_threadpool(
                lambda: store.adopt_document(document_id, lambda s: adopt_document(
                    s, author=actor.author), fence=room.fence.value if room else None))
        except DomainError as problem:
            raise chair.refusal(problem) from None
        request.app.state.conference.revised(document_id, "adoption")
        if room is not None:
            for event in events:
                room.set_paragraph_status(event.paragraph_id, event.new.value)
            room.broadcast.publish(wire.encode({
                "type": wire.STATUS_EVENT, "p": None, "old": "agreed", "new": "adopted",
                "reason": None, "by": chair.who(actor), "seq": None, "ref": None}))
        return {"adopted": len(events)}
    return await _act(request, job)


@guarded(Action.READ, on="document")
async def api_console(request: Request) -> Response:
    view = await run_in_threadpool(console_view, request.app.state.store,
                                   request.path_params["document_id"],
                                   Filters.from_query(request.query_params))
    return JSONResponse(as_json(view))


@guarded(Action.READ, on="document")
async def console_page(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    store = request.app.state.store
    view = await run_in_threadpool(console_view, store, document_id,
                                   Filters.from_query(request.query_params))
    points = await run_in_threadpool(burndown_points, store, document_id)
    return request.app.state.templates.TemplateResponse(request, "console.html", {
        "document_id": document_id, "view": view, "age_words": age_words,
        "sparkline": sparkline(view.series), "burndown": points,
        "holders": top_holders(points)})


@guarded(Action.READ, on="document")
async def screen_page(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    document = await run_in_threadpool(request.app.state.store.load_document, document_id)
    return request.app.state.templates.TemplateResponse(request, "screen.html", {
        "document_id": document_id, "document": document})
