// Unit and property tests of static/undo.js (the pure undo history), run by tests/test_undo_js.py
// with `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { editAt, ParagraphHistory } from "../../static/undo.js";

/** Type `words` one character at a time at `position`, `gap` ms apart, from time `start`. */
function type(history, position, words, start = 0, gap = 50) {
  let at = position;
  let now = start;
  for (const character of words) {
    history.local([at, 0, character], now);
    at += character.length;
    now += gap;
  }
  return now;
}

function backspace(history, position, count, start = 0) {
  let at = position;
  for (let i = 0; i < count; i++) {
    history.local([at - 1, 1, ""], start + i * 50);
    at -= 1;
  }
}

test("typing is grouped by words: undo takes the last word, redo brings it back", () => {
  const history = new ParagraphHistory("To act.");
  type(history, 6, " now and");
  assert.equal(history.text, "To act now and.");
  assert.deepEqual(history.undo(), { text: "To act now .", caret: 11 });
  assert.deepEqual(history.undo(), { text: "To act.", caret: 6 });
  assert.equal(history.undo(), null);
  assert.deepEqual(history.redo(), { text: "To act now .", caret: 11 });
  assert.deepEqual(history.redo(), { text: "To act now and.", caret: 14 });
  assert.equal(history.redo(), null);
});

test("a pause, a caret jump and a change of kind start a new step", () => {
  const history = new ParagraphHistory("abc");
  history.local([3, 0, "d"], 0);
  history.local([4, 0, "e"], 2500); // after a pause
  history.local([0, 0, "X"], 2600); // elsewhere
  history.local([1, 0, "Y"], 2650); // right after it: same step
  history.local([6, 1, ""], 2700); // deleting: a new step
  history.local([5, 1, ""], 2750); // backspace again: same step
  assert.equal(history.text, "XYabc");
  assert.equal(history.undo().text, "XYabcde");
  assert.equal(history.undo().text, "abcde");
  assert.equal(history.undo().text, "abcd");
  assert.equal(history.undo().text, "abc");
});

test("a paste is a step of its own, and typing after a new local change forgets redo", () => {
  const history = new ParagraphHistory("");
  type(history, 0, "ab");
  history.local([2, 0, "PASTED"], 100);
  type(history, 8, "c", 150);
  assert.equal(history.undo().text, "abPASTED");
  assert.equal(history.undo().text, "ab");
  assert.equal(history.canRedo, true);
  history.local([2, 0, "z"], 200);
  assert.equal(history.canRedo, false);
  assert.equal(history.redo(), null);
});

test("replacing a selection by typing is undone in one step, with the old words back", () => {
  const history = new ParagraphHistory("To urge states.");
  history.local([3, 4, "i"], 0); // "urge" selected, "i" typed over it
  type(history, 4, "nvite", 50);
  assert.equal(history.text, "To invite states.");
  assert.deepEqual(history.undo(), { text: "To urge states.", caret: 7 });
  assert.deepEqual(history.redo(), { text: "To invite states.", caret: 9 });
});

test("backspacing is undone in the order it was typed", () => {
  const history = new ParagraphHistory("hello world");
  backspace(history, 11, 5);
  assert.equal(history.text, "hello ");
  assert.deepEqual(history.undo(), { text: "hello world", caret: 11 });
  // forward deletes at one place
  history.redo();
  const forward = new ParagraphHistory("abcdef");
  forward.local([2, 1, ""], 0);
  forward.local([2, 1, ""], 50);
  assert.equal(forward.text, "abef");
  assert.equal(forward.undo().text, "abcdef");
});

test("undo keeps words another delegation typed inside the user's words", () => {
  const history = new ParagraphHistory("To act.");
  type(history, 6, " promptly");
  history.remote([[10, 0, "[BRAZIL: very] "]]); // inside "promptly"
  assert.equal(history.text, "To act pro[BRAZIL: very] mptly.");
  assert.equal(history.undo().text, "To act[BRAZIL: very] .");
  assert.equal(history.redo().text, "To act pro[BRAZIL: very] mptly."); // where they were
});

