// A read-only connection to a document's room, for the chair's console and the big screen:
// says hello, then hands every frame to `onFrame`, and reconnects after a drop.

import { MESSAGE, PROTOCOL_VERSION } from "./sync.js";

function newClientId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function listen(documentId, name, onFrame, onState = () => {}) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const url = `${scheme}//${location.host}/ws/documents/${encodeURIComponent(documentId)}`;
  const clientId = newClientId();
  let socket = null;
  let wait = 250;
  const connection = {
    send(message) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
  };
  function open() {
    onState("connecting");
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      wait = 250;
      socket.send(JSON.stringify({ type: MESSAGE.hello, protocol: PROTOCOL_VERSION, clientId, name }));
    });
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === MESSAGE.welcome) onState("online");
      onFrame(frame);
    });
    socket.addEventListener("close", () => {
      onState("reconnecting");
      setTimeout(open, wait);
      wait = Math.min(wait * 2, 5000);
    });
  }
  open();
  return connection;
}

export function showState(element, state) {
  if (!element) return;
  element.dataset.state = state;
  element.textContent = state === "online" ? "live" : `${state}…`;
}
