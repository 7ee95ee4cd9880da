// Who is editing: the person and delegation of the session, as the server rendered them on the
// editor page (data-name, data-delegation, data-role of #document). The server takes them from
// the session whatever this page says; they only label this browser's own edits.

/** The session's identity as the page states it: {name, delegation, role}. */
export function pageIdentity(root) {
  return {
    name: root.dataset.name || "",
    delegation: root.dataset.delegation || null,
    role: root.dataset.role || null,
  };
}
