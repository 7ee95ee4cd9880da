"""``GET /documents/{id}/export?format=docx[&revision=Rev.1][&draft=1]``: a stored document
downloaded in any export format (server.exports). A clean export that is refused answers 409
with the page listing what is not agreed, in the chair's notation."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from negotiation.clean_gate import CleanExportRefused
from negotiation.permissions import Action
from server.auth.guards import guarded
from server.exports import FORMAT_NAMES, export_stored, file_name

REFUSED = 409


@guarded(Action.EXPORT)
async def export_document(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    name = request.query_params.get("format", "")
    if name not in FORMAT_NAMES:
        raise HTTPException(400, f"unknown export format {name!r}; one of "
                                 + ", ".join(FORMAT_NAMES))
    revision = request.query_params.get("revision") or None
    draft = request.query_params.get("draft") in ("1", "on", "true")
    store = request.app.state.store
    try:
        result = await run_in_threadpool(export_stored, store, document_id, name,
                                         revision=revision, draft=draft)
    except CleanExportRefused as refused:
        return request.app.state.templates.TemplateResponse(request, "export_refused.html", {
            "document_id": document_id, "reasons": refused.reasons, "format": name,
            "revision": revision}, status_code=REFUSED)
    document = await run_in_threadpool(store.load_document, document_id)
    download = file_name(document_id, document.symbol, name, result.suffix)
    disposition = "inline" if result.suffix.endswith("html") else "attachment"
    return Response(result.content, media_type=result.media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{download}"'})


ROUTES = [Route("/documents/{document_id}/export", export_document, name="export")]
