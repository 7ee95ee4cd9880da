// The editor of one document: paragraphs editable in place, brackets highlighted as they are
// typed, remote changes applied without moving the local caret, undo/redo of the user's own
// edits per paragraph (undo.js), presence by delegation, the connection state, conflict
// notices. Talks to the server only through DocumentSync (sync.js).
//
// The page (server/templates/editor.html) renders every paragraph as
//   <div class="paragraph" data-paragraph-id="ID"> ... <div class="paragraph-text"
//        contenteditable="plaintext-only" data-paragraph-id="ID">TEXT</div> ... </div>
// and this module takes them over. Invariant: a text element's textContent is the paragraph's
// text as DocumentSync holds it (sync.paragraphText), except during an IME composition.

import { DocumentSync } from "./sync.js";
import { renderHighlighted } from "./highlight.js";
import { diffOps, restoreSelection, saveSelection, shiftOffset, shiftSelection } from "./caret.js";
import { pageIdentity } from "./identity.js";
import { reconcile } from "./paragraphs.js";
import { editAt, UndoHistories } from "./undo.js";

const root = document.getElementById("document");
const documentId = root.dataset.documentId;
const connection = document.getElementById("connection");
const conflicts = document.getElementById("conflicts");
const presenceList = document.getElementById("presence-list");
const CONNECTION_REFRESH_MS = 250;
const UNSENT_VISIBLE_MS = 2000; // online: show the unsent count once words wait this long

let sync = null;
// what the server says we may not edit; until the welcome, what the page says
let seat = { readOnly: root.dataset.mayEdit === "false" ? "read only" : null, locked: {},
             role: null, delegation: null, speaksFor: [] };
let retrying = false; // was online, or an attempt failed: show "reconnecting…", not "connecting…"
let connectionState = "connecting";
let unsentSince = null; // when the unsent count last became non-zero (Date.now())
let composing = null; // {id, base, remoteOps} while an IME composition is open
const places = new Map(); // paragraph id -> {section, after}: where to re-insert conflicted words
let typedSinceAcknowledged = 0; // input events in this page since nothing was left unsent
// The user's own edits, per paragraph, on the text DocumentSync holds (sync.paragraphText):
// told every local edit and every remote change. The browser's own undo is never used: the
// spans are re-rendered on each keystroke and remote words rewrite the text under it.
const histories = new UndoHistories();

function textElements() {
  return root.querySelectorAll(".paragraph-text[data-paragraph-id]");
}

function textElement(paragraphId) {
  return root.querySelector(`.paragraph-text[data-paragraph-id="${CSS.escape(paragraphId)}"]`);
}

/** Show `text` in a paragraph's element, highlighted, keeping the caret where `ops` move it. */
function showText(element, text, ops) {
  const focused = document.activeElement === element;
  const before = element.textContent;
  let saved = focused ? saveSelection(element) : null;
  if (saved && before !== text) saved = shiftSelection(saved, ops ?? diffOps(before, text));
  renderHighlighted(element, text);
  if (focused) restoreSelection(element, saved);
}

/** Paragraphs DocumentSync does not know yet (before the first welcome) cannot be edited, nor
 * can any when the server says the document is read-only for us, nor a locked paragraph. */
function markEditable(element) {
  const id = element.dataset.paragraphId;
  const known = typeof sync.paragraphText(id) === "string";
  const lock = seat.readOnly ?? seat.locked?.[id] ?? proposalLock(element) ?? null;
  const editable = known && !lock ? "plaintext-only" : "false";
  if (element.getAttribute("contenteditable") !== editable) {
    element.setAttribute("contenteditable", editable);
  }
  element.setAttribute("aria-readonly", lock ? "true" : "false");
  if (lock) element.title = `Read only: ${lock}`;
  else element.removeAttribute("title");
  element.classList.toggle("waiting", !known);
  element.classList.toggle("locked", Boolean(lock));
}

/** Another delegation's proposal tabled since the welcome: only its own delegates, those who
 * speak for it (a group's named delegates), and the chair, the vice-chair and the secretariat
 * may edit it, as the server decides. */
function proposalLock(element) {
  const owner = element.closest(".kind-proposal")?.dataset.delegation;
  if (!owner || seat.role !== "delegate" || owner === seat.delegation) return null;
  if (seat.speaksFor.includes(owner)) return null;
  const spoken = [seat.delegation ?? "no delegation", ...seat.speaksFor].sort().join(", ");
  return `${owner}'s proposal: you speak for ${spoken}, not for ${owner}`;
}

