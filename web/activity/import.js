// Import of activities and recommendations (/activity/import.html): a CSV or XLSX file previewed (what each
// row would do) or imported — all rows or none — with the report of every bad row (sheet, row, column, what
// is wrong). Secretaries, the chair and administrators import.

import { api } from "../lib/api.js";
import { $, fill, h } from "../lib/dom.js";
import { showError } from "../lib/forms.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot } from "../lib/layout.js";
import { announce } from "../lib/status.js";

await boot({ roles: ["secretary", "chair", "admin"] });
const form = $("#import-form");

function drawReport(report) {
  const table = (head, rows) => h("div", { class: "table-wrap" }, h("table", { class: "import-errors" },
    h("thead", {}, h("tr", {}, head.map((k) => h("th", { scope: "col" }, t(k))))), h("tbody", {}, rows)));
  const counts = h("p", {}, t("actimport.counts", report.counts));
  if (report.errors.length) {
    fill($("#report"), counts, table(["actimport.sheet", "actimport.row", "actimport.column", "actimport.problem"],
      report.errors.map((e) => h("tr", {}, h("td", {}, e.sheet), h("td", {}, String(e.row)), h("td", {}, e.column || ""),
        h("td", {}, currentLang() === "en" ? e.message_en : e.message_vi)))));
    return;
  }
  fill($("#report"), counts, h("p", {}, report.committed ? t("actimport.done") : t("actimport.previewed")),
    table(["actimport.sheet", "actimport.row", "actimport.code", "actimport.outcome"],
      report.rows.map((r) => h("tr", {}, h("td", {}, r.sheet), h("td", {}, String(r.row)), h("td", {}, r.external_id),
        h("td", {}, t(`actimport.outcome_${r.outcome}`))))));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = form.elements.file.files[0];
  if (!file) {
    showError(form, { message: t("actimport.choose"), field: "file" });
    return;
  }
  const data = new FormData();
  data.append("file", file);
  data.append("commit", event.submitter?.value === "commit" ? "true" : "false");
  try {
    drawReport(await api.upload("/api/activity/import", data));
  } catch (error) {
    if (error.details?.report) {
      drawReport(error.details.report);
      announce(error.message, "error");
    } else showError(form, error);
  }
});
form.dataset.ready = "true"; // as onSubmit's forms
document.body.dataset.ready = "true";
