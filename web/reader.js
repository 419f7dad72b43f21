// The document reader (/reader.html?session=S&document=D[&page=P]): pages rendered on the server as
// images (so it needs no PDF plugin — iPad Safari, Android Chrome and headless Chromium alike), scrolled
// one under the other; page navigation, zoom (buttons, keys, pinch, Ctrl + wheel), search in the text of
// the document, jump to an agenda item, and — for delegates — private notes, highlights and bookmarks,
// kept on the tablet and synced. Reading progress feeds the secretary's read receipts. With the
// service worker (web/sw.js) and a synced session, all of it opens with the network off.

import { api } from "./lib/api.js";
import { showCopyState } from "./lib/documents-view.js";
import { $, fill, h } from "./lib/dom.js";
import { formatDateTime } from "./lib/clock.js";
import { t } from "./lib/i18n.js";
import { boot } from "./lib/layout.js";
import { isOffline, NoteStore, ProgressOutbox } from "./lib/notes-store.js";
import { isSynced, pageImageUrl, readingWidth, registerServiceWorker, syncedManifest, syncSession } from "./lib/offline.js";
import { idFromAddress, requireId, stop } from "./lib/page.js";
import { announce, guarded } from "./lib/status.js";
import { docDrawer } from "./reader-drawer.js";
import { readerNotes } from "./reader-notes.js";
import { searchPages } from "./reader-search.js";
import { pageZoom } from "./reader-zoom.js";

const SEEN_RATIO = 0.5; // a page counts as seen when half of it, or half of the screen, has shown it
const PROGRESS_EVERY_MS = 4000;

const { user } = await boot();
const sessionId = await requireId("session", $("#doc-title"), t("reader.no_session"));
const isDelegate = Boolean(user && user.roles.includes("delegate"));
registerServiceWorker();

const state = {
  list: null, // GET /api/sessions/{id}/documents
  doc: null, // the open document
  texts: null, // [{page, text}] of the open document (search)
  page: 1,
  notes: null, // NoteStore
  progress: null, // ProgressOutbox
  highlighting: false,
  observer: null,
  loader: null,
  visible: new Map(), // page → visible ratio
};

$("#back-link").href = `/tablet.html?session=${sessionId}`;
const drawer = docDrawer({
  href: (docId) => readerUrl(docId),
  choose: (docId) => {
    drawer.close({ focus: pagesEl });
    openDocument(docId);
  },
});
for (const el of document.querySelectorAll(".delegate-only")) el.hidden = !isDelegate;

// ---- Offline state ----------------------------------------------------------------------------

function showOfflineState(extra = null) {
  const el = $("#offline-state");
  const online = navigator.onLine !== false;
  const synced = state.list && isSynced(sessionId, state.list.documents);
  const manifest = syncedManifest(sessionId);
  let text;
  let kind;
  if (extra) {
    [text, kind] = [extra, "conn-reconnecting"];
  } else if (!online) {
    [text, kind] = [synced || manifest ? t("reader.offline_reading") : t("reader.offline_nothing"),
      synced || manifest ? "conn-reconnecting" : "conn-offline"];
  } else if (synced) {
    [text, kind] = [t("reader.synced", { time: formatDateTime(manifest.synced_at) }), "conn-open"];
  } else {
    [text, kind] = [t("reader.not_synced"), "conn-connecting"];
  }
  showCopyState(el, text, kind);
}

async function syncInBackground() {
  if (navigator.onLine === false || !state.list) return;
  try {
    const result = await syncSession(sessionId, {
      onProgress: ({ done, total }) => {
        if (total && done < total) showOfflineState(t("reader.syncing", { done, total }));
      },
    });
    showOfflineState();
    if (result.failed) announce(t("reader.sync_failed", { count: result.failed }), "error");
  } catch (error) {
    if (!isOffline(error)) announce(error.message, "error");
    showOfflineState();
  }
}

