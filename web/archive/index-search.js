// The archivist's search in the workspace (web/archive/index.html): the archive's search as staff see it —
// unpublished resolutions and every page of the dossiers too — each hit opening its record in the workspace
// (/archive/?id=N). A module of its own beside the workspace's (it only listens: the page's frame and its
// translations are index.js's).

import { emptyNote, fill, h } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { hitName, inLang, markedPieces, pageAddress, searcher } from "../lib/archive-search.js";

const form = document.getElementById("staff-search");
const box = document.getElementById("staff-q");
const list = document.getElementById("staff-hits");
const summary = document.getElementById("staff-search-summary");
const run = searcher();
let timer = null;

function hitItem(hit, q) {
  const at = pageAddress(hit, q);
  return h("li", { class: "archive-hit", dataset: { id: hit.id } },
    h("div", { class: "hit-head" },
      h("a", { href: `/archive/?id=${hit.id}`, class: "hit-number" }, hitName(hit)),
      hit.status ? h("span", { class: "resolution-meta" }, inLang(hit.status.label_vi, hit.status.label_en)) : null),
    h("p", { class: "hit-title" }, ...markedPieces(hit.title_marked)),
    h("p", { class: "resolution-meta" }, [hit.council, formatDate(hit.adopted_on)].join(" · ")),
    hit.page ? h("p", { class: "hit-snippet" }, ...markedPieces(hit.page.snippet), " ",
      at ? h("a", { href: at, class: "hit-page" }, t("search.page", { page: hit.page.page_number }))
        : h("span", { class: "hit-page" }, t("search.page", { page: hit.page.page_number }))) : null);
}

async function search(typing) {
  const q = box.value.trim();
  if (!q) {
    fill(list);
    fill(summary);
    return;
  }
  const query = new URLSearchParams({ q: box.value, per_page: "10" });
  if (typing) query.set("typing", "1");
  const answer = await run(query.toString());
  if (!answer) return;
  if (answer.error) {
    fill(summary, answer.error.message);
    return;
  }
  fill(summary, answer.message ? inLang(answer.message.vi, answer.message.en)
    : t("search.total", { count: answer.total, date: formatDate(answer.on) }));
  fill(list, ...answer.hits.map((hit) => hitItem(hit, box.value)));
  if (!answer.hits.length && !answer.message) list.append(h("li", {}, emptyNote(t("search.none"))));
}

box.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => search(true), 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  search(false);
});
