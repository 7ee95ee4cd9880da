// The browser side of Plenary's live-editing protocol (docs/protocol.md), as an ES module.
// No DOM code and no third-party code: the editor (static/editor.js) calls localEdit() and
// listens to events; this module keeps, per paragraph, the differential-synchronisation state
// of negotiation/diffsync_client.py (the same state machine, in JavaScript):
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

// -- deltas (diff-match-patch delta form, UTF-16 counts) ----------------------------------

function isHigh(code) { return code >= 0xd800 && code <= 0xdbff; }
function isLow(code) { return code >= 0xdc00 && code <= 0xdfff; }

// The change shadow -> text as one hunk by common prefix and suffix, never splitting a pair.
export function localHunk(shadow, text) {
  let prefix = 0;
  const limit = Math.min(shadow.length, text.length);
  while (prefix < limit && shadow.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(shadow.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const room = limit - prefix;
  while (suffix < room &&
         shadow.charCodeAt(shadow.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) {
    suffix++;
  }
  if (suffix > 0 && isLow(shadow.charCodeAt(shadow.length - suffix))) suffix--;
  return { start: prefix, shadowEnd: shadow.length - suffix, textEnd: text.length - suffix };
}

function encodeText(text) { return encodeURI(text).replace(/%20/g, " "); }

export function makeDelta(shadow, text) {
  const { start, shadowEnd, textEnd } = localHunk(shadow, text);
  const parts = [];
  if (start) parts.push("=" + start);
  if (shadowEnd > start) parts.push("-" + (shadowEnd - start));
  if (textEnd > start) parts.push("+" + encodeText(text.slice(start, textEnd)));
  if (shadow.length > shadowEnd) parts.push("=" + (shadow.length - shadowEnd));
  return parts.join("\t");
}

// A delta as ops [[position, deleted, inserted], ...] on `shadow`, ascending; throws when
// the delta does not cover the shadow exactly.
export function deltaOps(shadow, delta) {
  const ops = [];
  let position = 0;
  for (const token of delta ? delta.split("\t") : []) {
    const kind = token[0];
    const rest = token.slice(1);
    const last = ops[ops.length - 1];
    if (kind === "=") {
      position += Number(rest);
    } else if (kind === "-") {
      const count = Number(rest);
      if (last && last[0] + last[1] === position && !last[2]) last[1] += count;
      else ops.push([position, count, ""]);
      position += count;
    } else if (kind === "+") {
      const words = decodeURI(rest);
      if (last && last[0] + last[1] === position) last[2] += words;
      else ops.push([position, 0, words]);
    } else if (token !== "") {
      throw new Error(`bad delta token ${JSON.stringify(token)}`);
    }
  }
  if (position !== shadow.length || Number.isNaN(position)) {
    throw new Error(`delta covers ${position} units, shadow has ${shadow.length}`);
  }
  return ops;
}

export function applyOps(text, ops) {
  for (const [position, deleted, inserted] of ops) {
    text = text.slice(0, position) + inserted + text.slice(position + deleted);
  }
  return text;
}

// The server's ops on `shadow` as ops on the user's `text` (descending, apply in order), or
// null when a server op touches the span of the user's unsent change: then nothing is guessed
// here, the server merges (see ParagraphState.onAck).
export function rebaseOps(text, shadow, ops) {
  const { start, shadowEnd, textEnd } = localHunk(shadow, text);
  const shift = textEnd - shadowEnd;
  const result = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const [position, deleted, inserted] = ops[i];
    if (text === shadow || position + deleted <= start) {
      result.push([position, deleted, inserted]);
    } else if (position >= shadowEnd) {
      result.push([position + shift, deleted, inserted]);
    } else {
      return null;
    }
  }
  return result;
}

// -- one paragraph's state ------------------------------------------------------------------

export class ParagraphState {
  // `merged`: the welcome's n, how many of this client's edits the server has merged already.
  constructor(id, text, revision, merged = 0) {
    Object.assign(this, { id, text, shadow: text, base: text, m: revision, n: merged, stack: [],
                          inFlight: false, needsSync: false, held: [] });
  }

  static restore(saved) {
    const state = new ParagraphState(saved.id, saved.text, saved.m);
    Object.assign(state, { shadow: saved.shadow, base: saved.base, n: saved.n,
                           stack: saved.stack.slice() });
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
      this.stack.push(makeDelta(this.shadow, this.text));
      this.shadow = this.text;
    }
    if (!this.stack.length && !this.needsSync && this.m >= 0) return null;
    this.inFlight = true;
    this.needsSync = false;
    const message = { type: MESSAGE.edit, p: this.id, m: this.m, n: this.n,
                      deltas: this.stack.slice() };
    if (this.m < 0) message.base = this.base;
    return message;
  }

  // Returns the ops applied to the text, or null (stale ack ignored, or merge deferred).
  onAck(ack) {
    if (!this.inFlight || ack.n !== this.n + this.stack.length || ack.m !== this.m) return null;
    this.n = ack.n;
    this.stack = [];
    this.inFlight = false;
    this.takenConflicts = ack.conflicts || [];
    const held = this.held;
    this.held = [];
    let ops = this.advance(ack.delta, ack.r);
    if (ops === null) {  // the server's change touches words typed since: let the server merge
      this.base = this.shadow;
      this.m = -1;
      this.needsSync = true;
      return null;
    }
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
    const ops = this.advance(patch.delta, patch.to);
    if (ops === null) this.needsSync = true;
    return ops;
  }

  // The welcome's n: this client's edits the server has merged and committed. The edits of the
  // stack numbered below it are in the server's text already: they leave the stack (never
  // merged twice) and the rest is sent from the text they start from (base, m = -1); the next
  // edit is numbered from the server's count, never below it (it would be skipped as merged).
  // `restartedText`: the text of a restarted server, which no longer knows the conflicts of
  // those edits: returns their words that it does not hold (to keep as conflicts).
  adoptNumbering(merged, restartedText = null) {
    const done = Math.min(Math.max(merged - this.n, 0), this.stack.length);
    const unconfirmed = [];
    if (done) {
      let base = this.base;
      for (const delta of this.stack.slice(0, done)) {
        const ops = deltaOps(base, delta);
        for (const [, , words] of ops) {
          if (restartedText !== null && words && !restartedText.includes(words)) unconfirmed.push(words);
        }
        base = applyOps(base, ops.reverse());
      }
      Object.assign(this, { base, stack: this.stack.slice(done), m: -1 });
    }
    this.n = merged;
    return unconfirmed;
  }

  advance(delta, revision) {
    const serverOps = deltaOps(this.shadow, delta);
    const ops = rebaseOps(this.text, this.shadow, serverOps);
    if (ops === null) return null;
    const newShadow = applyOps(this.shadow, serverOps.slice().reverse());
    this.text = applyOps(this.text, ops);
    this.shadow = this.base = newShadow;
    this.m = revision;
    return ops;
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
    for (const state of this.paragraphs.values()) {
      if (state.inFlight && now - (state.sentAt || now) > RESEND_AFTER_MS) state.inFlight = false;
      const message = state.outgoing();
      if (message) {
        message.ref = `edit:${state.id}`;
        state.sentAt = now;
        if (!this.sendRaw(message)) state.inFlight = false;
      }
    }
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
      if (!sameServer) state.m = -1;
      if (merged !== null && merged > state.n) {  // edits whose ack was lost: their conflicts
        for (const conflict of item.conflicts || []) this.keepConflict(item.id, conflict.text, conflict.message);
      }
      if (merged !== null) {
        for (const words of state.adoptNumbering(merged, sameServer ? null : item.text)) {
          this.keepConflict(item.id, words, `your words "${words}" are not in the text after the ` +
                            "server restarted: they may not have been applied; please check them");
        }
      }
      if (!state.pending) {
        Object.assign(state, { text: item.text, shadow: item.text, base: item.text, m: item.rev });
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
    this.order = welcome.paragraphs.map(({ id, section, kind, label, parent, status }) => (
      { id, section, kind, label, parent, status }));
    this.retryMs = RECONNECT_MIN_MS;
    this.setState("online");
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
        if (error.code !== "paragraph_too_long") setTimeout(() => this.flush(), 200);
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