/** What the server says we may not edit (the welcome's `you`): shown, and applied. */
function onSeat(you) {
  seat = { readOnly: you.readOnly ?? null, locked: you.locked ?? {}, role: you.role ?? null,
           delegation: you.delegation ?? null, speaksFor: you.speaksFor ?? [] };
  const notice = document.getElementById("read-only");
  if (seat.readOnly) {
    notice.textContent = `Read only: ${seat.readOnly}.`;
    notice.hidden = false;
  }
  document.body.classList.toggle("read-only", Boolean(seat.readOnly));
  refreshFromModel();
}

// ------------------------------------------------------------------ local edits

/** Tell the paragraph's undo history about a local change from `before` to `after`. */
function recordLocal(id, before, after, caret = null) {
  const op = editAt(before, after, caret);
  if (op) histories.of(id, before).local(op);
}

function onInput(event) {
  const element = event.target.closest?.(".paragraph-text");
  if (!element || (composing && event.isComposing)) return;
  const id = element.dataset.paragraphId;
  const before = sync.paragraphText(id);
  if (typeof before !== "string") return;
  const text = element.textContent;
  recordLocal(id, before, text, saveSelection(element)?.end ?? null);
  sync.localEdit(id, text);
  typedSinceAcknowledged += 1;
  showText(element, text, []);
  updateConnection();
}

/** "undo", "redo" or null: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y, or Cmd on a Mac. */
function historyKey(event) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y" && !event.shiftKey) return "redo";
  return null;
}

/** Undo or redo the user's last step in the paragraph `element`, as an ordinary local edit. */
function undoOrRedo(element, which) {
  const id = element.dataset.paragraphId;
  const model = sync.paragraphText(id);
  const history = histories.get(id);
  if (typeof model !== "string" || !history || composing) return;
  history.follow(model);
  const result = which === "redo" ? history.redo() : history.undo();
  if (!result) return;
  sync.localEdit(id, result.text);
  typedSinceAcknowledged += 1;
  renderHighlighted(element, result.text);
  if (document.activeElement === element) {
    restoreSelection(element, { start: result.caret, end: result.caret });
  }
  updateConnection();
}

function onKeyDown(event) {
  const element = event.target.closest?.(".paragraph-text");
  if (!element || event.isComposing) return;
  const which = historyKey(event);
  if (which) {
    event.preventDefault(); // never the browser's own undo (see `histories`)
    undoOrRedo(element, which);
    return;
  }
  if (event.key !== "Enter") return;
  event.preventDefault(); // a paragraph is one block of text
  if (event.ctrlKey || event.metaKey) insertAfter(element.closest(".paragraph"));
}

/** Undo and redo from the browser's menus (Edit, the context menu) arrive as beforeinput. */
function onBeforeInput(event) {
  const element = event.target.closest?.(".paragraph-text");
  if (!element) return;
  if (event.inputType === "historyUndo" || event.inputType === "historyRedo") {
    event.preventDefault();
    undoOrRedo(element, event.inputType === "historyRedo" ? "redo" : "undo");
  }
}

function onCompositionStart(event) {
  const element = event.target.closest?.(".paragraph-text");
  if (!element) return;
  const id = element.dataset.paragraphId;
  composing = { id, base: sync.paragraphText(id) ?? element.textContent, remoteOps: [] };
}

/** The composed words, rebased over the remote changes that arrived during the composition. */
function onCompositionEnd(event) {
  const element = event.target.closest?.(".paragraph-text");
  const state = composing;
  composing = null;
  if (!element || !state || state.id !== element.dataset.paragraphId) return;
  const model = sync.paragraphText(state.id);
  if (typeof model !== "string") return;
  const [local] = diffOps(state.base, element.textContent);
  if (!local) {
    showText(element, model, null);
    return;
  }
  const [position, deleted, inserted] = local;
  const start = shiftOffset(position, state.remoteOps);
  const end = Math.max(start, shiftOffset(position + deleted, state.remoteOps));
  const text = model.slice(0, start) + inserted + model.slice(end);
  histories.of(state.id, model).local([start, end - start, inserted]); // one step
  sync.localEdit(state.id, text);
  renderHighlighted(element, text);
  restoreSelection(element, { start: start + inserted.length, end: start + inserted.length });
  updateConnection();
}

// ------------------------------------------------------------------ remote changes

function onParagraph({ paragraphId, text, ops }) {
  histories.get(paragraphId)?.remote(ops, text); // the model changed, composing or not
  if (composing && composing.id === paragraphId) {
    composing.remoteOps.push(...ops); // applied when the composition ends
    return;
  }
  const element = textElement(paragraphId);
  if (element && element.textContent !== text) showText(element, text, ops);
}

