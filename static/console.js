// The chair's console: resolve, lift and adopt from the list (HTTP actions), put a paragraph
// on the big screen, and refresh the list when anything changes in the room (WebSocket).

import { MESSAGE } from "./sync.js";
import { listen, showState } from "./listen.js";

const root = document.getElementById("console");
const documentId = root.dataset.documentId;
const message = document.getElementById("console-message");
const CHAIR = { name: "Chair", role: "chair" };
const api = (path) => `/api/documents/${encodeURIComponent(documentId)}${path}`;

async function post(path, body) {
  const response = await fetch(api(path), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...body, as: CHAIR }),
  });
  const answer = await response.json();
  if (!response.ok) {
    message.textContent = answer.error ? answer.error.message : "refused";
    throw new Error(message.textContent);
  }
  message.textContent = "";
  return answer;
}

function target(form) {
  const start = form.dataset.start === "" ? null : Number(form.dataset.start);
  return { bracket: form.dataset.bracket, start };
}

root.addEventListener("submit", (event) => {
  const form = event.target.closest("form.resolve");
  if (!form) return;
  event.preventDefault();
  const choice = form.elements.choice.value;
  const rationale = form.elements.rationale.value || null;
  const body = { ...target(form), rationale };
  if (form.dataset.kind === "proposal" && choice === "0") {
    post(`/paragraphs/${encodeURIComponent(form.dataset.p)}/brackets`, { ...body, action: "adopt" })
      .catch(() => {});
    return;
  }
  body.action = "resolve";
  if (choice === "delete") body.wording = "";
  else if (choice === "compromise") body.wording = form.elements.wording.value;
  else body.keep = Number(choice);
  post(`/paragraphs/${encodeURIComponent(form.dataset.p)}/brackets`, body).catch(() => {});
});

root.addEventListener("click", (event) => {
  const lift = event.target.closest("button.lift");
  if (lift) {
    const form = lift.closest("form.resolve");
    post(`/paragraphs/${encodeURIComponent(form.dataset.p)}/brackets`, {
      ...target(form), action: "lift", rationale: form.elements.rationale.value || null,
    }).catch(() => {});
    return;
  }
  const select = event.target.closest("button.select-paragraph");
  if (select) post(`/paragraphs/${encodeURIComponent(select.dataset.p)}/select`, {}).catch(() => {});
});

let refreshing = null;
async function refresh() {
  const response = await fetch(location.href, { headers: { Accept: "text/html" } });
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const id of ["console-list", "figure-brackets", "figure-proposals", "figure-agreed"]) {
    const fresh = page.getElementById(id);
    if (fresh) document.getElementById(id).replaceWith(fresh);
  }
  const chart = page.querySelector(".chart");
  if (chart) root.querySelector(".chart").replaceWith(chart);
}

function soon() {
  if (refreshing) return;
  refreshing = setTimeout(() => { refreshing = null; refresh(); }, 100);
}

const connection = document.getElementById("connection");
listen(documentId, "Chair's console", (frame) => {
  if (frame.type === MESSAGE.bracket_event || frame.type === MESSAGE.status_event
      || frame.type === MESSAGE.structure) soon();
  if (frame.type === MESSAGE.selected) {
    for (const section of root.querySelectorAll(".console-paragraph")) {
      section.classList.toggle("on-screen", section.dataset.paragraphId === frame.p);
    }
  }
}, (state) => showState(connection, state));