window.addEventListener("online", async () => {
  showOfflineState();
  // This document's notes first (the page shows them); the sync then sends every other outbox.
  if (state.notes) {
    await state.notes.flush();
    await state.notes.pull().catch(() => null);
  }
  syncInBackground();
});
window.addEventListener("offline", () => showOfflineState());

// ---- Documents of the session and the agenda --------------------------------------------------

/** The documents' drawer: the whole agenda (it opens offline too), each item with its documents. */
function renderDocList() {
  drawer.render(state.list, state.doc?.id);
}

function readerUrl(docId, page = null) {
  return `/reader.html?session=${sessionId}&document=${docId}${page ? `&page=${page}` : ""}`;
}

// ---- Pages ------------------------------------------------------------------------------------

function imageWidth() {
  const base = readingWidth();
  // Zoomed in with the network up: a sharper image; offline the synced width is what the tablet has.
  return zoom.level > 1.25 && navigator.onLine !== false ? Math.min(2400, base * 2) : base;
}

function loadImage(figure) {
  const img = figure.querySelector("img");
  const page = Number(figure.dataset.page);
  const wanted = pageImageUrl(state.doc, page, imageWidth());
  if (img.dataset.src === wanted) return;
  img.dataset.src = wanted;
  img.onerror = () => {
    const fallback = pageImageUrl(state.doc, page);
    if (img.src.endsWith(fallback)) {
      figure.classList.add("page-missing");
    } else {
      img.src = fallback; // the synced width (offline), else a clear "not available" mark
    }
  };
  img.onload = () => {
    figure.classList.remove("page-missing");
    figure.querySelector(".page-sheet").style.aspectRatio = `${img.naturalWidth} / ${img.naturalHeight}`;
  };
  img.src = wanted;
}

function renderPages() {
  const doc = state.doc;
  state.observer?.disconnect();
  state.loader?.disconnect();
  state.visible.clear();
  const container = $("#pages");
  const figures = [];
  for (let page = 1; page <= doc.page_count; page += 1) {
    figures.push(h("figure", { class: "page", id: `page-${page}`, dataset: { page } },
      h("div", { class: "page-sheet" },
        h("img", { alt: t("reader.page_alt", { page, total: doc.page_count }), decoding: "async", draggable: "false" }),
        h("div", { class: "page-marks" }),
        h("p", { class: "page-missing-note" }, t("reader.page_unavailable")),
        h("div", { class: "page-text", lang: "vi" })),
      h("figcaption", { class: "page-number" }, t("reader.page_of", { page, total: doc.page_count }))));
  }
  fill(container, figures);
  // Images load as pages come near the screen; the page most on screen is the current one.
  state.loader = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) loadImage(entry.target);
  }, { root: container, rootMargin: "150% 0px" });
  const threshold = Array.from({ length: 11 }, (_, i) => i / 10);
  state.observer = new IntersectionObserver(onVisible, { root: container, threshold });
  for (const figure of figures) {
    state.loader.observe(figure);
    state.observer.observe(figure);
  }
  fill($("#page-total"), t("reader.of_total", { total: doc.page_count }));
  $("#page-input").max = doc.page_count;
  notes.renderMarks();
}

function onVisible(entries) {
  for (const entry of entries) {
    // A page taller than the screen (a wide reader, zoomed in) is never half on it: the share of the
    // screen it fills counts too.
    const ofScreen = entry.rootBounds?.height ? entry.intersectionRect.height / entry.rootBounds.height : 0;
    state.visible.set(Number(entry.target.dataset.page), Math.max(entry.intersectionRatio, ofScreen));
  }
  let best = state.page;
  let bestRatio = -1;
  for (const [page, ratio] of state.visible) {
    if (ratio > bestRatio || (ratio === bestRatio && page < best)) [best, bestRatio] = [page, ratio];
  }
  const seen = [...state.visible].filter(([, ratio]) => ratio >= SEEN_RATIO).map(([page]) => page);
  if (bestRatio > 0) setCurrentPage(best);
  if (state.progress && seen.length) state.progress.seen(seen, state.page);
}

