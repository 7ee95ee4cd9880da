"""The Plenary web application: pages, static assets and the live-editing WebSocket.

``create_app(settings)`` only wires things together; the database engine is made (and migrated)
in the lifespan, when the server starts, so importing this module touches nothing.

Errors are mapped to responses in one place, ``ERROR_RESPONSES`` below. A page request gets an
HTML error page; a request under ``/api/`` gets one JSON shape::

    {"error": {"code": "document_not_found", "message": "no document 'd-42'", "status": 404}}
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import jinja2
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from server import (
    account_pages,
    analysis_pages,
    chair_routes,
    db,
    export_pages,
    negotiation_pages,
    pages,
    secretariat_pages,
)
from server.assets import STATIC_DIR, TEMPLATES_DIR
from server.auth.csrf import csrf_token
from server.auth.gatekeeper import Gatekeeper
from server.auth.guards import RequireLogin
from server.auth.headers import SecurityHeaders
from server.auth.invitations import InvitationSigner
from server.auth.rate_limit import LoginLimiter
from server.auth.secret import session_secret
from server.auth.sessions import COOKIE, LIFETIME
from server.auth.socket_gate import SessionGate
from server.client_faults import quiet_client_faults
from server.conference import Conference, attach, start_fanout, stop_fanout
from server.conference_sockets import ConferenceSockets
from server.demo import load_demo, load_demo_accounts
from server.documents_feed import DocumentsFeed
from server.documents_socket import documents_endpoint
from server.health import connected, healthz
from server.integrity_key import load_sealer
from server.live.registry import RoomRegistry
from server.people.accounts import Accounts
from server.people.negotiations import Negotiations
from server.progress_board import ProgressBoard
from server.runtime import tune_interpreter
from server.settings import Settings
from server.store import DocumentNotFound, ParagraphNotFound, Store, StoreError
from server.store_writer import ProcessWriter, ThreadWriter
from server.ws import sync_endpoint

logger = logging.getLogger("plenary")

# error type -> (HTTP status, machine-readable code); the first matching entry wins, so the more
# specific types come first.
ERROR_RESPONSES: list[tuple[type[Exception], int, str]] = [
    (DocumentNotFound, 404, "document_not_found"),
    (ParagraphNotFound, 404, "paragraph_not_found"),
    (StoreError, 400, "store_error"),
]
HTTP_CODES = {400: "bad_request", 401: "login_required", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 429: "too_many_requests", 500: "internal_error"}


def create_app(settings: Settings) -> Starlette:
    """The application for ``settings``; the database is opened when the lifespan starts."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = await run_in_threadpool(_open_database, settings)
        try:
            sealer = await run_in_threadpool(load_sealer, settings)
            store = Store(engine, sealer)
            gatekeeper = Gatekeeper(Accounts(engine), Negotiations(engine))
            if settings.demo:
                loaded = await run_in_threadpool(load_demo, store, settings.seeds_dir)
                logger.info("demo: %d seed draft(s) loaded", len(loaded))
                app.state.demo_accounts = await run_in_threadpool(
                    load_demo_accounts, store, gatekeeper)
            app.state.store = store
            app.state.gatekeeper = gatekeeper
            app.state.gate = SessionGate(gatekeeper)
            writer = ProcessWriter(settings.resolved_database_url(),
                                   key=sealer.key if sealer else None) \
                if settings.store_writer == "process" else ThreadWriter(store)
            if isinstance(writer, ProcessWriter):
                await writer.start()
            fanout = await start_fanout(settings)
            failures = _login_failures(settings)
            if failures is not None:
                app.state.login_limiter = LoginLimiter(counts=failures)
            conference = Conference(fanout, settings.instance_name())
            app.state.progress = ProgressBoard(conference, store, gatekeeper.negotiations)
            app.state.rooms = RoomRegistry(store, fanout,
                                           coalesce_pause=settings.coalesce_pause,
                                           fence_watch=settings.fence_watch,
                                           writer=writer, on_open=conference.claimed,
                                           on_change=app.state.progress.touched)
            app.state.conference = conference
            attach(conference, app.state.rooms)
            gatekeeper.sockets = ConferenceSockets(gatekeeper.sockets, conference)
            app.state.documents_feed = DocumentsFeed(conference, store, gatekeeper,
                                                     app.state.progress)
            app.state.documents_feed.start()
            tune_interpreter()
            quiet_client_faults()
            try:
                yield
            finally:
                app.state.stopping = True  # /healthz answers 503 from now on
                await app.state.rooms.aclose()  # versions of the last bursts are written first
                await app.state.documents_feed.aclose()
                await app.state.progress.aclose()
                await conference.aclose()
                await stop_fanout(fanout)
                if failures is not None:
                    await failures.aclose()
        finally:
            engine.dispose()

    app = Starlette(
        routes=ROUTES,
        exception_handlers={StoreError: error_response, HTTPException: error_response,
                            Exception: error_response},
        lifespan=lifespan,
    )
    app.state.verified = {}  # document id -> (when, VerifyReport): server/pages.py
    app.state.templates = Jinja2Templates(env=_template_environment())
    install_accounts(app, settings)
    return app


