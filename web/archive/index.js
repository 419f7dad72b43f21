// The archivist's workspace: the resolutions a vote made (waiting for their number) and those typed in; one
// resolution's number, dates, signed copy, dossier, vote and relations both ways; its legal force on any date
// with the acts behind it; the yearly list of what ended or was suspended; past imports and their reports
// (archivists). Staff read; archivists change.

import { api, hasRole, STAFF_ROLES } from "../lib/api.js";
import { todayIso } from "../lib/clock.js";
import { confirmDialog, editDialog } from "../lib/dialogs.js";
import { $, badge, emptyNote, fill, h, options } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { onSubmit, readForm, writeForm } from "../lib/forms.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { fromAddress, idFromAddress } from "../lib/page.js";
import { announce, guarded } from "../lib/status.js";
import { showPastImports } from "../lib/past-imports.js";

const { user } = await boot({ roles: STAFF_ROLES });
const canEdit = hasRole(user, ["archivist", "admin"]);
for (const el of document.querySelectorAll(".archivist-only")) el.hidden = !canEdit;

const KINDS = ["based_on", "guides", "amends", "supplements", "replaces", "repeals", "suspends", "cites"];
const FORCE_BADGE = {
  not_yet: "draft", in_force: "published", partly_ended: "in_progress", ended: "former",
  suspended: "in_progress", partly_suspended: "in_progress",
};
const list = $("#resolutions");
const detail = $("#detail");
const filters = $("#filters");
let page = 1;
let selected = idFromAddress("id");

const en = () => currentLang() === "en";
const label = (vi, english) => (en() ? english : vi);

function onDate() {
  return $("#filter-on").value || null;
}

function forceBadge(force) {
  return badge(FORCE_BADGE[force.status] || "draft", label(force.label_vi, force.label_en));
}

function query(extra = {}) {
  const params = new URLSearchParams();
  const values = { ...readForm(filters), page, ...extra };
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === false || value === "") continue;
    params.set(key, value === true ? "1" : value);
  }
  return params.toString();
}

async function loadList() {
  const data = await guarded(() => api.get(`/api/archive/resolutions?${query()}`));
  if (!data) return;
  $("#list-count").textContent = t("archive.count", { total: data.total });
  fill(list, ...(data.resolutions.length ? data.resolutions.map(listItem) : [emptyNote(t("archive.none"))]));
  fill($("#pager"), ...(data.pages > 1 ? pager(data.page, data.pages) : []));
}

function listItem(r) {
  return h("li", { class: "resolution-item", dataset: { id: r.id } },
    h("button", { type: "button", class: "resolution-pick", "aria-current": r.id === selected ? "true" : null,
      onclick: () => select(r.id) },
      h("span", { class: "resolution-number" }, r.number || t("archive.no_number")),
      h("span", { class: "resolution-title" }, r.title),
      h("span", { class: "resolution-meta" }, `${r.council} · ${formatDate(r.adopted_on)} `, forceBadge(r.force))));
}

function pager(current, pages) {
  const go = (n) => () => { page = n; loadList(); };
  return [
    h("button", { type: "button", class: "btn btn-small", disabled: current <= 1, onclick: go(current - 1) }, t("archive.prev")),
    h("span", {}, t("archive.page", { page: current, pages })),
    h("button", { type: "button", class: "btn btn-small", disabled: current >= pages, onclick: go(current + 1) }, t("archive.next")),
  ];
}

async function select(id) {
  selected = id;
  const url = new URL(window.location.href);
  url.searchParams.set("id", id);
  window.history.replaceState(null, "", url);
  for (const button of list.querySelectorAll(".resolution-pick")) {
    button.setAttribute("aria-current", button.closest("li").dataset.id === String(id) ? "true" : "false");
  }
  const on = onDate();
  const data = await guarded(() => api.get(`/api/archive/resolutions/${id}${on ? `?on=${on}` : ""}`));
  if (data) showDetail(data);
}

