// Implementation tracking of resolutions (/archive/tracking.html?resolution=N): the tasks of a resolution as a
// tree with their rolled-up progress, adding and editing them, milestones and dated reports (a PDF attached),
// the overdue list, and the CSV import with its report of bad rows. Archivists and administrators write; the
// other staff read.

import { api, hasRole, STAFF_ROLES } from "../lib/api.js";
import { confirmDialog, editDialog } from "../lib/dialogs.js";
import { $, $$, fill, h, options } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { clearErrors, fieldsFromTemplate, onSubmit, showError, writeForm } from "../lib/forms.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { idFromAddress } from "../lib/page.js";
import { announce, guarded } from "../lib/status.js";

const WRITERS = ["archivist", "admin"];
const { user } = await boot({ roles: STAFF_ROLES });
const canWrite = hasRole(user, WRITERS);
for (const [n, slot] of $$("[data-fields]").entries()) slot.append(fieldsFromTemplate(slot.dataset.fields, `t${n}`));
for (const el of $$(".writer-only")) el.hidden = !canWrite;

const picker = $("#resolution");
const editor = editDialog($("#edit-dialog"));
const detail = editDialog($("#detail-dialog"));
let resolutions = [];
let current = null; // { resolution, today, tasks }
let flat = [];
let editing = null;
let showing = null;

function descendants(task) {
  const byId = new Map(current.tasks.map((x) => [x.id, x]));
  const out = new Set();
  const walk = (id) => { out.add(id); for (const child of byId.get(id)?.child_ids ?? []) walk(child); };
  walk(task.id);
  return out;
}

function progressBar(value, label) {
  return h("span", { class: "progress-cell" },
    h("progress", { max: 100, value, "aria-label": t("tracking.progress_of", { name: label, value }) }), `${value} %`);
}

function taskBadge(task) {
  return h("span", { class: `badge badge-${task.status}`, dataset: { status: task.status } }, t(`tracking.status_${task.status}`));
}

function row({ task, depth }) {
  const actions = [
    h("button", { type: "button", class: "btn btn-small", onclick: () => openDetail(task.id),
      "aria-label": t("tracking.open_named", { name: task.title }) }, t("tracking.open")),
  ];
  if (canWrite) {
    actions.push(
      h("button", { type: "button", class: "btn btn-small", onclick: () => openEditor(task),
        "aria-label": t("tracking.edit_named", { name: task.title }) }, t("action.edit")),
      h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => removeTask(task),
        "aria-label": t("tracking.delete_named", { name: task.title }) }, t("action.delete")));
  }
  return h("tr", { class: `depth-${Math.min(depth, 4)}`, dataset: { id: task.id, code: task.external_id }, "aria-level": depth + 1 },
    h("td", { class: "task-name" },
      h("strong", {}, task.title),
      task.article ? h("span", { class: "task-article" }, `${task.article} · ${task.external_id}`)
        : h("span", { class: "task-article" }, task.external_id),
      task.closed_reason ? h("span", { class: "task-reason" }, task.closed_reason) : null),
    h("td", {}, task.agency || ""),
    h("td", {}, formatDate(task.deadline)),
    h("td", {}, progressBar(task.progress, task.title)),
    h("td", {}, taskBadge(task)),
    h("td", { class: "actions-cell" }, actions));
}

function parentChoices(exclude = null) {
  const banned = exclude ? descendants(exclude) : new Set();
  return [["", t("tracking.no_parent")],
    ...flat.filter(({ task }) => !banned.has(task.id)).map(({ task, depth }) => [task.id, `${"— ".repeat(depth)}${task.title}`])];
}

function drawTree() {
  flat = current.tasks.map((task) => ({ task, depth: task.depth }));
  fill($("#tasks"), flat.length ? flat.map(row) : h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("tracking.no_tasks"))));
  for (const select of $$("#add-form [data-parent]")) fill(select, options(parentChoices(), select.dataset.keep ?? ""));
  const summary = resolutions.find((r) => r.id === current.resolution.id);
  $("#resolution-summary").textContent = summary && summary.progress !== null
    ? t("tracking.summary", { count: summary.tasks, late: summary.overdue, progress: summary.progress }) : "";
  $("#export-one").href = `/api/archive/tracking/tasks.csv?resolution_id=${current.resolution.id}`;
  $("#export-one-xlsx").href = `/api/archive/tracking/tasks.xlsx?resolution_id=${current.resolution.id}`;
}

