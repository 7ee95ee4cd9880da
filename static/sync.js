// The browser side of Plenary's live-editing protocol (docs/protocol.md), as an ES module.
// No DOM code and no third-party code: the editor (static/editor.js) calls localEdit() and
// listens to events; this module keeps, per paragraph, the synchronisation state of
// negotiation/sync/client.py (the same state machine, in JavaScript):
//
//   text    what the user sees, with unsent words      shadow  base + the unacknowledged stack
//   base    the server text of revision m              m       revision (-1: server must be sent base)
//   n       number of stack[0]                         stack   deltas, each from the previous shadow
//   inFlight  one edit message awaits its ack
//
// Units: every position and delta count is in UTF-16 code units (JavaScript string length).
// Unsent edits are kept in `storage` (localStorage) and survive a page reload.

import { applyStructure } from "./structure.js";

export const PROTOCOL_VERSION = 1;

export const MESSAGE = Object.freeze({
  hello: "hello",
  edit: "edit",
  focus: "focus",
  insert: "insert",
  delete: "delete",
  move: "move",
  welcome: "welcome",
  ack: "ack",
  patch: "patch",
  presence: "presence",
  structure: "structure",
  error: "error",
  bracket: "bracket",
  status: "status",
  select: "select",
  bracket_event: "bracket_event",
  status_event: "status_event",
  selected: "selected",
});

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;
const RESEND_AFTER_MS = 10000;  // an edit unanswered this long is sent again (same numbers)

// -- ops and deltas ----------------------------------------------------------------------------
//
// An op is ot.js's form, as negotiation/sync/ops.py has it, here counted in UTF-16 units: a
// positive number keeps that many units, a string inserts itself, a negative number deletes.
// No op of the protocol splits a surrogate pair. A delta is the wire form (docs/protocol.md):
// "=N" keep, "-N" delete, "+text" insert (%-escaped as encodeURI does, spaces kept).

function isHigh(code) { return code >= 0xd800 && code <= 0xdbff; }
function isLow(code) { return code >= 0xdc00 && code <= 0xdfff; }
function isLetter(ch) { return /^\p{L}$/u.test(ch); }

function push(op, component) {
  if (component === 0 || component === "") return;
  const last = op[op.length - 1];
  if (typeof component === "string") {
    if (typeof last === "string") { op[op.length - 1] = last + component; return; }
    if (typeof last === "number" && last < 0) {  // an insert goes before the delete next to it
      const before = op[op.length - 2];
      if (typeof before === "string") op[op.length - 2] = before + component;
      else op.splice(op.length - 1, 0, component);
      return;
    }
  } else if (typeof last === "number" && (last > 0) === (component > 0)) {
    op[op.length - 1] = last + component;
    return;
  }
  op.push(component);
}

function normalize(op) {
  const result = [];
  for (const component of op) push(result, component);
  return result;
}

function baseLength(op) {
  let n = 0;
  for (const c of op) if (typeof c === "number") n += Math.abs(c);
  return n;
}

export function applyOp(text, op) {
  const pieces = [];
  let position = 0;
  for (const c of op) {
    if (typeof c === "string") pieces.push(c);
    else if (c > 0) { pieces.push(text.slice(position, position + c)); position += c; }
    else position -= c;
  }
  if (position > text.length) throw new Error(`op reads ${position} units of a text of ${text.length}`);
  pieces.push(text.slice(position));
  return pieces.join("");
}

// Reads an op component by component, taking parts of keeps and deletes.
class Reader {
  constructor(op) { this.op = op.filter((c) => c !== 0 && c !== ""); this.index = 0; this.used = 0; }
  peek() {
    if (this.index >= this.op.length) return null;
    const c = this.op[this.index];
    if (typeof c === "string") return c.slice(this.used);
    return c > 0 ? c - this.used : c + this.used;
  }
  take(count = null) {
    const c = this.peek();
    const size = typeof c === "string" ? c.length : Math.abs(c);
    if (count === null || count >= size) { this.index += 1; this.used = 0; return c; }
    this.used += count;
    if (typeof c === "string") return c.slice(0, count);
    return c > 0 ? count : -count;
  }
}