function setCurrentPage(page) {
  if (page === state.page && $("#page-input").value === String(page)) return;
  state.page = page;
  $("#page-input").value = page;
  $("#prev-page").disabled = page <= 1;
  $("#next-page").disabled = page >= state.doc.page_count;
  const url = readerUrl(state.doc.id, page);
  if (window.location.pathname + window.location.search !== url) window.history.replaceState(null, "", url);
  notes.renderForPage();
}

function goToPage(page, { focus = false } = {}) {
  if (!state.doc) return;
  const target = Math.max(1, Math.min(state.doc.page_count, page));
  const figure = document.getElementById(`page-${target}`);
  if (!figure) return;
  // Scroll the pages only (not the window, which would hide the toolbar and the heading).
  pagesEl.scrollTo({ top: figure.offsetTop - 12, left: pagesEl.scrollLeft });
  setCurrentPage(target);
  loadImage(figure);
  if (focus) $("#pages").focus({ preventScroll: true });
}

$("#prev-page").addEventListener("click", () => goToPage(state.page - 1));
$("#next-page").addEventListener("click", () => goToPage(state.page + 1));
$("#page-input").addEventListener("change", (event) => {
  const value = Number(event.target.value);
  if (Number.isInteger(value)) goToPage(value);
});

const pagesEl = $("#pages");
const zoom = pageZoom(pagesEl, {
  onChange: (level) => {
    fill($("#zoom-level"), `${Math.round(level * 100)}%`);
    for (const figure of pagesEl.querySelectorAll(".page")) {
      if (figure.querySelector("img").dataset.src) loadImage(figure);
    }
  },
  onPinch: () => notes.cancelHighlight(),
});
const notes = readerNotes(state, { pages: pagesEl, goToPage, fingers: zoom.fingers });

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select, dialog")) return;
  if (event.key === "ArrowRight" || event.key === "PageDown") { event.preventDefault(); goToPage(state.page + 1); }
  else if (event.key === "ArrowLeft" || event.key === "PageUp") { event.preventDefault(); goToPage(state.page - 1); }
  else if (event.key === "Home" && event.ctrlKey) { event.preventDefault(); goToPage(1); }
  else if (event.key === "End" && event.ctrlKey) { event.preventDefault(); goToPage(state.doc?.page_count || 1); }
  else if (event.key === "+" || event.key === "=") { event.preventDefault(); zoom.step(1); }
  else if (event.key === "-") { event.preventDefault(); zoom.step(-1); }
});

// ---- Text view: the page's words instead of its picture (screen readers, copying, slow Wi-Fi) ----

async function showTextView(on) {
  pagesEl.classList.toggle("is-text", on);
  $("#text-toggle").setAttribute("aria-pressed", String(on));
  if (on) {
    const texts = await documentTexts();
    for (const { page, text } of texts) {
      const box = document.querySelector(`#page-${page} .page-text`);
      if (box) box.textContent = text || t("reader.page_no_text");
    }
  }
  goToPage(state.page || 1);
}

$("#text-toggle").addEventListener("click", () => guarded(() => showTextView(!pagesEl.classList.contains("is-text"))));

async function documentTexts() {
  if (!state.texts) {
    let data;
    try {
      data = await api.get(`/api/documents/${state.doc.id}/text`);
    } catch (error) {
      // A confidential document's words are never kept on the tablet: its text and search need the network.
      if (state.doc.access === "confidential" && error.code === "offline") throw new Error(t("reader.confidential_text_offline"));
      throw error;
    }
    state.texts = data.pages;
  }
  return state.texts;
}

