// The archive's public search (/archive/search?q=…): anyone, no sign-in, finds published resolutions as they
// type (without diacritics, a number straight to its resolution), narrows them by the facets' counts, and
// opens a hit at the page of its signed copy that matched. The query and the filters are the address: a
// search has a permalink, the back button undoes a filter, and the same address is its Atom feed.

import { badge, emptyNote, fill, h } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { boot } from "../lib/layout.js";
import { fromAddress } from "../lib/page.js";
import { hitName, inLang, markedPieces, pageAddress, searcher } from "../lib/archive-search.js";

await boot();

// facet → the address's parameter it filters with, in the order the filters are listed
const FACETS = [
  ["status", "status"], ["year", "year"], ["council", "council_id"], ["level", "level"], ["kind", "kind"],
  ["field", "field"], ["term", "term_id"], ["signer", "signer"],
];
const FILTERS = [...FACETS.map(([, param]) => param), "session_id", "since", "until", "on"];
const KEPT = ["q", ...FILTERS, "sort", "page"]; // what the address keeps
const FORCE_BADGE = { in_force: "published", partly_ended: "in_progress", ended: "former", not_yet: "draft" };
const TYPING_WAIT = 250; // ms after the last key before the search runs
const DOWNLOAD_LIMIT = 5000; // the most rows a download holds (agenda/opendata/exports/search.py MAX_ROWS)

const box = document.getElementById("search-q");
const form = document.getElementById("search-form");
const sort = document.getElementById("search-sort");
const hitsList = document.getElementById("hits");
const summary = document.getElementById("search-summary");
const facetsBox = document.getElementById("facets");
const active = document.getElementById("active-filters");
const pager = document.getElementById("search-pager");
const run = searcher();
let timer = null;

/** The search in the address (only what it keeps). */
function state() {
  const out = new URLSearchParams();
  for (const key of KEPT) if (fromAddress(key)) out.set(key, fromAddress(key));
  return out;
}

function go(params, { push = true } = {}) {
  const address = `/archive/search${params.toString() ? `?${params}` : ""}`;
  if (address !== window.location.pathname + window.location.search) {
    window.history[push ? "pushState" : "replaceState"](null, "", address);
  }
  sessionStorage.setItem("archive.search", address);
}

function feed(params) {
  const query = new URLSearchParams(params);
  query.delete("page");
  query.delete("sort");
  const address = `/api/archive/search.atom${query.toString() ? `?${query}` : ""}`;
  document.getElementById("follow").href = address;
  document.getElementById("atom-alternate").href = address;
  downloads(params);
  councilFeed(params);
}

/** The download buttons: the current search, every hit (not one page), as the public finds it. */
function downloads(params) {
  const query = new URLSearchParams(params);
  query.delete("page");
  query.set("scope", "public");
  for (const extension of ["csv", "xlsx"]) {
    document.getElementById(`download-${extension}`).href = `/api/archive/search.${extension}?${query}`;
  }
}

const home = fetch("/api/council").then((r) => (r.ok ? r.json() : null)).then((body) => body?.council?.id);

/** The council's feed of new resolutions: the council filtered on, else the home council. */
async function councilFeed(params) {
  const id = params.get("council_id") || (await home);
  if (id) document.getElementById("council-feed").href = `/api/public/councils/${id}/resolutions.atom`;
}

function hitItem(hit, q) {
  const at = pageAddress(hit, q);
  const name = hit.permalink ? h("a", { href: hit.permalink, class: "hit-number" }, hitName(hit))
    : h("span", { class: "hit-number" }, hitName(hit));
  return h("li", { class: "archive-hit", dataset: { id: hit.id, byNumber: hit.by_number ? "1" : "0" } },
    h("div", { class: "hit-head" }, name,
      hit.status ? badge(FORCE_BADGE[hit.status.value] || "in_progress", inLang(hit.status.label_vi, hit.status.label_en)) : null,
      hit.by_number ? h("span", { class: "hit-by-number" }, t("search.by_number")) : null),
    h("p", { class: "hit-title" }, ...markedPieces(hit.title_marked)),
    h("p", { class: "resolution-meta" }, [hit.council, t("search.adopted", { date: formatDate(hit.adopted_on) }), hit.field]
      .filter(Boolean).join(" · ")),
    hit.page ? h("p", { class: "hit-snippet" }, ...markedPieces(hit.page.snippet), " ",
      at ? h("a", { href: at, class: "hit-page" }, t("search.page", { page: hit.page.page_number }))
        : h("span", { class: "hit-page" }, t("search.page", { page: hit.page.page_number }))) : null);
}

