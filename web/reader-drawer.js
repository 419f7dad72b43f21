// The session's documents in a drawer over the page (a modal <dialog>), so that the page comes first on
// every screen: the whole agenda (it opens offline too), each item with its documents, and a jump to an
// item. The toolbar's button opens it (aria-expanded says whether it is open); Escape, its close button, a
// tap beside it and choosing a document close it.

import { documentLinkContent, documentsByItem } from "./lib/documents-view.js";
import { $, emptyNote, fill, h } from "./lib/dom.js";
import { t } from "./lib/i18n.js";

/**
 * Wire the drawer. `href(docId)`: a document's address; `choose(docId)`: open it.
 * Returns `render(list, currentId)` (GET /api/sessions/{id}/documents) and `close({ focus })`, which puts
 * the focus there (the button by default).
 */
export function docDrawer({ href, choose }) {
  const drawer = $("#doc-drawer");
  const toggle = $("#docs-toggle");
  let list = null;
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

  function docLink(doc, currentId) {
    return h("li", {},
      h("a", { href: href(doc.id), "aria-current": doc.id === currentId ? "page" : null, dataset: { docId: doc.id },
        onclick: (event) => { event.preventDefault(); choose(doc.id); } },
      documentLinkContent(doc)));
  }

  function render(documents, currentId) {
    list = documents;
    const groups = documentsByItem(list);
    fill($("#jump-item"), h("option", { value: "" }, t("reader.jump_choose")),
      groups.map(({ item }) => h("option", { value: item ? item.id : "none" },
        item ? `${item.number}. ${item.title}` : t("reader.no_item"))));
    const loose = list.documents.filter((d) => !d.agenda_item_id);
    const links = (docs) => h("ul", { class: "doc-links" }, docs.map((doc) => docLink(doc, currentId)));
    fill($("#doc-list"), list.documents.length ? [
      h("ol", { class: "doc-agenda" }, list.agenda.map((item) => {
        const docs = list.documents.filter((d) => d.agenda_item_id === item.id);
        return h("li", { class: `doc-group depth-${item.depth}${docs.length ? "" : " doc-group-empty"}`, dataset: { itemId: item.id } },
          h("p", { class: "doc-group-title" }, h("span", { class: "agenda-num" }, item.number), " ", item.title),
          docs.length ? links(docs) : null);
      })),
      loose.length ? h("div", { class: "doc-group", dataset: { itemId: "none" } },
        h("p", { class: "doc-group-title" }, t("reader.no_item")), links(loose)) : null,
    ] : emptyNote(t("reader.no_documents")));
  }

  $("#jump-item").addEventListener("change", (event) => {
    const value = event.target.value;
    const group = value && documentsByItem(list).find(({ item }) => String(item ? item.id : "none") === value);
    if (group) choose(group.docs[0].id);
  });
  toggle.addEventListener("click", () => (drawer.open ? close() : open()));
  $("#docs-close").addEventListener("click", () => close());
  drawer.addEventListener("click", (event) => { if (event.target === drawer) close(); }); // beside the panel
  drawer.addEventListener("close", () => {
    sync();
    if (!document.activeElement || document.activeElement === document.body) toggle.focus({ preventScroll: true });
  });
  return { render, close };
}
