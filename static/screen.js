// The big screen: the paragraph the chair selects, large, with its brackets and who holds
// them; the paragraphs before and after it dimmed. Follows the room live.

import { MESSAGE, applyOp, deltaToOp } from "./sync.js";
import { renderHighlighted } from "./highlight.js";
import { listen } from "./listen.js";
import { applyStructure } from "./structure.js";

const root = document.getElementById("screen");
const documentId = root.dataset.documentId;
const where = document.getElementById("screen-where");
const parts = {
  previous: document.getElementById("screen-previous"),
  current: document.getElementById("screen-current"),
  next: document.getElementById("screen-next"),
};
const texts = new Map();
let order = [];
let selected = null;

function label(meta) {
  return meta && meta.label ? `${meta.label}. ` : "";
}

function fill(element, id, holders) {
  element.replaceChildren();
  const meta = order.find((m) => m.id === id);
  if (!meta) return;
  const text = document.createElement("p");
  text.className = "screen-text";
  const number = document.createElement("span");
  number.className = "screen-label";
  number.textContent = label(meta);
  const words = document.createElement("span");
  renderHighlighted(words, texts.get(id) || "");
  text.append(number, words);
  element.append(text);
  if (holders) {
    const list = document.createElement("ul");
    list.className = "screen-holders";
    for (const bracket of holders) {
      const item = document.createElement("li");
      const who = bracket.holders.length ? `held by ${bracket.holders.join(", ")}` : "awaiting the chair";
      item.textContent = `${bracket.written.length > 80 ? bracket.written.slice(0, 79) + "…" : bracket.written} — ${who}`;
      list.append(item);
    }
    element.append(list);
  }
}

function show() {
  if (!selected) return;
  // the neighbours are paragraphs, not the delegations' proposals under them (the current
  // paragraph lists its proposals with its brackets)
  const paragraphs = order.filter((m) => m.kind !== "proposal");
  const index = paragraphs.findIndex((m) => m.id === selected.p);
  where.textContent = `The chair is on ${selected.reference}`;
  fill(parts.previous, index > 0 ? paragraphs[index - 1].id : null);
  fill(parts.current, selected.p, selected.brackets || []);
  fill(parts.next, index >= 0 && index + 1 < paragraphs.length ? paragraphs[index + 1].id : null);
}

listen(documentId, "Big screen", (frame) => {
  if (frame.type === MESSAGE.welcome) {
    root.dataset.state = "online";
    order = frame.paragraphs;
    for (const p of frame.paragraphs) texts.set(p.id, p.text);
    if (frame.selected) selected = frame.selected;
    show();
  } else if (frame.type === MESSAGE.selected) {
    selected = frame;
    show();
  } else if (frame.type === MESSAGE.patch) {
    for (const patch of frame.patches) {
      const before = texts.get(patch.p) || "";
      try { texts.set(patch.p, applyOp(before, deltaToOp(before, patch.delta))); } catch { /* resync on the next welcome */ }
    }
    show();
  } else if (frame.type === MESSAGE.bracket_event) {
    texts.set(frame.p, frame.text);
    if (selected && selected.p === frame.p) selected = { ...selected, brackets: frame.brackets };
    show();
  } else if (frame.type === MESSAGE.structure) {
    try { // a room's own change carries only the change; an outside one the whole order
      order = applyStructure(order, frame);
    } catch { /* resync on the next welcome */ }
    if (frame.paragraph) texts.set(frame.paragraph.id, frame.paragraph.text);
    show();
  }
});
