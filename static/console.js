// The chair's console: resolve, lift and adopt from the list (HTTP actions), put a paragraph
// on the big screen, and refresh the list when anything changes in the room (WebSocket).

import { MESSAGE } from "./sync.js";
import { listen, showState } from "./listen.js";

const root = document.getElementById("console");
const documentId = root.dataset.documentId;
const message = document.getElementById("console-message");
const CHAIR = { name: "Chair", role: "chair" };
const api = (path) => `/api/documents/${encodeURIComponent(documentId)}${path}`;

async function post(path, body, as = CHAIR) {
  const response = await fetch(api(path), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-CSRF-Token": document.querySelector('input[name="csrf_token"]')?.value ?? "",
    },
    body: JSON.stringify({ ...body, as }),
  });
  const answer = await response.json();
  if (!response.ok) {
    message.textContent = answer.error ? answer.error.message : "refused";
    throw new Error(message.textContent);
  }
  message.textContent = "";
  return answer;
}

// One click on an item's button decides it, with the rationale (and compromise wording)
// typed in its paragraph's fields.
root.addEventListener("click", (event) => {
  const select = event.target.closest("button.select-paragraph");
  if (select) {
    post(`/paragraphs/${encodeURIComponent(select.dataset.p)}/select`, {}).catch(() => {});
    return;
  }
  const button = event.target.closest("button[data-choice]");
  if (!button) return;
  const item = button.closest(".console-item");
  const group = button.closest(".console-paragraph");
  const fields = group.querySelector("form.decide").elements;
  const choice = button.dataset.choice;
  const body = {
    bracket: item.dataset.bracket,
    start: item.dataset.start === "" ? null : Number(item.dataset.start),
    rationale: fields.rationale.value || null,
  };
  if (choice === "lift") body.action = "lift";
  else if (item.dataset.kind === "proposal" && choice === "0") body.action = "adopt";
  else {
    body.action = "resolve";
    if (choice === "delete") body.wording = "";
    else if (choice === "compromise") body.wording = fields.wording.value;
    else body.keep = Number(choice);
  }
  post(`/paragraphs/${encodeURIComponent(group.dataset.paragraphId)}/brackets`, body)
    .catch(() => {});
});

root.addEventListener("submit", (event) => {
  if (event.target.closest("form.decide, #paragraph-status")) event.preventDefault();
});

// Status of any paragraph, the screen, and adoption: the form above the list.
document.getElementById("paragraph-status").addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  const fields = button.form.elements;
  const paragraph = `/paragraphs/${encodeURIComponent(fields.p.value)}`;
  if (button.dataset.status) {
    post(`${paragraph}/status`, { status: button.dataset.status, reason: fields.reason.value || null })
      .catch(() => {});
  } else if ("select" in button.dataset) {
    post(`${paragraph}/select`, {}).catch(() => {});
  } else if ("adopt" in button.dataset) {
    post("/adopt", {}, { name: "Secretariat", role: "secretariat" }).catch(() => {});
  }
});

let refreshing = null;
async function refresh() {
  const response = await fetch(location.href, { headers: { Accept: "text/html" } });
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const id of ["console-list", "figure-brackets", "figure-proposals", "figure-agreed"]) {
    const fresh = page.getElementById(id);
    if (fresh) document.getElementById(id).replaceWith(fresh);
  }
  const chosen = document.querySelector("#paragraph-status select");
  const fresh = page.querySelector("#paragraph-status select");
  if (chosen && fresh) {
    const value = chosen.value;
    chosen.replaceWith(fresh);
    fresh.value = value;
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