test("undo removes only what is left of the user's words when others deleted some", () => {
  const history = new ParagraphHistory("Council.");
  type(history, 7, " and Assembly");
  history.remote([[12, 4, ""]]); // someone deleted "Asse"
  assert.equal(history.text, "Council and mbly.");
  assert.equal(history.undo().text, "Council and .");
  assert.equal(history.undo().text, "Council.");
});

test("words the user deleted are not restored where others deleted their surroundings", () => {
  const history = new ParagraphHistory("To urge all states now.");
  history.local([8, 4, ""], 0); // delete "all "
  assert.equal(history.text, "To urge states now.");
  history.remote([[3, 11, ""]]); // someone deleted "urge states" around the place
  assert.equal(history.text, "To  now.");
  assert.equal(history.undo(), null); // nothing of the user's left to undo
  assert.equal(history.text, "To  now.");
});

test("words the user deleted come back next to others' words typed at the same place", () => {
  const history = new ParagraphHistory("a foo b");
  history.local([2, 4, ""], 0); // "a b"
  history.remote([[2, 0, "bar "]]); // "a bar b"
  assert.equal(history.undo().text, "a foo bar b");
});

test("remote changes elsewhere shift the steps and the group", () => {
  const history = new ParagraphHistory("middle");
  history.local([6, 0, "!"], 0);
  history.remote([[0, 0, "Start "]]);
  history.local([13, 0, "?"], 50); // the caret moved with the text: same step
  history.remote([[0, 6, ""], [8, 0, " end"]]); // ops apply one after the other
  assert.equal(history.text, "middle!? end");
  assert.equal(history.undo().text, "middle end");
  assert.equal(history.undo(), null);
});

test("undoing a deletion gives the deleted words back to the step that typed them", () => {
  const history = new ParagraphHistory("");
  type(history, 0, "hello");
  backspace(history, 5, 2, 2000);
  assert.equal(history.text, "hel");
  assert.equal(history.undo().text, "hello");
  assert.equal(history.undo().text, "");
  assert.equal(history.redo().text, "hello");
  assert.equal(history.redo().text, "hel");
});

test("the history catches up with a text it was not told about", () => {
  const history = new ParagraphHistory("To act.");
  type(history, 6, " now");
  history.remote([], "To act now, together.");
  assert.equal(history.text, "To act now, together.");
  assert.equal(history.undo().text, "To act, together.");
});

test("the oldest steps are forgotten beyond the limit", () => {
  const history = new ParagraphHistory("", { limit: 2 });
  history.local([0, 0, "a"], 0);
  history.local([1, 0, "b"], 5000);
  history.local([2, 0, "c"], 10000);
  assert.equal(history.undo().text, "ab");
  assert.equal(history.undo().text, "a");
  assert.equal(history.undo(), null);
});

test("editAt places a change at the caret and never splits a surrogate pair", () => {
  assert.deepEqual(editAt("abbc", "abbbc", 2), [1, 0, "b"]);
  assert.deepEqual(editAt("abbc", "abbbc", 3), [2, 0, "b"]);
  assert.deepEqual(editAt("abbc", "abbbc", null), [3, 0, "b"]);
  assert.deepEqual(editAt("abbc", "abc", 2), [2, 1, ""]);
  assert.deepEqual(editAt("x😀", "x😁", 3), [1, 2, "😁"]);
  assert.deepEqual(editAt("😀y", "😁y", 2), [0, 2, "😁"]);
  assert.equal(editAt("same", "same", 2), null);
});

// -- properties ---------------------------------------------------------------------------------

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Unique characters: the user's from one block, others' from another, to follow each one. */
function characters(base) {
  let next = base;
  return () => String.fromCodePoint(next++);
}

