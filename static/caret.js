// The caret and selection of an editable paragraph, as text offsets.
//
// A paragraph element's textContent is exactly the paragraph's text (the highlighter only wraps
// characters in spans), so a selection is saved as {start, end, backward} offsets in UTF-16 code
// units, survives any re-rendering of the spans, and is moved through a remote change by the
// change's ops: [[position, deletedLength, insertedText], ...], applied one after the other.

/** Offset of (node, offset) from the start of `root`'s text. */
function textOffset(root, node, offset) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** The selection inside `root` as {start, end, backward}, or null when it is elsewhere. */
export function saveSelection(root) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const { anchorNode, anchorOffset, focusNode, focusOffset } = selection;
  if (!root.contains(anchorNode) || !root.contains(focusNode)) return null;
  const anchor = textOffset(root, anchorNode, anchorOffset);
  const focus = textOffset(root, focusNode, focusOffset);
  return { start: Math.min(anchor, focus), end: Math.max(anchor, focus), backward: focus < anchor };
}

/** The text node and offset within it where text offset `target` lies in `root`. */
function locate(root, target) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let remaining = target;
  let last = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (remaining <= length) return { node, offset: remaining };
    remaining -= length;
    last = node;
  }
  if (last) return { node: last, offset: last.data.length };
  return { node: root, offset: 0 };
}

/** Put the selection back at the saved offsets (clamped to the current text). */
export function restoreSelection(root, saved) {
  if (!saved) return;
  const length = root.textContent.length;
  const start = locate(root, Math.min(saved.start, length));
  const end = locate(root, Math.min(saved.end, length));
  const selection = window.getSelection();
  if (saved.backward) {
    selection.setBaseAndExtent(end.node, end.offset, start.node, start.offset);
  } else {
    selection.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
  }
}

/**
 * Move one offset through ops. An insertion exactly at the offset leaves the offset before it,
 * so a remote delegation typing at the same place never pushes the local caret; an offset inside
 * a deleted range moves to where the range was.
 */
export function shiftOffset(offset, ops) {
  let result = offset;
  for (const [position, deleted, inserted] of ops) {
    if (result <= position) continue;
    if (result >= position + deleted) result += inserted.length - deleted;
    else result = position;
  }
  return result;
}

/** Shift a saved selection through ops (see shiftOffset). */
export function shiftSelection(saved, ops) {
  if (!saved) return saved;
  const start = shiftOffset(saved.start, ops);
  const end = saved.end === saved.start ? start : Math.max(start, shiftOffset(saved.end, ops));
  return { start, end, backward: saved.backward };
}

/** The single op turning `before` into `after` (common prefix and suffix kept). */
export function diffOps(before, after) {
  if (before === after) return [];
  let prefix = 0;
  const limit = Math.min(before.length, after.length);
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix
         && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++;
  }
  return [[prefix, before.length - prefix - suffix, after.slice(prefix, after.length - suffix)]];
}
