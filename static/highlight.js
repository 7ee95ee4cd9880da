// Bracket highlighting for the editor: a client-side reading of the bracket grammar of
// negotiation/grammar.py (the Python module is the reference; this follows its rules for pairing,
// groups, options, delegation prefixes and literal brackets), and a renderer that turns a
// paragraph's text into nested spans WITHOUT adding or removing a single character, so that
// caret offsets in the text are offsets in the element's textContent.
//
// Representation, for "requires [shared / co-responsibility] and [SPAIN: the [new] text]":
//
//   [{type: "text", start: 0, end: 9},
//    {type: "group", start: 9, end: 38, depth: 1, kind: "alternatives", delegation: null,
//     cells: [{open: 9, close: 37, prefix: null,
//              options: [{start: 10, end: 16, nodes: [...]}, {start: 19, end: 37, nodes: [...]}],
//              separators: [{start: 16, end: 19}]}]},
//    {type: "text", start: 38, end: 43},
//    {type: "group", ..., delegation: "SPAIN", kind: "proposal",
//     cells: [{..., prefix: {start: 44, end: 51}, ...}]}]
//
// Offsets are UTF-16 code units (JavaScript string indexes).

import { emphasisRuns } from "./emphasis.js";

const OPTION_SEPARATOR = /[ \t]+\/[ \t]+/y;
const PREFIX = /([A-ZÀ-Ý][A-ZÀ-Ý.'’()\- ]*[A-ZÀ-Ý.)]):[ \t]+/y;
const CITATION = /^[A-Z][A-Za-z]*(?:-[A-Z]+)?\/[A-Za-z. ]*\d[\w./\-() ]*$/;
const EDITORIAL = /^(?:[a-zà-ÿ]{1,3}|[A-ZÀ-Ý])$/;
const PLACEHOLDER = /^\W*placeholder\b/i;
const ARTEFACT = /^(image|figure|picture|graphic|table|inline|object)\s*:/i;
const MARKUP = /[*_`]/g;
const LETTER = /\p{L}/u;

/** Pairs of "[" and "]" by nesting: open offset -> close offset, and the unmatched offsets. */
function pairBrackets(text) {
  const pairs = new Map();
  const stack = [];
  const unmatched = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[") stack.push(i);
    else if (c === "]") {
      if (stack.length) pairs.set(stack.pop(), i);
      else unmatched.push(i);
    }
  }
  unmatched.push(...stack);
  return { pairs, unmatched: new Set(unmatched) };
}

function nextBracket(text, from, end) {
  for (let i = from; i < end; i++) if (text[i] === "[" || text[i] === "]") return i;
  return -1;
}

function looksLikeUrlTarget(text, paren, end) {
  const close = text.indexOf(")", paren);
  if (close < 0 || close >= end) return false;
  const target = text.slice(paren + 1, close);
  return target.length > 0 && !target.trim().includes(" ")
    && (target.includes("/") || target.includes(".") || target.startsWith("#"));
}

class Reader {
  constructor(text) {
    this.text = text;
    const { pairs, unmatched } = pairBrackets(text);
    this.pairs = pairs;
    this.unmatched = unmatched;
  }

  /** Nodes for text[start:end], which holds only whole pairs and unmatched brackets. */
  sequence(start, end, depth) {
    const nodes = [];
    const text = this.text;
    let position = start;
    let cursor = start;
    const pushText = (from, to) => {
      if (to > from) nodes.push({ type: "text", start: from, end: to });
    };
    for (;;) {
      const found = nextBracket(text, cursor, end);
      if (found < 0) break;
      if (this.unmatched.has(found)) {
        pushText(position, found);
        nodes.push({ type: "literal", reason: "unmatched", start: found, end: found + 1 });
        position = cursor = found + 1;
        continue;
      }
      const close = this.pairs.get(found);
      if (close === undefined || close >= end) {
        cursor = found + 1;
        continue;
      }
      const [reason, literalEnd] = this.literalReason(found, close, end);
      pushText(position, found);
      if (reason) {
        nodes.push({ type: "literal", reason, start: found, end: literalEnd });
        position = cursor = literalEnd;
        continue;
      }
      const cells = [this.cell(found, close, depth)];
      let groupEnd = close + 1;
      while (groupEnd < end && text[groupEnd] === "[" && this.pairs.has(groupEnd)
             && this.pairs.get(groupEnd) < end
             && !this.literalReason(groupEnd, this.pairs.get(groupEnd), end)[0]) {
        cells.push(this.cell(groupEnd, this.pairs.get(groupEnd), depth));
        groupEnd = this.pairs.get(groupEnd) + 1;
      }
      nodes.push(this.group(cells, found, groupEnd, depth));
      position = cursor = groupEnd;
    }
    pushText(position, end);
    return nodes;
  }

  group(cells, start, end, depth) {
    const prefixed = cells.find((cell) => cell.prefix);
    const delegation = prefixed ? prefixed.prefix.name : null;
    const options = cells.flatMap((cell) => cell.options);
    let kind = "passage";
    if (delegation !== null) kind = "proposal";
    else if (options.length > 1) kind = "alternatives";
    else {
      const bare = this.text.slice(options[0].start, options[0].end).replace(MARKUP, "").trim();
      if (!bare || PLACEHOLDER.test(bare)) kind = "placeholder";
    }
    return { type: "group", start, end, depth, kind, delegation, cells };
  }

  literalReason(open, close, end) {
    const text = this.text;
    const content = text.slice(open + 1, close);
    const after = close + 1 < end ? text[close + 1] : "";
    const before = open > 0 ? text[open - 1] : "";
    if (content.startsWith("^")) return ["footnote", close + 1];
    if (after === "(" && looksLikeUrlTarget(text, close + 1, end)) {
      const paren = text.indexOf(")", close + 1);
      return ["link", paren + 1];
    }
    if (ARTEFACT.test(content)) return ["artefact", close + 1];
    if (CITATION.test(content.trim())) return ["citation", close + 1];
    // "[w]ill", "[T]he": a letter changed at the start of a word. Letters glued to a word's END
    // ("communication[s]", "modalit[y][ies]") are a negotiated ending, highlighted.
    if (EDITORIAL.test(content) && LETTER.test(after) && !LETTER.test(before)) {
      return ["editorial", close + 1];
    }
    return [null, close + 1];
  }

  cell(open, close, depth) {
    let innerStart = open + 1;
    let prefix = null;
    PREFIX.lastIndex = innerStart;
    const match = PREFIX.exec(this.text);
    if (match && match.index === innerStart && PREFIX.lastIndex <= close) {
      prefix = { start: innerStart, end: innerStart + match[1].length + 1, name: match[1] };
      innerStart = PREFIX.lastIndex;
    }
    const separators = this.separators(innerStart, close);
    const options = [];
    let position = innerStart;
    for (const sep of separators) {
      options.push({ start: position, end: sep.start, nodes: this.sequence(position, sep.start, depth + 1) });
      position = sep.end;
    }
    options.push({ start: position, end: close, nodes: this.sequence(position, close, depth + 1) });
    return { open, close, prefix, prefixEnd: innerStart, options, separators };
  }

  /** " / " separators at this cell's own level (not inside nested pairs). */
  separators(start, end) {
    const found = [];
    const text = this.text;
    let position = start;
    while (position < end) {
      const slash = text.indexOf("/", position);
      if (slash < 0 || slash >= end) break;
      const nested = nextBracket(text, position, slash);
      if (nested >= 0 && this.pairs.has(nested) && this.pairs.get(nested) < end) {
        position = this.pairs.get(nested) + 1;
        continue;
      }
      if (nested >= 0) {
        position = nested + 1;
        continue;
      }
      let spaceStart = slash;
      while (spaceStart > position && (text[spaceStart - 1] === " " || text[spaceStart - 1] === "\t")) spaceStart--;
      OPTION_SEPARATOR.lastIndex = spaceStart;
      const match = OPTION_SEPARATOR.exec(text);
      const matchEnd = match ? Math.min(OPTION_SEPARATOR.lastIndex, end) : -1;
      if (match && match.index === spaceStart && matchEnd > slash + 1 && spaceStart < slash) {
        found.push({ start: spaceStart, end: matchEnd });
        position = matchEnd;
      } else {
        position = slash + 1;
      }
    }
    return found;
  }
}

/** The bracket structure of one paragraph's text (see the representation above). */
export function parseBrackets(text) {
  return new Reader(text).sequence(0, text.length, 1);
}

/** Every negotiation bracket, flattened: {start, end, depth, kind, delegation, options}. */
export function openBrackets(text) {
  const out = [];
  const walk = (nodes) => {
    for (const node of nodes) {
      if (node.type !== "group") continue;
      const options = node.cells.flatMap((cell) => cell.options);
      out.push({ start: node.start, end: node.end, depth: node.depth, kind: node.kind,
                 delegation: node.delegation,
                 options: options.map((o) => text.slice(o.start, o.end)) });
      for (const option of options) walk(option.nodes);
    }
  };
  walk(parseBrackets(text));
  return out;
}

function span(className, text, attributes = {}) {
  const element = document.createElement("span");
  element.className = className;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Plain words, with Markdown emphasis shown as formatting (static/emphasis.js). */
function renderWords(words, parent) {
  for (const run of emphasisRuns(words)) {
    const part = words.slice(run.start, run.end);
    if (!run.style) parent.append(part);
    else parent.append(span(run.mark ? `md-mark md-${run.style}` : `md-${run.style}`, part));
  }
}

function renderNodes(text, nodes, parent) {
  for (const node of nodes) {
    if (node.type === "text") {
      renderWords(text.slice(node.start, node.end), parent);
    } else if (node.type === "literal") {
      parent.append(span(`br-literal br-literal-${node.reason}`, text.slice(node.start, node.end),
                         node.reason === "unmatched"
                           ? { title: "This bracket has no partner; it is kept as written" } : {}));
    } else {
      parent.append(renderGroup(text, node));
    }
  }
}

function renderGroup(text, group) {
  const depthClass = `br-d${Math.min(group.depth, 4)}`;
  const attributes = { "data-depth": String(group.depth), "data-kind": group.kind };
  if (group.delegation) attributes["data-delegation"] = group.delegation;
  const element = span(`br ${depthClass} br-${group.kind}`, undefined, attributes);
  group.cells.forEach((cell, index) => {
    element.append(span("br-mark br-open", "["));
    if (cell.prefix) {
      element.append(span("br-delegation", text.slice(cell.prefix.start, cell.prefix.end),
                          { title: `Proposal of ${cell.prefix.name}` }));
      if (cell.prefix.end < cell.prefixEnd) element.append(text.slice(cell.prefix.end, cell.prefixEnd));
    }
    cell.options.forEach((option, i) => {
      if (i > 0) {
        const sep = cell.separators[i - 1];
        element.append(span("br-sep", text.slice(sep.start, sep.end)));
      }
      const optionElement = span("br-option", undefined,
                                 cell.options.length > 1 || group.cells.length > 1
                                   ? { "data-option": String(i + 1) } : {});
      renderNodes(text, option.nodes, optionElement);
      element.append(optionElement);
    });
    element.append(span("br-mark br-close", "]"));
  });
  return element;
}

/** Replace `element`'s children with the highlighted spans of `text` (same characters). */
export function renderHighlighted(element, text) {
  const fragment = document.createDocumentFragment();
  renderNodes(text, parseBrackets(text), fragment);
  element.replaceChildren(fragment);
}
