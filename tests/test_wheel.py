"""The installable package: a wheel built from the repository, installed into a fresh virtual
environment outside the checkout, serves the editor with its scripts from any folder.

Building needs setuptools from the package index (pip's build isolation) and the install
fetches the pinned dependencies (pip's cache makes the second run quick); the test is skipped
with the reason when the index cannot be reached.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from test_serve import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

IMPORT = re.compile(r'^import .* from "(\./[^"]+)";', re.MULTILINE)
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="(/static/[^"]+)"')


def _left_behind(folder: str, names: list[str]) -> set[str]:
    """What the copy of the checkout leaves out: hidden files, caches, local databases."""
    top = Path(folder) == ROOT
    return {name for name in names if name.startswith(".") or name == "__pycache__"
            or name.endswith(".egg-info") or (top and name in ("build", "data"))}


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment holding the built wheel."""
    place = tmp_path_factory.mktemp("wheel")
    source = place / "source"  # a copy: building leaves build/ and *.egg-info behind it
    shutil.copytree(ROOT, source, ignore=_left_behind)
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                 str(place / "dist"), str(source), cwd=place)
    if built.returncode != 0 and "Could not find a version" in built.stderr:
        pytest.skip(f"cannot build the wheel without the package index: {built.stderr[-300:]}")
    assert built.returncode == 0, built.stderr
    (wheel,) = (place / "dist").glob("plenary-*.whl")
    venv.create(place / "venv", with_pip=True)
    bin_dir = place / "venv" / "bin"
    install = _run(str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel), cwd=place)
    if install.returncode != 0 and "Could not find a version" in install.stderr:
        pytest.skip(f"cannot install the dependencies: {install.stderr[-300:]}")
    assert install.returncode == 0, install.stderr
    return bin_dir


def test_the_wheel_ships_static_files_seeds_templates_migrations_and_data(installed: Path
                                                                          ) -> None:
    where = _run(str(installed / "python"), "-c",
                 "import server, negotiation; print(server.__file__); "
                 "print(negotiation.__file__)", cwd=installed.parent)
    server_dir, negotiation_dir = (Path(line).parent for line in where.stdout.split())
    assert ROOT not in server_dir.parents, "the installed package must not be the checkout"
    for relative in ("static/editor.js", "static/style.css", "seeds", "templates/editor.html",
                     "migrations/env.py", "migrations/versions"):
        assert (server_dir / relative).exists(), relative
    assert list((negotiation_dir / "data").glob("*.json"))


def test_negotiation_serve_from_any_folder_loads_the_editor_and_its_scripts(
        installed: Path, tmp_path: Path) -> None:
    port = free_port()
    environment = {k: v for k, v in os.environ.items()
                   if k != "DATABASE_URL" and not k.startswith("PLENARY_")}
    environment["PATH"] = f"{installed}{os.pathsep}{environment.get('PATH', '')}"
    process = subprocess.Popen(
        [str(installed / "negotiation"), "serve", "--port", str(port), "--demo"],
        cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_up(f"{base}/healthz", process).status_code == 200
        http = httpx.Client(base_url=base, timeout=10, follow_redirects=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text)
        assert token, "the login page (served with its template and styles)"
        http.post("/login", data={"login": "secretariat@demo.plenary",
                                  "password": "plenary-demo", "csrf_token": token.group(1)})
        listing = http.get("/")
        assert listing.status_code == 200
        document = re.search(r'href="(/documents/[^"/]+)"', listing.text)
        assert document, "the demo drafts are listed"
        editor = http.get(document.group(1))
        assert editor.status_code == 200
        assets = ASSET.findall(editor.text)
        assert "/static/editor.js" in assets and "/static/style.css" in assets
        seen: set[str] = set()
        while assets:
            path = assets.pop()
            if path in seen:
                continue
            seen.add(path)
            answer = http.get(path)
            assert answer.status_code == 200, path
            if path.endswith(".js"):
                assert "javascript" in answer.headers["content-type"], path
                assets += [urljoin(path, module) for module in IMPORT.findall(answer.text)]
        assert {"/static/sync.js", "/static/undo.js", "/static/caret.js"} <= seen
        http.close()
    finally:
        output = stop(process)
    assert (tmp_path / "data" / "plenary.sqlite3").exists(), output
