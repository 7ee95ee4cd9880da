"""Page and small JSON API handlers: gather data from the store, render a template. No domain logic.

The store is synchronous, so every call goes through ``run_in_threadpool``. Errors (an unknown
document or paragraph) are raised as the store raises them and turned into responses by
``server.app.error_response``.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from negotiation.burndown import top_holders
from negotiation.delegations import member_states
from negotiation.permissions import Action, decide
from server.analysis_pages import burndown_points, export_menu_context
from server.attributed_text import attributed_text
from server.auth.gatekeeper import Seat
from server.auth.guards import guarded
from server.negotiation_pages import visible_documents
from server.store import Store, VerifyReport


def _store(request: Request) -> Store:
    return request.app.state.store


def _render(request: Request, template: str, context: dict[str, Any]) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


VERIFY_EVERY = 30.0  # seconds a page may show an earlier verification of the same document


async def _verified(request: Request, document_id: str) -> VerifyReport:
    """The document's verification, shown as a warning on its pages when it fails. A full
    verify recomputes the whole chain (about 0.1 s per thousand versions), so pages reuse one
    made less than ``VERIFY_EVERY`` seconds ago; `negotiation verify` always checks afresh."""
    cache: dict[str, tuple[float, VerifyReport]] = request.app.state.verified
    now = time.monotonic()
    if document_id in cache and now - cache[document_id][0] < VERIFY_EVERY:
        return cache[document_id][1]
    report = await run_in_threadpool(_store(request).verify, document_id)
    cache[document_id] = (now, report)
    return report


@guarded(Action.READ)
async def editor(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    document = await run_in_threadpool(_store(request).load_document, document_id)
    seat = request.state.seat
    return _render(request, "editor.html", {
        "document_id": document_id,
        "document": document,
        "seat": seat,
        "may": _may(seat),
        "integrity": await _verified(request, document_id),
        **export_menu_context(document_id, []),
    })


def _may(seat: Seat) -> dict[str, bool]:
    """What the seat may do on this document, by action: {"edit": True, "adopt": False}."""
    return {action.name.lower(): bool(decide(seat.role, action, seat.situation()))
            for action in Action}


@guarded(Action.READ)
async def paragraph_history(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    paragraph_id = request.path_params["paragraph_id"]
    store = _store(request)
    document = await run_in_threadpool(store.load_document, document_id)
    history = await run_in_threadpool(store.paragraph_history, document_id, paragraph_id)
    attribution = await run_in_threadpool(store.paragraph_attribution, document_id,
                                          paragraph_id)
    return _render(request, "history.html", {
        "document_id": document_id, "document": document, "paragraph_id": paragraph_id,
        "paragraph": document.find(paragraph_id), "history": history,
        "attribution": attributed_text(attribution),
        "integrity": await _verified(request, document_id)})


@guarded(Action.READ)
async def revision_list(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    store = _store(request)
    document = await run_in_threadpool(store.load_document, document_id)
    revisions = await run_in_threadpool(store.revisions, document_id)
    seat = request.state.seat
    points = await run_in_threadpool(burndown_points, store, document_id, revisions)
    return _render(request, "revisions.html", {
        "document_id": document_id, "document": document, "revisions": revisions,
        "seat": seat, "may": _may(seat),
        "integrity": await _verified(request, document_id),
        "burndown": points, "holders": top_holders(points),
        **export_menu_context(document_id, [r.name for r in revisions])})


@guarded(Action.READ, on="account")
async def api_documents(request: Request) -> Response:
    documents = await run_in_threadpool(visible_documents, request)
    return JSONResponse({"documents": [_plain(summary) for summary in documents]})


@guarded(Action.READ)
async def api_document(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    document = await run_in_threadpool(_store(request).load_document, document_id)
    integrity = await _verified(request, document_id)
    return JSONResponse({"id": document_id, "document": _plain(document),
                         "verified": integrity.ok, "problems": integrity.problems})


@guarded(Action.READ)
async def api_attribution(request: Request) -> Response:
    """Who wrote each character of a paragraph's current text (docs/protocol.md, "HTTP API")."""
    document_id = request.path_params["document_id"]
    paragraph_id = request.path_params["paragraph_id"]
    attribution = await run_in_threadpool(_store(request).paragraph_attribution, document_id,
                                          paragraph_id)
    return JSONResponse({"document": document_id, "paragraph": paragraph_id,
                         "text": attribution.text, "offsets": "utf-16",
                         "spans": [span.as_json() for span in attribution.spans]})


@guarded(Action.READ, on="account")
async def api_member_states(request: Request) -> Response:
    return JSONResponse({"member_states": delegation_names()})


def delegation_names() -> list[str]:
    """Names of the OAS member states for the identity picker, in the module's order."""
    return [getattr(state, "name", state) for state in member_states()]


def _plain(value: Any) -> Any:
    """A dataclass (summary, document) as JSON-ready data; datetimes as ISO 8601 strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value