// [a2, b2]: a2 applies after b, b2 after a; where both insert at one place, a's words first.
export function transform(a, b) {
  const length = Math.max(baseLength(a), baseLength(b));
  const first = new Reader([...a, length - baseLength(a)]);
  const second = new Reader([...b, length - baseLength(b)]);
  const a2 = [];
  const b2 = [];
  for (;;) {
    const x = first.peek();
    const y = second.peek();
    if (x === null && y === null) break;
    if (typeof x === "string") { const w = first.take(); push(a2, w); push(b2, w.length); continue; }
    if (typeof y === "string") { const w = second.take(); push(b2, w); push(a2, w.length); continue; }
    const count = Math.min(Math.abs(x), Math.abs(y));
    const px = first.take(count);
    const py = second.take(count);
    if (px > 0 && py > 0) { push(a2, count); push(b2, count); }
    else if (px < 0 && py > 0) push(a2, -count);
    else if (px > 0 && py < 0) push(b2, -count);
    // both delete: deleted once
  }
  return [a2, b2];
}

// One op doing a then b.
export function compose(a, b) {
  let out = 0;
  for (const c of a) out += typeof c === "string" ? c.length : Math.max(c, 0);
  const first = new Reader(a);
  const second = new Reader([...b, out - baseLength(b)]);
  const result = [];
  for (;;) {
    const x = first.peek();
    const y = second.peek();
    if (x === null && y === null) break;
    if (typeof x === "number" && x < 0) { push(result, first.take()); continue; }
    if (typeof y === "string") { push(result, second.take()); continue; }
    if (x === null || y === null) throw new Error("compose: ops of different lengths");
    const count = Math.min(typeof x === "string" ? x.length : x, Math.abs(y));
    const px = first.take(count);
    const py = second.take(count);
    if (typeof py === "number" && py > 0) push(result, px);
    else if (typeof px === "number") push(result, py);
  }
  return result;
}

// The minimal change from `old` to `text` (negotiation/sync/minimal.py, the same algorithm):
// common prefix and suffix, then Myers' O(ND) diff over code points on the middle; a kept piece
// of at most ABSORB letters inside one word between two changes joins them; anything else kept
// (a word, a space, punctuation) is never inside a change.
const MAX_D = 300;
const ABSORB = 3;  // letters, at most, of a kept piece inside one word taken into the changes around it

function myers(a, b) {
  const n = a.length;
  const m = b.length;
  if (!n || !m) return [["-", a.join("")], ["+", b.join("")]];
  const offset = n + m + 1;
  const v = new Array(2 * offset + 1).fill(0);
  const trace = [];
  for (let d = 0; d <= Math.min(n + m, MAX_D); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]))
        ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, d);
    }
  }
  return [["-", a.join("")], ["+", b.join("")]];
}

