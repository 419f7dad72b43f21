// The session's documents in a drawer over the page (a modal <dialog>), so that the page comes first on
// every screen: the toolbar's button opens it (aria-expanded says whether it is open); Escape, its close
// button, a tap beside it and choosing a document close it.

import { $ } from "./lib/dom.js";

/** Wire the drawer; `close({ focus })` closes it and puts the focus there (the button by default). */
export function docDrawer() {
  const drawer = $("#doc-drawer");
  const toggle = $("#docs-toggle");
  const sync = () => toggle.setAttribute("aria-expanded", String(drawer.open));

  function open() {
    drawer.showModal();
    sync();
    (drawer.querySelector("#doc-list [aria-current='page']") || $("#jump-item")).focus();
  }

  function close({ focus = toggle } = {}) {
    if (drawer.open) drawer.close();
    focus.focus({ preventScroll: true });
  }

  toggle.addEventListener("click", () => (drawer.open ? close() : open()));
  $("#docs-close").addEventListener("click", () => close());
  drawer.addEventListener("click", (event) => { if (event.target === drawer) close(); }); // beside the panel
  drawer.addEventListener("close", () => {
    sync();
    if (!document.activeElement || document.activeElement === document.body) toggle.focus({ preventScroll: true });
  });
  return { close };
}
