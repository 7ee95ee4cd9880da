"""Pages that read a negotiation's course: each paragraph's path, the document's path table,
compare two revisions, and the bracket burndown (an SVG drawn on the server). They gather
from the store and hand to the pure functions of negotiation/ (timeline, path_table, compare,
burndown); no domain logic here."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from negotiation.ancestry import earlier_paragraphs
from negotiation.burndown import BurndownPoint, burndown_point, render_burndown_svg
from negotiation.compare import EDITED, NEW, compare, counts
from negotiation.model import Document
from negotiation.path_table import path_table
from negotiation.permissions import Action
from negotiation.references import paragraph_references
from negotiation.timeline import paragraph_timeline
from server.auth.guards import guarded
from server.exports import DESCRIPTIONS, FORMAT_NAMES
from server.store import RevisionSummary, Store

CURRENT = "current"  # the live text, as a revision name in the compare page's choices


def _store(request: Request) -> Store:
    return request.app.state.store


def _render(request: Request, template: str, context: dict) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


def export_menu_context(document_id: str, revisions: list[str]) -> dict:
    """What templates/_export_menu.html needs."""
    return {"export_formats": [(name, DESCRIPTIONS[name]) for name in FORMAT_NAMES],
            "export_revisions": revisions, "document_id": document_id}


@guarded(Action.READ)
async def paragraph_path(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    paragraph_id = request.path_params["paragraph_id"]
    store = _store(request)

    earlier_id = request.query_params.get("earlier") or None

    def gather():
        document = store.load_document(document_id)
        return (document, store.paragraph_path(document_id, paragraph_id),
                store.paragraph_history(document_id, paragraph_id),
                [d for d in store.list_documents() if d.id != document_id],
                _earlier_paths(store, earlier_id, document_id, paragraph_id)
                if earlier_id else None)

    document, path, history, others, earlier = await run_in_threadpool(gather)
    stages = paragraph_timeline(path.steps, history.entries, history.events_after)
    name = paragraph_references(document).get(paragraph_id, f"paragraph {paragraph_id}")
    return _render(request, "path.html", {
        "document_id": document_id, "document": document, "paragraph_id": paragraph_id,
        "name": name, "path": path, "stages": stages, "others": others,
        "earlier_id": earlier_id, "earlier": earlier})


def _earlier_paths(store: Store, earlier_id: str, document_id: str, paragraph_id: str
                   ) -> dict:
    """The paragraph followed back into stored document ``earlier_id`` (negotiation.ancestry):
    that document, and the path of each of its paragraphs that became this one."""
    earlier = store.load_document(earlier_id)
    revisions = store.revisions(document_id)
    first = store.revision_document(document_id, revisions[0].name) if revisions \
        else store.load_document(document_id)
    names = paragraph_references(earlier)
    return {"document": earlier, "paths": [
        (names.get(pid, pid), store.paragraph_path(earlier_id, pid))
        for pid in earlier_paragraphs(earlier, first, paragraph_id)]}


@guarded(Action.READ)
async def path_table_page(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    store = _store(request)
    document, revisions = await run_in_threadpool(_revision_documents, store, document_id)
    rows = path_table([(name, doc) for name, _, doc in revisions])
    return _render(request, "path_table.html", {
        "document_id": document_id, "document": document,
        "revision_names": [name for name, _, _ in revisions], "rows": rows})


@guarded(Action.READ)
async def compare_page(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    store = _store(request)
    summaries = await run_in_threadpool(store.revisions, document_id)
    names = [r.name for r in summaries]
    made = {r.name: r.at for r in summaries}
    choices = [*names, CURRENT]
    old_name = request.query_params.get("from") or (names[0] if names else CURRENT)
    new_name = request.query_params.get("to") or CURRENT
    view = "inline" if request.query_params.get("view") == "inline" else "side"
    for chosen in (old_name, new_name):
        if chosen not in choices:
            raise HTTPException(404, f"document {document_id!r} has no revision {chosen!r}")

    def gather():
        old = _text_of(store, document_id, old_name)
        new = _text_of(store, document_id, new_name)
        rows = compare(old, new)
        return new, rows, _changed_by(store, document_id, rows, made.get(old_name),
                                      made.get(new_name))

    document, rows, changed_by = await run_in_threadpool(gather)
    return _render(request, "compare.html", {
        "document_id": document_id, "document": document, "choices": choices,
        "old_name": old_name, "new_name": new_name, "view": view, "rows": rows,
        "counts": counts(rows), "changed_by": changed_by})


@guarded(Action.READ)
async def burndown_svg(request: Request) -> Response:
    document_id = request.path_params["document_id"]
    points = await run_in_threadpool(burndown_points, _store(request), document_id)
    return Response(render_burndown_svg(points), media_type="image/svg+xml")


def burndown_points(store: Store, document_id: str,
                    summaries: list[RevisionSummary] | None = None) -> list[BurndownPoint]:
    """One point per revision, then the live text ("now") when it differs from the last;
    ``summaries``: the document's revisions when the caller has them already."""
    _, revisions = _revision_documents(store, document_id, summaries)
    points = [burndown_point(name, at, doc) for name, at, doc in revisions]
    live = burndown_point("now", datetime.now(UTC), store.load_document(document_id))
    if not points or (live.open, live.agreed) != (points[-1].open, points[-1].agreed):
        points.append(live)
    return points


def _revision_documents(store: Store, document_id: str,
                        summaries: list[RevisionSummary] | None = None
                        ) -> tuple[Document, list[tuple[str, datetime, Document]]]:
    document = store.load_document(document_id)
    summaries = store.revisions(document_id) if summaries is None else summaries
    revisions = [(r.name, r.at, store.revision_document(document_id, r.name))
                 for r in summaries]
    return document, revisions


def _text_of(store: Store, document_id: str, name: str) -> Document:
    return store.load_document(document_id) if name == CURRENT \
        else store.revision_document(document_id, name)


def _changed_by(store: Store, document_id: str, rows, start: datetime | None,
                end: datetime | None) -> dict[str, list[str]]:
    """For each edited or new paragraph, who made the versions between the two revisions
    (``start``, ``end``: when they were made; None for the live text)."""
    who: dict[str, list[str]] = {}
    for row in rows:
        if row.change not in (EDITED, NEW):
            continue
        names: list[str] = []
        for entry in store.paragraph_history(document_id, row.paragraph_id).entries:
            at = entry.version.at
            if (start is None or at > start) and (end is None or at <= end):
                name = entry.version.delegation or entry.version.author
                if name not in names:
                    names.append(name)
        who[row.paragraph_id] = names
    return who


ROUTES = [
    Route("/documents/{document_id}/paragraphs/{paragraph_id}/path", paragraph_path,
          name="path"),
    Route("/documents/{document_id}/path", path_table_page, name="path_table"),
    Route("/documents/{document_id}/compare", compare_page, name="compare"),
    Route("/documents/{document_id}/burndown.svg", burndown_svg, name="burndown"),
]