function backtrack(a, b, trace, final) {
  const script = [];
  let x = a.length;
  let y = b.length;
  for (let d = final; d > 0; d--) {
    const v = trace[d];
    const at = (k) => v[k + d + 1];
    const k = x - y;
    const previousK = (k === -d || (k !== d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) { x--; y--; script.push(["=", a[x]]); }
    if (x === previousX) script.push(["+", b[previousY]]);
    else script.push(["-", a[previousX]]);
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) { x--; y--; script.push(["=", a[x]]); }
  return script.reverse();
}

export function minimalOp(old, text) {
  if (old === text) return old ? [old.length] : [];
  const a = Array.from(old);
  const b = Array.from(text);
  const limit = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const pieces = [["=", a.slice(0, prefix).join("")],
                  ...myers(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)),
                  ["=", a.slice(a.length - suffix).join("")]];
  const groups = [];  // ["=", kept] or ["~", deleted, inserted]
  for (const [kind, piece] of pieces) {
    if (!piece) continue;
    const last = groups[groups.length - 1];
    if (kind === "=") {
      if (last && last[0] === "=") last[1] += piece;
      else groups.push(["=", piece]);
    } else {
      if (!last || last[0] !== "~") groups.push(["~", "", ""]);
      groups[groups.length - 1][kind === "-" ? 1 : 2] += piece;
    }
  }
  slide(groups);
  align(groups);
  const joined = (change, end) => [change[1], change[2]].some(
    (t) => t && isLetter(end < 0 ? Array.from(t).pop() : Array.from(t)[0]));
  const merged = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    const last = merged[merged.length - 1];
    const next = groups[i + 1];
    if (group[0] === "=" && last && last[0] === "~" && next && next[0] === "~" &&
        Array.from(group[1]).length <= ABSORB && Array.from(group[1]).every(isLetter) &&
        joined(last, -1) && joined(next, 0)) {
      merged[merged.length - 1] = ["~", last[1] + group[1] + next[1], last[2] + group[1] + next[2]];
      i++;
      continue;
    }
    merged.push(group);
  }
  const op = [];
  for (const group of merged) {
    if (group[0] === "=") push(op, group[1].length);
    else { push(op, group[2]); push(op, -group[1].length); }
  }
  return op;
}

// Join two changes around a kept piece that can slide past one of them at the same cost, so
// words typed at one place stay one hunk ("‹2" + kept "." + "46›." -> "‹2.46›" + kept ".").
function slide(groups) {
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 1; i < groups.length - 1; i++) {
      const [left, kept, right] = [groups[i - 1], groups[i], groups[i + 1]];
      if (left[0] !== "~" || kept[0] !== "=" || right[0] !== "~") continue;
      const piece = kept[1];
      if ([right[1], right[2]].every((t) => (piece + t).endsWith(piece))) {
        const moved = [right[1], right[2]].map((t) => (piece + t).slice(0, t.length));
        groups.splice(i - 1, 3, ["~", left[1] + moved[0], left[2] + moved[1]], ["=", piece]);
        if (i + 1 < groups.length && groups[i + 1][0] === "=") groups[i][1] += groups.splice(i + 1, 1)[0][1];
      } else if ([left[1], left[2]].every((t) => (t + piece).startsWith(piece))) {
        const moved = [left[1], left[2]].map((t) => (t + piece).slice(piece.length));
        groups.splice(i - 1, 3, ["=", piece], ["~", moved[0] + right[1], moved[1] + right[2]]);
        if (i >= 2 && groups[i - 2][0] === "=") groups[i - 2][1] += groups.splice(i - 1, 1)[0][1];
      } else {
        continue;
      }
      changed = true;
      break;
    }
  }
  return groups;
}

// How good a boundary between the characters `before` and `after` is for a change to start or
// end at ("" = the start or end of the text): negotiation/sync/minimal.py's _score.
function score(before, after) {
  if (!before || !after || /^\s$/u.test(before) || /^\s$/u.test(after)) return 3;
  if (/^[\p{Pe}\p{Pf}]$/u.test(before) || /^[\p{Ps}\p{Pi}]$/u.test(after)) return 2;
  if (!/^[\p{L}\p{N}]$/u.test(before) || !/^[\p{L}\p{N}]$/u.test(after)) return 1;
  return 0;
}

