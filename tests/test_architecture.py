"""The domain core stays pure: negotiation/ imports no framework, database or server module."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("starlette", "uvicorn", "websockets", "sqlmodel", "sqlalchemy", "alembic",
             "psycopg", "jinja2", "httpx", "server")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "negotiation").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_negotiation_imports_no_framework(path: Path) -> None:
    bad = [name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN]
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}; negotiation/ must stay pure"


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom starlette.routing import Route\nfrom server import app\n")
    assert [n for n in imported_modules(sample) if n.split(".")[0] in FORBIDDEN] == [
        "starlette.routing", "server"]
