// The metrics dashboard: what the council, each unit and each delegate did over a year or a term —
// every number a button that opens the records behind it; a bar chart drawn here as SVG (no library); the
// emulation ranking with each unit's breakdown; the criteria with their weights (secretaries and admins
// change them: a version in use is never edited, the change is a new version); the annual report to download.

import { api, hasRole, EDITOR_ROLES, STAFF_ROLES } from "../lib/api.js";
import { todayIso } from "../lib/clock.js";
import { editDialog } from "../lib/dialogs.js";
import { $, fill, h, options } from "../lib/dom.js";
import { formatDate, formatNumber } from "../lib/format.js";
import { onSubmit } from "../lib/forms.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { announce } from "../lib/status.js";

const UNIT_COLUMNS = ["supervisions", "surveys", "voter_contacts", "voters_met", "citizen_receptions",
  "recommendations_raised", "recommendations_answered", "recommendations_resolved", "petitions_received",
  "petitions_resolved"];
const DELEGATE_COLUMNS = ["sittings_held", "sittings_present", "speeches", "questions_asked", "voter_contacts",
  "supervisions", "votes_taken_part"];
const SVG = "http://www.w3.org/2000/svg";

const { user, info } = await boot({ roles: ["delegate", ...STAFF_ROLES] });
const canEdit = hasRole(user, EDITOR_ROLES);
for (const el of document.querySelectorAll(".editor-only")) el.hidden = !canEdit;
const councilId = info.council.id;
const base = `/api/metrics/councils/${councilId}`;
const drillDialog = editDialog($("#drill-dialog"));
let measures = new Map();
let shown = null; // the figures on the page
let version = null; // the criteria version the ranking used
let editing = null; // that version with its criteria, in the editor

const yearInput = $("#filter-year");
yearInput.value = String(new Date(info.on).getFullYear());
fill($("#filter-term"), options([["", t("metrics.by_year")], [String(info.term.id), t("metrics.term_n", { n: info.term.number })]]));

function query() {
  const term = $("#filter-term").value;
  return term ? `term_id=${term}` : `year=${yearInput.value}`;
}

function label(name) {
  const m = measures.get(name);
  return m ? (currentLang() === "en" ? m.en : m.vi) : name;
}

function rate(value) {
  return value === null || value === undefined ? "—" : `${formatNumber(Math.round(value * 1000) / 10)} %`;
}

function figure(value, measure, level, key, name) {
  return h("td", { class: "num" }, h("button", {
    type: "button", class: "figure", dataset: { measure, level, key },
    "aria-label": t("metrics.open_records", { measure: label(measure), name }),
    onclick: () => openDrill(measure, level, key, name),
  }, formatNumber(value)));
}

function head(...names) {
  return h("thead", {}, h("tr", {}, names.map((n, i) => h("th", { class: i > 1 ? "num" : null, scope: "col" }, n))));
}

function drawCouncil(line) {
  const rows = [...measures.keys()].map((name) => h("tr", {}, h("th", { scope: "row" }, label(name)),
    figure(line.values[name], name, "council", 0, line.name)));
  rows.push(h("tr", {}, h("th", { scope: "row" }, t("metrics.attendance_rate")), h("td", { class: "num" }, rate(line.attendance_rate))));
  fill($("#council-table"), h("tbody", {}, rows));
}

function drawUnits(lines) {
  const body = lines.map((u) => h("tr", { dataset: { key: u.key } }, h("th", { scope: "row" }, u.name),
    h("td", {}, t(`metrics.kind_${u.kind}`)), UNIT_COLUMNS.map((m) => figure(u.values[m], m, "unit", u.key, u.name))));
  fill($("#units-table"), head(t("metrics.unit"), t("metrics.kind"), ...UNIT_COLUMNS.map(label)), h("tbody", {}, body));
}

