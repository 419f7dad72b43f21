// The session's documents on the delegate's tablet: the list by agenda item (with how far I have read
// each), links into the reader, and the offline copy — synced in the background when the page opens,
// when the secretary publishes (the `documents` event on the realtime channel) and when the network
// returns; notes and reading progress made offline are sent then too.

import { api } from "./lib/api.js";
import { $, emptyNote, fill, h } from "./lib/dom.js";
import { announce } from "./lib/status.js";
import { t } from "./lib/i18n.js";
import { formatDateTime } from "./lib/format.js";
import { isSynced, offlineSupported, registerServiceWorker, syncedManifest, syncSession } from "./lib/offline.js";
import { flushAllOutboxes, isOffline } from "./lib/notes-store.js";

export function startDocuments(live, sessionId) {
  let list = null;
  let syncing = null;
  let again = false;

  function status(text, kind) {
    const el = $("#documents-sync");
    el.className = `conn ${kind}`;
    fill(el, h("span", { class: "conn-dot", "aria-hidden": "true" }), text);
  }

  function showStatus() {
    const manifest = syncedManifest(sessionId);
    if (!offlineSupported()) status(t("tablet.documents_no_offline"), "conn-offline");
    else if (navigator.onLine === false) status(manifest ? t("reader.offline_reading") : t("reader.offline_nothing"), "conn-reconnecting");
    else if (list && isSynced(sessionId, list.documents)) status(t("reader.synced", { time: formatDateTime(manifest.synced_at) }), "conn-open");
    else status(t("reader.not_synced"), "conn-connecting");
  }

  function render() {
    const box = $("#documents");
    if (!list) return;
    if (!list.documents.length) {
      fill(box, emptyNote(t("tablet.documents_none")));
      return;
    }
    const groups = [];
    for (const item of list.agenda) {
      const docs = list.documents.filter((d) => d.agenda_item_id === item.id);
      if (docs.length) groups.push([`${item.number}. ${item.title}`, docs]);
    }
    const loose = list.documents.filter((d) => !d.agenda_item_id);
    if (loose.length) groups.push([t("reader.no_item"), loose]);
    const pack = list.documents.some((d) => d.access !== "confidential")
      ? h("p", { class: "actions" }, h("a", { class: "btn btn-small", href: list.pack_url, download: "" }, t("tablet.documents_pack")))
      : null;
    fill(box, pack, groups.map(([title, docs]) => h("div", { class: "doc-group" },
      h("h3", { class: "doc-group-title" }, title),
      h("ul", { class: "doc-links" }, docs.map((doc) => {
        const p = doc.my_progress;
        const read = p && (p.read ? ["read", t("reader.read")] : p.opened ? ["reading", t("reader.reading_pages", { seen: p.pages_seen, total: p.page_count })] : null);
        return h("li", {}, h("a", { href: `/reader.html?session=${sessionId}&document=${doc.id}`, dataset: { docId: doc.id } },
          h("span", { class: "doc-link-title" }, doc.title),
          h("span", { class: "doc-link-meta" }, [t(`doctype.${doc.doc_type}`), t("reader.pages_count", { count: doc.page_count }),
            doc.access === "confidential" ? t("access.confidential") : null].filter(Boolean).join(" · ")),
          read ? h("span", { class: `doc-read doc-read-${read[0]}` }, read[1]) : null));
      })))));
  }

  async function load() {
    try {
      list = await api.get(`/api/sessions/${sessionId}/documents`);
      render();
    } catch (error) {
      if (!isOffline(error)) announce(error.message, "error");
    }
    showStatus();
  }

  /** Sync for offline reading; a request while one runs starts one more pass afterwards. */
  async function sync() {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        again = false;
        try {
          const result = await syncSession(sessionId, {
            onProgress: ({ done, total }) => {
              if (total && done < total) status(t("reader.syncing", { done, total }), "conn-reconnecting");
            },
          });
          if (result.failed) announce(t("reader.sync_failed", { count: result.failed }), "error");
        } catch (error) {
          if (!isOffline(error)) announce(error.message, "error");
        }
      } while (again);
      syncing = null;
      showStatus();
    })();
    return syncing;
  }

  live.onChange((state, change) => {
    if (change.kind === "event" && change.event === "documents") {
      const count = (change.data?.changed || []).length;
      if (count) announce(t(change.data.change === "withdrawn" ? "tablet.documents_withdrawn" : "tablet.documents_new", { count }));
      load().then(sync);
    } else if (change.kind === "resumed" || change.kind === "snapshot") {
      // Back after a drop: what was published meanwhile came with the replay; send what waited.
      flushAllOutboxes().catch(() => null);
    }
  });
  window.addEventListener("online", () => load().then(sync)); // the sync sends what waited first
  window.addEventListener("offline", showStatus);
  $("#documents-resync").addEventListener("click", () => load().then(sync));

  registerServiceWorker().then(() => load()).then(sync);
}
