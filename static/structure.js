// A document's paragraph order, changed by one `structure` message (docs/protocol.md).
//
// The order is the welcome's list of paragraph descriptions, depth first in document order:
//   [{id, section, kind, label, parent, status}, ...]
// (a delegation's proposal, kind "proposal", also has its `delegation`).
// A structure message carries only the change: its `op` (insert, delete, move), the paragraph
// `p`, `after` (the sibling it now follows, or null), the paragraph's description and the
// descriptions of the others that changed with it (`changed`); a change made outside the room
// comes with the whole `order` instead. applyStructure() returns the order after that change,
// the same order the server holds. No DOM code: sync.js uses it, and
// tests run it under Node.

export const SECTION_ORDER = ["preamble", "operative", "articles"];

const DESCRIPTION = ["id", "section", "kind", "label", "parent", "status"];

function describe(paragraph) {
  const meta = {};
  for (const key of DESCRIPTION) meta[key] = paragraph[key] ?? null;
  if (paragraph.delegation != null) meta.delegation = paragraph.delegation;
  return meta;
}

// The end (exclusive) of the block of `order[index]` and its sub-paragraphs.
function blockEnd(order, index) {
  const inside = new Set([order[index].id]);
  let end = index + 1;
  while (end < order.length && inside.has(order[end].parent)) {
    inside.add(order[end].id);
    end++;
  }
  return end;
}

function indexOf(order, id) {
  return order.findIndex((meta) => meta.id === id);
}

// Where a paragraph goes that is first among the top-level paragraphs of `section`.
function sectionStart(order, section) {
  const rank = SECTION_ORDER.indexOf(section);
  const index = order.findIndex((meta) => SECTION_ORDER.indexOf(meta.section) >= rank);
  return index < 0 ? order.length : index;
}

// Where a block goes: after `after`'s block, else first among its siblings (under `parent`,
// or at the top of `section`).
function place(order, after, parent, section) {
  if (after != null) {
    const index = indexOf(order, after);
    if (index < 0) throw new Error(`structure: no paragraph ${after} to follow`);
    return blockEnd(order, index);
  }
  if (parent != null) {
    const index = indexOf(order, parent);
    if (index < 0) throw new Error(`structure: no parent paragraph ${parent}`);
    return index + 1;
  }
  return sectionStart(order, section);
}

/**
 * The order after `message` (a structure message); `order` is left as it is. Throws when the
 * message does not fit the order (then the client should ask for a fresh welcome).
 */
export function applyStructure(order, message) {
  // a change made outside the room (`by` null) comes with the whole order: taken as it is
  if (Array.isArray(message.order)) return applyChanged(message.order.map(describe), message.changed);
  let next = order.slice();
  const index = indexOf(next, message.p);
  if (message.op === "insert") {
    if (index >= 0) return applyChanged(next, message.changed);
    const meta = describe(message.paragraph);
    next.splice(place(next, message.after, meta.parent, meta.section), 0, meta);
  } else if (message.op === "delete") {
    if (index < 0) return applyChanged(next, message.changed);
    next.splice(index, blockEnd(next, index) - index);
  } else if (message.op === "move") {
    if (index < 0) throw new Error(`structure: no paragraph ${message.p} to move`);
    const block = next.splice(index, blockEnd(next, index) - index);
    block[0] = describe(message.paragraph);
    next.splice(place(next, message.after, block[0].parent, block[0].section), 0, ...block);
  }
  return applyChanged(next, message.changed);
}

function applyChanged(order, changed) {
  if (!Array.isArray(changed) || !changed.length) return order;
  const byId = new Map(changed.map((meta) => [meta.id, describe(meta)]));
  return order.map((meta) => byId.get(meta.id) ?? meta);
}
