// static/sync.js under Node (node:test): the shared test vectors (tests/vectors/sync.json, which
// tests/test_sync_vectors.py runs in Python too) and properties of the transform and the diff.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { applyOp, compose, deltaToOp, editorOps, makeDelta, minimalOp, ParagraphState, transform }
  from "../../static/sync.js";

const vectors = JSON.parse(readFileSync(new URL("../vectors/sync.json", import.meta.url), "utf8"));

test("the minimal delta is the one both sides write", () => {
  for (const { old, new: text, delta } of vectors.deltas) {
    assert.equal(makeDelta(old, text), delta, `${old} -> ${text}`);
    assert.equal(applyOp(old, deltaToOp(old, delta)), text);
  }
});

test("a delta reads the same on both sides (UTF-16 counts)", () => {
  for (const { text, delta, result } of vectors.read) {
    assert.equal(applyOp(text, deltaToOp(text, delta)), result, delta);
  }
});

test("a bad delta is refused on both sides", () => {
  for (const { text, delta, why } of vectors.refuse) {
    assert.throws(() => deltaToOp(text, delta), Error, why);
  }
});

test("merges in stream order give the expected text", () => {
  for (const { name, base, edits, result } of vectors.merges) {
    let text = base;
    const merged = [];
    for (const { delta } of edits) {
      let op = deltaToOp(base, delta);
      for (const earlier of merged) [, op] = transform(earlier, op);
      merged.push(op);
      text = applyOp(text, op);
    }
    assert.equal(text, result, name);
  }
});

// a small deterministic random source, so that a failure names its seed
function random(seed) {
  let state = seed >>> 0 || 1;
  return () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 2 ** 32; };
}
const ALPHABET = ["a", "b", " ", ".", "é", "😀"];
function randomText(rand, max) {
  let text = "";
  const length = Math.floor(rand() * max);
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return text;
}
function randomOp(rand, text, marker) {
  const points = Array.from(text);
  const op = [];
  let i = 0;
  let count = 0;
  while (i < points.length) {
    const roll = rand();
    if (roll < 0.25) { op.push(`‹${marker}${count++}›`); continue; }
    const n = 1 + Math.floor(rand() * Math.min(3, points.length - i));
    const units = points.slice(i, i + n).join("").length;
    op.push(roll < 0.65 ? units : -units);
    i += n;
  }
  if (rand() < 0.5) op.push(`‹${marker}${count++}›`);
  return op;
}

test("the transform converges (TP1) and keeps every insertion exactly once", () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const rand = random(seed);
    const text = randomText(rand, 10);
    const a = randomOp(rand, text, "A");
    const b = randomOp(rand, text, "B");
    const [a2, b2] = transform(a, b);
    const left = applyOp(applyOp(text, a), b2);
    assert.equal(left, applyOp(applyOp(text, b), a2), `seed ${seed}`);
    assert.equal(applyOp(text, compose(a, b2)), left, `seed ${seed}`);
    for (const c of [...a, ...b]) {
      if (typeof c === "string") assert.equal(left.split(c).length - 1, 1, `seed ${seed}: ${c}`);
    }
  }
});

test("the minimal diff turns old into new and never splits a surrogate pair", () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const rand = random(seed);
    const old = randomText(rand, 14);
    const text = randomText(rand, 14);
    const op = minimalOp(old, text);
    assert.equal(applyOp(old, op), text, `seed ${seed}`);
    assert.equal(applyOp(old, deltaToOp(old, makeDelta(old, text))), text);
  }
});

test("two distant changes are two hunks: an unchanged word between them is never in one", () => {
  const delta = makeDelta("The Council agrees with the report.", "The Council fully agrees with the report today.");
  assert.equal(delta, "=11\t+ fully\t=23\t+ today\t=1");
});

test("unsent words survive a server change that touches them", () => {
  const state = new ParagraphState("p", "Hello world", 0);
  state.text = "Hello big world";
  const ops = state.onPatch({ p: "p", from: 0, to: 1, delta: makeDelta("Hello world", "Hello wide world") });
  assert.equal(state.shadow, "Hello wide world");
  assert.ok(state.text.includes("big") && state.text.includes("wide"));
  let replayed = "Hello big world";
  for (const [position, deleted, inserted] of ops) {
    replayed = replayed.slice(0, position) + inserted + replayed.slice(position + deleted);
  }
  assert.equal(replayed, state.text);  // the editor ops reproduce the change
  const message = state.outgoing();
  assert.equal(message.m, 1);
  assert.equal(applyOp(state.base, deltaToOp(state.base, message.deltas[0])), state.text);
});

test("editor ops apply one after the other, in UTF-16 units", () => {
  assert.deepEqual(editorOps([5, "😀", 3, -1, "y"]), [[5, 0, "😀"], [10, 1, "y"]]);
});
