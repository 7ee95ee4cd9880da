// Bracket actions in the editor, in the delegate's own delegation's name (or, for a delegate the
// secretariat named to speak for negotiating groups, in the name of the group chosen in "In the
// name of", shown only then): bracket the selected words (with alternatives), table an
// alternative wording of the paragraph, join or withdraw a hold on a bracket of the paragraph
// being edited; follow the chair's selection; show status
// changes and lock agreed paragraphs. Speaks the chair's messages (docs/protocol.md) over the
// editor's own connection (window.plenary.sync).

import { MESSAGE } from "./sync.js";
import { saveSelection } from "./caret.js";

const root = document.getElementById("document");
const documentId = root.dataset.documentId;
const LOCKED = new Set(["agreed", "adopted"]);
let current = null; // the paragraph id being edited
let following = false;

function codePoints(text, utf16Offset) {
  return [...text.slice(0, utf16Offset)].length;
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function bar() {
  const panel = element("aside", "bracket-bar");
  panel.setAttribute("aria-label", "Bracket actions");
  const where = element("p", "bracket-bar-chair", "");
  where.id = "chair-is-on";
  where.setAttribute("role", "status");
  const follow = element("label", "follow-chair");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = "follow-chair";
  follow.append(box, " Follow the chair");
  box.addEventListener("change", () => { following = box.checked; });
  const alternatives = element("label", "alternatives");
  const input = document.createElement("input");
  input.type = "text";
  input.id = "bracket-alternatives";
  alternatives.append("Alternatives (separate with /) ", input);
  const behalf = element("label", "in-name-of");
  behalf.hidden = true; // until the welcome says the seat speaks for a group
  const name = document.createElement("select");
  name.id = "in-name-of";
  behalf.append("In the name of ", name);
  const raise = element("button", "bracket-raise", "Bracket the selection");
  raise.type = "button";
  const table = element("button", "bracket-table", "Table an alternative wording");
  table.type = "button";
  const list = element("ul", "bracket-list");
  list.id = "bracket-list";
  panel.append(where, follow, behalf, alternatives, raise, table, list);
  root.prepend(panel);
  raise.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  raise.addEventListener("click", () => raiseSelection(input));
  table.addEventListener("click", tableAlternative);
  return { where, list, behalf, name };
}

const ui = bar();

/** The welcome's seat: a delegate who also speaks for groups chooses, for each action, whose
 * name it is taken in (their own delegation, the default, or one of the groups). */
function offerNames(you) {
  const groups = you?.speaksFor ?? [];
  const own = element("option", "", `${you?.delegation ?? "My delegation"} (my delegation)`);
  own.value = "";
  ui.name.replaceChildren(own, ...groups.map((group) => {
    const option = element("option", "", group);
    option.value = group;
    return option;
  }));
  ui.behalf.hidden = groups.length === 0;
}

function send(message) {
  const sync = window.plenary?.sync;
  if (!sync) return;
  const named = ui.behalf.hidden ? "" : ui.name.value;
  sync.sendRaw({ ...message, ...(named ? { delegation: named } : {}), role: "delegate",
                 ref: `bracket:${Date.now()}` });
}

function raiseSelection(input) {
  const box = document.activeElement?.closest?.(".paragraph-text");
  if (!box) return;
  const selection = saveSelection(box);
  if (!selection || selection.start === selection.end) return;
  const text = box.textContent;
  const alternatives = input.value.split("/").map((a) => a.trim()).filter(Boolean);
  send({ type: MESSAGE.bracket, p: box.dataset.paragraphId, action: "raise",
         start: codePoints(text, selection.start), end: codePoints(text, selection.end),
         alternatives });
  input.value = "";
}

function tableAlternative() {
  if (!current) return;
  const named = ui.behalf.hidden ? "" : ui.name.value;
  const wording = window.prompt(`Alternative wording of this paragraph, in the name of ${
    named || "your delegation"}`);
  if (wording) send({ type: MESSAGE.bracket, p: current, action: "table", wording });
}

async function showBrackets(paragraphId) {
  current = paragraphId;
  let data;
  try { // offline: the list stays as it was
    const response = await fetch(`/api/documents/${encodeURIComponent(documentId)}/console`);
    data = await response.json();
  } catch {
    return;
  }
  const paragraph = data.paragraphs.find((p) => p.p === paragraphId);
  ui.list.replaceChildren();
  if (!paragraph) return;
  for (const items of Object.values(paragraph.delegations)) {
    for (const item of items) {
      const row = element("li", "bracket-row", `${item.written.slice(0, 60)} — ${
        item.holders.length ? `held by ${item.holders.join(", ")}` : "awaiting the chair"}`);
      for (const action of ["join", "withdraw"]) {
        const button = element("button", `bracket-${action}`, action === "join" ? "Join" : "Withdraw");
        button.type = "button";
        button.addEventListener("click", () => send({
          type: MESSAGE.bracket, p: paragraphId, action, bracket: item.written, start: item.start }));
        row.append(" ", button);
      }
      ui.list.append(row);
    }
  }
}

/** The paragraph a text box's bracket actions act on: its own, or, in a delegation's proposal,
 * the paragraph the proposal answers (whose brackets and proposals it lists). */
function actedOn(box) {
  const proposal = box.closest(".kind-proposal");
  if (!proposal) return box.dataset.paragraphId;
  return proposal.parentElement.closest(".paragraph")?.dataset.paragraphId ?? null;
}

root.addEventListener("focusin", (event) => {
  const box = event.target.closest?.(".paragraph-text");
  const paragraphId = box ? actedOn(box) : null;
  if (paragraphId && paragraphId !== current) showBrackets(paragraphId);
});

function setStatus(paragraphId, status) {
  const paragraph = root.querySelector(`.paragraph[data-paragraph-id="${CSS.escape(paragraphId)}"]`);
  if (!paragraph) return;
  const name = `status-${status.replaceAll(" ", "-")}`;
  if (paragraph.classList.contains(name)) return; // as the page shows it already
  for (const old of [...paragraph.classList]) if (old.startsWith("status-")) paragraph.classList.remove(old);
  paragraph.classList.add(name);
  const box = paragraph.querySelector(":scope > .paragraph-row > .paragraph-text");
  if (!box) return;
  if (LOCKED.has(status)) {
    box.setAttribute("contenteditable", "false");
    box.title = `This paragraph is ${status}: only the chair may change it`;
  } else if (box.getAttribute("contenteditable") === "false") {
    box.setAttribute("contenteditable", "plaintext-only");
    box.removeAttribute("title");
  }
}

/** The paragraph's attribution note as the server derives it from the holders of its
 * brackets (a bracket_event's `note`; null: none). */
function setNote(paragraphId, note) {
  const paragraph = root.querySelector(`.paragraph[data-paragraph-id="${CSS.escape(paragraphId)}"]`);
  if (!paragraph) return;
  let notes = paragraph.querySelector(":scope > .paragraph-notes");
  let span = notes?.querySelector(".attribution");
  if (!note) {
    span?.remove();
    if (notes && !notes.textContent.trim()) notes.remove();
    return;
  }
  if (!notes) {
    notes = element("p", "paragraph-notes");
    paragraph.querySelector(":scope > .paragraph-row").after(notes);
  }
  if (!span) {
    span = element("span", "attribution");
    notes.append(span);
  }
  span.textContent = note;
}

function onFrame(frame) {
  if (frame.type === MESSAGE.selected) {
    ui.where.textContent = `The chair is on ${frame.reference}`;
    if (following) {
      root.querySelector(`.paragraph[data-paragraph-id="${CSS.escape(frame.p)}"]`)
        ?.scrollIntoView({ block: "center" });
    }
  } else if (frame.type === MESSAGE.welcome) {
    offerNames(frame.you);
    if (frame.selected) ui.where.textContent = `The chair is on ${frame.selected.reference}`;
    for (const p of frame.paragraphs) if (p.status) setStatus(p.id, p.status);
  } else if (frame.type === MESSAGE.status_event && frame.p) {
    setStatus(frame.p, frame.new);
  } else if (frame.type === MESSAGE.bracket_event) {
    if ("note" in frame) setNote(frame.p, frame.note);
    if (frame.p === current) showBrackets(current);
  }
}

function attach() {
  const sync = window.plenary?.sync;
  if (!sync) { setTimeout(attach, 50); return; }
  sync.on("frame", onFrame);
}
attach();
