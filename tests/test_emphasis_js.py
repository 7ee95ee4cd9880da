"""static/emphasis.js, how the editor finds Markdown emphasis without changing a character,
under Node (tests/js/emphasis.test.mjs)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from test_undo_js import node

ROOT = Path(__file__).resolve().parent.parent


def test_emphasis_runs_under_node() -> None:
    binary = node()
    if binary is None:
        pytest.skip("no Node.js to run static/emphasis.js")
    result = subprocess.run([binary, "--test", str(ROOT / "tests" / "js" / "emphasis.test.mjs")],
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "NODE_NO_WARNINGS": "1"}, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
