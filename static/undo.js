// Undo and redo of the local user's own edits in one paragraph, safe while other delegations
// edit the same paragraph. No DOM code: the editor (static/editor.js) feeds it the paragraph's
// changes and applies what undo() / redo() return as an ordinary local edit, which then syncs
// to everyone like typing.
//
// Model. The paragraph's text is kept as a sequence of pieces:
//   text pieces   {text, owner, redo}  owner: the undo step that typed the text (0: someone
//                                      else's words, the original text, or a forgotten step);
//                                      redo: the redo item that must remove it again (0: none)
//   markers       {item, slice}        zero-width: where step (or redo item) `item` removed
//                                      `slice` (pieces, with their owners and nested markers)
// A local change [position, deleted, inserted] cuts the deleted pieces out into a marker of the
// current step and inserts a piece owned by it; a remote change (another delegation's words,
// as sync.js reports them) does the same with owner 0 and no marker. Undoing step s removes
// exactly the pieces owned by s -- never anyone else's words, even ones typed inside s's words
// meanwhile -- and puts every marker's slice of s back where the marker is now. A remote
// deletion that swallows a marker (text deleted on both sides of it) drops it: words whose
// surroundings are gone are not restored into a stranger place.
//
// Positions are UTF-16 code units, as everywhere in the editor. At a position, an insertion
// (local or remote) goes after the markers there; a deletion starts after the markers at its
// start and ends before the markers at its end.
//
// Grouping: consecutive typing is one undo step. A new step starts
//   * after a pause longer than GROUP_PAUSE_MS (1 s) since the previous change of the step,
//   * when the change is not where the previous one ended (the caret moved),
//   * when the kind changes (typing after deleting, or the other way round),
//   * at a word boundary: a non-space character typed right after a space that followed a
//     word typed in the step (" alpha beta" is two steps, " alpha " and "beta"),
//   * for anything inserting or deleting more than one character at once (a paste, a dropped
//     text, an IME composition, Ctrl+Backspace): that change is a step of its own;
// replacing a selection by one typed character starts a step that the following typing joins.
// Undo and redo end the current step. Any new local change empties the redo stack.

import { shiftOffset } from "./caret.js";

export const GROUP_PAUSE_MS = 1000;
export const HISTORY_LIMIT = 100; // undo steps kept per paragraph

const SPACE = /\s/u;

/** @typedef {[number, number, string]} Op  [position, deletedLength, insertedText] */
/** @typedef {{text: string, owner: number, redo: number}} TextPiece */
/** @typedef {{item: number, slice: Piece[]}} Marker */
/** @typedef {TextPiece | Marker} Piece */

function isMarker(piece) {
  return piece.item !== undefined;
}

function isHigh(code) { return code >= 0xd800 && code <= 0xdbff; }
function isLow(code) { return code >= 0xdc00 && code <= 0xdfff; }

/**
 * The one op turning `before` into `after`, placed so that it ends at `caret` (the caret after
 * the change) when the text allows: typing "b" after the first "b" of "abbc" is an insertion
 * at 2, not at 3 as a plain prefix/suffix diff says. Never splits a surrogate pair. null when
 * the texts are equal.
 * @param {string} before @param {string} after @param {number | null} [caret]
 * @returns {Op | null}
 */
export function editAt(before, after, caret = null) {
  if (before === after) return null;
  const limit = Math.min(before.length, after.length);
  const sameAt = (i) => before.charCodeAt(i) === after.charCodeAt(i);
  const sameFromEnd = (i) => before.charCodeAt(before.length - 1 - i)
    === after.charCodeAt(after.length - 1 - i);
  let prefix = 0;
  let suffix = 0;
  if (caret === null || caret < 0 || caret > after.length) {  // as caret.js diffOps does
    while (prefix < limit && sameAt(prefix)) prefix++;
    while (suffix < limit - prefix && sameFromEnd(suffix)) suffix++;
  } else {  // the change ends at the caret or after it
    const room = Math.min(limit, after.length - caret);
    while (suffix < room && sameFromEnd(suffix)) suffix++;
    while (prefix < limit - suffix && sameAt(prefix)) prefix++;
  }
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  return [prefix, before.length - prefix - suffix, after.slice(prefix, after.length - suffix)];
}

/**
 * Split `pieces` at [start, end): the head (up to start, with the markers at start), the middle
 * (the text in the range and the markers strictly inside it) and the tail.
 * @param {Piece[]} pieces @param {number} start @param {number} end
 */
