// The editor of one document: paragraphs editable in place, brackets highlighted as they are
// typed, remote changes applied without moving the local caret, presence by delegation, the
// connection state, conflict notices. Talks to the server only through DocumentSync (sync.js).
//
// The page (server/templates/editor.html) renders every paragraph as
//   <div class="paragraph" data-paragraph-id="ID"> ... <div class="paragraph-text"
//        contenteditable="plaintext-only" data-paragraph-id="ID">TEXT</div> ... </div>
// and this module takes them over; the text element's textContent is always the paragraph's text.

import { DocumentSync } from "./sync.js";
import { renderHighlighted } from "./highlight.js";
import { diffOps, restoreSelection, saveSelection, shiftSelection } from "./caret.js";
import { askIdentity, loadIdentity } from "./identity.js";

const documentElement = document.getElementById("document");
const documentId = documentElement.dataset.documentId;
const connection = document.getElementById("connection");
const conflicts = document.getElementById("conflicts");
const presenceList = document.getElementById("presence-list");

let sync = null;
let composing = false; // an IME composition is in progress: do not re-render under it
let everOnline = false;
let connectionState = "connecting";

function textElements() {
  return documentElement.querySelectorAll(".paragraph-text[data-paragraph-id]");
}

function textElement(paragraphId) {
  return documentElement.querySelector(`.paragraph-text[data-paragraph-id="${CSS.escape(paragraphId)}"]`);
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

function onInput(event) {
  const element = event.target.closest(".paragraph-text");
  if (!element || composing) return;
  const text = element.textContent;
  sync.localEdit(element.dataset.paragraphId, text);
  showText(element, text, []);
  updateConnection();
}

function onKeyDown(event) {
  if (!event.target.closest(".paragraph-text")) return;
  if (event.key === "Enter") event.preventDefault(); // a paragraph is one block of text
}

// ------------------------------------------------------------------ remote changes

function onParagraph({ paragraphId, text, ops }) {
  const element = textElement(paragraphId);
  if (!element || element.textContent === text) return;
  if (composing && document.activeElement === element) {
    // Applied after the composition ends (compositionend re-reads the model).
    return;
  }
  showText(element, text, ops);
}

function refreshAllFromModel() {
  for (const element of textElements()) {
    const text = sync.paragraphText(element.dataset.paragraphId);
    if (typeof text === "string" && text !== element.textContent) showText(element, text, null);
  }
}

// ------------------------------------------------------------------ presence

function onPresence(people) {
  for (const marker of documentElement.querySelectorAll(".presence")) marker.replaceChildren();
  presenceList.replaceChildren();
  const own = loadIdentity();
  for (const person of people) {
    const tag = document.createElement("span");
    tag.className = "presence-tag";
    tag.textContent = person.delegation;
    tag.title = `${person.name} (${person.delegation})`;
    presenceList.append(tag.cloneNode(true));
    if (!person.paragraphId) continue;
    if (own && person.name === own.name && person.delegation === own.delegation) continue;
    const paragraph = documentElement.querySelector(
      `.paragraph[data-paragraph-id="${CSS.escape(person.paragraphId)}"]`);
    const marker = paragraph?.querySelector(":scope > .paragraph-row .presence");
    marker?.append(tag);
    paragraph?.classList.toggle("has-presence", true);
  }
  for (const paragraph of documentElement.querySelectorAll(".paragraph.has-presence")) {
    if (!paragraph.querySelector(":scope > .paragraph-row .presence-tag")) {
      paragraph.classList.remove("has-presence");
    }
  }
}

// ------------------------------------------------------------------ connection state

function unsentCount() {
  if (!sync) return 0;
  const value = typeof sync.unsentCount === "function" ? sync.unsentCount() : sync.unsentCount;
  return Number.isFinite(value) ? value : 0;
}

function updateConnection() {
  let label = connectionState;
  let state = connectionState;
  if (connectionState === "connecting" && everOnline) {
    state = "reconnecting";
    label = "reconnecting…";
  } else if (connectionState === "connecting") {
    label = "connecting…";
  }
  const unsent = unsentCount();
  if (unsent > 0) label += ` · ${unsent} unsent edit${unsent === 1 ? "" : "s"}`;
  connection.dataset.state = state;
  connection.textContent = label;
}

function onState(state) {
  connectionState = state;
  if (state === "online") everOnline = true;
  updateConnection();
}

// ------------------------------------------------------------------ conflicts

/** A notice that keeps the user's words, with a way to re-apply them. */
function onConflict({ paragraphId, text, message }) {
  const notice = document.createElement("section");
  notice.className = "conflict";
  notice.dataset.paragraphId = paragraphId;
  const heading = document.createElement("p");
  heading.className = "conflict-message";
  heading.textContent = message;
  const words = document.createElement("blockquote");
  words.className = "conflict-words";
  words.textContent = text;
  const actions = document.createElement("div");
  actions.className = "conflict-actions";
  const reapply = button("Re-apply my words", () => {
    const element = textElement(paragraphId);
    sync.localEdit(paragraphId, text);
    if (element) showText(element, text, null);
    notice.remove();
    updateConnection();
  });
  const copy = button("Copy", () => navigator.clipboard?.writeText(text));
  const dismiss = button("Dismiss", () => notice.remove());
  const go = document.createElement("a");
  go.href = `#p-${paragraphId}`;
  go.textContent = "Go to the paragraph";
  actions.append(reapply, copy, dismiss, go);
  notice.append(heading, words, actions);
  conflicts.append(notice);
}

function button(label, handler) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.addEventListener("click", handler);
  return element;
}

function onError(error) {
  const notice = document.createElement("p");
  notice.className = "error-notice";
  notice.setAttribute("role", "alert");
  notice.textContent = error?.message ?? String(error);
  conflicts.append(notice);
  setTimeout(() => notice.remove(), 10000);
}

// ------------------------------------------------------------------ start

function start(identity) {
  const button = document.getElementById("identity-button");
  button.textContent = `${identity.name} · ${identity.delegation}`;
  button.addEventListener("click", async () => {
    await askIdentity(loadIdentity());
    location.reload();
  });

  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  sync = new DocumentSync({
    url: `${scheme}//${location.host}/ws/documents/${encodeURIComponent(documentId)}`,
    documentId, identity, storage: window.localStorage,
  });
  sync.on("state", onState);
  sync.on("snapshot", refreshAllFromModel);
  sync.on("paragraph", onParagraph);
  sync.on("presence", onPresence);
  sync.on("conflict", onConflict);
  sync.on("error", onError);

  for (const element of textElements()) renderHighlighted(element, element.textContent);
  documentElement.addEventListener("input", onInput);
  documentElement.addEventListener("keydown", onKeyDown);
  documentElement.addEventListener("compositionstart", () => { composing = true; });
  documentElement.addEventListener("compositionend", (event) => {
    composing = false;
    onInput(event);
  });
  documentElement.addEventListener("focusin", (event) => {
    const element = event.target.closest(".paragraph-text");
    if (element) sync.setFocus(element.dataset.paragraphId);
  });
  documentElement.addEventListener("focusout", (event) => {
    if (!event.relatedTarget?.closest?.(".paragraph-text")) sync.setFocus(null);
  });
  sync.connect();
  window.plenary = { sync }; // for the browser tests and the curious
}

const identity = loadIdentity() ?? await askIdentity(null);
start(identity);