function refreshFromModel() {
  for (const element of textElements()) {
    markEditable(element);
    const id = element.dataset.paragraphId;
    const text = sync.paragraphText(id);
    if (typeof text === "string" && text !== element.textContent
        && !(composing && composing.id === id)) {
      showText(element, text, null);
    }
  }
}

function rememberPlaces(order) {
  places.clear();
  const previous = new Map();
  for (const meta of order) {
    const key = `${meta.section}/${meta.parent ?? ""}`;
    places.set(meta.id, { section: meta.section, after: previous.get(key) ?? null });
    previous.set(key, meta.id);
  }
}

function applyOrder(order) {
  rememberPlaces(order);
  histories.keepOnly(order.map((meta) => meta.id));
  reconcile(root, order, documentId, (id) => sync.paragraphText(id), renderHighlighted);
  refreshFromModel();
}

function onSnapshot(paragraphs) {
  applyOrder(paragraphs);
}

function onStructure({ op, paragraphId, order, by }) {
  if (Array.isArray(order)) applyOrder(order);
  const mine = by && by.name === sync.identity.name && by.delegation === sync.identity.delegation;
  if (op === "insert" && mine && focusInserted) {
    focusInserted = false;
    textElement(paragraphId)?.focus();
  }
}

// ------------------------------------------------------------------ structural commands

let focusInserted = false; // our own insert: put the caret in the new paragraph when it arrives

function siblings(paragraph) {
  return [...paragraph.parentElement.children].filter((node) => node.classList.contains("paragraph"));
}

/** Ask for a new, empty paragraph after `paragraph`; the caret goes there when it arrives. */
function insertAfter(paragraph) {
  const section = paragraph.closest("section[data-section]")?.dataset.section ?? "operative";
  focusInserted = true;
  sync.insertParagraph(paragraph.dataset.paragraphId, section, "");
}

function onAction(event) {
  const button = event.target.closest?.("button[data-action]");
  if (!button) return;
  const paragraph = button.closest(".paragraph");
  const id = paragraph.dataset.paragraphId;
  const around = siblings(paragraph);
  const index = around.indexOf(paragraph);
  const action = button.dataset.action;
  if (action === "insert") {
    insertAfter(paragraph);
  } else if (action === "up" && index > 0) {
    sync.moveParagraph(id, index > 1 ? around[index - 2].dataset.paragraphId : null);
  } else if (action === "down" && index < around.length - 1) {
    sync.moveParagraph(id, around[index + 1].dataset.paragraphId);
  } else if (action === "delete"
             && window.confirm("Delete this paragraph? Its history is kept.")) {
    sync.deleteParagraph(id);
  }
}

// ------------------------------------------------------------------ presence

function presenceTag(person) {
  const tag = document.createElement("span");
  tag.className = "presence-tag";
  tag.textContent = person.delegation || person.name;
  tag.title = person.delegation ? `${person.name} (${person.delegation})` : person.name;
  return tag;
}

function onPresence(people) {
  for (const marker of root.querySelectorAll(".presence")) marker.replaceChildren();
  for (const paragraph of root.querySelectorAll(".paragraph.has-presence")) {
    paragraph.classList.remove("has-presence");
  }
  presenceList.replaceChildren(...people.map(presenceTag));
  const own = sync.identity;
  for (const person of people) {
    if (!person.paragraphId) continue;
    if (person.name === own.name && person.delegation === own.delegation) continue;
    const paragraph = root.querySelector(
      `.paragraph[data-paragraph-id="${CSS.escape(person.paragraphId)}"]`);
    if (!paragraph) continue;
    paragraph.querySelector(":scope > .paragraph-row .presence")?.append(presenceTag(person));
    paragraph.classList.add("has-presence");
  }
}

// ------------------------------------------------------------------ connection state

/**
 * Edits not yet acknowledged by the server, as a delegate counts them: the keystrokes typed in
 * this page since everything was last acknowledged, or, when more (unsent words restored from
 * storage after a reload), DocumentSync's count of deltas in flight plus unsent changes.
 */
function unsentCount() {
  const pending = sync.unsentCount();
  if (pending === 0) typedSinceAcknowledged = 0;
  return Math.max(pending, typedSinceAcknowledged);
}

