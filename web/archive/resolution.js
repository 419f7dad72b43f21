// A published resolution at its permanent address (/nq/{council}/{year}/{number}), for anyone: what it is, its
// legal force today and how it changed, its relations, the public documents of its dossier, the vote, the
// copy with a QR code back here — and whether a file someone holds is the archived one or this copy.
// With ?trang=N&q=…: page N of its signed copy, the words of the search highlighted over it (the search's hit).

import { api } from "../lib/api.js";
import { badge, emptyNote, fill, h } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot } from "../lib/layout.js";
import { fromAddress } from "../lib/page.js";
import { showPage } from "./resolution-page.js";

await boot();
const root = document.getElementById("resolution");
const [, , council, year, number] = window.location.pathname.split("/");
const base = `/api/public/resolutions/${encodeURIComponent(council)}/${encodeURIComponent(year)}/${encodeURIComponent(number)}`;
const FORCE_BADGE = { in_force: "published", ended: "former", not_yet: "draft" };
const label = (vi, en) => (currentLang() === "en" ? en : vi);

function facts(pairs) {
  return h("dl", { class: "facts" }, ...pairs.filter(([, v]) => v).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

async function digest(file) {
  const bytes = await file.arrayBuffer();
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function checker(signed) {
  if (!window.crypto?.subtle) return h("p", { class: "hint" }, t("resolution.check_needs_https"));
  const result = h("p", { id: "check-result", role: "status" });
  const input = h("input", { type: "file", accept: "application/pdf", id: "check-file" });
  input.addEventListener("change", async () => {
    if (!input.files.length) return;
    const sha = await digest(input.files[0]);
    const key = sha === signed.sha256 ? "resolution.check_original" : sha === signed.copy_sha256 ? "resolution.check_copy" : "resolution.check_differs";
    result.className = sha === signed.sha256 || sha === signed.copy_sha256 ? "check-ok" : "check-bad";
    result.textContent = t(key);
  });
  return h("div", { class: "checker" }, h("label", {}, h("span", {}, t("resolution.check")), input), result);
}

function show(r) {
  document.title = `${t("resolution.kind")} ${r.number} — ${r.council}`;
  const force = r.force;
  fill(root,
    h("p", { class: "eyebrow" }, r.council, " · ", h("a", { href: "/archive/search", id: "search-link" }, t("resolution.search_link"))),
    h("h1", {}, `${t("resolution.kind")} ${r.number}`),
    h("p", { class: "lead" }, r.title),
    h("section", { class: "force", "aria-labelledby": "force-heading" },
      h("h2", { id: "force-heading" }, t("resolution.force_today"), " ",
        badge(FORCE_BADGE[force.status] || "in_progress", label(force.label_vi, force.label_en))),
      force.ends_on ? h("p", { class: "will-end" }, label(force.will_end_vi, force.will_end_en)) : null,
      h("ul", {}, ...force.why.map((x) => h("li", {}, label(x.text_vi, x.text_en)))),
      force.upcoming.length ? [h("h3", {}, t("archive.upcoming")),
        h("ul", { id: "upcoming" }, ...force.upcoming.map((x) => h("li", {}, label(x.text_vi, x.text_en))))] : null),
    facts([
      [t("archive.f_adopted_on"), formatDate(r.adopted_on)],
      [t("archive.f_signed_on"), r.signed_on && formatDate(r.signed_on)],
      [t("archive.f_published_on"), r.published_on && formatDate(r.published_on)],
      [t("archive.f_effective_on"), r.effective_on && formatDate(r.effective_on)],
      [t("archive.f_expires_on"), r.expires_on && formatDate(r.expires_on)],
      [t("archive.f_field"), r.field],
      [t("archive.f_signer_name"), r.signer],
      [t("archive.kind_label"), r.normative ? t("archive.normative") : t("archive.not_normative")],
      [t("resolution.permalink"), r.permalink],
    ]),
    r.signed ? h("section", {}, h("h2", {}, t("archive.signed")),
      h("p", {}, h("a", { class: "btn btn-primary", href: `${base}/copy.pdf`, id: "copy-link" },
        t("resolution.download", { pages: r.signed.pages }))),
      h("p", { class: "hint" }, t("resolution.copy_hint")), checker(r.signed)) : null,
    h("section", {}, h("h2", {}, t("resolution.akn_download")), h("p", { class: "hint" }, t("resolution.akn_hint")),
      h("p", {}, h("a", { class: "btn", href: `${base}/akn.xml`, id: "akn-link", download: "" }, t("resolution.akn_download")))),
    h("section", {}, h("h2", {}, t("resolution.history")),
      h("ol", { id: "history" }, ...r.history.map((step) => {
        const acts = step.why.filter((x) => x.what !== "effective").map((x) => label(x.text_vi, x.text_en));
        return h("li", {}, h("strong", {}, `${formatDate(step.day)}: ${label(step.label_vi, step.label_en)}`),
          acts.length ? ` — ${acts.join("; ")}` : "");
      }))),
    h("section", {}, h("h2", {}, t("archive.relations")),
      r.relations.length ? h("ul", { id: "relations" }, ...r.relations.map((rel) => h("li", {},
        h("span", { class: "relation-label" }, label(rel.label_vi, rel.label_en)), " ",
        rel.permalink ? h("a", { href: rel.permalink }, rel.other) : rel.other,
        rel.parts.length ? ` (${rel.parts.join(", ")})` : "", ` — ${t("archive.from_date", { date: formatDate(rel.effective_on) })}`)))
        : emptyNote(t("archive.no_relations"))),
    r.vote ? h("section", {}, h("h2", {}, t("resolution.vote")), h("p", {}, `${r.vote.title}: ${r.vote.verdict} — ${r.vote.sentence}`)) : null,
    r.documents.length ? h("section", {}, h("h2", {}, t("resolution.documents")),
      h("ul", {}, ...r.documents.map((d) => h("li", {}, h("strong", {}, t(`doctype.${d.doc_type}`)), ` — ${d.title}`)))) : null);
}

try {
  const r = await api.get(base);
  const page = fromAddress("trang");
  if (page !== null && r.signed) await showPage(root, base, r, page, fromAddress("q") || "");
  else show(r);
} catch (error) {
  fill(root, h("h1", {}, t("resolution.not_found")), h("p", {}, error.message), h("p", {}, h("a", { href: "/" }, t("nav.home"))));
}
