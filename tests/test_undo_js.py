"""static/undo.js, the editor's undo history, under Node: unit and property tests in
tests/js/undo.test.mjs (node:test). The browser tests (tests/test_browser.py) drive it through
the editor."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def node() -> str | None:
    """A Node.js >= 18 (node:test): the system one, else Playwright's bundled one."""
    system = shutil.which("node")
    if system:
        return system
    try:
        import playwright
    except ImportError:  # pragma: no cover
        return None
    bundled = Path(playwright.__file__).parent / "driver" / "node"
    return str(bundled) if bundled.exists() else None


def test_undo_history_under_node() -> None:
    binary = node()
    if binary is None:
        pytest.skip("no Node.js to run static/undo.js")
    result = subprocess.run([binary, "--test", str(ROOT / "tests" / "js" / "undo.test.mjs")],
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "NODE_NO_WARNINGS": "1"}, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass " in result.stdout
