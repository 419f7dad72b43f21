// The councils and their terms: the home council (its names, time zone, parent), a new term after an
// election, the province above a commune council, the abolished district councils kept for the archive.
// Staff read; the administrator edits.

import { api, hasRole, STAFF_ROLES } from "../lib/api.js";
import { editDialog } from "../lib/dialogs.js";
import { $$, badge, fill, h, options } from "../lib/dom.js";
import { formatDate, termLabel } from "../lib/format.js";
import { fieldsFromTemplate, onSubmit, writeForm } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { announce } from "../lib/status.js";

const { user } = await boot({ roles: STAFF_ROLES });
const canEdit = hasRole(user, ["admin"]);
for (const [n, slot] of $$("[data-fields]").entries()) slot.append(fieldsFromTemplate(slot.dataset.fields, `c${n}`));
applyReadOnly(canEdit);

const list = document.getElementById("councils");
const councilDialog = editDialog(document.getElementById("council-dialog"));
const councilForm = document.getElementById("council-form");
const termDialog = editDialog(document.getElementById("term-dialog"));
const termForm = document.getElementById("term-form");
let councils = [];
let editingCouncil = null;
let termTarget = null; // { council, term } — term null for a new one

function fillParents(form, self) {
  const provinces = councils.filter((c) => c.level === "province" && c.id !== self?.id);
  for (const select of $$("[data-parent-select]", form)) {
    fill(select, ...options([["", t("councils.no_parent")], ...provinces.map((c) => [c.id, c.name])], self?.parent_id));
  }
}

function fact(label, value) {
  return value ? [h("dt", {}, label), h("dd", {}, value)] : [];
}

function termRow(council, term) {
  return h("tr", { dataset: { id: term.id } },
    h("td", {}, h("strong", {}, termLabel(term))),
    h("td", {}, formatDate(term.starts_on)),
    h("td", {}, term.ends_on ? formatDate(term.ends_on) : t("terms.open")),
    h("td", {}, term.seats ?? "—"),
    canEdit ? h("td", { class: "actions-cell" },
      h("button", { type: "button", class: "btn btn-small", onclick: () => openTerm(council, term),
        "aria-label": t("terms.edit_named", { term: termLabel(term) }) }, t("action.edit"))) : null);
}

function councilPanel(council) {
  const parent = councils.find((c) => c.id === council.parent_id);
  const heading = h("h2", {}, council.name, " ",
    council.is_home ? badge("published", t("councils.home")) : null,
    council.abolished_on ? badge("former", t("councils.abolished")) : null);
  return h("section", { class: "panel", dataset: { council: council.id }, "aria-label": council.name },
    h("div", { class: "page-head" }, heading,
      canEdit ? h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small", onclick: () => openCouncil(council),
          "aria-label": t("councils.edit_named", { name: council.name }) }, t("action.edit")),
        h("button", { type: "button", class: "btn btn-small btn-primary", onclick: () => openTerm(council, null) },
          t("terms.add"))) : null),
    h("dl", { class: "facts" },
      ...fact(t("councils.short_name"), council.short_name),
      ...fact(t("councils.level"), t(`level.${council.level}`)),
      ...fact(t("councils.place_name"), council.place_name),
      ...fact(t("councils.parent"), parent?.name),
      ...fact(t("councils.time_zone"), council.time_zone),
      ...fact(t("councils.abolished_on"), council.abolished_on && formatDate(council.abolished_on))),
    h("div", { class: "table-wrap" },
      h("table", {},
        h("caption", {}, t("terms.caption", { name: council.short_name })),
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, t("terms.term")),
          h("th", { scope: "col" }, t("terms.starts_on")),
          h("th", { scope: "col" }, t("terms.ends_on")),
          h("th", { scope: "col" }, t("terms.seats")),
          canEdit ? h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("common.actions"))) : null)),
        h("tbody", {}, council.terms.length ? council.terms.map((term) => termRow(council, term))
          : h("tr", {}, h("td", { colspan: 5, class: "empty" }, t("terms.none")))))));
}

async function load() {
  try {
    const data = await api.get("/api/councils");
    councils = await Promise.all(data.councils.map((c) => api.get(`/api/councils/${c.id}`)));
    fill(list, ...councils.map(councilPanel));
    fillParents(document.getElementById("add-council-form"), null);
  } catch (error) {
    pageError(error);
  }
}

function openCouncil(council) {
  editingCouncil = council;
  fillParents(councilForm, council);
  writeForm(councilForm, { ...council, parent_id: council.parent_id ?? "" });
  councilDialog.open(councilForm.elements.name);
}

function openTerm(council, term) {
  termTarget = { council, term };
  termForm.reset();
  document.getElementById("term-dialog-hint").hidden = Boolean(term);
  fill(document.getElementById("term-dialog-heading"),
    term ? t("terms.edit_named", { term: termLabel(term) }) : t("terms.add_for", { name: council.short_name }));
  if (term) writeForm(termForm, term);
  else {
    const last = council.terms.at(-1);
    writeForm(termForm, { number: last ? last.number + 1 : "" });
  }
  termDialog.open(termForm.elements.number);
}

const asIds = (values) => ({ ...values, parent_id: values.parent_id === null ? null : Number(values.parent_id) });

onSubmit(document.getElementById("add-council-form"), async (values, form) => {
  const created = await api.post("/api/councils", asIds(values));
  form.reset();
  announce(t("councils.added", { name: created.name }), "success");
  await load();
});

onSubmit(councilForm, async (values) => {
  const saved = await api.patch(`/api/councils/${editingCouncil.id}`, asIds(values));
  councilDialog.close();
  announce(t("councils.saved", { name: saved.name }), "success");
  await load();
});

onSubmit(termForm, async (values) => {
  const { council, term } = termTarget;
  const saved = term ? await api.patch(`/api/terms/${term.id}`, values)
    : await api.post(`/api/councils/${council.id}/terms`, values);
  termDialog.close();
  announce(t("terms.saved", { term: termLabel(saved) }), "success");
  await load();
});

await load();