// Slide each pure insertion or deletion between two kept pieces to its best boundaries (the
// leftmost of the best), as minimal.py's _align: a deleted word or token is taken whole.
function align(groups) {
  const last = groups.length - 1;
  groups.forEach((group, index) => {
    if (group[0] !== "~" || (group[1] && group[2])) return;
    const which = group[1] ? 1 : 2;
    const hasLeft = index > 0;
    const hasRight = index < last;
    const atStart = index <= 1;
    const atEnd = index >= last - 1;
    let left = Array.from(hasLeft ? groups[index - 1][1] : "");
    let right = Array.from(hasRight ? groups[index + 1][1] : "");
    let change = Array.from(group[which]);
    while (left.length && left[left.length - 1] === change[change.length - 1] && (left.length > 1 || atStart)) {
      const moved = left.pop();
      right = [change.pop(), ...right];
      change = [moved, ...change];
    }
    let best = [-1, left.join(""), change.join(""), right.join("")];
    for (;;) {
      const value = score(left.length ? left[left.length - 1] : "", change[0]) +
                    score(change[change.length - 1], right.length ? right[0] : "");
      if (value > best[0]) best = [value, left.join(""), change.join(""), right.join("")];
      if (!right.length || right[0] !== change[0] || (right.length === 1 && !atEnd)) break;
      left = [...left, change[0]];
      change = [...change.slice(1), right[0]];
      right = right.slice(1);
    }
    group[which] = best[2];
    if (hasLeft) groups[index - 1][1] = best[1];
    if (hasRight) groups[index + 1][1] = best[3];
  });
  for (let i = groups.length - 1; i >= 0; i--) if (groups[i][0] === "=" && !groups[i][1]) groups.splice(i, 1);
  return groups;
}

function encodeText(text) { return encodeURI(text).replace(/%20/g, " "); }

export function opToDelta(op, length) {
  const parts = [];
  let position = 0;
  for (const c of op) {
    if (typeof c === "string") parts.push("+" + encodeText(c));
    else if (c > 0) { parts.push("=" + c); position += c; }
    else { parts.push("-" + -c); position -= c; }
  }
  if (length > position) parts.push("=" + (length - position));
  return parts.join("\t");
}

export function makeDelta(shadow, text) { return opToDelta(minimalOp(shadow, text), shadow.length); }

// A delta as an op on `shadow`, read strictly: throws on a bad token or count, a bad
// %-escape, a lone surrogate, a split surrogate pair, or counts that miss the shadow's length.
export function deltaToOp(shadow, delta) {
  const op = [];
  let position = 0;
  const checkCut = () => {
    if (position > shadow.length) throw new Error(`delta reaches past the shadow (${shadow.length} units)`);
    if (position > 0 && position < shadow.length && isHigh(shadow.charCodeAt(position - 1)) &&
        isLow(shadow.charCodeAt(position))) throw new Error(`delta splits a surrogate pair at ${position}`);
  };
  for (const token of delta ? delta.split("\t") : []) {
    const kind = token[0];
    const rest = token.slice(1);
    if (kind === "+") {
      let words;
      try { words = decodeURI(rest); } catch { throw new Error(`bad %-escape in ${JSON.stringify(token.slice(0, 20))}`); }
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(words)) {
        throw new Error("inserted text holds a lone surrogate");
      }
      push(op, words);
    } else if ((kind === "=" || kind === "-") && /^[1-9][0-9]{0,9}$/.test(rest)) {
      const count = Number(rest);
      position += count;
      checkCut();
      push(op, kind === "=" ? count : -count);
    } else {
      throw new Error(`bad delta token ${JSON.stringify(token.slice(0, 20))}`);
    }
  }
  if (position !== shadow.length) throw new Error(`delta covers ${position} units, shadow has ${shadow.length}`);
  return op;
}

// An op as the editor's ops [[position, deleted, inserted], ...], applied one after the other.
export function editorOps(op) {
  const result = [];
  let at = 0;
  for (const c of op) {
    const last = result[result.length - 1];
    const adjoining = last && last[0] + last[2].length === at;
    if (typeof c === "string") {
      if (adjoining) last[2] += c;
      else result.push([at, 0, c]);
      at += c.length;
    } else if (c > 0) {
      at += c;
    } else if (adjoining) {
      last[1] += -c;
    } else {
      result.push([at, -c, ""]);
    }
  }
  return result;
}

// -- one paragraph's state ------------------------------------------------------------------

