// Drives static/sync.js (DocumentSync) against a running server, for tests/test_ws.py.
// Usage: node sync_e2e.mjs <ws-url> <paragraph-id>; prints one JSON line with the outcome.
import { DocumentSync, ParagraphState, makeDelta, deltaToOp, applyOp } from "../../static/sync.js";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
}

const [url, paragraphId] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(predicate, ms = 10000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(10);
  }
}
function client(name, delegation, storage) {
  const sync = new DocumentSync({ url, documentId: "doc", identity: { name, delegation }, storage });
  sync.events = [];
  for (const event of ["state", "snapshot", "paragraph", "presence", "structure", "conflict", "error"]) {
    sync.on(event, (detail) => sync.events.push([event, detail]));
  }
  return sync;
}
function idle(sync) {
  return [...sync.paragraphs.values()].every((s) => !s.inFlight && !s.pending && !s.needsSync);
}

const storageA = new MemoryStorage();
const a = client("Ana", "CHILE", storageA);
const b = client("Bo", "PERU", new MemoryStorage());
a.connect();
b.connect();
await until(() => a.state === "online" && b.state === "online");
const start = a.paragraphText(paragraphId);
// both type at once, one character at a time, at both ends of the paragraph
for (let i = 0; i < 20; i++) {
  a.localEdit(paragraphId, a.paragraphText(paragraphId) + (i % 2 ? "é" : "😀"));
  b.localEdit(paragraphId, "ab"[i % 2] + b.paragraphText(paragraphId));
  await sleep(2);
}
await until(() => idle(a) && idle(b));
a.flush(); b.flush();
await sleep(300);
for (const s of [a, b]) { s.paragraphs.get(paragraphId).needsSync = true; s.flush(); }
await until(() => idle(a) && idle(b));
const together = [a.paragraphText(paragraphId), b.paragraphText(paragraphId)];

// A goes offline, types, "reloads" (a new DocumentSync on the same storage), comes back
a.close();
a.localEdit(paragraphId, a.paragraphText(paragraphId) + " [OFFLINE WORDS]");
const saved = JSON.parse(storageA.getItem("plenary:sync:doc"));
const a2 = client("Ana", "CHILE", storageA);
const restored = a2.paragraphText(paragraphId);
a2.connect();
await until(() => a2.state === "online");
await until(() => idle(a2));
await until(() => b.paragraphText(paragraphId).includes("[OFFLINE WORDS]"));
const paragraphEvent = b.events.find(([event]) => event === "paragraph");

// pure helpers: a surrogate pair is never split, ops are in UTF-16 units
const delta = makeDelta("a😀b", "a😁b");
const ops = deltaToOp("Año 😀 x", "=6\t+%F0%9F%98%80\t=2");
// unsent words and a server change right there: both kept, the editor told exactly
const unsent = new ParagraphState("u", "Hello world", 0);
unsent.text = "Hello big world";
unsent.onPatch({ p: "u", from: 0, to: 1, delta: makeDelta("Hello world", "Hello wide world") });
// a welcome whose n says two of three unacknowledged edits were merged (their ack was lost)
const resent = new ParagraphState("p", "The Council agrees.", 3, 5);
for (const words of ["The Council fully agrees.", "The Council fully agrees now.", "The Council fully agrees now!"]) {
  resent.text = words;
  resent.outgoing();
  resent.inFlight = false;
}
resent.adoptNumbering(7);
const adopted = resent.outgoing();
// after a restart, words of the dropped edits that the server's text lacks are returned
const restarted = new ParagraphState("q", "The Council agrees.", 3);
for (const words of ["The Council fully agrees.", "The Council fully agrees, in writing."]) {
  restarted.text = words;
  restarted.outgoing();
  restarted.inFlight = false;
}
const unconfirmed = restarted.adoptNumbering(2, "The Council fully agrees.");
console.log(JSON.stringify({
  adopted, unconfirmed,
  start, together, restored, savedParagraphs: saved.paragraphs.length,
  final: [a2.paragraphText(paragraphId), b.paragraphText(paragraphId)],
  clientIdKept: a2.clientId === a.clientId,
  paragraphEvent: paragraphEvent ? paragraphEvent[1] : null,
  presence: b.events.filter(([event]) => event === "presence").pop()[1],
  delta, ops, applied: applyOp("Año 😀 x", ops),
  unsent: [unsent.text, unsent.shadow, unsent.m],
  states: a.events.filter(([event]) => event === "state").map(([, s]) => s),
  errors: [...a.events, ...b.events, ...a2.events].filter(([event]) => event === "error"),
}));
a2.close();
b.close();
process.exit(0);
