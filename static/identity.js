// Who is editing: {name, delegation}, chosen once in the identity dialog of the editor page and
// kept in localStorage under "plenary.identity", e.g. {"name": "Ana", "delegation": "Chile"}.

const KEY = "plenary.identity";

/** The stored identity, or null on a first visit (or when what is stored is not usable). */
export function loadIdentity() {
  try {
    const value = JSON.parse(window.localStorage.getItem(KEY));
    if (value && typeof value.name === "string" && value.name.trim()
        && typeof value.delegation === "string" && value.delegation.trim()) {
      return { name: value.name.trim(), delegation: value.delegation.trim() };
    }
  } catch {
    // Not JSON: ask again.
  }
  return null;
}

/** Show the identity dialog (prefilled with `current`), store the answer and return it. */
export function askIdentity(current) {
  const dialog = document.getElementById("identity-dialog");
  const form = document.getElementById("identity-form");
  const name = document.getElementById("identity-name");
  const delegation = document.getElementById("identity-delegation");
  if (current) {
    name.value = current.name;
    delegation.value = current.delegation;
  }
  return new Promise((resolve) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const identity = { name: name.value.trim(), delegation: delegation.value };
      window.localStorage.setItem(KEY, JSON.stringify(identity));
      dialog.close();
      resolve(identity);
    }, { once: true });
    dialog.addEventListener("cancel", (event) => {
      if (!current) event.preventDefault(); // the first choice cannot be skipped
    });
    dialog.showModal();
  });
}