function cut(pieces, start, end) {
  const head = [];
  const middle = [];
  const tail = [];
  let offset = 0;
  for (const piece of pieces) {
    if (isMarker(piece)) {
      if (offset <= start) head.push(piece);
      else if (offset < end) middle.push(piece);
      else tail.push(piece);
      continue;
    }
    const length = piece.text.length;
    const a = Math.min(Math.max(start - offset, 0), length);
    const b = Math.min(Math.max(end - offset, 0), length);
    if (a > 0) head.push({ ...piece, text: piece.text.slice(0, a) });
    if (b > a) middle.push({ ...piece, text: piece.text.slice(a, b) });
    if (length > b) tail.push({ ...piece, text: piece.text.slice(b) });
    offset += length;
  }
  return { head, middle, tail };
}

function joinText(pieces) {
  let text = "";
  for (const piece of pieces) if (!isMarker(piece)) text += piece.text;
  return text;
}

/** The undo history of one paragraph. */
export class ParagraphHistory {
  /** @param {string} text the paragraph's text now @param {{pauseMs?: number, limit?: number}} [options] */
  constructor(text, { pauseMs = GROUP_PAUSE_MS, limit = HISTORY_LIMIT } = {}) {
    /** @type {Piece[]} */
    this.pieces = text ? [{ text, owner: 0, redo: 0 }] : [];
    this.text = text;
    this.pauseMs = pauseMs;
    this.limit = limit;
    /** @type {number[]} steps, oldest first */
    this.undoStack = [];
    /** @type {{id: number, step: number}[]} redo items, each putting back one undone step */
    this.redoStack = [];
    this.group = null; // the step typing joins: {step, kind, end, at, last, word}
    this.lastId = 0;
  }

  get canUndo() { return this.undoStack.length > 0; }
  get canRedo() { return this.redoStack.length > 0; }

  /**
   * The user changed the text: `op` on the current text, at time `now` (ms).
   * @param {Op} op @param {number} [now]
   */
  local(op, now = Date.now()) {
    const [position, deleted, inserted] = op;
    if (position < 0 || deleted < 0 || position + deleted > this.text.length) {
      throw new RangeError(`op ${JSON.stringify(op)} outside a text of ${this.text.length}`);
    }
    if (!deleted && !inserted) return;
    const removed = this.text.slice(position, position + deleted);
    const kind = !deleted ? "insert" : !inserted ? "delete" : "replace";
    const single = [...inserted].length + [...removed].length === 1
      || (kind === "replace" && [...inserted].length === 1);  // one character typed or deleted
    const group = this.group;
    let joins = group !== null && single && now - group.at <= this.pauseMs
      && this.undoStack[this.undoStack.length - 1] === group.step;
    if (joins && kind === "insert") {
      joins = group.kind === "insert" && position === group.end
        && !(group.word && SPACE.test(group.last) && !SPACE.test(inserted));
    } else if (joins && kind === "delete") {
      joins = group.kind === "delete" && (position === group.end || position + deleted === group.end);
    } else {
      joins = false;
    }
    this.redoStack = [];
    let step = group?.step;
    if (!joins) {
      step = ++this.lastId;
      this.undoStack.push(step);
      if (this.undoStack.length > this.limit) this.undoStack.shift();
    }
    const { head, middle, tail } = cut(this.pieces, position, position + deleted);
    const pieces = [...head];
    if (middle.length) pieces.push({ item: step, slice: middle });
    if (inserted) pieces.push({ text: inserted, owner: step, redo: 0 });
    this.setPieces(pieces.concat(tail));
    const word = /\S/u.test(inserted) || (joins && group.word);
    this.group = single ? { step, kind: kind === "delete" ? "delete" : "insert",
                            end: kind === "delete" ? position : position + inserted.length,
                            at: now, last: inserted.slice(-1), word } : null;
  }

  /**
   * Someone else's change reached the paragraph: `ops` applied one after the other (as sync.js
   * reports them). `text`, when given, is the paragraph's text after them: if the history
   * disagrees, it catches up with one remote change (nothing of the user's is lost, the
   * difference just counts as someone else's).
   * @param {Op[]} ops @param {string} [text]
   */
  remote(ops, text) {
    let pieces = this.pieces;
    let length = this.text.length;
    for (const [position, deleted, inserted] of ops) {
      if (position < 0 || deleted < 0 || position + deleted > length) {
        pieces = null;
        break;
      }
      const { head, tail } = cut(pieces, position, position + deleted);
      pieces = inserted ? [...head, { text: inserted, owner: 0, redo: 0 }, ...tail] : [...head, ...tail];
      length += inserted.length - deleted;
    }
    if (pieces) {
      this.setPieces(pieces);
      if (this.group) this.group.end = shiftOffset(this.group.end, ops);
    }
    if (typeof text === "string" && text !== this.text) {
      const op = editAt(this.text, text);
      this.group = null;
      this.remote([op]);
    }
  }

  /** Catch up with the paragraph's text if it changed without the history being told. */
  follow(text) {
    if (text !== this.text) this.remote([], text);
  }

