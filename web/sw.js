// The service worker: lets a delegate's tablet open the session's documents and agenda with the hall's
// Wi-Fi down. It is served from the site's root so that it sees every page and API request.
//
// - Pages and assets (the "shell"): from the network when it answers, else from the cache; every
//   answer refreshes the cache, so the next offline start uses what was last seen.
// - Page images of documents (`/api/documents/{id}/pages/{n}.webp?width=…&v=…`): from the cache first —
//   their address names the document version, so a cached image is never stale.
// - Other API reads: from the network (with a time limit: flaky Wi-Fi often hangs rather than fails),
//   else the last answer cached, else a 503 saying the tablet is offline.
// - Never cached: writes, the realtime socket, sign-in, PDF downloads (the tablet keeps those itself), and
//   any answer marked `Cache-Control: no-store` — a confidential document's text and search hits, which
//   are the reader's recorded copy: its pages stay readable offline as images, its words do not.
//
// The page side (web/lib/offline.js) fills the same caches when it syncs a session; signing out
// empties the data cache.

const SHELL_CACHE = "kyhop-shell-v2"; // v2: scripts moved to web/lib/ and beside their pages
const DATA_CACHE = "kyhop-data-v1";
const NETWORK_WAIT_MS = 6000;

const SHELL = [
  // The pages that open offline, each with its script (web/<page>.html + web/<page>.js) …
  "/", "/index.html", "/index.js", "/tablet.html", "/tablet.js", "/tablet-vote.js", "/tablet-documents.js",
  "/reader.html", "/reader.js", "/reader-zoom.js", "/reader-search.js", "/reader-notes.js", "/reader-drawer.js",
  "/session.html", "/session.js", "/signin.html", "/signin.js",
  // … the shared modules they import (web/lib/) …
  "/lib/form-guard.js", "/lib/api.js", "/lib/i18n.js", "/lib/format.js", "/lib/text.js", "/lib/dom.js",
  "/lib/forms.js", "/lib/status.js", "/lib/dialogs.js", "/lib/page.js", "/lib/render.js", "/lib/layout.js",
  "/lib/sessions-list.js", "/lib/agenda-view.js", "/lib/storage.js", "/lib/offline.js", "/lib/notes-store.js",
  "/lib/documents-view.js", "/lib/error-page.js",
  "/lib/live.js", "/lib/live-events.js", "/lib/live-page.js", "/lib/live-questions.js", "/lib/live-view.js",
  "/lib/clock.js",
  // … the stylesheet with the parts it imports, the emblem and the catalogues.
  "/assets/app.css", "/assets/base.css", "/assets/controls.css", "/assets/pages.css", "/assets/live.css",
  "/assets/screens.css", "/assets/documents.css", "/assets/responsive.css", "/assets/emblem.svg",
  "/i18n/vi.json", "/i18n/en.json",
];

const NEVER = [/^\/ws\//, /^\/api\/auth\//, /^\/api\/documents\/\d+\/(file|versions\/\d+\/file)$/, /\/pack\.pdf$/];
const PAGE_IMAGE = /^\/api\/documents\/\d+\/pages\/\d+\.(png|webp)$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // One by one, so a single missing file does not stop the others from being kept.
    await Promise.all(SHELL.map((url) => cache.add(new Request(url, { cache: "reload" })).catch(() => null)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL_CACHE, DATA_CACHE]);
    for (const key of await caches.keys()) {
      if (key.startsWith("kyhop-") && !keep.has(key)) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.headers.has("range") || NEVER.some((re) => re.test(url.pathname))) return;
  if (PAGE_IMAGE.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith("/api/") || url.pathname === "/openapi.json") {
    event.respondWith(networkFirst(request, DATA_CACHE, false));
  } else {
    event.respondWith(networkFirst(request, SHELL_CACHE, request.mode === "navigate"));
  }
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); });
  });
}

async function cacheFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

function noStore(response) {
  return /(^|,)\s*no-store\s*(,|$)/i.test(response.headers.get("cache-control") || "");
}

async function networkFirst(request, cacheName, isPage) {
  const cache = await caches.open(cacheName);
  try {
    const response = await withTimeout(fetch(request), NETWORK_WAIT_MS);
    if (noStore(response)) await cache.delete(request); // and drop what an older answer left
    else if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  } catch {
    // A page is the same file whatever its query (?session=3&document=7): match without it.
    const hit = await cache.match(request, { ignoreSearch: isPage }) || await cache.match(request);
    if (hit) return hit;
    return offlineAnswer(request);
  }
}

function offlineAnswer(request) {
  const error = {
    code: "offline",
    message: "Máy tính bảng đang mất kết nối và chưa lưu sẵn nội dung này.",
    message_en: "The tablet is offline and has not saved this yet.",
  };
  const url = new URL(request.url);
  if (url.pathname.startsWith("/api/")) {
    return new Response(JSON.stringify({ error }), {
      status: 503, headers: { "content-type": "application/json; charset=utf-8", "x-kyhop-offline": "1" },
    });
  }
  return new Response(`${error.message}\n${error.message_en}\n`, {
    status: 503, headers: { "content-type": "text/plain; charset=utf-8", "x-kyhop-offline": "1" },
  });
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "clear-data") {
    event.waitUntil(caches.delete(DATA_CACHE));
  }
});
