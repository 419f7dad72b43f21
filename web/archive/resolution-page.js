// A page of a published resolution's signed copy (/nq/…?trang=N&q=…), as the public search opens a hit: the
// page's image with the words of the search highlighted over it — rectangles the server measured on the PDF
// (GET …/pages/N/marks), placed in fractions of the page so they scale with the image — the pages before and
// after, and the way back to the search.

import { api } from "../lib/api.js";
import { fill, h } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

const WIDTH = 1400; // px asked of the server (it rounds and bounds it)

function address(page, q) {
  const params = new URLSearchParams({ trang: String(page) });
  if (q) params.set("q", q);
  return `${window.location.pathname}?${params}`;
}

function mark(m) {
  const el = h("span", { class: "signed-mark", title: m.text });
  el.style.left = `${m.x * 100}%`; // (CSSOM, not a style attribute: the pages' CSP allows no inline style)
  el.style.top = `${m.y * 100}%`;
  el.style.width = `${m.width * 100}%`;
  el.style.height = `${m.height * 100}%`;
  return el;
}

/** Show page `asked` (`?trang=`) of `r` (the public resolution at `base`) in `root`, the words of `q` marked. */
export async function showPage(root, base, r, asked, q) {
  const pages = r.signed.pages;
  const page = Math.min(Math.max(1, Number.parseInt(asked, 10) || 1), pages);
  const name = `${t("resolution.kind")} ${r.number}`;
  document.title = `${name} — ${t("search.page", { page })}`;
  const marks = q ? (await api.get(`${base}/pages/${page}/marks?${new URLSearchParams({ q })}`)).marks : [];
  const image = h("img", { src: `${base}/pages/${page}.png?width=${WIDTH}`, alt: t("viewer.image", { page }), id: "page-image" });
  const back = sessionStorage.getItem("archive.search") || `/archive/search?${new URLSearchParams({ q })}`;
  const nav = () => h("nav", { "aria-label": t("viewer.image", { page }) },
    page > 1 ? h("a", { href: address(page - 1, q), class: "btn", rel: "prev" }, t("viewer.prev")) : null,
    page < pages ? h("a", { href: address(page + 1, q), class: "btn", rel: "next" }, t("viewer.next")) : null,
    h("a", { href: back, id: "back-to-search" }, t("viewer.back")),
    h("a", { href: window.location.pathname }, t("viewer.whole")));
  fill(root,
    h("section", { class: "page-viewer", "aria-labelledby": "viewer-heading" },
      h("p", { class: "eyebrow" }, r.council),
      h("h1", { id: "viewer-heading" }, t("viewer.heading", { name, page, pages })),
      h("p", { class: "lead" }, r.title),
      q ? h("p", { class: "hint", id: "marks-count", role: "status" }, t("viewer.marks", { count: marks.length, q })) : null,
      nav(),
      h("div", { class: "signed-sheet", id: "signed-sheet" }, image, ...marks.map(mark)),
      nav()));
}