// `text` is what the user sees; assigning it is the user's editing: each assignment's change
// (its minimal op from the previous text) is composed into `local`, the unsent change as an op
// on the shadow, so the user's intent is kept (one diff of a long unsent change could pair
// characters of different words).
export class ParagraphState {
  // `merged`: the welcome's n, how many of this client's edits the server has merged already.
  constructor(id, text, revision, merged = 0) {
    Object.assign(this, { id, shadow: text, base: text, m: revision, n: merged, stack: [],
                          inFlight: false, needsSync: false, held: [] });
    this.reset(text, revision);
  }

  get text() { return this.current; }

  set text(newText) {
    if (newText === this.current) return;
    const keep = this.local.length ? this.local : (this.shadow ? [this.shadow.length] : []);
    this.local = compose(keep, minimalOp(this.current, newText));
    this.current = newText;
  }

  // Take the server's `text` of `revision` as it is (nothing unsent).
  reset(text, revision) {
    Object.assign(this, { current: text, shadow: text, base: text, local: [], m: revision });
  }

  static restore(saved) {
    const state = new ParagraphState(saved.id, saved.shadow, saved.m);
    Object.assign(state, { base: saved.base, n: saved.n, stack: saved.stack.slice() });
    state.text = saved.text;
    return state;
  }

  saved() {
    const { id, text, shadow, base, m, n, stack } = this;
    return { id, text, shadow, base, m, n, stack };
  }

  get pending() { return this.stack.length > 0 || this.text !== this.shadow; }

  outgoing() {
    if (this.inFlight) return null;
    if (this.text !== this.shadow) {
      this.stack.push(opToDelta(this.local, this.shadow.length));
      this.shadow = this.text;
      this.local = [];
    }
    if (!this.stack.length && !this.needsSync && this.m >= 0) return null;
    this.inFlight = true;
    this.needsSync = false;
    const message = { type: MESSAGE.edit, p: this.id, m: this.m, n: this.n,
                      deltas: this.stack.slice() };
    if (this.m < 0) message.base = this.base;
    return message;
  }

  // Returns the editor ops applied to the text, or null (a stale ack, ignored).
  onAck(ack) {
    if (!this.inFlight || ack.n !== this.n + this.stack.length || ack.m !== this.m) return null;
    this.n = ack.n;
    this.stack = [];
    this.inFlight = false;
    this.takenConflicts = ack.conflicts || [];
    const held = this.held;
    this.held = [];
    let ops = this.advance(ack.delta, ack.r);
    for (const patch of held) {  // others' edits merged after ours, seen while in flight
      const more = this.onPatch(patch);
      if (more) ops = ops.concat(more);
    }
    return ops;
  }

  // While an edit is in flight, patches wait for its ack (which says where they apply).
  onPatch(patch) {
    if (patch.to <= this.m) return null;
    if (this.inFlight || this.stack.length) {
      this.held.push(patch);
      return null;
    }
    if (patch.from !== this.m) {
      this.needsSync = true;
      return null;
    }
    return this.advance(patch.delta, patch.to);
  }

  // The welcome's n: this client's edits the server has merged and committed. Used when the
  // stack cannot be sent again as it was (a restarted server, or a count that does not fit):
  // the edits of the stack numbered below it are in the server's text already: they leave the
  // stack (never merged twice) and the rest is sent from the text they start from (base,
  // m = -1); the next edit is numbered from the server's count, never below it.
  // `restartedText`: the text of a restarted server, which no longer knows the conflicts of
  // those edits: returns their words that it does not hold (to keep as conflicts).
  adoptNumbering(merged, restartedText = null) {
    const done = Math.min(Math.max(merged - this.n, 0), this.stack.length);
    const unconfirmed = [];
    if (done) {
      let base = this.base;
      for (const delta of this.stack.slice(0, done)) {
        const op = deltaToOp(base, delta);
        for (const words of op) {
          if (typeof words === "string" && restartedText !== null && !restartedText.includes(words)) {
            unconfirmed.push(words);
          }
        }
        base = applyOp(base, op);
      }
      Object.assign(this, { base, stack: this.stack.slice(done), m: -1 });
    }
    this.n = merged;
    return unconfirmed;
  }

