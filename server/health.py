"""``GET /healthz``: what a load balancer asks before sending a document to this process.

200 ``{"status": "ok", "instance": ..., "rooms": n, "documents": [ids of its rooms]}`` when
the database answers; 503 with ``"status": "unavailable"`` when it does not (the balancer
then sends this process's documents elsewhere, deploy/haproxy.cfg), or while shutting down.
"""

from __future__ import annotations

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from negotiation.permissions import Action
from server.auth.guards import guarded


async def healthz(request: Request) -> JSONResponse:
    state = request.app.state
    rooms = state.rooms.open_rooms() if hasattr(state, "rooms") else []
    answer = {"instance": state.settings.instance_name(), "rooms": len(rooms),
              "documents": sorted(room.document_id for room in rooms)}
    if getattr(state, "stopping", False) or not hasattr(state, "store"):
        return JSONResponse({"status": "unavailable", **answer}, status_code=503)
    try:
        await run_in_threadpool(_ping, state.store)
    except Exception as problem:  # any database failure: not healthy, say why
        return JSONResponse({"status": "unavailable", "problem": type(problem).__name__,
                             **answer}, status_code=503)
    return JSONResponse({"status": "ok", **answer})


@guarded(Action.READ, on="account")
async def connected(request: Request) -> JSONResponse:
    """``{"documents": {id: clients}}`` over every server process (server/conference.py), of
    the documents the session's person may read (the documents list's rule)."""
    readable = await run_in_threadpool(request.app.state.documents_feed.readable_of,
                                       request.state.user)
    connected = request.app.state.conference.connected()
    return JSONResponse({"documents": {document_id: count for document_id, count
                                       in connected.items() if document_id in readable}})


def _ping(store) -> None:
    with store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