async function loadResolutions() {
  resolutions = (await api.get("/api/archive/tracking/resolutions")).resolutions;
  const wanted = idFromAddress("resolution") || picker.value || resolutions[0]?.id;
  fill(picker, options(resolutions.map((r) => [r.id, `${r.number || t("tracking.unnumbered")} — ${r.title}`]), wanted));
}

async function loadTree() {
  if (!picker.value) {
    fill($("#tasks"), h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("tracking.no_resolutions"))));
    return;
  }
  current = await api.get(`/api/archive/resolutions/${picker.value}/tasks`);
  drawTree();
}

async function refresh() {
  await loadResolutions();
  await loadTree();
  await loadOverdue();
}

async function loadOverdue() {
  const agency = $("#overdue-agency").value.trim();
  const query = agency ? `?agency=${encodeURIComponent(agency)}` : "";
  const late = (await api.get(`/api/archive/tracking/overdue${query}`)).tasks;
  fill($("#overdue"), late.length ? late.map((task) => h("tr", { dataset: { id: task.id } },
    h("td", {}, task.resolution.number || task.resolution.title),
    h("td", {}, task.title),
    h("td", {}, task.agency || ""),
    h("td", {}, formatDate(task.deadline)),
    h("td", { class: "late" }, t("tracking.days", { count: task.days_late })),
    h("td", {}, progressBar(task.progress, task.title))))
    : h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("tracking.no_overdue"))));
}

function taskBody(values) {
  const body = { ...values };
  body.parent_id = body.parent_id ? Number(body.parent_id) : null;
  if (body.progress === null) body.progress = 0;
  return body;
}

onSubmit($("#add-form"), async (values, form) => {
  const created = await api.post(`/api/archive/resolutions/${current.resolution.id}/tasks`, taskBody(values));
  form.reset();
  form.elements.parent_id.dataset.keep = values.parent_id ?? ""; // the next sub-task goes under the same parent
  announce(t("tracking.added", { name: created.title }), "success");
  await refresh();
});

function openEditor(task) {
  editing = task;
  const form = $("#edit-form");
  fill(form.elements.parent_id, options(parentChoices(task), task.parent_id ?? ""));
  writeForm(form, { ...task, progress: task.own_progress, parent_id: task.parent_id ?? "", closed_reason: task.closed_reason ?? "" });
  editor.open(form.elements.title);
}

onSubmit($("#edit-form"), async (values) => {
  const body = taskBody(values);
  if ((body.closed_reason ?? null) === (editing.closed_reason ?? null)) delete body.closed_reason;
  const saved = await api.patch(`/api/archive/tasks/${editing.id}`, body);
  editor.close();
  announce(t("tracking.saved", { name: saved.title }), "success");
  await refresh();
});

async function removeTask(task) {
  if (!(await confirmDialog(t("tracking.delete_confirm", { name: task.title }), { confirmLabel: t("action.delete") }))) return;
  await guarded(async () => {
    await api.del(`/api/archive/tasks/${task.id}`);
    announce(t("tracking.deleted", { name: task.title }), "success");
    await refresh();
  });
}

