// The session's documents on the delegate's tablet: the list by agenda item (with how far I have read
// each), links into the reader, and the offline copy — synced in the background when the page opens,
// when the secretary publishes (the `documents` event on the realtime channel) and when the network
// returns; notes and reading progress made offline are sent then too.

import { api } from "./lib/api.js";
import { documentLinkContent, documentsByItem, showCopyState } from "./lib/documents-view.js";
import { $, emptyNote, fill, h } from "./lib/dom.js";
import { formatDateTime } from "./lib/clock.js";
import { t } from "./lib/i18n.js";
import { flushAllOutboxes, isOffline } from "./lib/notes-store.js";
import { isSynced, offlineSupported, registerServiceWorker, syncedManifest, syncSession } from "./lib/offline.js";
import { announce } from "./lib/status.js";

export function startDocuments(live, sessionId) {
  let list = null;
  let syncing = null;
  let again = false;

  const status = (text, kind) => showCopyState($("#documents-sync"), text, kind);

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
    const pack = list.documents.some((d) => d.access !== "confidential")
      ? h("p", { class: "actions" }, h("a", { class: "btn btn-small", href: list.pack_url, download: "" }, t("tablet.documents_pack")))
      : null;
    fill(box, pack, documentsByItem(list).map(({ item, docs }) => h("div", { class: "doc-group" },
      h("h3", { class: "doc-group-title" }, item ? `${item.number}. ${item.title}` : t("reader.no_item")),
      h("ul", { class: "doc-links" }, docs.map((doc) => h("li", {},
        h("a", { href: `/reader.html?session=${sessionId}&document=${doc.id}`, dataset: { docId: doc.id } },
          documentLinkContent(doc))))))));
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