function drawDelegates(lines) {
  const body = lines.map((d) => h("tr", { class: d.kind === "delegate" ? null : "apart", dataset: { key: d.key } },
    h("th", { scope: "row" }, d.name), h("td", {}, t(`metrics.kind_${d.kind}`)),
    h("td", { class: "num" }, formatNumber(d.days_in_office ?? 0)), h("td", { class: "num" }, rate(d.attendance_rate)),
    DELEGATE_COLUMNS.map((m) => figure(d.values[m], m, "delegate", d.key, d.name)),
    h("td", { class: "num" }, d.rates.voter_contacts === null ? "—" : formatNumber(d.rates.voter_contacts))));
  fill($("#delegates-table"), head(t("metrics.delegate"), t("metrics.kind"), t("metrics.days_in_office"),
    t("metrics.attendance_rate"), ...DELEGATE_COLUMNS.map(label), t("metrics.voter_contacts_per_year")), h("tbody", {}, body));
}

function drawChart() {
  const name = $("#chart-measure").value;
  const lines = shown.units;
  const top = Math.max(1, ...lines.map((u) => u.values[name]));
  const rowHeight = 26;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 640 ${Math.max(1, lines.length) * rowHeight + 10}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t("metrics.chart_of", { measure: label(name) }));
  lines.forEach((u, i) => {
    const y = i * rowHeight + 5;
    const width = Math.round((u.values[name] / top) * 380);
    const text = (x, content, anchor = "start") => {
      const el = document.createElementNS(SVG, "text");
      el.setAttribute("x", String(x));
      el.setAttribute("y", String(y + 16));
      el.setAttribute("text-anchor", anchor);
      el.textContent = content;
      return el;
    };
    const bar = document.createElementNS(SVG, "rect");
    for (const [k, v] of [["x", 200], ["y", y + 3], ["width", width], ["height", rowHeight - 8], ["class", "bar"]]) bar.setAttribute(k, String(v));
    svg.append(text(195, u.name.slice(0, 28), "end"), bar, text(206 + width, formatNumber(u.values[name])));
  });
  fill($("#chart"), svg);
}

function drawRanking(result) {
  version = result.version;
  fill($("#ranking-version"), version ? t("metrics.version_used", { title: version.title, date: formatDate(version.valid_from) })
    : t("metrics.no_criteria"));
  const body = result.scores.map((s) => h("tr", { class: s.rank === null ? "apart" : null, dataset: { key: s.key, type: s.unit_type } },
    h("td", { class: "num rank" }, s.rank === null ? "—" : String(s.rank)), h("th", { scope: "row" }, s.name),
    h("td", {}, t(`metrics.type_${s.unit_type}`)), h("td", { class: "num points" }, `${formatNumber(s.points)} / ${s.maximum}`),
    h("td", {}, s.parts.map((p) => h("div", {}, `${p.label}: ${formatNumber(p.count)} / ${formatNumber(p.target)} → ${formatNumber(p.points)}`)))));
  fill($("#ranking-table"), head(t("metrics.rank"), t("metrics.unit"), t("metrics.kind"), t("metrics.points"), t("metrics.breakdown")),
    h("tbody", {}, body));
}

async function drawCriteria() {
  const from = $("#criteria-start");
  if (!from.value) from.value = tomorrow();
  if (!version) { fill($("#criteria-table"), h("tbody", {}, h("tr", {}, h("td", {}, t("metrics.no_criteria"))))); return; }
  const full = await api.get(`/api/metrics/criteria/${version.id}`);
  const body = full.criteria.map((c) => h("tr", { dataset: { id: c.id } },
    h("td", {}, t(`metrics.type_${c.unit_type}`)), h("th", { scope: "row" }, c.label || label(c.measure)),
    h("td", { class: "num" }, `${c.target} / ${t(`metrics.per_${c.per}`)}`),
    h("td", { class: "num" }, h("input", { type: "number", class: "weight", min: 1, max: 1000, value: String(c.weight),
      name: `weight-${c.id}`, disabled: !canEdit, "aria-label": t("metrics.weight_of", { name: c.label || label(c.measure) }) }))));
  fill($("#criteria-table"), head(t("metrics.kind"), t("metrics.criterion"), t("metrics.target"), t("metrics.weight")), h("tbody", {}, body));
  editing = full;
}

