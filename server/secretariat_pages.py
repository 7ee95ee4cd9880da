"""The secretariat's work from the web: upload a draft into a negotiation (with the importer's
diagnostics, by paragraph, line and column), issue a revision from an uploaded text or from
the current text, adopt the document, export it; and the chair's paragraph status.

Issuing a revision writes through the store's revision import (``Store.import_revision``,
``Store.create_revision``), which moves the document's fence (docs/fencing.md); a revised file
given with the file it was drafted from (the export the secretariat edited) keeps the words
delegations typed since (negotiation/revision_merge.py). Each upload, revision and adoption
then sends a revision notice (server/conference.py, through Redis to every process when it is
configured): the process holding the document's room reloads it at once and every open editor
shows the revision; the room's fence watch is the fallback."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from negotiation.importer import import_text
from negotiation.model import Document
from negotiation.permissions import Action
from server.auth.guards import guarded
from server.store import StoreError
from server.uploads import UploadRefused, document_from_upload

MAX_UPLOAD_BYTES = 5_000_000


def _render(request: Request, template: str, context: dict, status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context,
                                                        status_code=status)


async def _uploaded_document(request: Request, field: str = "file"
                             ) -> tuple[Document, str]:
    """(document, source name) from the form: the file of ``field`` if one was chosen (text,
    Markdown or Word, server/uploads.py), else the text box."""
    form = await request.form(max_part_size=MAX_UPLOAD_BYTES)
    upload = form.get(field)
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise HTTPException(400, f"the file is larger than {MAX_UPLOAD_BYTES} bytes")
        try:
            document = await run_in_threadpool(document_from_upload, raw, upload.filename)
        except UploadRefused as refused:
            raise HTTPException(400, str(refused)) from None
        return document, upload.filename
    return await run_in_threadpool(import_text, str(form.get("text", ""))), "pasted text"


def _chosen(upload: object) -> bool:
    return isinstance(upload, UploadFile) and bool(upload.filename)


def _readable(document: Document) -> str | None:
    if next(document.paragraphs(), None) is None:
        return "no paragraphs found, nothing to import"
    return None


@guarded(Action.IMPORT, on="negotiation")
async def upload_form(request: Request) -> Response:
    return _render(request, "upload.html", {"negotiation": request.state.seat.negotiation,
                                            "document": None, "document_id": None,
                                            "error": None})


@guarded(Action.IMPORT, on="negotiation")
async def upload(request: Request) -> Response:
    document, source = await _uploaded_document(request)
    negotiation = request.state.seat.negotiation
    problem = _readable(document)
    if problem:
        return _render(request, "upload.html", {"negotiation": negotiation,
                                                "document": document, "document_id": None,
                                                "error": f"{source}: {problem}"}, 400)
    store = request.app.state.store
    document_id = await run_in_threadpool(lambda: store.import_document(
        document, author=request.state.seat.name, revision="Draft"))
    await run_in_threadpool(request.app.state.gatekeeper.negotiations.add_document,
                            negotiation.id, document_id)
    request.app.state.conference.revised(document_id, "import")
    return _render(request, "upload.html", {"negotiation": negotiation, "document": document,
                                            "document_id": document_id, "error": None})


@guarded(Action.ISSUE_REVISION, on="document")
async def issue_revision(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    form = await request.form(max_part_size=MAX_UPLOAD_BYTES)
    name = str(form.get("name", "")).strip()
    if not name:
        raise HTTPException(400, "a revision needs a name, e.g. Rev.1")
    store, author = request.app.state.store, request.state.seat.name
    has_text = _chosen(form.get("file")) or str(form.get("text", "")).strip()
    if _chosen(form.get("drafted_from")) and not has_text:
        raise HTTPException(400, "the text a revision was drafted from goes with the revised "
                                 "text: choose the revised file too")
    try:
        if has_text:
            document, source = await _uploaded_document(request)
            problem = _readable(document)
            if problem:
                raise HTTPException(400, f"{source}: {problem}")
            drafted_from = None
            if _chosen(form.get("drafted_from")):  # words typed since that text are kept
                drafted_from, base_source = await _uploaded_document(request, "drafted_from")
                problem = _readable(drafted_from)
                if problem:
                    raise HTTPException(400, f"{base_source}: {problem}")
            await run_in_threadpool(lambda: store.import_revision(
                document_id, document, revision=name, author=author,
                drafted_from=drafted_from))
        else:
            await run_in_threadpool(lambda: store.create_revision(document_id, name,
                                                                  author=author))
    except StoreError as problem:
        raise HTTPException(400, str(problem)) from None
    request.app.state.conference.revised(document_id, "revision")
    return RedirectResponse(request.app.url_path_for("revisions", document_id=document_id),
                            303)


@guarded(Action.ADOPT, on="document")
async def adopt(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    gatekeeper = request.app.state.gatekeeper
    if request.state.seat.negotiation is None:
        raise HTTPException(400, "only a document of a negotiation can be adopted")
    await run_in_threadpool(gatekeeper.adopt, document_id, by=request.state.seat.user.id)
    request.app.state.conference.revised(document_id, "adoption")
    gatekeeper.sockets.end_document(document_id, "the document was adopted; it is now "
                                                 "read-only")
    return RedirectResponse(request.app.url_path_for("editor", document_id=document_id), 303)
