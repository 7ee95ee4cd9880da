// The paragraph elements of the editor page, kept in the order the server gives.
//
// The server sends the document's structure as an order of paragraph descriptions, e.g.
//   [{id: "p1", section: "preamble", kind: "preambular", label: null, parent: null, status: "open"},
//    {id: "p7", section: "operative", kind: "operative", label: "1", parent: null, ...},
//    {id: "p8", section: "operative", kind: "subparagraph", label: "a", parent: "p7", ...}]
// (in the welcome's `paragraphs` and every structure message's `order`). The page was rendered
// by server/templates/_paragraph.html; a paragraph inserted later is built here with the same
// markup, and reconcile() moves, adds and removes elements so that the page matches the order.

const SECTION_ORDER = ["preamble", "operative", "articles"];
// The structural commands of server/templates/_paragraph_actions.html: [action, symbol, title].
const ACTIONS = [
  ["insert", "+", "Insert a new paragraph after this one (Ctrl+Enter)"],
  ["up", "↑", "Move this paragraph up"],
  ["down", "↓", "Move this paragraph down"],
  ["delete", "×", "Delete this paragraph (its history is kept)"],
];

function element(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function labelText(meta) {
  if (meta.kind === "proposal") return `${meta.delegation} proposes`;
  if (!meta.label) return "";
  return meta.kind === "option" ? meta.label : `${meta.label}.`;
}

/** What a screen reader calls a paragraph's text box. */
function textLabel(meta) {
  if (meta.kind === "proposal") return `${meta.delegation}'s proposal`;
  return `${meta.kind} paragraph${meta.label ? ` ${meta.label}` : ""}`;
}

/** A paragraph element like the server renders it (its text is set by the caller). A
 * delegation's proposal (kind "proposal") is labelled with its delegation and has no
 * structural commands: it is tabled, withdrawn and adopted by bracket actions. */
export function createParagraph(meta, documentId) {
  const paragraph = element("div", `paragraph kind-${meta.kind} status-${(meta.status || "open").replaceAll(" ", "-")}`,
                            { id: `p-${meta.id}`, "data-paragraph-id": meta.id });
  if (meta.kind === "proposal") paragraph.dataset.delegation = meta.delegation;
  const row = element("div", "paragraph-row");
  const label = element("span", meta.kind === "proposal" ? "label delegation-tag" : "label");
  label.textContent = labelText(meta);
  const text = element("div", "paragraph-text", {
    contenteditable: "plaintext-only", spellcheck: "true", role: "textbox",
    "aria-multiline": "true", "aria-label": textLabel(meta),
    "data-paragraph-id": meta.id,
  });
  const side = element("div", "paragraph-side");
  const presence = element("span", "presence", { "aria-live": "polite" });
  const history = element("a", "history-link", {
    href: `/documents/${encodeURIComponent(documentId)}/paragraphs/${encodeURIComponent(meta.id)}/history`,
    title: "History of this paragraph",
  });
  history.textContent = "history";
  const path = element("a", "path-link", {
    href: `/documents/${encodeURIComponent(documentId)}/paragraphs/${encodeURIComponent(meta.id)}/path`,
    title: "Path of this paragraph from draft to adopted text",
  });
  path.textContent = "path";
  const actions = element("span", "paragraph-actions");
  if (meta.kind === "proposal") {
    actions.append(history);
  } else {
    actions.append(history, path, ...ACTIONS.map(([action, symbol, title]) => {
      const button = element("button", "paragraph-action",
                             { type: "button", "data-action": action, title, "aria-label": title });
      button.textContent = symbol;
      return button;
    }));
  }
  side.append(presence, actions);
  row.append(label, text, side);
  paragraph.append(row);
  return paragraph;
}

function sectionElement(root, section) {
  let node = root.querySelector(`:scope > section[data-section="${section}"]`);
  if (node) return node;
  node = element("section", `section section-${section}`, { "data-section": section });
  if (section === "operative") {
    const heading = element("h2", "section-heading");
    heading.textContent = "RESOLVES:";
    node.append(heading);
  }
  const later = SECTION_ORDER.slice(SECTION_ORDER.indexOf(section) + 1)
    .map((name) => root.querySelector(`:scope > section[data-section="${name}"]`))
    .find(Boolean);
  const footer = root.querySelector(":scope > footer");
  root.insertBefore(node, later || footer || null);
  return node;
}

function childrenElement(parent) {
  let node = parent.querySelector(":scope > .children");
  if (!node) {
    node = element("div", "children");
    parent.append(node);
  }
  return node;
}

function previousParagraph(node) {
  let sibling = node.previousElementSibling;
  while (sibling && !sibling.classList.contains("paragraph")) sibling = sibling.previousElementSibling;
  return sibling;
}

/**
 * Make the page's paragraphs match `order`: create the missing ones (with `textOf(id)` as their
 * text), move the misplaced ones, remove the ones no longer there. Returns the created elements.
 */
export function reconcile(root, order, documentId, textOf, render) {
  const byId = new Map();
  for (const node of root.querySelectorAll(".paragraph[data-paragraph-id]")) {
    byId.set(node.dataset.paragraphId, node);
  }
  const wanted = new Set(order.map((meta) => meta.id));
  for (const [id, node] of byId) {
    if (!wanted.has(id)) {
      node.remove();
      byId.delete(id);
    }
  }
  const created = [];
  const lastIn = new Map();
  for (const meta of order) {
    let node = byId.get(meta.id);
    if (!node) {
      node = createParagraph(meta, documentId);
      render(node.querySelector(".paragraph-text"), textOf(meta.id) ?? "");
      byId.set(meta.id, node);
      created.push(node);
    } else {
      const label = node.querySelector(":scope > .paragraph-row > .label");
      if (label && label.textContent !== labelText(meta)) label.textContent = labelText(meta);
    }
    const parent = meta.parent ? byId.get(meta.parent) : null;
    const container = parent ? childrenElement(parent) : sectionElement(root, meta.section);
    const previous = lastIn.get(container) || null;
    const inPlace = node.parentElement === container && previousParagraph(node) === previous;
    if (!inPlace) {
      if (previous) {
        previous.after(node);
      } else {
        const first = [...container.children].find((child) => child.classList.contains("paragraph"));
        container.insertBefore(node, first || null);
      }
    }
    lastIn.set(container, node);
  }
  return created;
}
