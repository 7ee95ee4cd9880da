// static/sync.js under Node (node:test): what a page stores for a reload. An edit that has left
// for the server is stored in the stack under its edit number, so the reloaded page sends it
// again under that number and the server recognises it (it was stored as unsent words, sent
// again as a new edit, and merged twice: "before reloadoad", tests/test_browser.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { DocumentSync } from "../../static/sync.js";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
}

class FakeSocket {  // what the page sends, and a way to hand it the server's frames
  constructor(url) { this.url = url; this.readyState = 1; this.sent = []; FakeSocket.last = this; }
  send(data) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; }
  serve(message) { this.onmessage({ data: JSON.stringify(message) }); }
}

function page(storage) {
  const sync = new DocumentSync({ url: "ws://test/ws/documents/d1", documentId: "d1",
                                  identity: { name: "Ana", delegation: "Venezuela" },
                                  storage, WebSocketImpl: FakeSocket });
  sync.connect();
  FakeSocket.last.onopen();
  return [sync, FakeSocket.last];
}

const welcome = (text, rev, n) => ({ type: "welcome", epoch: "e1", paragraphs: [
  { id: "p1", text, rev, n, section: "operative", kind: "operative", label: "1" }], presence: [] });

test("an edit sent after an ack is stored in the stack under its number", () => {
  const storage = new MemoryStorage();
  const [sync, socket] = page(storage);
  socket.serve(welcome("We act.", 0, 0));
  sync.localEdit("p1", "We act. x");
  const first = socket.sent.at(-1);
  assert.deepEqual([first.type, first.n, first.m, first.deltas], ["edit", 0, 0, ["=7\t+ x"]]);
  sync.localEdit("p1", "We act. xy");  // typed while the first waits for its ack
  socket.serve({ type: "ack", p: "p1", n: 1, m: 0, r: 1, delta: "=9" });
  const second = socket.sent.at(-1);
  assert.deepEqual([second.n, second.m, second.deltas], [1, 1, ["=9\t+y"]]);
  const stored = JSON.parse(storage.getItem("plenary:sync:d1")).paragraphs[0];
  assert.deepEqual([stored.n, stored.stack, stored.text], [1, ["=9\t+y"], "We act. xy"]);

  // the page reloads at once; the server merged "y" and committed it (n = 2)
  const [again, reloaded] = page(storage);
  assert.equal(again.clientId, sync.clientId);
  reloaded.serve(welcome("We act. xy", 2, 2));
  const resent = reloaded.sent.filter((m) => m.type === "edit");
  // nothing left to send: "y" was acknowledged by the count; never a new edit numbered 2
  assert.deepEqual(resent.map((m) => m.n).filter((n) => n >= 2), []);
  assert.equal(again.paragraphText("p1"), "We act. xy");
  sync.close();
  again.close();
});

test("an edit sent but not yet committed goes again under its number after a reload", () => {
  const storage = new MemoryStorage();
  const [sync, socket] = page(storage);
  socket.serve(welcome("We act.", 0, 0));
  sync.localEdit("p1", "We act. x");
  sync.localEdit("p1", "We act. xy");
  socket.serve({ type: "ack", p: "p1", n: 1, m: 0, r: 1, delta: "=9" });
  const [again, reloaded] = page(storage);
  reloaded.serve(welcome("We act. xy", 2, 1));  // merged, not committed: the count says 1
  const resent = reloaded.sent.filter((m) => m.type === "edit");
  assert.deepEqual(resent.map((m) => [m.n, m.deltas]), [[1, ["=9\t+y"]]]);
  assert.equal(again.paragraphText("p1"), "We act. xy");
  sync.close();
  again.close();
});
