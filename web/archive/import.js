// Importing historical resolutions: choose many PDFs (and a CSV of their details), send them two at a time
// with a progress bar, start the import, then follow its report — imported, skipped, refused and why, the
// rate and the time left — until it ends (session_server/api/imports.py); below, the past imports and each
// one's report (lib/past-imports.js).

import { api } from "../lib/api.js";
import { fill, h, options } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot } from "../lib/layout.js";
import { announce } from "../lib/status.js";
import { showPastImports } from "../lib/past-imports.js";

const ARCHIVE_ROLES = ["archivist", "admin"];
const PARALLEL_UPLOADS = 2;
const POLL_MS = 1000;

const booted = await boot({ roles: ARCHIVE_ROLES });
const form = document.getElementById("import-form");
const formError = form.querySelector(".form-error");
const council = document.getElementById("import-council");
const uploadPanel = document.getElementById("upload-panel");
const uploadBar = document.getElementById("upload-progress");
const uploadStatus = document.getElementById("upload-status");
const reportPanel = document.getElementById("report-panel");
const importBar = document.getElementById("import-progress");
const stopButton = document.getElementById("import-stop");
const pastList = document.getElementById("past-list");
const pastReport = document.getElementById("past-report");
let jobId = null;

const showPast = () => showPastImports(pastList, pastReport).catch((error) => announce(error.message, "error"));

function message(outcome) {
  return (currentLang() === "en" ? outcome.en : outcome.vi) || "";
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.round(seconds);
  if (s < 60) return t("import.seconds", { n: s });
  return t("import.minutes", { m: Math.floor(s / 60), s: String(s % 60).padStart(2, "0") });
}

async function loadCouncils() {
  const data = await api.get("/api/councils");
  fill(council, options([["", t("import.council_from_header")], ...data.councils.map((c) => [c.id, c.name])], ""));
}

async function sendAll(files) {
  const total = files.reduce((sum, f) => sum + f.size, 0) || 1;
  let sent = 0;
  let done = 0;
  const queue = [...files];
  uploadBar.max = total;
  async function worker() {
    while (queue.length) {
      const file = queue.shift();
      const body = new FormData();
      body.append("file", file, file.name);
      await api.upload(`/api/archive/imports/${jobId}/files`, body);
      sent += file.size;
      done += 1;
      uploadBar.value = sent;
      uploadStatus.textContent = t("import.uploaded", { done: formatNumber(done), total: formatNumber(files.length) });
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker));
}

function render(state) {
  const p = state.progress || { total: state.received, done: 0, imported: 0, skipped: 0, refused: 0 };
  importBar.max = Math.max(1, p.total);
  importBar.value = p.done;
  document.getElementById("import-status").textContent = t(
    state.status === "running" ? "import.running" : "import.finished",
    { done: formatNumber(p.done), total: formatNumber(p.total), imported: formatNumber(p.imported),
      skipped: formatNumber(p.skipped), refused: formatNumber(p.refused) });
  document.getElementById("import-rate").textContent = p.files_per_second === undefined ? "" : t("import.rate", {
    files: p.files_per_second.toFixed(1), pages: Math.round(p.pages_per_second), left: duration(p.seconds_left) });
  const ocr = state.ocr;
  document.getElementById("import-ocr").textContent = p.scanned
    ? t("import.scanned", { n: p.scanned, ocr: currentLang() === "en" ? ocr.en : ocr.vi }) : "";
  fill(document.getElementById("refused"), state.refused.length
    ? state.refused.map((o) => h("tr", {}, h("td", {}, o.file), h("td", {}, message(o))))
    : h("tr", {}, h("td", { colspan: 2, class: "empty" }, t("import.none_refused"))));
  fill(document.getElementById("recent"), state.recent.map((o) => h("tr", { dataset: { status: o.status } },
    h("td", {}, o.file), h("td", {}, t(`import.status_${o.status}`)), h("td", {}, o.number || ""))));
  stopButton.hidden = state.status !== "running";
  if (state.error) announce(currentLang() === "en" ? state.error.en : state.error.vi, "error");
}

async function follow() {
  const state = await api.get(`/api/archive/imports/${jobId}`);
  render(state);
  if (state.status === "running") {
    setTimeout(() => follow().catch((error) => announce(error.message, "error")), POLL_MS);
    return;
  }
  document.getElementById("import-submit").disabled = false;
  await showPast();
  announce(t("import.done", { imported: state.progress?.imported ?? 0 }), state.error ? "error" : "success");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  formError.hidden = true;
  const files = [...form.elements.files.files];
  const csv = form.elements.csv.files[0];
  if (!files.length) {
    formError.textContent = t("import.choose_files");
    formError.hidden = false;
    return;
  }
  const submit = document.getElementById("import-submit");
  submit.disabled = true;
  try {
    const body = { create_councils: form.elements.create_councils.checked };
    const folder = (files[0].webkitRelativePath || "").split("/")[0];
    if (folder) body.source = folder;
    if (council.value) body.council_id = Number(council.value);
    jobId = (await api.post("/api/archive/imports", body)).id;
    uploadPanel.hidden = false;
    await sendAll(csv ? [csv, ...files] : files);
    reportPanel.hidden = false;
    render(await api.post(`/api/archive/imports/${jobId}/start`));
    await follow();
  } catch (error) {
    formError.textContent = error.message;
    formError.hidden = false;
    submit.disabled = false;
  }
});

stopButton.addEventListener("click", async () => {
  if (jobId !== null) render(await api.post(`/api/archive/imports/${jobId}/stop`));
});

if (booted) {
  await loadCouncils().catch((error) => announce(error.message, "error"));
  await showPast();
}
