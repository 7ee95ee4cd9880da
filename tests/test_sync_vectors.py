"""The shared test vectors (tests/vectors/sync.json), run by Python here and by Node in
tests/js/sync.test.mjs (run from ``test_the_browser_module_passes_the_shared_vectors``): the
deltas both sides write, read and refuse, and merges with their expected text."""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path

import pytest
from test_undo_js import node

from negotiation.sync import delta as codec
from negotiation.sync.stream import ParagraphStream

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests" / "vectors" / "sync.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["deltas"], ids=lambda case: case["new"][:30])
def test_the_minimal_delta_is_the_one_both_sides_write(case) -> None:
    assert codec.make(case["old"], case["new"]) == case["delta"]
    assert codec.apply(case["old"], case["delta"]) == case["new"]


@pytest.mark.parametrize("case", VECTORS["read"], ids=lambda case: case["delta"][:30])
def test_a_delta_reads_the_same_on_both_sides(case) -> None:
    assert codec.apply(case["text"], case["delta"]) == case["result"]


@pytest.mark.parametrize("case", VECTORS["refuse"], ids=lambda case: case["why"])
def test_a_bad_delta_is_refused_on_both_sides(case) -> None:
    with pytest.raises(codec.DeltaError):
        codec.apply(case["text"], case["delta"])


@pytest.mark.parametrize("case", VECTORS["merges"], ids=lambda case: case["name"][:40])
def test_merges_in_stream_order_give_the_expected_text(case) -> None:
    stream = ParagraphStream(case["base"])
    conflicts = []
    for edit in case["edits"]:
        received = stream.receive(edit["client"], 0, [edit["delta"]], None, m=0)
        conflicts.append(len(received.conflicts))
    assert stream.text == case["result"]
    assert conflicts == case["conflicts"]


@pytest.mark.parametrize("script", ["sync.test.mjs", "reload.test.mjs"])
def test_the_browser_module_passes_the_shared_vectors(script: str) -> None:
    """sync.test.mjs: the shared vectors and properties; reload.test.mjs: what a page stores
    for a reload (an edit sent is stored under its number)."""
    binary = node()
    if binary is None:
        pytest.skip("no Node.js to run static/sync.js")
    result = subprocess.run([binary, "--test", str(ROOT / "tests" / "js" / script)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "NODE_NO_WARNINGS": "1"}, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass " in result.stdout


def test_python_and_the_browser_write_the_same_delta_for_random_changes() -> None:
    """Beyond the vectors: 2,000 random edits (several places, emoji, punctuation, tokens),
    the same minimal delta from negotiation/sync/minimal.py and static/sync.js."""
    binary = node()
    if binary is None:
        pytest.skip("no Node.js to run static/sync.js")
    rng = random.Random(8)
    cases = []
    for _ in range(2000):
        old = "".join(rng.choice(["a", "b", " ", ".", "é", "😀", "‹", "›", "(", "X"])
                      for _ in range(rng.randint(0, 16)))
        new = list(old)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(new))
            if rng.random() < 0.5:
                new[at:at] = list(rng.choice(["ab", "X.", "😀", "c a", "‹1›", " "]))
            else:
                del new[at:at + rng.randint(1, 3)]
        cases.append([old, "".join(new)])
    result = subprocess.run([binary, str(ROOT / "tests" / "js" / "make_deltas.mjs")],
                            input=json.dumps(cases), capture_output=True, text=True,
                            timeout=120, cwd=ROOT, check=True)
    written = json.loads(result.stdout)
    differ = [(old, new, js, codec.make(old, new))
              for (old, new), js in zip(cases, written, strict=True)
              if js != codec.make(old, new)]
    assert not differ, differ[:3]
    assert all(codec.apply(old, js) == new for (old, new), js in zip(cases, written,
                                                                       strict=True))
