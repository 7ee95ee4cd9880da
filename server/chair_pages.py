"""The chair's actions over HTTP, as far as this issue goes: a paragraph's status, and a
bracket resolved (recorded as an event). The chair's full tools come with the next issue;
these already go through the permission table like every other route."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from negotiation.permissions import Action
from server.auth.guards import guarded
from server.store import StoreError


@guarded(Action.CHANGE_STATUS, on="document")
async def change_status(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    paragraph_id = request.path_params["paragraph_id"]
    status = str((await request.form()).get("status", ""))
    seat = request.state.seat
    try:
        await run_in_threadpool(lambda: request.app.state.store.change_status(
            document_id, paragraph_id, status, author=seat.name, delegation=seat.delegation))
    except StoreError as problem:
        raise HTTPException(400, str(problem)) from None
    for room in request.app.state.rooms.open_rooms():
        if room.document_id == document_id:
            room.set_paragraph_status(paragraph_id, status)
    return RedirectResponse(request.app.url_path_for("editor", document_id=document_id), 303)


@guarded(Action.RESOLVE_BRACKET, on="document")
async def resolve_bracket(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    paragraph_id = request.path_params["paragraph_id"]
    form = await request.form()
    bracket = str(form.get("bracket", "")).strip()
    if not bracket:
        raise HTTPException(400, "name the bracket to resolve, as written: [shall][should]")
    seat = request.state.seat
    try:
        await run_in_threadpool(lambda: request.app.state.store.record_bracket_event(
            document_id, paragraph_id, "resolved", bracket, author=seat.name,
            delegation=seat.delegation, reason=str(form.get("reason", "")) or None))
    except StoreError as problem:
        raise HTTPException(400, str(problem)) from None
    return RedirectResponse(request.app.url_path_for("editor", document_id=document_id), 303)