  /** End the current step: the next change starts a new one. */
  breakGroup() {
    this.group = null;
  }

  /**
   * Undo the latest step that still has something of the user's in the text.
   * @returns {{text: string, caret: number} | null} the new text and where the caret goes
   */
  undo() {
    this.group = null;
    while (this.undoStack.length) {
      const step = this.undoStack.pop();
      const id = ++this.lastId;
      const before = this.text;
      const result = this.apply({
        removes: (piece) => piece.owner === step, into: id, take: (piece) => piece,
        restores: step, restore: (piece) => ({ ...piece, redo: id }), alsoLive: [id, step],
      });
      if (result && result.text !== before) {
        this.redoStack.push({ id, step });
        return result;
      }
    }
    return null;
  }

  /**
   * Redo the latest undone step (what its undo removed comes back, what it restored goes).
   * @returns {{text: string, caret: number} | null}
   */
  redo() {
    this.group = null;
    while (this.redoStack.length) {
      const { id, step } = this.redoStack.pop();
      const before = this.text;
      const result = this.apply({
        removes: (piece) => piece.redo === id, into: step, take: (piece) => ({ ...piece, redo: 0 }),
        restores: id, restore: (piece) => piece, alsoLive: [step],
      });
      if (result && result.text !== before) {
        this.undoStack.push(step);
        return result;
      }
    }
    return null;
  }

  // -- internals -------------------------------------------------------------------------------

  /**
   * One pass over the pieces: the text pieces `removes` accepts go (through `take`) into
   * markers of `into`; the markers of `restores` are replaced by their slice (each text piece
   * through `restore`). null when nothing changed.
   */
  apply({ removes, into, take, restores, restore, alsoLive }) {
    const pieces = [];
    let offset = 0;
    let caret = null;
    let inChange = false;
    for (const piece of this.pieces) {
      if (isMarker(piece) && piece.item === restores) {
        for (const inner of piece.slice) {
          const back = isMarker(inner) ? inner : restore(inner);
          pieces.push(back);
          if (!isMarker(back)) offset += back.text.length;
        }
      } else if (!isMarker(piece) && removes(piece)) {
        pieces.push({ item: into, slice: [take(piece)] });
      } else {
        pieces.push(piece);
        if (!isMarker(piece)) {
          offset += piece.text.length;
          if (piece.text && caret !== null) inChange = false;
        }
        continue;
      }
      if (caret === null || inChange) caret = offset;
      inChange = true;
    }
    if (caret === null) return null;
    this.setPieces(pieces, alsoLive);
    return { text: this.text, caret };
  }

  /** Take `pieces` as the paragraph, merged, without what belongs to forgotten steps. */
  setPieces(pieces, alsoLive = []) {
    const live = new Set([...this.undoStack, ...alsoLive]);
    for (const { id, step } of this.redoStack) live.add(id).add(step);
    const result = [];
    for (let piece of pieces) {
      const last = result[result.length - 1];
      if (isMarker(piece)) {
        if (!live.has(piece.item) || !piece.slice.length) continue;
        if (last && isMarker(last) && last.item === piece.item) {
          result[result.length - 1] = { item: piece.item, slice: last.slice.concat(piece.slice) };
          continue;
        }
      } else {
        if (!piece.text) continue;
        const owner = live.has(piece.owner) ? piece.owner : 0;
        const redo = live.has(piece.redo) ? piece.redo : 0;
        if (owner !== piece.owner || redo !== piece.redo) piece = { text: piece.text, owner, redo };
        if (last && !isMarker(last) && last.owner === owner && last.redo === redo) {
          result[result.length - 1] = { text: last.text + piece.text, owner, redo };
          continue;
        }
      }
      result.push(piece);
    }
    this.pieces = result;
    this.text = joinText(result);
  }
}

/** The histories of a document's paragraphs, by paragraph id. */
export class UndoHistories {
  constructor(options = {}) {
    this.options = options;
    /** @type {Map<string, ParagraphHistory>} */
    this.paragraphs = new Map();
  }

  /** The history of `paragraphId`, started with `text` if there is none yet. */
  of(paragraphId, text) {
    let history = this.paragraphs.get(paragraphId);
    if (!history) {
      history = new ParagraphHistory(text, this.options);
      this.paragraphs.set(paragraphId, history);
    } else {
      history.follow(text);
    }
    return history;
  }

  get(paragraphId) {
    return this.paragraphs.get(paragraphId) ?? null;
  }

  /** Forget the paragraphs not in `ids` (deleted). */
  keepOnly(ids) {
    const keep = new Set(ids);
    for (const id of [...this.paragraphs.keys()]) if (!keep.has(id)) this.paragraphs.delete(id);
  }
}
