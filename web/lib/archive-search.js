// What the archive's search pages share: the marked pieces of a text (<mark> for the words that matched,
// built as elements: nothing the server sends is read as HTML), a label in the page's language, the address of
// a hit's page, and the search's request with stale answers dropped.

import { h } from "./dom.js";
import { currentLang, t } from "./i18n.js";

/** [{text, hit}] → text and <mark> elements. */
export function markedPieces(pieces) {
  return pieces.map((p) => (p.hit ? h("mark", {}, p.text) : p.text));
}

export const inLang = (vi, en) => (currentLang() === "en" ? en : vi);

/** Where a hit's page opens: its signed copy's page in the public resolution's page viewer (`?trang=N&q=`), a
 * page of its dossier in the reader (`/reader.html?session=&document=&page=`). */
export function pageAddress(hit, q) {
  if (hit.page?.source === "dossier" && hit.page.session_id && hit.page.document_id) {
    const { session_id: session, document_id: document, page_number: page } = hit.page;
    return `/reader.html?${new URLSearchParams({ session, document, page })}`;
  }
  if (!hit.page || hit.page.source !== "signed" || !hit.permalink) return null;
  const params = new URLSearchParams({ trang: String(hit.page.page_number), q });
  return `${hit.permalink}?${params}`;
}

/** The number and the council of a hit, as a heading names it. */
export function hitName(hit) {
  return hit.number ? `${t("resolution.kind")} ${hit.number}` : t("archive.no_number");
}

/**
 * One search at a time: `run(query)` cancels the one before (its answer is never shown) and resolves with the
 * answer, or with null when a newer search replaced it. Errors come back as {error: {message}}.
 */
export function searcher() {
  let current = null;
  return async function run(query) {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    let response;
    try {
      response = await fetch(`/api/archive/search?${query}`, {
        headers: { Accept: "application/json" }, credentials: "same-origin", signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) return null;
      return { error: { message: t("error.network") } };
    }
    const data = await response.json().catch(() => null);
    if (controller.signal.aborted) return null;
    if (!response.ok) return { error: data?.error ?? { message: t("error.http", { status: response.status }) } };
    return data;
  };
}