function facetList(name, param, values, params) {
  const chosen = params.get(param);
  return h("section", { class: "facet", dataset: { facet: name } },
    h("h3", {}, t(`search.facet.${name}`)),
    h("ul", {}, ...values.map((v) => {
      const on = chosen === String(v.value);
      return h("li", {}, h("button", {
        type: "button", class: "facet-value", "aria-pressed": on ? "true" : "false",
        dataset: { value: String(v.value) },
        onclick: () => {
          const next = state();
          if (on) next.delete(param); else next.set(param, String(v.value));
          next.delete("page");
          go(next);
          search(next);
        },
      }, h("span", { class: "facet-label" }, inLang(v.label_vi, v.label_en)), h("span", { class: "facet-count" }, String(v.count))));
    })));
}

function labelOf(param, value, facets) {
  const facet = FACETS.find(([, p]) => p === param);
  const found = facet && (facets?.[facet[0]] || []).find((v) => String(v.value) === value);
  return found ? inLang(found.label_vi, found.label_en) : value;
}

function showFilters(params, facets) {
  fill(active, ...FILTERS.filter((p) => params.get(p)).map((param) => {
    const name = FACETS.find(([, p]) => p === param)?.[0] ?? param;
    const text = `${t(`search.facet.${name}`)}: ${labelOf(param, params.get(param), facets)}`;
    return h("li", {}, h("button", {
      type: "button", class: "filter-chip", "aria-label": t("search.remove_filter", { filter: text }),
      onclick: () => {
        const next = state();
        next.delete(param);
        next.delete("page");
        go(next);
        search(next);
      },
    }, text, h("span", { "aria-hidden": "true" }, " ×")));
  }));
}

function showPager(answer, params) {
  if (answer.pages <= 1) return fill(pager);
  const to = (page) => () => {
    const next = state();
    next.set("page", String(page));
    go(next);
    search(next);
    window.scrollTo(0, 0);
  };
  fill(pager,
    h("button", { type: "button", class: "btn", disabled: answer.page <= 1, onclick: to(answer.page - 1) }, t("archive.prev")),
    h("span", {}, t("search.page_of", { page: answer.page, pages: answer.pages })),
    h("button", { type: "button", class: "btn", disabled: answer.page >= answer.pages, onclick: to(answer.page + 1) }, t("archive.next")));
  return pager;
}

function show(answer, params) {
  if (answer.error) {
    fill(summary, answer.error.message);
    summary.className = "hint form-error";
    return;
  }
  summary.className = "hint";
  const q = params.get("q") || "";
  fill(summary, answer.message ? inLang(answer.message.vi, answer.message.en)
    : t("search.total", { count: answer.total, date: formatDate(answer.on) }));
  fill(hitsList, ...answer.hits.map((hit) => hitItem(hit, q)));
  if (!answer.hits.length && !answer.message) hitsList.append(h("li", {}, emptyNote(t("search.none"))));
  const lists = FACETS.filter(([name]) => answer.facets[name]?.length)
    .map(([name, param]) => facetList(name, param, answer.facets[name], params));
  fill(facetsBox, ...(lists.length ? lists : [emptyNote(t("search.no_facets"))]));
  showFilters(params, answer.facets);
  showPager(answer, params);
  const note = document.getElementById("download-note");
  note.hidden = answer.total <= DOWNLOAD_LIMIT;
  fill(note, note.hidden ? "" : t("search.download_limit", { count: DOWNLOAD_LIMIT }));
  document.body.dataset.searched = params.toString();
}

/** Run the search of `params` (`typing`: the box is being typed in) and show it unless a newer one ran. */
async function search(params, { typing = false } = {}) {
  feed(params);
  const query = new URLSearchParams(params);
  query.set("scope", "public");
  if (typing) query.set("typing", "1");
  const answer = await run(query.toString());
  if (answer) show(answer, params);
  return answer;
}

box.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    const next = state();
    if (box.value.trim()) next.set("q", box.value); else next.delete("q");
    next.delete("page");
    go(next, { push: false });
    search(next, { typing: true });
  }, TYPING_WAIT);
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearTimeout(timer);
  const next = state();
  if (box.value.trim()) next.set("q", box.value); else next.delete("q");
  next.delete("page");
  go(next);
  const answer = await search(next);
  const numbered = (answer?.hits || []).filter((hit) => hit.by_number && hit.permalink);
  if (numbered.length === 1 && answer.hits.filter((hit) => hit.by_number).length === 1) {
    window.location.assign(numbered[0].permalink);
  }
});

sort.addEventListener("change", () => {
  const next = state();
  if (sort.value === "relevance") next.delete("sort"); else next.set("sort", sort.value);
  next.delete("page");
  go(next);
  search(next);
});

function load() {
  const params = state();
  box.value = params.get("q") || "";
  sort.value = params.get("sort") || "relevance";
  sessionStorage.setItem("archive.search", window.location.pathname + window.location.search);
  return search(params);
}

window.addEventListener("popstate", () => load());
await load();
box.focus();
document.body.dataset.ready = "1";
