"""The shape of the house, checked on the source (ast), not by convention.

1. The domain core stays pure: negotiation/ imports no framework, database or server module.
2. negotiation/ does no I/O. The rule, precisely: it imports none of the modules in ``IO_MODULES``
   (files and paths, processes, sockets and the network, threads and event loops, databases),
   and calls none of ``IO_CALLS`` (``open``, ``print``, ``input``) nor a ``write_text`` or
   ``write_bytes`` method. Reading the data files packaged with it (negotiation/data/*.json)
   goes through ``importlib.resources``, which is allowed: it reads what was installed with the
   package, never the user's files. ``from io import BytesIO`` is allowed too: an in-memory
   buffer, into which python-docx writes a Word file that a renderer returns as bytes.
3. Nothing outside server/ imports server/, except the tests (tests/) and the benchmarks
   (bench/): the application is a leaf that nothing else may build on.
4. The live rooms stay split by job: no module of server/live/ is longer than ``MAX_LIVE_LINES``
   lines (the room was once one class of 505 lines doing eight jobs).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("starlette", "uvicorn", "websockets", "sqlmodel", "sqlalchemy", "alembic",
             "psycopg", "jinja2", "httpx", "server")
IO_MODULES = frozenset({
    "os", "io", "pathlib", "glob", "fileinput", "shutil", "tempfile", "mmap",  # files, paths
    "subprocess", "signal", "multiprocessing", "concurrent",  # processes
    "socket", "ssl", "select", "selectors", "http", "urllib.request", "ftplib", "smtplib",
    "webbrowser",  # the network
    "asyncio", "threading",  # event loops, threads
    "sqlite3", "dbm", "shelve",  # databases
})
IN_MEMORY = "from io import BytesIO"  # the one form of an io import allowed (see 2.)
IO_CALLS = frozenset({"open", "print", "input"})
IO_METHODS = frozenset({"write_text", "write_bytes"})
MAY_IMPORT_SERVER = ("server", "tests", "bench")
NEGOTIATION_FILES = sorted((ROOT / "negotiation").rglob("*.py"))
LIVE_FILES = sorted((ROOT / "server" / "live").rglob("*.py"))
MAX_LIVE_LINES = 300


def python_files() -> list[Path]:
    """Every Python file of the project (not .venv, not hidden folders)."""
    return sorted(path for path in ROOT.rglob("*.py")
                  if not any(part.startswith(".") for part in path.relative_to(ROOT).parts))


def imported_modules(path: Path) -> list[str]:
    """Every module ``path`` imports, anywhere in the file; ``from a import b`` gives both
    ``a`` and ``a.b`` (b may be a module: ``from urllib import request``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def io_imports(path: Path) -> list[str]:
    """The imports of ``path`` that reach a module of IO_MODULES (or a submodule of one);
    ``from io import BytesIO`` alone (IN_MEMORY) is not counted."""
    names = imported_modules(path)
    if IN_MEMORY in path.read_text(encoding="utf-8").splitlines():
        names.remove("io")
        names.remove("io.BytesIO")
    return [name for name in names
            if any(name == io or name.startswith(io + ".") for io in IO_MODULES)]


def io_calls(path: Path) -> list[str]:
    """Calls of IO_CALLS by name and of IO_METHODS on anything, as "name (line n)"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in IO_CALLS:
            found.append(f"{function.id}() (line {node.lineno})")
        elif isinstance(function, ast.Attribute) and function.attr in IO_METHODS:
            found.append(f".{function.attr}() (line {node.lineno})")
    return found


def imports_server(path: Path) -> bool:
    return any(name.split(".")[0] == "server" for name in imported_modules(path))


@pytest.mark.parametrize("path", NEGOTIATION_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_negotiation_imports_no_framework(path: Path) -> None:
    bad = [name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN]
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}; negotiation/ must stay pure"


@pytest.mark.parametrize("path", NEGOTIATION_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_negotiation_does_no_io(path: Path) -> None:
    found = io_imports(path) + io_calls(path)
    assert found == [], (f"{path.relative_to(ROOT)} does I/O: {found}; negotiation/ takes "
                         "state and returns results (packaged data: importlib.resources)")


def test_nothing_outside_server_tests_and_bench_imports_server() -> None:
    importing = [str(path.relative_to(ROOT)) for path in python_files()
                 if path.relative_to(ROOT).parts[0] not in MAY_IMPORT_SERVER
                 and imports_server(path)]
    assert importing == [], f"{importing} import server/; only server/, tests/ and bench/ may"


def test_the_live_rooms_are_there_to_check() -> None:
    assert {path.name for path in LIVE_FILES} >= {"room.py", "registry.py", "stream.py"}


@pytest.mark.parametrize("path", LIVE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_live_module_stays_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LIVE_LINES, (f"{path.relative_to(ROOT)} has {lines} lines; split it by "
                                     f"job (at most {MAX_LIVE_LINES} per module in server/live/)")


def test_the_packaged_data_is_still_read_through_importlib_resources() -> None:
    """The one way negotiation/ reads a file stays open: its member states load."""
    from negotiation.delegations import member_states

    assert len(member_states()) > 30


def test_the_checks_see_what_they_forbid(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom starlette.routing import Route\nfrom server import app\n"
                      "from urllib import request\nfrom urllib.parse import quote\n"
                      "from importlib import resources\nimport asyncio.tasks\n"
                      "def f(p):\n    print(open(p).read())\n    p.write_text('x')\n")
    assert [n for n in imported_modules(sample) if n.split(".")[0] in FORBIDDEN] == [
        "starlette.routing", "starlette.routing.Route", "server", "server.app"]
    assert io_imports(sample) == ["os", "urllib.request", "asyncio.tasks"]
    assert sorted(io_calls(sample)) == [
        ".write_text() (line 10)", "open() (line 9)", "print() (line 9)"]
    assert imports_server(sample)