function tomorrow() {
  const day = new Date(`${todayIso()}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

// The pages that open one record of a kind (``?id=``): activities, recommendations, petitions. The records
// of the sessions (sittings, speeches, questions, votes, documents read) are read on the session's pages.
const RECORD_PAGES = {
  activity: "/activity/index.html",
  recommendation: "/activity/recommendations.html",
  petition: "/activity/petitions.html",
};

function recordLink(r) {
  const page = RECORD_PAGES[r.kind];
  return page ? h("a", { href: `${page}?id=${r.id}` }, `#${r.id}`) : `#${r.id}`;
}

async function openDrill(measure, level, key, name) {
  const found = await api.get(`${base}/drill?${query()}&measure=${measure}&level=${level}&key=${key}`);
  fill($("#drill-heading"), t("metrics.records_of", { measure: label(measure), name }));
  fill($("#drill-total"), t("metrics.records_total", { n: found.records.length, total: formatNumber(found.total) }));
  const body = found.records.map((r) => h("tr", { dataset: { kind: r.kind, id: r.id } },
    h("td", {}, t(`metrics.record_${r.kind}`)), h("td", {}, recordLink(r)), h("td", {}, formatDate(r.on)),
    h("td", {}, r.title), h("td", { class: "num" }, formatNumber(r.amount))));
  fill($("#drill-table"), head(t("metrics.record_kind"), "ID", t("metrics.date"), t("metrics.record_title"), t("metrics.amount")),
    h("tbody", {}, body));
  drillDialog.open();
}

async function load() {
  const unit = $("#filter-unit").value;
  const [figures, scores] = await Promise.all([
    api.get(`${base}/figures?${query()}${unit ? `&unit_id=${unit}` : ""}`), api.get(`${base}/scores?${query()}`)]);
  shown = figures;
  measures = new Map(figures.measures.map((m) => [m.name, m]));
  fill($("#period"), t("metrics.period", { label: figures.period.label, start: formatDate(figures.period.start), end: formatDate(figures.period.end) }));
  if (!$("#filter-unit").options.length || !unit) {
    fill($("#filter-unit"), options([["", t("metrics.all_units")], ...figures.units.map((u) => [String(u.key), u.name])], unit));
  }
  const chartPick = $("#chart-measure");
  const picked = chartPick.value || "supervisions";
  fill(chartPick, options(UNIT_COLUMNS.map((m) => [m, label(m)]), picked));
  drawCouncil(figures.council);
  drawUnits(figures.units);
  drawDelegates(figures.delegates);
  drawChart();
  drawRanking(scores);
  await drawCriteria();
  $("#download-xlsx").href = `${base}/report.xlsx?${query()}`;
  $("#download-pdf").href = `${base}/report.pdf?${query()}`;
  document.body.dataset.ready = "true";
}

$("#chart-measure").addEventListener("change", drawChart);
onSubmit($("#filters"), () => load());
onSubmit($("#criteria-form"), async () => {
  const full = editing;
  if (!full) return;
  const criteria = full.criteria.map((c) => ({ unit_type: c.unit_type, measure: c.measure, target: c.target, per: c.per,
    weight: Number($(`input[name="weight-${c.id}"]`).value), ...(c.label ? { label: c.label } : {}) }));
  const saved = await api.put(`/api/metrics/criteria/${full.id}`, { valid_from: $("#criteria-start").value, title: full.title,
    ...(full.note ? { note: full.note } : {}), criteria });
  announce(t("metrics.criteria_saved", { date: formatDate(saved.valid_from) }));
  await load();
});
await load().catch(pageError);