function facts(pairs) {
  return h("dl", { class: "facts" }, ...pairs.filter(([, v]) => v).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function forceSection(force) {
  const reasons = force.why.map((r) => h("li", {}, label(r.text_vi, r.text_en)));
  const coming = force.upcoming.map((r) => h("li", {}, label(r.text_vi, r.text_en)));
  return h("section", { class: "force", "aria-labelledby": "force-heading" },
    h("h3", { id: "force-heading" }, t("archive.force_on", { date: formatDate(force.on) }), " ", forceBadge(force)),
    force.ends_on ? h("p", { class: "will-end" }, label(force.will_end_vi, force.will_end_en)) : null,
    reasons.length ? [h("h4", {}, t("archive.why")), h("ul", { id: "force-why" }, ...reasons)] : null,
    coming.length ? [h("h4", {}, t("archive.upcoming")), h("ul", {}, ...coming)] : null);
}

function numberSection(data) {
  const r = data.resolution;
  if (r.number) {
    return h("section", { class: "number" },
      h("p", {}, t("archive.numbered", { number: r.number })),
      r.permalink ? h("p", {}, h("a", { href: r.permalink, id: "permalink" }, t("archive.permalink")),
        r.published_on ? "" : h("span", { class: "hint" }, ` ${t("archive.permalink_unpublished")}`)) : null,
      h("p", {}, h("a", { href: `/archive/tracking.html?resolution=${r.id}`, id: "tracking-link" }, t("tracking.open_resolution"))),
      r.gap_reason ? h("p", { class: "hint" }, t("archive.gap_recorded", { reason: r.gap_reason })) : null,
      canEdit && !r.signed ? h("button", { type: "button", class: "btn btn-small", onclick: () => unnumber(r) }, t("archive.unnumber")) : null);
  }
  if (!canEdit) return h("p", { class: "hint" }, t("archive.waiting_number"));
  const form = h("form", { id: "number-form", class: "inline-form", novalidate: true },
    h("p", { class: "form-error", role: "alert", hidden: true }),
    h("label", {}, h("span", {}, t("archive.f_number")),
      h("input", { name: "number", id: "number-input", placeholder: data.proposed_number, value: data.proposed_number })),
    h("label", {}, h("span", {}, t("archive.gap_reason")), h("input", { name: "gap_reason", id: "gap-reason" })),
    h("button", { type: "submit", class: "btn btn-primary" }, t("archive.assign")));
  onSubmit(form, async (values) => {
    const body = { number: values.number || null, gap_reason: values.gap_reason };
    showDetail(await api.post(`/api/archive/resolutions/${r.id}/number`, body));
    announce(t("archive.numbered", { number: body.number || data.proposed_number }));
    loadList();
  });
  return h("section", { class: "number" }, h("h3", {}, t("archive.number_heading")),
    h("p", { class: "hint" }, t("archive.proposed", { number: data.proposed_number })), form);
}

async function unnumber(r) {
  if (!(await confirmDialog(t("archive.unnumber_confirm", { number: r.number })))) return;
  const data = await guarded(() => api.del(`/api/archive/resolutions/${r.id}/number`));
  if (data) { showDetail(data); loadList(); }
}

function metadataForm(r) {
  const field = (name, type = "text") => h("label", {}, h("span", {}, t(`archive.f_${name}`)),
    type === "textarea" ? h("textarea", { name, rows: 2 }) : h("input", { name, type }));
  const form = h("form", { id: "meta-form", novalidate: true },
    h("p", { class: "form-error", role: "alert", hidden: true }),
    h("div", { class: "fields" },
      field("title", "textarea"), field("field"), field("signer_name"), field("signer_title"),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "normative" }), h("span", {}, t("archive.f_normative"))),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "special_procedure" }), h("span", {}, t("archive.f_special_procedure"))),
      field("adopted_on", "date"), field("signed_on", "date"), field("published_on", "date"),
      field("effective_on", "date"), field("expires_on", "date")),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn btn-primary" }, t("action.save"))));
  writeForm(form, r);
  for (const el of form.elements) el.disabled = !canEdit && el.tagName !== "BUTTON";
  form.querySelector("button").hidden = !canEdit;
  onSubmit(form, async (values) => {
    showDetail(await api.patch(`/api/archive/resolutions/${r.id}`, values));
    announce(t("archive.saved"));
    loadList();
  });
  return h("details", { class: "panel-inner", open: !r.number }, h("summary", {}, t("archive.metadata")), form);
}

function signedSection(r) {
  const link = r.signed
    ? h("p", {}, h("a", { href: `/api/archive/resolutions/${r.id}/signed.pdf`, id: "signed-link" },
      t("archive.signed_download", { pages: r.signed.pages })),
    h("span", { class: "hint" }, ` SHA-256 ${r.signed.sha256.slice(0, 16)}…`))
    : h("p", { class: "hint" }, t("archive.no_signed"));
  const akn = h("p", {}, h("a", { href: `/api/archive/resolutions/${r.id}/akn.xml`, id: "akn-link", download: "" },
    t("archive.akn_download")));
  if (!canEdit || !r.number) return h("section", {}, h("h3", {}, t("archive.signed")), link, akn);
  const input = h("input", { type: "file", name: "file", accept: "application/pdf", id: "signed-file" });
  const form = h("form", { id: "signed-form", class: "inline-form" },
    h("p", { class: "form-error", role: "alert", hidden: true }), input,
    h("button", { type: "submit", class: "btn" }, t("archive.signed_upload")));
  onSubmit(form, async () => {
    if (!input.files.length) throw new Error(t("archive.signed_pick"));
    const body = new FormData();
    body.append("file", input.files[0]);
    showDetail(await api.upload(`/api/archive/resolutions/${r.id}/signed`, body));
    announce(t("archive.signed_done"));
  });
  return h("section", {}, h("h3", {}, t("archive.signed")), link, akn, form);
}