LOGIN_ROUTES = [
    Route("/login", account_pages.login_form, name="login"),
    Route("/login", account_pages.login_submit, methods=["POST"], name="login_submit"),
    Route("/", lambda request: RedirectResponse("/login"), name="documents"),
    Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
]  # what a server with only the WebSocket needs to log people in (bench/load.py)
ROUTES = [
    *LOGIN_ROUTES[:2],
    Route("/logout", account_pages.logout, methods=["POST"], name="logout"),
    Route("/invitations/{token}", account_pages.invitation_form, name="invitation"),
    Route("/invitations/{token}", account_pages.invitation_accept, methods=["POST"],
          name="invitation_accept"),
    Route("/", negotiation_pages.home, name="documents"),
    Route("/negotiations", negotiation_pages.create_negotiation, methods=["POST"],
          name="create_negotiation"),
    Route("/negotiations/{negotiation_id}", negotiation_pages.negotiation_page,
          name="negotiation"),
    Route("/negotiations/{negotiation_id}/members", negotiation_pages.add_member,
          methods=["POST"], name="add_member"),
    Route("/negotiations/{negotiation_id}/members/{user_id}/remove",
          negotiation_pages.remove_member, methods=["POST"], name="remove_member"),
    Route("/negotiations/{negotiation_id}/members/{user_id}/groups",
          negotiation_pages.name_groups, methods=["POST"], name="name_groups"),
    Route("/negotiations/{negotiation_id}/invitations", negotiation_pages.invite,
          methods=["POST"], name="invite"),
    Route("/negotiations/{negotiation_id}/upload", secretariat_pages.upload_form,
          name="upload_form"),
    Route("/negotiations/{negotiation_id}/documents", secretariat_pages.upload,
          methods=["POST"], name="upload"),
    Route("/documents/{document_id}", pages.editor, name="editor"),
    Route("/documents/{document_id}/revisions", pages.revision_list, name="revisions"),
    Route("/documents/{document_id}/revisions", secretariat_pages.issue_revision,
          methods=["POST"], name="issue_revision"),
    Route("/documents/{document_id}/adopt", secretariat_pages.adopt, methods=["POST"],
          name="adopt"),
    Route("/documents/{document_id}/paragraphs/{paragraph_id}/history",
          pages.paragraph_history, name="history"),
    *analysis_pages.ROUTES,
    *export_pages.ROUTES,
    Route("/documents/{document_id}/console", chair_routes.console_page, name="console"),
    Route("/documents/{document_id}/screen", chair_routes.screen_page, name="screen"),
    Route("/api/documents/{document_id}/console", chair_routes.api_console, name="api_console"),
    Route("/api/documents/{document_id}/paragraphs/{paragraph_id}/brackets",
          chair_routes.bracket_action, methods=["POST"], name="bracket_action"),
    Route("/api/documents/{document_id}/paragraphs/{paragraph_id}/status",
          chair_routes.status_action, methods=["POST"], name="status_action"),
    Route("/api/documents/{document_id}/paragraphs/{paragraph_id}/select",
          chair_routes.select_action, methods=["POST"], name="select_action"),
    Route("/api/documents/{document_id}/adopt", chair_routes.adopt_action, methods=["POST"],
          name="adopt_action"),
    Route("/api/documents", pages.api_documents, name="api_documents"),
    Route("/api/documents/{document_id}", pages.api_document, name="api_document"),
    Route("/api/documents/{document_id}/paragraphs/{paragraph_id}/attribution",
          pages.api_attribution, name="api_attribution"),
    Route("/api/member-states", pages.api_member_states, name="api_member_states"),
    Route("/healthz", healthz, name="healthz"),
    Route("/api/connected", connected, name="api_connected"),
    Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    WebSocketRoute("/ws/documents/{document_id}", sync_endpoint, name="sync"),
    WebSocketRoute("/ws/documents", documents_endpoint, name="documents_feed"),
]