  // A server change (on the shadow) reaches the text through the user's unsent change
  // exactly: both are ops on the shadow, and the transform gives the server's change as it
  // applies to the text (the server's words first where both typed at one place).
  advance(delta, revision) {
    const server = deltaToOp(this.shadow, delta);
    let change = server;
    let local = [];
    if (this.current !== this.shadow) [change, local] = transform(server, this.local);
    this.current = applyOp(this.current, change);
    this.shadow = this.base = applyOp(this.shadow, server);
    this.local = local;
    this.m = revision;
    return editorOps(change);
  }
}

// -- the connection ---------------------------------------------------------------------------

function newClientId() {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class DocumentSync {
  constructor({ url, documentId, identity, storage = null, WebSocketImpl = globalThis.WebSocket }) {
    this.url = url;
    this.documentId = documentId;
    this.identity = { name: identity.name, delegation: identity.delegation || null };
    this.storage = storage;
    this.WebSocketImpl = WebSocketImpl;
    this.handlers = new Map();
    this.paragraphs = new Map();
    this.order = [];  // the paragraphs' descriptions in document order (static/structure.js)
    this.conflicts = [];
    this.state = "offline";
    this.socket = null;
    this.closed = true;
    this.refs = 0;
    this.retryMs = RECONNECT_MIN_MS;
    this.storageKey = `plenary:sync:${documentId}`;
    const saved = this.load();
    // The server counts each client's edits per paragraph under its client id. Only a page that
    // restores unsent edits (numbered under that id) may keep it; any other page load is a new
    // client, or its first edits would reuse numbers the server has already merged.
    const restoring = (saved.paragraphs || []).length > 0;
    this.clientId = (restoring && saved.clientId) || newClientId();
    this.epoch = saved.epoch || null;
    for (const item of saved.paragraphs || []) {
      this.paragraphs.set(item.id, ParagraphState.restore(item));
    }
  }

  on(event, handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(handler);
    return () => this.handlers.set(event, this.handlers.get(event).filter((h) => h !== handler));
  }

  emit(event, detail) {
    for (const handler of this.handlers.get(event) || []) handler(detail);
  }

  setState(state) {
    if (state !== this.state) {
      this.state = state;
      this.emit("state", state);
    }
  }

  connect() {
    this.closed = false;
    this.open();
  }

  close() {
    this.closed = true;
    clearTimeout(this.resendTimer);
    this.resendTimer = null;
    if (this.socket) this.socket.close(1000);
    this.socket = null;
    this.setState("offline");
  }

  open() {
    this.setState("connecting");
    const socket = new this.WebSocketImpl(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.sendRaw({ type: MESSAGE.hello, protocol: PROTOCOL_VERSION, clientId: this.clientId,
                     name: this.identity.name, delegation: this.identity.delegation });
    };
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      for (const state of this.paragraphs.values()) {
        state.inFlight = false;
        state.held = [];
      }
      this.setState("offline");
      if (!this.closed) {
        setTimeout(() => { if (!this.closed && !this.socket) this.open(); }, this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
      }
    };
  }

  sendRaw(message) {
    if (this.socket && this.socket.readyState === 1) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  // -- what the editor calls -----------------------------------------------------------------

  // Edits the server has not acknowledged yet: deltas in flight plus unsent changes.
  unsentCount() {
    let count = 0;
    for (const state of this.paragraphs.values()) {
      count += state.stack.length + (state.text !== state.shadow ? 1 : 0);
    }
    return count;
  }

  paragraphText(id) {
    const state = this.paragraphs.get(id);
    return state ? state.text : null;
  }

  localEdit(paragraphId, newText) {
    const state = this.paragraphs.get(paragraphId);
    if (!state) throw new Error(`unknown paragraph ${paragraphId}`);
    state.text = newText;
    this.save();
    this.flush();
  }

  setFocus(paragraphId) {
    this.focus = paragraphId;
    this.sendRaw({ type: MESSAGE.focus, p: paragraphId });
  }

  insertParagraph(after, section, text = "") {
    return this.sendRaw({ type: MESSAGE.insert, after, section, text, ref: this.nextRef("insert") });
  }

  deleteParagraph(id) {
    return this.sendRaw({ type: MESSAGE.delete, p: id, ref: this.nextRef("delete") });
  }

  moveParagraph(id, after) {
    return this.sendRaw({ type: MESSAGE.move, p: id, after, ref: this.nextRef("move") });
  }

  // -- sending and receiving ---------------------------------------------------------------------

  nextRef(what) {
    this.refs += 1;
    return `${what}:${this.refs}`;
  }

  flush() {
    if (this.state !== "online") return;
    const now = Date.now();
    let sent = false;
    for (const state of this.paragraphs.values()) {
      if (state.inFlight && now - (state.sentAt || now) > RESEND_AFTER_MS) state.inFlight = false;
      const message = state.outgoing();
      if (message) {
        message.ref = `edit:${state.id}`;
        state.sentAt = now;
        if (!this.sendRaw(message)) state.inFlight = false;
        sent = true;
      }
    }
    // What was sent left the unsent words for the stack, under its edit number: stored so, a
    // page reloaded now sends it again under that number, which the server recognises. Stored
    // as unsent words, it went again as a new edit, and the server merged it twice.
    if (sent) this.save();
    if (!this.resendTimer) {
      this.resendTimer = setTimeout(() => { this.resendTimer = null; this.flush(); }, RESEND_AFTER_MS);
    }
  }

  receive(message) {
    const handler = {
      [MESSAGE.welcome]: () => this.onWelcome(message),
      [MESSAGE.ack]: () => this.onAck(message),
      [MESSAGE.patch]: () => this.onPatchFrame(message),
      [MESSAGE.presence]: () => this.emit("presence", message.editors.map(
        (e) => ({ name: e.name, delegation: e.delegation, paragraphId: e.p }))),
      [MESSAGE.structure]: () => this.onStructure(message),
      [MESSAGE.error]: () => this.onError(message),
    }[message.type];
    if (handler) handler();
    this.emit("frame", message); // every frame, for the chair's messages (bracket_bar.js)
  }

  onWelcome(welcome) {
    const sameServer = this.epoch === welcome.epoch;
    this.epoch = welcome.epoch;
    const seen = new Set();
    for (const item of welcome.paragraphs) {
      seen.add(item.id);
      const state = this.paragraphs.get(item.id);
      const merged = Number.isInteger(item.n) ? item.n : null;  // null: an older server
      if (!state) {
        this.paragraphs.set(item.id, new ParagraphState(item.id, item.text, item.rev, merged || 0));
        continue;
      }
      if (merged !== null && merged > state.n) {  // edits whose ack was lost: their conflicts
        for (const conflict of item.conflicts || []) this.keepConflict(item.id, conflict.text, conflict.message);
      }
      // To the same server the stack goes again as it was (its edits are recognised there);
      // to a restarted one, or with a count that does not fit, it takes the server's numbering.
      if (!sameServer) state.m = -1;
      if (merged !== null && (!sameServer || merged < state.n || merged > state.n + state.stack.length)) {
        for (const words of state.adoptNumbering(merged, sameServer ? null : item.text)) {
          this.keepConflict(item.id, words, `your words "${words}" are not in the text after the ` +
                            "server restarted: they may not have been applied; please check them");
        }
      }
      if (!state.pending) {
        state.reset(item.text, item.rev);
      } else {
        state.needsSync = true;
      }
    }
    for (const [id, state] of this.paragraphs) {
      if (!seen.has(id)) {
        if (state.pending) this.keepConflict(id, state.text, "this paragraph was deleted while you were editing it");
        this.paragraphs.delete(id);
      }
    }
    this.order = welcome.paragraphs.map(({ id, section, kind, label, parent, status, delegation }) => (
      delegation != null ? { id, section, kind, label, parent, status, delegation }
        : { id, section, kind, label, parent, status }));
    this.retryMs = RECONNECT_MIN_MS;
    this.setState("online");
    this.you = welcome.you ?? null; // who the server says we are, and what we may not edit
    if (this.you) this.emit("seat", this.you);
    this.emit("snapshot", welcome.paragraphs.map((item) => ({ ...item, text: this.paragraphs.get(item.id).text })));
    this.emit("presence", (welcome.presence || []).map(
      (e) => ({ name: e.name, delegation: e.delegation, paragraphId: e.p })));
    if (this.focus !== undefined) this.setFocus(this.focus);
    this.save();
    this.flush();
  }

  changed(state, ops) {
    if (ops && ops.length) this.emit("paragraph", { paragraphId: state.id, text: state.text, ops });
  }

  onAck(ack) {
    const state = this.paragraphs.get(ack.p);
    if (!state) return;
    state.takenConflicts = [];
    this.changed(state, state.onAck(ack));
    for (const conflict of state.takenConflicts) this.keepConflict(ack.p, conflict.text, conflict.message);
    this.save();
    this.flush();
  }

  onPatchFrame(frame) {
    let sync = false;
    for (const patch of frame.patches) {
      const state = this.paragraphs.get(patch.p);
      if (!state) continue;
      this.changed(state, state.onPatch(patch));
      sync = sync || state.needsSync;
    }
    if (sync) this.flush();
  }

  keepConflict(paragraphId, text, message) {
    const conflict = { paragraphId, text, message };
    this.conflicts.push(conflict);
    this.emit("conflict", conflict);
  }

  onStructure(message) {
    let order;
    try {
      order = applyStructure(this.order || [], message);
    } catch (problem) {  // a change that does not fit what we hold: take a fresh welcome
      console.warn(`${problem}; reconnecting for a fresh snapshot`);
      if (this.socket) this.socket.close(4000);
      return;
    }
    this.order = order;
    if (message.op === MESSAGE.insert && message.paragraph) {
      const item = message.paragraph;
      if (!this.paragraphs.has(item.id)) this.paragraphs.set(item.id, new ParagraphState(item.id, item.text, item.rev));
    } else if (message.op === MESSAGE.delete) {
      const live = new Set(order.map((meta) => meta.id));
      for (const id of [...this.paragraphs.keys()]) {
        if (!live.has(id)) {
          const state = this.paragraphs.get(id);
          if (state.pending) this.keepConflict(id, state.text, "this paragraph was deleted while you were editing it");
          this.paragraphs.delete(id);
        }
      }
    }
    this.emit("structure", { op: message.op, paragraphId: message.p, after: message.after ?? null,
                             paragraph: message.paragraph || null, order,
                             by: message.by });
    this.save();
  }

  onError(error) {
    const ref = typeof error.ref === "string" ? error.ref : "";
    if (ref.startsWith("edit:")) {
      const state = this.paragraphs.get(ref.slice(5));
      if (state) {
        state.inFlight = false;
        if (error.code === "unknown_revision") state.m = -1;
        if (error.code === "bad_delta" || error.code === "out_of_order") state.m = -1;
        // these refuse the words themselves: resending them unchanged is refused again (the
        // author's next keystroke sends the stack, changed)
        if (error.code !== "paragraph_too_long" && error.code !== "foreign_proposal") {
          setTimeout(() => this.flush(), 200);
        }
      }
    }
    this.emit("error", error);
  }

  // -- storage: unsent words survive a reload ----------------------------------------------------

  load() {
    if (!this.storage) return {};
    try {
      return JSON.parse(this.storage.getItem(this.storageKey) || "{}");
    } catch {
      return {};
    }
  }

  save() {
    if (!this.storage) return;
    const paragraphs = [...this.paragraphs.values()].filter((s) => s.pending).map((s) => s.saved());
    this.storage.setItem(this.storageKey, JSON.stringify({ clientId: this.clientId, epoch: this.epoch,
                                                           paragraphs }));
  }
}