function dossierSection(data) {
  const docs = data.dossier.map((d) => h("li", {}, h("strong", {}, t(`doctype.${d.doc_type}`)), ` — ${d.title} (${d.pages} tr.)`));
  const vote = data.vote;
  const result = vote?.result;
  return h("section", {}, h("h3", {}, t("archive.dossier")),
    docs.length ? h("ul", { id: "dossier" }, ...docs) : emptyNote(t("archive.no_dossier")),
    result ? h("p", { id: "vote-result" }, `${vote.title}: ${result.verdict} — ${result.sentence}`,
      vote.secret ? ` (${t("archive.secret_vote")})` : "") : null,
    data.voters.length ? h("details", {}, h("summary", {}, t("archive.voters", { count: data.voters.length })),
      h("ul", { id: "voters" }, ...data.voters.map((v) => h("li", {}, `${v.full_name}: ${v.choice}`)))) : null);
}

function relationsSection(data) {
  const r = data.resolution;
  const rows = data.relations.map((rel) => h("li", { dataset: { relation: rel.id } },
    h("span", { class: "relation-label" }, label(rel.label_vi, rel.label_en)), " ",
    h("a", { href: `?id=${rel.other.id}`, onclick: (e) => { e.preventDefault(); select(rel.other.id); } },
      rel.other.number || rel.other.title),
    rel.parts.length ? ` (${rel.parts.join(", ")})` : "",
    ` — ${t("archive.from_date", { date: formatDate(rel.effective_on) })}`,
    rel.until_on ? ` ${t("archive.until_date", { date: formatDate(rel.until_on) })}` : "",
    canEdit ? h("button", { type: "button", class: "btn btn-small btn-quiet", onclick: () => removeRelation(rel, r.id),
      "aria-label": t("archive.remove_relation") }, "×") : null));
  return h("section", {}, h("h3", {}, t("archive.relations")),
    rows.length ? h("ul", { id: "relations" }, ...rows) : emptyNote(t("archive.no_relations")),
    canEdit ? relationForm(r) : null);
}

async function removeRelation(rel, id) {
  if (!(await confirmDialog(t("archive.remove_relation_confirm")))) return;
  if (await guarded(() => api.del(`/api/archive/relations/${rel.id}`))) select(id);
}

function relationForm(r) {
  const picked = h("input", { type: "hidden", name: "target_id" });
  const search = h("input", { type: "search", id: "relation-target", autocomplete: "off", role: "combobox",
    "aria-autocomplete": "list", "aria-controls": "relation-options", "aria-expanded": "false", "data-skip": "" });
  const choices = h("ul", { id: "relation-options", role: "listbox", class: "picker", hidden: true });
  let timer = null;
  search.addEventListener("input", () => {
    picked.value = "";
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const words = search.value.trim();
      if (!words) { choices.hidden = true; return; }
      const found = await api.get(`/api/archive/resolutions?q=${encodeURIComponent(words)}`).catch(() => null);
      const items = (found?.resolutions || []).filter((o) => o.id !== r.id).slice(0, 8);
      fill(choices, ...items.map((o) => h("li", { role: "option", tabindex: "-1",
        onclick: () => { picked.value = o.id; search.value = o.number || o.title; choices.hidden = true; search.setAttribute("aria-expanded", "false"); } },
        h("strong", {}, o.number || t("archive.no_number")), ` ${o.title}`)));
      choices.hidden = !items.length;
      search.setAttribute("aria-expanded", String(Boolean(items.length)));
    }, 200);
  });
  const form = h("form", { id: "relation-form", novalidate: true },
    h("p", { class: "form-error", role: "alert", hidden: true }),
    h("div", { class: "fields" },
      h("label", {}, h("span", {}, t("archive.relation_kind")),
        h("select", { name: "kind", id: "relation-kind" }, ...options(KINDS.map((k) => [k, t(`archive.kind.${k}`)]), "amends"))),
      h("label", { class: "picker-field" }, h("span", {}, t("archive.relation_target")), search, choices, picked),
      h("label", {}, h("span", {}, t("archive.relation_parts")), h("input", { name: "parts", id: "relation-parts", placeholder: "Điều 2; khoản 3 Điều 4" })),
      h("label", {}, h("span", {}, t("archive.relation_effective")), h("input", { type: "date", name: "effective_on", id: "relation-effective" })),
      h("label", {}, h("span", {}, t("archive.relation_until")), h("input", { type: "date", name: "until_on" }))),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn" }, t("archive.relation_add"))));
  onSubmit(form, async (values) => {
    if (!values.target_id) throw new Error(t("archive.relation_pick"));
    const parts = (values.parts || "").split(/[;\n]/).map((p) => p.trim()).filter(Boolean);
    const body = { target_id: Number(values.target_id), kind: values.kind, parts, effective_on: values.effective_on, until_on: values.until_on };
    await api.post(`/api/archive/resolutions/${r.id}/relations`, body);
    announce(t("archive.related"));
    select(r.id);
  });
  return h("details", { class: "panel-inner" }, h("summary", {}, t("archive.relation_new")), form);
}

