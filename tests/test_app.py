"""The application frame: lifespan opens and migrates the database, one error mapping, one JSON
error shape for API routes, nothing done at import."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import Site, site
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from negotiation.model import Document, Paragraph, ParagraphKind
from server.app import ERROR_RESPONSES, create_app, describe_error
from server.live.registry import RoomRegistry
from server.settings import Settings
from server.store import DocumentNotFound, ParagraphNotFound, Store, StoreError
from server.store_writer import ProcessWriter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'plenary.sqlite3'}", data_dir=tmp_path,
                    store_writer="thread")


@pytest.fixture
def client(settings: Settings) -> Iterator[Site]:
    with site(create_app(settings)) as client:
        yield client


def assert_error_shape(body: dict, status: int, code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_importing_the_app_reads_nothing_and_opens_nothing(tmp_path: Path) -> None:
    environment = {**os.environ, "PLENARY_PORT": "not a port", "PLENARY_DATA_DIR": "made-here",
                   "DATABASE_URL": "nonsense://"}
    result = subprocess.run(
        [sys.executable, "-c", "import server.app, server.pages, server.demo, server.settings"],
        cwd=tmp_path, env={**environment, "PYTHONPATH": str(ROOT)}, capture_output=True,
        text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def python_in(folder: Path, script: str) -> str:
    """What ``script`` prints, run by a Python process of its own in ``folder`` (for what
    concerns the whole interpreter: its modules, its settings)."""
    result = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_python_docx_and_lxml_load_only_for_word_and_akoma_ntoso(tmp_path: Path) -> None:
    """About 20 MB a server needs only when someone exports to Word or Akoma Ntoso or
    uploads a Word file: not loaded by the app, loaded by the first export."""
    script = ("import sys\n"
              "import server.app, server.uploads, server.exports\n"
              "print(sorted(m for m in ('docx', 'lxml') if m in sys.modules))\n"
              "from datetime import date\n"
              "from negotiation.exports import export\n"
              "from negotiation.model import Document\n"
              "export(Document(symbol='S', title='T'), 'docx-bracketed', issued=date.today())\n"
              "print(sorted(m for m in ('docx', 'lxml') if m in sys.modules))\n")
    assert python_in(tmp_path, script).split("\n")[:2] == ["[]", "['docx', 'lxml']"]


def test_lifespan_creates_and_migrates_the_database(tmp_path: Path) -> None:
    database = tmp_path / "sub" / "plenary.sqlite3"
    app = create_app(Settings(data_dir=tmp_path / "sub", store_writer="process"))
    assert not database.exists()
    with site(app) as client:
        assert database.exists()
        assert isinstance(app.state.store, Store)
        assert isinstance(app.state.rooms, RoomRegistry)
        assert isinstance(app.state.rooms.writer, ProcessWriter)
        assert client.get("/api/documents").json() == {"documents": []}


def test_the_started_app_tunes_the_interpreter_for_its_event_loop(tmp_path: Path) -> None:
    """server/runtime.py: once the app has started, young garbage collections are rarer and
    the store writer's thread hands the interpreter lock back within a millisecond (in a
    process of its own: these are settings of the whole interpreter)."""
    script = (
        "import gc, pathlib, sys\n"
        "from starlette.testclient import TestClient\n"
        "from server.app import create_app\n"
        "from server.settings import Settings\n"
        f"settings = Settings(data_dir=pathlib.Path({str(tmp_path)!r}), store_writer='thread')\n"
        "before = (sys.getswitchinterval(), gc.get_threshold())\n"
        "with TestClient(create_app(settings)):\n"
        "    after = (sys.getswitchinterval(), gc.get_threshold(), gc.get_freeze_count() > 0)\n"
        "    print(before, after)\n")
    assert python_in(tmp_path, script).strip() == ("(0.005, (700, 10, 10)) "
                                                   "(0.001, (10000, 10, 100), True)")


def test_api_documents_lists_what_the_store_holds(client: Site) -> None:
    document = Document(symbol="CP/TEST 1/26", title="Testing", operative=[
        Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, label="1", text="To [note]."),
        Paragraph(id="op-2", kind=ParagraphKind.OPERATIVE, label="2", text="To ask.")])
    document_id = client.store.import_document(document, author="Test")
    body = client.get("/api/documents").json()
    assert [d["id"] for d in body["documents"]] == [document_id]
    assert body["documents"][0]["symbol"] == "CP/TEST 1/26"
    document = client.get(f"/api/documents/{document_id}").json()
    assert [p["id"] for p in document["document"]["operative"]] == ["op-1", "op-2"]


def test_unknown_document_in_the_api_is_the_json_404(client: Site) -> None:
    response = client.get("/api/documents/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert_error_shape(response.json(), 404, "document_not_found")
    assert "'nope'" in response.json()["error"]["message"]


def test_unknown_api_route_has_the_same_shape(client: Site) -> None:
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert_error_shape(response.json(), 404, "not_found")


def test_unknown_page_is_an_html_404(client: Site) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text


def test_a_crash_is_a_500_in_the_same_shape_without_details(settings: Settings) -> None:
    async def boom(request: Request) -> Response:
        raise RuntimeError("secret internals")

    app = create_app(settings)
    app.router.routes.insert(0, Route("/api/boom", boom))
    app.router.routes.insert(0, Route("/boom", boom))
    with site(app) as client:
        # uvicorn closes the connection after an unhandled error: one connection per request
        base = str(client.http.base_url).rstrip("/")
        api = httpx.get(base + "/api/boom", cookies=client.http.cookies)
        page = httpx.get(base + "/boom", cookies=client.http.cookies)
    assert api.status_code == 500
    assert_error_shape(api.json(), 500, "internal_error")
    assert "secret" not in api.text
    assert page.status_code == 500 and "Server error" in page.text
    assert "secret internals" not in page.text


@pytest.mark.parametrize(("error", "status", "code"), [
    (DocumentNotFound("d1"), 404, "document_not_found"),
    (ParagraphNotFound("d1", "p1"), 404, "paragraph_not_found"),
    (StoreError("the database at x cannot be reached"), 400, "store_error"),
    (HTTPException(405), 405, "method_not_allowed"),
    (ValueError("boom"), 500, "internal_error"),
])
def test_one_mapping_from_error_types_to_responses(error: Exception, status: int,
                                                   code: str) -> None:
    got_status, got_code, message = describe_error(error)
    assert (got_status, got_code) == (status, code)
    if status < 500:
        assert message == (error.detail if isinstance(error, HTTPException) else str(error))


def test_specific_errors_come_before_their_base_class() -> None:
    types = [error_type for error_type, _, _ in ERROR_RESPONSES]
    for index, error_type in enumerate(types):
        for later in types[index + 1:]:
            assert not issubclass(later, error_type), f"{later} is shadowed by {error_type}"


def test_static_assets_are_served_as_modules(client: Site) -> None:
    for name in ("editor.js", "highlight.js", "caret.js", "identity.js", "paragraphs.js",
                 "sync.js"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        assert "javascript" in response.headers["content-type"]
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_the_live_editing_socket_is_routed(client: Site) -> None:
    paths = {getattr(route, "path", None) for route in client.app.routes}
    assert "/ws/documents/{document_id}" in paths
