// A session's documents as a delegate sees them, on the tablet and in the reader: grouped by agenda item,
// each with how far I have read it, and the state of the tablet's offline copy.

import { fill, h } from "./dom.js";
import { t } from "./i18n.js";

/** [{item, docs}] in agenda order (items without documents left out), then the documents of no item. */
export function documentsByItem(list) {
  const groups = [];
  for (const item of list.agenda) {
    const docs = list.documents.filter((d) => d.agenda_item_id === item.id);
    if (docs.length) groups.push({ item, docs });
  }
  const loose = list.documents.filter((d) => !d.agenda_item_id);
  if (loose.length) groups.push({ item: null, docs: loose });
  return groups;
}

/** How far I have read `doc`: ["read" | "reading", label], or null before I opened it. */
function readingState(doc) {
  const p = doc.my_progress;
  if (!p) return null;
  if (p.read) return ["read", t("reader.read")];
  return p.opened ? ["reading", t("reader.reading_pages", { seen: p.pages_seen, total: p.page_count })] : null;
}

/** What a link to `doc` says: its title, type, pages (confidential or not) and how far I have read it. */
export function documentLinkContent(doc) {
  const read = readingState(doc);
  return [
    h("span", { class: "doc-link-title" }, doc.title),
    h("span", { class: "doc-link-meta" }, [t(`doctype.${doc.doc_type}`), t("reader.pages_count", { count: doc.page_count }),
      doc.access === "confidential" ? t("access.confidential") : null].filter(Boolean).join(" · ")),
    read ? h("span", { class: `doc-read doc-read-${read[0]}` }, read[1]) : null,
  ];
}

/** The offline copy's state in `el` (a `.conn` line): `kind` is one of the connection classes (conn-open…). */
export function showCopyState(el, text, kind) {
  el.className = `conn ${kind}`;
  fill(el, h("span", { class: "conn-dot", "aria-hidden": "true" }), text);
}
