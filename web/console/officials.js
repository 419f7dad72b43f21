// Officials who can be questioned (UBND chair, Giám đốc Sở…): add, edit, record the end of the post.

import { api, CONSOLE_ROLES } from "../lib/api.js";
import { editDialog } from "../lib/dialogs.js";
import { $$, fill, h } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { fieldsFromTemplate, onSubmit, writeForm } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { announce } from "../lib/status.js";

const { canEdit } = await boot({ roles: CONSOLE_ROLES });
for (const [n, slot] of $$("[data-fields]").entries()) slot.append(fieldsFromTemplate(slot.dataset.fields, `o${n}`));
applyReadOnly(canEdit);

const tbody = document.getElementById("officials");
const dialog = editDialog(document.getElementById("edit-dialog"));
const editForm = document.getElementById("edit-form");
let editing = null;

function row(o) {
  return h("tr", { dataset: { id: o.id } },
    h("td", {}, h("strong", {}, o.full_name)),
    h("td", {}, o.position),
    h("td", {}, o.agency),
    h("td", {}, formatDate(o.started_on)),
    canEdit ? h("td", { class: "actions-cell" },
      h("button", { type: "button", class: "btn btn-small", onclick: () => openEditor(o),
        "aria-label": t("officials.edit_named", { name: o.full_name }) }, t("action.edit"))) : null);
}

async function load() {
  try {
    const data = await api.get("/api/officials");
    fill(tbody, data.officials.length ? data.officials.map(row)
      : h("tr", {}, h("td", { colspan: 5, class: "empty" }, t("officials.none"))));
  } catch (error) {
    pageError(error);
  }
}

function openEditor(o) {
  editing = o;
  writeForm(editForm, o);
  dialog.open(editForm.elements.full_name);
}

onSubmit(document.getElementById("add-form"), async (values, form) => {
  const created = await api.post("/api/officials", values);
  form.reset();
  announce(t("officials.added", { name: created.full_name }), "success");
  await load();
});

onSubmit(editForm, async (values) => {
  const saved = await api.patch(`/api/officials/${editing.id}`, values);
  dialog.close();
  announce(saved.ended_on ? t("officials.ended", { name: saved.full_name, date: formatDate(saved.ended_on) })
    : t("officials.saved", { name: saved.full_name }), "success");
  await load();
});

await load();