function drawDetail(task) {
  showing = task;
  $("#detail-heading").textContent = task.title;
  $("#detail-sub").textContent = t("tracking.detail_sub", {
    agency: task.agency || "—", deadline: formatDate(task.deadline) || "—", progress: task.progress, status: t(`tracking.status_${task.status}`),
  });
  fill($("#milestones"), task.milestones.length ? task.milestones.map((m) => h("li", { dataset: { id: m.id } },
    h("strong", {}, m.title), " — ", t("tracking.milestone_line", { due: formatDate(m.due) }),
    m.done_on ? ` · ${t("tracking.milestone_done", { date: formatDate(m.done_on) })}` : null,
    m.late ? h("span", { class: "late" }, ` · ${t("tracking.milestone_late")}`) : null,
    canWrite && !m.done_on ? [" ", h("button", { type: "button", class: "btn btn-small", onclick: () => milestoneDone(m) }, t("tracking.milestone_mark"))] : null))
    : h("li", { class: "empty" }, t("tracking.no_milestones")));
  fill($("#reports"), task.reports.length ? task.reports.map((r) => h("li", { dataset: { id: r.id } },
    h("strong", {}, formatDate(r.dated)), r.progress !== null ? ` · ${r.progress} %` : null, " — ", r.text,
    r.attachment ? [" · ", h("a", { href: r.attachment.url, target: "_blank", rel: "noopener" },
      t("tracking.attachment", { name: r.attachment.name, pages: r.attachment.pages }))] : null))
    : h("li", { class: "empty" }, t("tracking.no_reports")));
}

async function openDetail(taskId) {
  await guarded(async () => {
    drawDetail(await api.get(`/api/archive/tasks/${taskId}`));
    const form = $("#report-form");
    form.reset();
    form.elements.dated.value = current.today;
    detail.open($("#detail-dialog [data-close]"));
  });
}

async function milestoneDone(m) {
  await guarded(async () => {
    drawDetail(await api.patch(`/api/archive/milestones/${m.id}`, { done_on: current.today }));
    await loadTree();
  });
}

onSubmit($("#milestone-form"), async (values, form) => {
  drawDetail(await api.post(`/api/archive/tasks/${showing.id}/milestones`, values));
  form.reset();
  announce(t("tracking.milestone_added"), "success");
});

onSubmit($("#report-form"), async (values, form) => {
  const data = new FormData();
  for (const key of ["dated", "text"]) data.append(key, values[key] ?? "");
  if (values.progress !== null) data.append("progress", String(values.progress));
  const file = form.elements.file.files[0];
  if (file) data.append("file", file);
  drawDetail(await api.upload(`/api/archive/tasks/${showing.id}/reports`, data));
  form.reset();
  form.elements.dated.value = current.today;
  announce(t("tracking.report_added"), "success");
  await refresh();
});

function drawReport(report) {
  const box = $("#import-report");
  if (report.errors.length) {
    fill(box, h("p", { class: "form-error" }, t("tracking.import_errors", { count: report.errors.length })),
      h("div", { class: "table-wrap" }, h("table", { class: "import-errors" },
        h("caption", {}, t("tracking.import_errors_caption")),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("tracking.import_row")), h("th", { scope: "col" }, t("tracking.import_column")),
          h("th", { scope: "col" }, t("tracking.import_message")))),
        h("tbody", {}, report.errors.map((e) => h("tr", {}, h("td", {}, e.row), h("td", {}, e.column || "—"),
          h("td", {}, currentLang() === "en" ? e.message_en : e.message_vi)))))));
    return;
  }
  const key = report.committed ? "tracking.import_done" : "tracking.import_would";
  fill(box, h("p", { class: "hint", role: "status" }, t(key, report.counts)));
}

$("#import-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const file = form.elements.file.files[0];
  if (!file) {
    showError(form, { message: t("tracking.import_choose"), field: "file" });
    return;
  }
  const data = new FormData();
  data.append("file", file);
  data.append("commit", event.submitter?.id === "import-preview" ? "false" : "true");
  try {
    const report = await api.upload("/api/archive/tracking/import", data);
    drawReport(report);
    if (report.committed) await refresh();
  } catch (error) {
    if (error.details?.report) {
      drawReport(error.details.report);
      announce(error.message, "error");
    } else showError(form, error);
  }
});

$("#overdue-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  guarded(loadOverdue);
});

for (const form of [$("#import-form"), $("#overdue-filter")]) form.dataset.ready = "true"; // as onSubmit's forms

picker.addEventListener("change", () => {
  const url = new URL(window.location.href);
  url.searchParams.set("resolution", picker.value);
  window.history.replaceState(null, "", url);
  guarded(loadTree);
});

try {
  await refresh();
} catch (error) {
  pageError(error);
}

