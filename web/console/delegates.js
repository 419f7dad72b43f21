// Delegates of the term: search, add, edit, end a mandate.

import { api, CONSOLE_ROLES } from "../lib/api.js";
import { editDialog } from "../lib/dialogs.js";
import { $$, badge, fill, h } from "../lib/dom.js";
import { formatDate, termLabel } from "../lib/format.js";
import { fieldsFromTemplate, onSubmit, writeForm } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { announce } from "../lib/status.js";
import { fold } from "../lib/text.js";

const { canEdit } = await boot({ roles: CONSOLE_ROLES });

for (const [n, slot] of $$("[data-fields]").entries()) slot.append(fieldsFromTemplate(slot.dataset.fields, `d${n}`));
applyReadOnly(canEdit);
fill(document.getElementById("end-reasons"),
  ["delegates.reason_resign", "delegates.reason_dismissed", "delegates.reason_died", "delegates.reason_moved"]
    .map((key) => h("option", { value: t(key) })));

const tbody = document.getElementById("delegates");
const search = document.getElementById("search");
const showAll = document.getElementById("show-all");
const dialog = editDialog(document.getElementById("edit-dialog"));
const editForm = document.getElementById("edit-form");
const endForm = document.getElementById("end-form");
let delegates = [];
let editing = null;

const GENDER = { nam: "gender.male", "nữ": "gender.female" };

function personLine(d) {
  return [d.gender ? t(GENDER[d.gender]) : null, d.birth_year ? t("delegates.born", { year: d.birth_year }) : null]
    .filter(Boolean).join(", ");
}

function statusCell(d) {
  if (d.in_office) return badge("active", t("delegates.in_office"));
  return h("span", {}, badge("former", t("delegates.former")),
    h("span", { class: "sub" }, [formatDate(d.ended_on), d.end_reason].filter(Boolean).join(" — ")));
}

function row(d) {
  return h("tr", { class: d.in_office ? null : "former", dataset: { id: d.id } },
    h("td", {}, d.seat_label || "—"),
    h("td", {}, h("strong", {}, d.full_name), d.occupation ? h("span", { class: "sub" }, d.occupation) : null),
    h("td", { class: "col-optional" }, personLine(d)),
    h("td", {}, d.constituency || ""),
    h("td", { class: "col-optional" }, formatDate(d.started_on)),
    h("td", {}, statusCell(d)),
    canEdit ? h("td", { class: "actions-cell" },
      h("button", { type: "button", class: "btn btn-small", onclick: () => openEditor(d),
        "aria-label": t("delegates.edit_named", { name: d.full_name }) }, t("action.edit"))) : null);
}

function render() {
  const query = fold(search.value.trim());
  const shown = delegates.filter((d) => !query
    || [d.full_name, d.seat_label, d.constituency].some((v) => fold(v).includes(query)));
  fill(tbody, shown.length ? shown.map(row)
    : h("tr", {}, h("td", { colspan: 7, class: "empty" }, t(query ? "delegates.none_match" : "delegates.none"))));
  fill(document.getElementById("filter-count"), query
    ? t("delegates.filter_count", { shown: shown.length, total: delegates.length }) : "");
}

async function load() {
  try {
    const data = await api.get(`/api/delegates${showAll.checked ? "?all=1" : ""}`);
    for (const extension of ["csv", "xlsx"]) {  // the downloads: the list as shown
      document.getElementById(`delegates-${extension}`).href = `/api/delegates.${extension}${showAll.checked ? "?all=1" : ""}`;
    }
    delegates = data.delegates;
    const inOffice = delegates.filter((d) => d.in_office).length;
    fill(document.getElementById("delegates-summary"),
      `${termLabel(data.term)} — ${t("delegates.count", { n: inOffice })}`);
    render();
  } catch (error) {
    pageError(error);
  }
}

function openEditor(d) {
  editing = d;
  writeForm(editForm, d);
  writeForm(endForm, { ended_on: d.ended_on, end_reason: d.end_reason });
  dialog.open(editForm.elements.full_name);
}

onSubmit(document.getElementById("add-form"), async (values, form) => {
  const created = await api.post("/api/delegates", values);
  form.reset();
  announce(t("delegates.added", { name: created.full_name }), "success");
  await load();
  form.elements.full_name.focus();
});

onSubmit(editForm, async (values) => {
  const saved = await api.patch(`/api/delegates/${editing.id}`, values);
  dialog.close();
  announce(t("delegates.saved", { name: saved.full_name }), "success");
  await load();
});

onSubmit(endForm, async (values) => {
  const saved = await api.patch(`/api/delegates/${editing.id}`, values);
  dialog.close();
  announce(saved.ended_on ? t("delegates.ended", { name: saved.full_name, date: formatDate(saved.ended_on) })
    : t("delegates.saved", { name: saved.full_name }), "success");
  await load();
});

search.addEventListener("input", render);
showAll.addEventListener("change", load);
await load();
