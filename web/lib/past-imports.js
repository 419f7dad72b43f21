// Past imports of historical resolutions (read by the server from their journals): when, who, what, the
// counts imported / skipped / refused, finished, interrupted or unfinished — and each one's report, file by
// file, with a filter by outcome. Shown on the import page and in the archivist's workspace.

import { api } from "./api.js";
import { formatDateTime } from "./clock.js";
import { emptyNote, fill, h } from "./dom.js";
import { formatNumber } from "./format.js";
import { currentLang, t } from "./i18n.js";
import { announce } from "./status.js";

const text = (vi, en) => (currentLang() === "en" ? en : vi) || "";

function stateLabel(p) {
  return t(p.running ? "imports.state_running" : `imports.state_${p.state}`);
}

function outcomeRow(o) {
  const detail = o.status === "imported" ? o.number || "" : text(o.vi, o.en);
  return h("tr", { dataset: { status: o.status } },
    h("td", {}, o.file), h("td", {}, t(`import.status_${o.status}`)), h("td", {}, detail));
}

/** The report of the import ``name`` in ``panel``: a filter by outcome, the files, more on request. */
async function openReport(panel, name) {
  const filter = h("select", { name: "status", "aria-label": t("imports.filter") },
    ...["", "imported", "skipped", "refused"].map((s) =>
      h("option", { value: s }, s ? t(`import.status_${s}`) : t("imports.all"))));
  const rows = h("tbody", { id: "past-report-rows" });
  const more = h("button", { type: "button", class: "btn btn-small", hidden: true }, t("imports.more"));
  const heading = h("h3", { id: "past-report-heading", tabindex: "-1" }, t("imports.report_of", { name }));
  const summary = h("p", { class: "hint", id: "past-report-summary" });
  let offset = 0;
  async function load(append) {
    const status = filter.value ? `&status=${filter.value}` : "";
    const data = await api.get(`/api/archive/imports/journals/${encodeURIComponent(name)}?offset=${offset}${status}`);
    const p = data.past_import;
    summary.textContent = t("imports.summary", {
      when: p.started_at ? formatDateTime(p.started_at) : "—", who: p.actor || "—", source: p.source || "—",
      imported: formatNumber(p.imported), skipped: formatNumber(p.skipped), refused: formatNumber(p.refused),
      state: stateLabel(p) });
    const items = data.outcomes.map(outcomeRow);
    if (append) rows.append(...items);
    else fill(rows, ...(items.length ? items : [h("tr", {}, h("td", { colspan: 3, class: "empty" }, t("imports.no_files")))]));
    offset = data.offset + data.outcomes.length;
    more.hidden = offset >= data.matching;
  }
  filter.addEventListener("change", () => { offset = 0; load(false).catch((e) => announce(e.message, "error")); });
  more.addEventListener("click", () => load(true).catch((e) => announce(e.message, "error")));
  fill(panel, heading, summary, h("label", {}, h("span", {}, t("imports.filter")), filter),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t("import.file")), h("th", { scope: "col" }, t("import.outcome")),
        h("th", { scope: "col" }, t("imports.number_or_reason")))),
      rows)),
    h("div", { class: "actions" }, more));
  panel.hidden = false;
  await load(false);
  heading.focus();
}

/** The past imports in ``list`` (a table body's container); a report opens in ``reportPanel``. */
export async function showPastImports(list, reportPanel) {
  const data = await api.get("/api/archive/imports");
  if (!data.imports.length) {
    fill(list, emptyNote(t("imports.none")));
    return;
  }
  fill(list, h("div", { class: "table-wrap" }, h("table", { id: "past-imports" },
    h("caption", {}, t("imports.caption")),
    h("thead", {}, h("tr", {}, ...["when", "who", "source", "imported", "skipped", "refused", "state", "report"]
      .map((k) => h("th", { scope: "col" }, t(`imports.col_${k}`))))),
    h("tbody", {}, ...data.imports.map((p) => h("tr", { dataset: { name: p.name, state: p.state } },
      h("td", {}, p.started_at ? formatDateTime(p.started_at) : "—"),
      h("td", {}, p.actor || "—"),
      h("td", {}, p.source || "—"),
      h("td", {}, formatNumber(p.imported)),
      h("td", {}, formatNumber(p.skipped)),
      h("td", {}, formatNumber(p.refused)),
      h("td", {}, stateLabel(p)),
      h("td", {}, h("button", { type: "button", class: "btn btn-small", dataset: { report: p.name },
        onclick: () => openReport(reportPanel, p.name).catch((e) => announce(e.message, "error")) },
      t("imports.open")))))))));
}