$("#search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  guarded(async () => {
    const query = $("#search-input").value;
    const box = $("#search-results");
    if (!query.trim()) {
      box.hidden = true;
      return;
    }
    const hits = searchPages(await documentTexts(), query);
    const total = hits.reduce((sum, hit) => sum + hit.count, 0);
    box.hidden = false;
    fill(box,
      h("div", { class: "search-head" },
        h("p", { class: "search-summary" }, total ? t("reader.search_found", { count: total, pages: hits.length, query })
          : t("reader.search_none", { query })),
        h("button", { type: "button", class: "btn btn-quiet btn-small", onclick: () => { box.hidden = true; } }, t("reader.search_close"))),
      hits.length ? h("ol", { class: "search-hits" }, hits.map((hit) => h("li", {},
        h("button", { type: "button", class: "search-hit", dataset: { page: hit.page },
          onclick: () => goToPage(hit.page, { focus: true }) },
        h("span", { class: "search-hit-page" }, t("reader.search_page", { page: hit.page, count: hit.count })),
        hit.snippets.map((s) => h("span", { class: "search-snippet" }, s.before, h("mark", {}, s.match), s.after)))))) : null);
    if (hits.length) goToPage(hits[0].page);
  });
});

// ---- Reading progress (read receipts) ---------------------------------------------------------

setInterval(() => { state.progress?.flush(); }, PROGRESS_EVERY_MS);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") state.progress?.flush();
});

// ---- Opening a document -----------------------------------------------------------------------

/** Open a document (errors are announced: a click must not end in an unhandled rejection). */
function openDocument(docId, options = {}) {
  return guarded(() => loadDocument(docId, options));
}

async function loadDocument(docId, { page = null, push = true } = {}) {
  const entry = state.list.documents.find((d) => d.id === docId);
  if (!entry) {
    announce(t("reader.not_found"), "error");
    return;
  }
  state.progress?.flush();
  let doc = entry;
  try {
    doc = await api.get(`/api/documents/${docId}`); // with my_progress (where I stopped)
  } catch (error) {
    if (!isOffline(error)) throw error;
  }
  state.doc = doc;
  state.texts = null;
  state.page = 0;
  $("#search-results").hidden = true;
  document.title = `${doc.title} — ${t("reader.title")}`;
  fill($("#doc-title"), doc.title);
  fill($("#doc-meta"), [doc.item_number ? t("reader.item_number", { number: doc.item_number }) : null, t(`doctype.${doc.doc_type}`),
    t("reader.pages_count", { count: doc.page_count }), t("reader.version", { number: doc.version }),
    doc.access === "confidential" ? t("reader.confidential_note") : null].filter(Boolean).join(" · "));
  if (push) window.history.pushState(null, "", readerUrl(doc.id));
  renderDocList();
  if (isDelegate) {
    const store = new NoteStore(doc.id, user.id);
    store.onChange(notes.render);
    state.notes = store;
    state.progress = new ProgressOutbox(doc.id, user.id);
    notes.render();
    store.flush().then(() => store.pull()).catch(() => null);
  }
  renderPages();
  if (pagesEl.classList.contains("is-text")) await guarded(() => showTextView(true));
  const resume = page || doc.my_progress?.last_page || 1;
  requestAnimationFrame(() => goToPage(resume));
}

window.addEventListener("popstate", () => {
  const docId = idFromAddress("document");
  if (docId && state.doc?.id !== docId) openDocument(docId, { page: idFromAddress("page"), push: false });
});

try {
  state.list = await api.get(`/api/sessions/${sessionId}/documents`);
} catch (error) {
  fill($("#doc-title"), isOffline(error) ? t("reader.offline_nothing") : error.message);
  showOfflineState();
  await stop();
}
showOfflineState();
renderDocList();
fill($("#zoom-level"), "100%");
const wanted = idFromAddress("document") || state.list.documents[0]?.id;
if (wanted) {
  await openDocument(wanted, { page: idFromAddress("page"), push: false });
} else {
  fill($("#doc-title"), t("reader.no_documents"));
}
syncInBackground();
