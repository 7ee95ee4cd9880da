// Tests of static/emphasis.js, run by tests/test_emphasis_js.py with `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { emphasisRuns } from "../../static/emphasis.js";

const shown = (text) => emphasisRuns(text).map((r) =>
  [text.slice(r.start, r.end), r.style, r.mark]);

test("italic and bold runs keep every character", () => {
  const text = "*Being* Parties to the **Convention**, _Noting_ it";
  const runs = emphasisRuns(text);
  assert.equal(runs.map((r) => text.slice(r.start, r.end)).join(""), text);
  assert.deepEqual(shown(text), [
    ["*", "em", true], ["Being", "em", false], ["*", "em", true],
    [" Parties to the ", null, false],
    ["**", "strong", true], ["Convention", "strong", false], ["**", "strong", true],
    [", ", null, false],
    ["_", "em", true], ["Noting", "em", false], ["_", "em", true], [" it", null, false]]);
});

test("arithmetic, lone marks and marks inside words are plain text", () => {
  for (const text of ["2 * 3 * 4", "a lone * mark", "snake_case_name", "x*y*z", ""]) {
    assert.ok(emphasisRuns(text).every((r) => r.style === null), text);
  }
});