function updateConnection() {
  let state = connectionState;
  let label = state;
  if (state !== "online") {
    if (!navigator.onLine) {
      state = "offline";
      label = "offline";
    } else if (retrying) {
      state = "reconnecting";
      label = "reconnecting…";
    } else {
      state = "connecting";
      label = "connecting…";
    }
  }
  // Online, words are usually acknowledged within milliseconds: the count shows only when they
  // have waited more than UNSENT_VISIBLE_MS, so that normal typing does not flicker it.
  const unsent = unsentCount();
  if (unsent === 0) unsentSince = null;
  else unsentSince ??= Date.now();
  if (unsent > 0 && (state !== "online" || Date.now() - unsentSince > UNSENT_VISIBLE_MS)) {
    label += ` · ${unsent} unsent edit${unsent === 1 ? "" : "s"}`;
  }
  if (connection.dataset.state !== state) connection.dataset.state = state;
  if (connection.textContent !== label) connection.textContent = label;
  // the exact count at once (the label shows it only after a while): for scripts and tests
  if (connection.dataset.unsent !== String(unsent)) connection.dataset.unsent = String(unsent);
}

function onState(state) {
  if (state === "online" || (state === "offline" && connectionState === "connecting")) {
    retrying = true;
  }
  connectionState = state;
  updateConnection();
}

// ------------------------------------------------------------------ conflicts and errors

function button(label, handler) {
  const node = document.createElement("button");
  node.type = "button";
  node.textContent = label;
  node.addEventListener("click", handler);
  return node;
}

/** Put the user's words back: into the paragraph, or as a new paragraph if it was deleted. */
function reapply(paragraphId, text) {
  const element = textElement(paragraphId);
  const before = sync.paragraphText(paragraphId);
  if (element && typeof before === "string") {
    recordLocal(paragraphId, before, text);
    sync.localEdit(paragraphId, text);
    showText(element, text, null);
  } else {
    const place = places.get(paragraphId) ?? { section: "operative", after: null };
    sync.insertParagraph(place.after, place.section, text);
  }
  updateConnection();
}

/** A notice that keeps the user's words, with a way to re-apply them. */
function onConflict({ paragraphId, text, message }) {
  const notice = document.createElement("section");
  notice.className = "conflict";
  notice.dataset.paragraphId = paragraphId;
  notice.setAttribute("role", "alert");
  const heading = document.createElement("p");
  heading.className = "conflict-message";
  heading.textContent = `Your words were not merged: ${message}`;
  const words = document.createElement("blockquote");
  words.className = "conflict-words";
  words.textContent = text;
  const actions = document.createElement("div");
  actions.className = "conflict-actions";
  const go = document.createElement("a");
  go.href = `#p-${paragraphId}`;
  go.textContent = "Go to the paragraph";
  actions.append(
    button("Re-apply my words", () => { reapply(paragraphId, text); notice.remove(); }),
    button("Copy", () => navigator.clipboard?.writeText(text)),
    button("Dismiss", () => notice.remove()),
    go);
  notice.append(heading, words, actions);
  conflicts.append(notice);
}

function onError(error) {
  const notice = document.createElement("p");
  notice.className = "error-notice";
  notice.setAttribute("role", "alert");
  notice.textContent = error?.message ?? String(error);
  conflicts.append(notice);
  setTimeout(() => notice.remove(), 10_000);
}

// ------------------------------------------------------------------ start

function start(identity) {

  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  sync = new DocumentSync({
    url: `${scheme}//${location.host}/ws/documents/${encodeURIComponent(documentId)}`,
    documentId, identity, storage: window.localStorage,
  });
  sync.on("state", onState);
  sync.on("seat", onSeat);
  sync.on("snapshot", onSnapshot);
  sync.on("structure", onStructure);
  sync.on("paragraph", onParagraph);
  sync.on("presence", onPresence);
  sync.on("conflict", onConflict);
  sync.on("error", onError);

  for (const element of textElements()) renderHighlighted(element, element.textContent);
  refreshFromModel(); // unsent words kept in this browser since the last visit
  root.addEventListener("input", onInput);
  root.addEventListener("keydown", onKeyDown);
  root.addEventListener("beforeinput", onBeforeInput);
  root.addEventListener("click", onAction);
  root.addEventListener("compositionstart", onCompositionStart);
  root.addEventListener("compositionend", onCompositionEnd);
  root.addEventListener("focusin", (event) => {
    const element = event.target.closest?.(".paragraph-text");
    if (element) sync.setFocus(element.dataset.paragraphId);
  });
  root.addEventListener("focusout", (event) => {
    if (!event.relatedTarget?.closest?.(".paragraph-text")) sync.setFocus(null);
  });
  window.addEventListener("online", updateConnection);
  window.addEventListener("offline", updateConnection);
  setInterval(updateConnection, CONNECTION_REFRESH_MS);
  sync.connect();
  window.plenary = { sync, histories }; // for the browser tests and the curious
}

start(pageIdentity(root));
