// The documents page's live channel (/ws/documents; server/documents_feed.py says what it
// sends): how many are connected to each document, over every server process, where each
// document stands (the chair's console figures: open brackets, proposals, paragraphs agreed,
// adopted), and the row of a document that gets a revision, is imported or adopted,
// whichever process or command stored it. Every word from the server is put in the page as
// text (textContent), never as HTML. The summary of the counts and figures is a polite live
// region written at most every QUIET_MS; the per-row counts and figures change silently; each
// revision, import or adoption is added to a list that is a polite log.

const QUIET_MS = 5000;
const KEEP_CHANGES = 20;
const WHAT = {
  revision: "a revision was issued",
  import: "a new document was imported",
  adoption: "it was adopted",
};

const table = document.querySelector("table.documents");
const rows = document.getElementById("documents-rows");
const summary = document.getElementById("live-counts");
const changes = document.getElementById("live-changes");
const stateLine = document.getElementById("live-state");
let counts = {};
let progress = {}; // document id -> its figures
let summarised = Date.now(); // the page came with a current summary
let summaryTimer = null;
let wait = 1000;

function showState(state, text) {
  stateLine.dataset.state = state;
  stateLine.textContent = text;
}

function rowOf(documentId) {
  return Array.from(rows.rows).find((row) => row.dataset.documentId === documentId) || null;
}

function titleOf(doc) {
  return doc.title || doc.symbol || `Untitled draft ${doc.id}`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function progressWords(f) {
  if (f.adopted) return "Adopted";
  const agreed = `${f.agreed} of ${plural(f.paragraphs, "paragraph")} agreed`;
  const referendum = f.adReferendum ? `, ${f.adReferendum} ad referendum` : "";
  return `${plural(f.openBrackets, "open bracket")}, ${plural(f.proposals, "proposal")}; ` +
    `${agreed}${referendum}`;
}

function progressSummary() {
  const known = Object.entries(progress).filter(([id]) => rowOf(id));
  if (!known.length) return "";
  const open = known.filter(([, f]) => !f.adopted).map(([, f]) => f);
  const brackets = open.reduce((sum, f) => sum + f.openBrackets, 0);
  const proposals = open.reduce((sum, f) => sum + f.proposals, 0);
  const adopted = known.length - open.length;
  return ` ${plural(brackets, "open bracket")} and ${plural(proposals, "proposal")}` +
    ` in ${plural(open.length, "document")} not adopted; ${adopted} adopted.`;
}

function summarise() {
  const values = Object.values(counts);
  const total = values.reduce((sum, n) => sum + n, 0);
  const text = (total
    ? `${total} connected to ${values.filter((n) => n > 0).length} of these documents.`
    : "Nobody is connected to these documents.") + progressSummary();
  if (summary.textContent !== text) summary.textContent = text;
  summarised = Date.now();
}

function summariseSoon() {
  if (summaryTimer !== null) return;
  summaryTimer = setTimeout(() => {
    summaryTimer = null;
    summarise();
  }, Math.max(0, summarised + QUIET_MS - Date.now()));
}

function onCounts(documents) {
  counts = documents;
  for (const [documentId, n] of Object.entries(documents)) {
    const cell = rowOf(documentId)?.querySelector(".connected");
    if (cell && cell.textContent !== `${n} connected`) cell.textContent = `${n} connected`;
  }
  summariseSoon();
}

function onProgress(documents) {
  for (const [documentId, figures] of Object.entries(documents)) {
    if (!figures) continue;
    progress[documentId] = figures;
    const cell = rowOf(documentId)?.querySelector(".progress");
    const text = progressWords(figures);
    if (cell && cell.textContent !== text) cell.textContent = text;
  }
  summariseSoon();
}

function cell(className, text) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function newRow(doc) {
  const path = `/documents/${encodeURIComponent(doc.id)}`;
  const row = document.createElement("tr");
  row.dataset.documentId = doc.id;
  const title = cell("title", "");
  title.append(link(path, titleOf(doc)));
  const history = cell("", "");
  history.append(link(`${path}/revisions`, "revisions"));
  row.append(cell("symbol", doc.symbol || "—"), title, cell("count", ""), cell("updated", ""),
    cell("connected", "0 connected"), cell("progress", ""), history);
  rows.append(row);
  table.hidden = false;
  document.getElementById("documents-empty")?.remove();
  return row;
}

function onDocument(frame) {
  const doc = frame.document;
  const row = rowOf(doc.id) || newRow(doc);
  row.querySelector(".count").textContent = String(doc.revisions);
  const time = document.createElement("time");
  time.dateTime = doc.updated;
  time.textContent = doc.updatedText;
  row.querySelector(".updated").replaceChildren(time);
  const title = row.querySelector(".title");
  if (doc.adopted && !title.querySelector(".adopted")) {
    const badge = document.createElement("span");
    badge.className = "adopted";
    badge.textContent = " (adopted)";
    title.append(badge);
  }
  row.dataset.what = frame.what;
  row.classList.add("changed");
  counts[doc.id] = frame.connected;
  onCounts({ ...counts });
  if (frame.progress) onProgress({ [doc.id]: frame.progress });
  logChange(doc, frame.what);
}

function logChange(doc, what) {
  changes.querySelector(".empty")?.remove();
  const item = document.createElement("li");
  item.dataset.documentId = doc.id;
  item.append(link(`/documents/${encodeURIComponent(doc.id)}`, titleOf(doc)),
    `: ${WHAT[what] || "it changed"} (${doc.updatedText}).`);
  changes.append(item);
  while (changes.children.length > KEEP_CHANGES) changes.firstElementChild.remove();
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}/ws/documents`);
  let ended = null;
  socket.addEventListener("open", () => {
    wait = 1000;
    showState("online", "Live: the counts, progress and changes below update by themselves.");
  });
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "counts") onCounts(frame.documents);
    else if (frame.type === "progress") onProgress(frame.documents);
    else if (frame.type === "document") onDocument(frame);
    else if (frame.type === "closed") ended = frame.reason;
  });
  socket.addEventListener("close", (event) => {
    if (ended !== null && event.code !== 1013) {
      showState("offline", `Live updates stopped: ${ended}. Reload the page to start again.`);
      return;
    }
    showState("reconnecting", "Live updates interrupted; reconnecting…");
    setTimeout(connect, wait);
    wait = Math.min(wait * 2, 30000);
  });
}

connect();