function applyOp(text, [position, deleted, inserted]) {
  return text.slice(0, position) + inserted + text.slice(position + deleted);
}

const own = (text) => [...text].filter((c) => c.codePointAt(0) >= 0x4e00 && c.codePointAt(0) < 0x9000);
const others = (text) => [...text].filter((c) => c.codePointAt(0) >= 0xac00);

test("property: whatever others do, undo never removes their words and undoes all of the user's", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rng = random(seed);
    const pick = (n) => Math.floor(rng() * n);
    const mine = characters(0x4e00);
    const theirs = characters(0xac00);
    let text = "To request the Council";
    const history = new ParagraphHistory(text, { limit: 1000 });
    let now = 0;
    for (let step = 0; step < 60; step++) {
      now += rng() < 0.2 ? 1500 : 40;
      const roll = rng();
      if (roll < 0.45) {
        const position = rng() < 0.7 && history.group ? history.group.end : pick(text.length + 1);
        const deleted = rng() < 0.2 ? Math.min(pick(3), text.length - position) : 0;
        const op = [position, deleted, rng() < 0.85 ? mine() : mine() + mine()];
        history.local(op, now);
        text = applyOp(text, op);
      } else if (roll < 0.6 && text.length) {
        const position = pick(text.length);
        const op = [position, 1 + pick(Math.min(3, text.length - position)), ""];
        history.local(op, now);
        text = applyOp(text, op);
      } else if (roll < 0.85) {
        const ops = [];
        for (let n = 1 + pick(2); n > 0; n--) {
          const position = pick(text.length + 1);
          const deleted = rng() < 0.4 ? Math.min(pick(4), text.length - position) : 0;
          const op = [position, deleted, rng() < 0.7 ? theirs() : ""];
          ops.push(op);
          text = applyOp(text, op);
        }
        history.remote(ops, text);
      } else if (roll < 0.95) {
        const before = others(text);
        const result = history.undo();
        if (result) {
          assert.ok(before.every((c) => result.text.includes(c)), `seed ${seed}: undo removed others' words`);
          assert.ok(result.caret >= 0 && result.caret <= result.text.length);
          text = result.text;
        }
      } else {
        const result = history.redo();
        if (result) text = result.text;
      }
      assert.equal(history.text, text, `seed ${seed} step ${step}`);
    }
    const before = others(text);
    while (history.undo()) { /* everything */ }
    assert.deepEqual(own(history.text), [], `seed ${seed}: the user's words are all undone`);
    assert.ok(before.every((c) => history.text.includes(c)), `seed ${seed}: others' words kept`);
  }
});

test("property: alone, undo all gives the first text back and redo all the last", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rng = random(seed);
    const pick = (n) => Math.floor(rng() * n);
    const mine = characters(0x4e00);
    const first = "To request the Council to act.";
    const history = new ParagraphHistory(first, { limit: 1000 });
    let text = first;
    let now = 0;
    const seen = [];
    for (let step = 0; step < 50; step++) {
      now += rng() < 0.2 ? 1500 : 40;
      const position = pick(text.length + 1);
      const deleted = rng() < 0.4 ? Math.min(1 + pick(3), text.length - position) : 0;
      const op = [position, deleted, rng() < 0.7 ? mine() : ""];
      if (!op[1] && !op[2]) continue;
      history.local(op, now);
      text = applyOp(text, op);
      if (rng() < 0.15) {  // undo and redo in the middle of it all
        const undone = history.undo();
        assert.equal(history.redo().text, text, `seed ${seed}: ${JSON.stringify(undone)}`);
      }
    }
    seen.push(text);
    for (let result = history.undo(); result; result = history.undo()) seen.push(result.text);
    assert.equal(history.text, first, `seed ${seed}`);
    const redone = [first];
    for (let result = history.redo(); result; result = history.redo()) redone.push(result.text);
    assert.deepEqual(redone, seen.reverse(), `seed ${seed}: redo walks the same texts back`);
  }
});