function showDetail(data) {
  const r = data.resolution;
  fill(detail,
    h("h2", { id: "detail-heading" }, r.number || t("archive.no_number")),
    h("p", { class: "lead" }, r.title),
    facts([
      [t("archive.council"), r.council],
      [t("archive.f_adopted_on"), formatDate(r.adopted_on)],
      [t("archive.f_effective_on"), r.effective_on ? formatDate(r.effective_on) : null],
      [t("archive.kind_label"), r.normative ? t("archive.normative") : t("archive.not_normative")],
    ]),
    forceSection(r.force),
    numberSection(data),
    metadataForm(r),
    signedSection(r),
    dossierSection(data),
    relationsSection(data));
}

async function showYearly(year) {
  const home = (await api.get("/api/councils").catch(() => null))?.councils?.[0];
  if (!home) return;
  const data = await guarded(() => api.get(`/api/archive/councils/${home.id}/ended?year=${year}`));
  if (!data) return;
  const rows = data.entries.map((e) => h("tr", {},
    h("td", {}, e.resolution.number || "—"), h("td", {}, e.resolution.title),
    h("td", {}, label(e.label_vi, e.label_en)), h("td", {}, formatDate(e.day)),
    h("td", {}, e.reasons.map((x) => label(x.text_vi, x.text_en)).join("; "))));
  const files = h("p", { class: "actions" },
    h("a", { class: "btn btn-small", href: `/api/archive/councils/${home.id}/ended.xlsx?year=${year}` }, t("archive.yearly_xlsx")),
    h("a", { class: "btn btn-small", href: `/api/archive/councils/${home.id}/ended.pdf?year=${year}` }, t("archive.yearly_pdf")));
  fill($("#yearly"), files, rows.length
    ? h("table", { class: "table", id: "yearly-table" },
      h("thead", {}, h("tr", {}, ...["archive.f_number", "archive.f_title", "archive.status", "archive.day", "archive.why"].map((k) => h("th", {}, t(k))))),
      h("tbody", {}, ...rows))
    : emptyNote(t("archive.yearly_none", { year })));
}

async function newResolution() {
  const dialog = editDialog($("#new-dialog"));
  const councils = (await api.get("/api/councils")).councils;
  fill($("#new-council"), ...options(councils.map((c) => [c.id, c.name]), councils[0]?.id));
  dialog.open();
}

onSubmit($("#new-form"), async (values, form) => {
  const body = { ...values, council_id: Number(values.council_id) };
  const data = await api.post("/api/archive/resolutions", body);
  form.closest("dialog").close();
  form.reset();
  await loadList();
  showDetail(data);
  selected = data.resolution.id;
});

// The filters live in the address too: a reload, a language switch or a shared link shows the same list.
const FILTERS = ["q", "year", "waiting", "on"];
writeForm(filters, Object.fromEntries(FILTERS.filter((k) => fromAddress(k) !== null)
  .map((k) => [k, k === "waiting" ? fromAddress(k) === "1" : fromAddress(k)])));

function keepFilters() {
  const url = new URL(window.location.href);
  const values = readForm(filters);
  for (const key of FILTERS) {
    const value = values[key];
    if (value === null || value === false || value === "") url.searchParams.delete(key);
    else url.searchParams.set(key, value === true ? "1" : value);
  }
  window.history.replaceState(null, "", url);
}

let typing = null;
filters.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => { keepFilters(); page = 1; loadList(); if (selected) select(selected); }, 250);
});
filters.addEventListener("submit", (e) => e.preventDefault());
$("#new-resolution").addEventListener("click", () => newResolution().catch(pageError));
$("#yearly-year").value = String(Number(todayIso().slice(0, 4)) - 1);
onSubmit($("#yearly-form"), async (values) => showYearly(values.year));

await loadList();
if (selected) await select(selected);
if (canEdit) await showPastImports($("#past-list"), $("#past-report")).catch(pageError);
