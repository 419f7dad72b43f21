// Reading without the network: registers the service worker (web/sw.js) and syncs a session — its
// document list and agenda, each document's details and text, and every page image at the width this
// tablet reads at — into the cache the service worker answers from when the Wi-Fi drops.
//
// A confidential document's pages are kept as images (each carries the reader's stamp), never its words:
// its text is a recorded copy the server sends with `Cache-Control: no-store`, fetched online each time
// (docs/confidential-documents.md).
//
// The sync writes the cache itself (it does not rely on the service worker already controlling the
// page), skips what is already there (page images are named by document version), and forgets the
// images of versions that were replaced.

import { api } from "./api.js";
import { flushAllOutboxes } from "./notes-store.js";
import { readJson, removeKey, storedKeys, writeJson } from "./storage.js";

export const DATA_CACHE = "kyhop-data-v1";
const PARALLEL = 4;

/** Register the service worker once per page; resolves when it is active (or at once if unsupported). */
export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return false;
  try {
    await navigator.serviceWorker.register("/sw.js");
    await navigator.serviceWorker.ready;
    return true;
  } catch {
    return false; // the reader still works online
  }
}

/** Whether this browser can keep documents for offline reading (service worker + Cache Storage). */
export function offlineSupported() {
  return "serviceWorker" in navigator && "caches" in window && window.isSecureContext;
}

/** The width (px) page images are fetched at on this screen: the screen's width × pixel density, in steps
 *  of 100 (the server renders in steps of 100), between 800 and 2000. */
export function readingWidth() {
  const css = Math.min(window.screen?.width || 1024, 1400);
  const px = Math.ceil((css * (window.devicePixelRatio || 1)) / 100) * 100;
  return Math.max(800, Math.min(2000, px));
}

export function pageImageUrl(doc, page, width = readingWidth()) {
  return `/api/documents/${doc.id}/pages/${page}.webp?width=${width}&v=${doc.version}`;
}

/** Whether a document's words may stay on the tablet: not a confidential one's (its page images may). */
export function textKeptOffline(doc) {
  return doc.access !== "confidential";
}

/** A response the server says no cache may keep (a confidential document's text or search hits). */
export function noStore(response) {
  return /(^|,)\s*no-store\s*(,|$)/i.test(response.headers.get("cache-control") || "");
}

function manifestKey(sessionId) {
  return `kyhop.offline.${sessionId}`;
}

/** What was last synced for a session: {synced_at, width, documents: {id: {version, pages}}} or null. */
export function syncedManifest(sessionId) {
  return readJson(manifestKey(sessionId));
}

/** True when every document of `list` is synced at its current version. */
export function isSynced(sessionId, documents) {
  const manifest = syncedManifest(sessionId);
  if (!manifest) return false;
  return documents.every((d) => manifest.documents?.[d.id]?.version === d.version);
}

async function keep(cache, url, { refresh = false } = {}) {
  if (!refresh && await cache.match(url)) return true;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return false;
  if (noStore(response)) {
    await cache.delete(url);
    return true;
  }
  await cache.put(url, response);
  return true;
}

async function inParallel(tasks, limit) {
  let next = 0;
  const results = [];
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]().catch(() => false);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Drop what the cache holds of replaced versions (their page images), of documents no longer in the
 *  list (withdrawn, or no longer readable): a withdrawn document must not stay readable offline — and the
 *  words of confidential documents (kept before, or before the document became confidential). */
async function forgetOldVersions(cache, sessionId, documents) {
  const current = new Map(documents.map((d) => [String(d.id), String(d.version)]));
  const wordless = new Set(documents.filter((d) => !textKeptOffline(d)).map((d) => String(d.id)));
  const previous = Object.keys(syncedManifest(sessionId)?.documents || {});
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    const match = url.pathname.match(/^\/api\/documents\/(\d+)(\/|$)/);
    if (!match) continue;
    const id = match[1];
    const gone = !current.has(id) && previous.includes(id);
    const stale = current.has(id) && url.pathname.includes("/pages/") && url.searchParams.get("v") !== current.get(id);
    const words = wordless.has(id) && /\/(text|search)$/.test(url.pathname);
    if (gone || stale || words) await cache.delete(request);
  }
}

/**
 * Sync session `sessionId` for offline reading. `onProgress({done, total})` follows the page images.
 * Returns {documents, pages, failed}. Pending notes and reading progress are sent first.
 */
export async function syncSession(sessionId, { onProgress = () => {}, width = readingWidth() } = {}) {
  await flushAllOutboxes().catch(() => null);
  const listUrl = `/api/sessions/${sessionId}/documents`;
  const list = await api.get(listUrl); // throws when offline: nothing to sync then
  if (!offlineSupported()) return { documents: list.documents.length, pages: 0, failed: 0, supported: false };
  const cache = await caches.open(DATA_CACHE);
  const refreshed = [listUrl, `/api/sessions/${sessionId}`, `/api/sessions/${sessionId}/notes`, "/api/me",
    "/api/council"];
  await inParallel(refreshed.map((url) => () => keep(cache, url, { refresh: true })), PARALLEL);
  const manifest = { synced_at: new Date().toISOString(), width, documents: {} };
  const pages = [];
  for (const doc of list.documents) {
    const meta = [`/api/documents/${doc.id}`, `/api/documents/${doc.id}/notes`];
    if (textKeptOffline(doc)) meta.push(`/api/documents/${doc.id}/text`);
    await inParallel(meta.map((url) => () => keep(cache, url, { refresh: true })), PARALLEL);
    for (let page = 1; page <= doc.page_count; page += 1) pages.push([doc, pageImageUrl(doc, page, width)]);
  }
  let done = 0;
  onProgress({ done, total: pages.length });
  const results = await inParallel(pages.map(([, url]) => async () => {
    const ok = await keep(cache, url);
    done += 1;
    onProgress({ done, total: pages.length });
    return ok;
  }), PARALLEL);
  const failedDocs = new Set(pages.filter((_, i) => !results[i]).map(([doc]) => doc.id));
  for (const doc of list.documents) {
    if (!failedDocs.has(doc.id)) manifest.documents[doc.id] = { version: doc.version, pages: doc.page_count };
  }
  await forgetOldVersions(cache, sessionId, list.documents);
  writeJson(manifestKey(sessionId), manifest);
  return { documents: list.documents.length, pages: pages.length, failed: results.filter((r) => !r).length,
    supported: true };
}

/** Empty what this browser keeps of the signed-in user's data (called on sign-out). */
export async function forgetOfflineData() {
  for (const key of storedKeys()) {
    if (key.startsWith("kyhop.offline.") || key.startsWith("kyhop.notes.") || key.startsWith("kyhop.progress.")) {
      removeKey(key);
    }
  }
  if ("caches" in window) await caches.delete(DATA_CACHE);
}