def install_accounts(app: Starlette, settings: Settings) -> None:
    """Security headers, signed session cookies and the login requirement on ``app``, with
    what the login and invitation pages need; ``app.state.gatekeeper`` and ``app.state.gate``
    are set once the database is open (create_app's lifespan; bench/load.py's server)."""
    secret = session_secret(settings.session_secret, settings.data_dir)
    app.add_middleware(RequireLogin)
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie=COOKIE,
                       max_age=int(LIFETIME.total_seconds()), same_site="lax",
                       https_only=settings.secure_cookies)
    app.add_middleware(SecurityHeaders)
    app.state.settings = settings
    if not hasattr(app.state, "templates"):
        app.state.templates = Jinja2Templates(env=_template_environment())
    app.state.invitation_signer = InvitationSigner(secret)
    app.state.login_limiter = LoginLimiter()
    app.state.demo_accounts = []


def _login_failures(settings: Settings):
    """Failed logins counted in Redis for every process when ``PLENARY_REDIS_URL`` is set
    (server/auth/redis_failures.py); None: in this process (``install_accounts``)."""
    if settings.redis_url is None:
        return None
    from server.auth.redis_failures import RedisFailures

    return RedisFailures(settings.redis_url, namespace=settings.redis_namespace)


def _open_database(settings: Settings) -> Engine:
    engine = db.create_engine_for(settings.resolved_database_url())
    db.upgrade(engine)
    return engine


def _template_environment() -> jinja2.Environment:
    """Jinja2 with autoescape on for every template: user text is always escaped.

    Templates link with ``path_for(route_name, **params)``: a path ("/documents/d1"), not an
    absolute URL, so links work behind a proxy.
    """
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                                     autoescape=True, undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True)
    environment.globals["path_for"] = _path_for
    environment.globals["csrf_token"] = _csrf_token
    environment.globals["current_user"] = _current_user
    return environment


@jinja2.pass_context
def _path_for(context: jinja2.runtime.Context, name: str, /, **params: str) -> str:
    return context["request"].app.url_path_for(name, **params)


@jinja2.pass_context
def _csrf_token(context: jinja2.runtime.Context) -> str:
    return csrf_token(context["request"])


@jinja2.pass_context
def _current_user(context: jinja2.runtime.Context):
    return getattr(context["request"].state, "user", None)


def describe_error(error: Exception) -> tuple[int, str, str]:
    """(status, code, message) for an error: the one mapping from error types to responses."""
    if isinstance(error, HTTPException):
        return error.status_code, HTTP_CODES.get(error.status_code, "http_error"), error.detail
    for error_type, status, code in ERROR_RESPONSES:
        if isinstance(error, error_type):
            return status, code, str(error)
    return 500, "internal_error", "the server failed to handle this request; it has been logged"


async def error_response(request: Request, error: Exception) -> Response:
    status, code, message = describe_error(error)
    if status >= 500:
        logger.error("error on %s %s", request.method, request.url.path, exc_info=error)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message, "status": status}},
                            status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {
        "status": status, "code": code, "message": message}, status_code=status)
