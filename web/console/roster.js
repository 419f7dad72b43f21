// The council's lists from a spreadsheet: pick a file, upload it (with its progress), read the preview
// (new, changed, unchanged, wrong rows), then import it — every row or none. Template and exports as links.

import { EDITOR_ROLES, uploadWithProgress } from "../lib/api.js";
import { badge, fill, h } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { boot } from "../lib/layout.js";
import { announce } from "../lib/status.js";

await boot({ roles: EDITOR_ROLES });

const form = document.getElementById("upload-form");
const input = document.getElementById("roster-file");
const formError = form.querySelector(".form-error");
const progressBox = document.getElementById("progress-box");
const progress = document.getElementById("upload-progress");
const progressText = document.getElementById("progress-text");
const previewButton = document.getElementById("preview-button");
const panel = document.getElementById("report-panel");
const summary = document.getElementById("summary");
const tbody = document.getElementById("report");
const commitButton = document.getElementById("commit-button");
const onlyChanges = document.getElementById("only-changes");

let chosen = null; // the file previewed: the import sends it again, and the server checks it again
let shown = null; // the report on screen, and whether it is of an import done
let shownCommitted = false;

function showProgress(fraction) {
  const percent = Math.round(fraction * 100);
  progress.value = percent;
  progressText.textContent = percent < 100 ? t("roster.uploading", { percent }) : t("roster.checking");
}

async function send(path) {
  const data = new FormData();
  data.append("file", chosen);
  progressBox.hidden = false;
  showProgress(0);
  previewButton.disabled = commitButton.disabled = true;
  try {
    return await uploadWithProgress(path, data, showProgress);
  } finally {
    progressBox.hidden = true;
    previewButton.disabled = commitButton.disabled = false;
  }
}

function changed(report) {
  return report.rows.filter((r) => r.action === "create" || r.action === "update").length;
}

function summaryLines(report, committed) {
  const lines = report.sheets.map((sheet) => {
    const c = report.counts[sheet.list];
    const label = t(`roster.list_${sheet.list}`);
    return h("p", {}, h("strong", {}, `${sheet.title === label ? label : `${label} (${sheet.title})`}: `),
      t(committed ? "roster.summary_done" : "roster.summary", {
        create: formatNumber(c.create), update: formatNumber(c.update),
        unchanged: formatNumber(c.unchanged), error: formatNumber(c.error),
      }),
      sheet.ignored_columns.length ? h("span", { class: "sub" },
        t("roster.ignored", { columns: sheet.ignored_columns.join(", ") })) : null);
  });
  if (report.organizations_created.length) {
    lines.push(h("p", {}, t(committed ? "roster.orgs_done" : "roster.orgs",
      { names: report.organizations_created.join(", ") })));
  }
  if (!report.ok) lines.push(h("p", { class: "form-error", role: "alert" }, t("roster.fix_errors")));
  else if (!committed && !changed(report)) lines.push(h("p", {}, t("roster.nothing_to_do")));
  return lines;
}

function details(row) {
  if (row.errors.length) {
    return h("ul", { class: "roster-notes" }, ...row.errors.map((e) =>
      h("li", {}, e.column ? h("strong", {}, `${e.column}: `) : null, e.message)));
  }
  if (!row.changes.length) return null;
  return h("ul", { class: "roster-notes" }, ...row.changes.map((c) =>
    h("li", {}, h("strong", {}, `${c.column}: `), `${c.before ?? "—"} → ${c.after ?? "—"}`)));
}

function line(row) {
  return h("tr", { class: `roster-row roster-${row.action}`, dataset: { row: row.row, action: row.action } },
    h("td", { class: "num" }, String(row.row)),
    h("td", {}, t(`roster.list_${row.list}`)),
    h("td", {}, row.name || "—"),
    h("td", {}, badge(`roster-${row.action}`, t(`roster.action_${row.action}`))),
    h("td", {}, details(row)));
}

function render(report, committed) {
  shown = report;
  shownCommitted = committed;
  panel.hidden = false;
  fill(summary, ...summaryLines(report, committed));
  const rows = onlyChanges.checked ? report.rows.filter((r) => r.action !== "unchanged") : report.rows;
  fill(tbody, rows.length ? rows.map(line)
    : h("tr", {}, h("td", { colspan: 5, class: "empty" }, t("roster.no_rows"))));
  const count = changed(report);
  commitButton.hidden = committed || !report.ok || count === 0;
  commitButton.textContent = t("roster.commit", { count: formatNumber(count) });
}

function refused(error) {
  if (error.details?.report) render(error.details.report, false);
  announce(error.message, "error");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  formError.hidden = true;
  chosen = input.files[0] || null;
  if (!chosen) {
    formError.textContent = t("roster.choose_file");
    formError.hidden = false;
    input.focus();
    return;
  }
  try {
    render(await send("/api/roster/preview"), false);
  } catch (error) {
    panel.hidden = true;
    formError.textContent = error.message;
    formError.hidden = false;
  }
});

commitButton.addEventListener("click", async () => {
  try {
    const report = await send("/api/roster/import");
    render(report, true);
    announce(t("roster.imported", { count: formatNumber(changed(report)) }), "success");
  } catch (error) {
    refused(error);
  }
});

input.addEventListener("change", () => {
  panel.hidden = true;
  shown = null;
});

onlyChanges.addEventListener("change", () => {
  if (shown) render(shown, shownCommitted);
});
