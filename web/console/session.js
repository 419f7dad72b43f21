// The agenda editor: a session's details, its items (add, edit inline, delete), reordering with buttons
// (↑ ↓, indent / outdent) or drag and drop, and publishing.

import { itemContent, sessionFacts, totalLine } from "../lib/agenda-view.js";
import { api, CONSOLE_ROLES } from "../lib/api.js";
import { confirmDialog } from "../lib/dialogs.js";
import { $, fill, h } from "../lib/dom.js";
import { buildFields } from "../lib/fields.js";
import { sessionHeading } from "../lib/format.js";
import { onSubmit, writeForm } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { fromAddress, idFromAddress } from "../lib/page.js";
import { itemBody, itemFields, SESSION_FIELDS } from "../lib/session-fields.js";
import { sittingBadge, statusBadge } from "../lib/sessions-list.js";
import { announce, guarded } from "../lib/status.js";
import { blockEnd, MOVES, normalise } from "./session-order.js";

const { canEdit } = await boot({ roles: CONSOLE_ROLES });
applyReadOnly(canEdit);

const sessionId = idFromAddress("id");
const list = $("#agenda");
const addForm = $("#add-form");
const detailsForm = $("#details-form");
let session = null;
let busy = false;
let editingId = null;

const editable = () => canEdit && session && session.status !== "closed";

function currentOrder() {
  return session.agenda.map(({ id, depth }) => ({ id, depth }));
}

// ---- Rendering --------------------------------------------------------------------------------

function toolButton(item, action, symbol, disabled, onclick) {
  return h("button", {
    type: "button", class: "btn btn-small btn-icon", dataset: { action }, disabled,
    "aria-label": t(`editor.${action}_label`, { title: item.title }), title: t(`editor.${action}_short`), onclick,
  }, symbol);
}

function rowTools(item, i, items) {
  const locked = editingId !== null;
  const down = item.depth === 1 ? i === items.length - 1 : blockEnd(items, i) >= items.length;
  return h("div", { class: "row-tools" },
    toolButton(item, "up", "↑", locked || i === 0, () => move(item.id, "up")),
    toolButton(item, "down", "↓", locked || down, () => move(item.id, "down")),
    toolButton(item, "outdent", "⇤", locked || item.depth === 0, () => move(item.id, "outdent")),
    toolButton(item, "indent", "⇥", locked || i === 0 || item.depth === 1, () => move(item.id, "indent")),
    h("button", { type: "button", class: "btn btn-small", dataset: { action: "edit" }, disabled: locked,
      "aria-label": t("editor.edit_label", { title: item.title }), onclick: () => startEdit(item.id) },
    t("action.edit")),
    h("button", { type: "button", class: "btn btn-small btn-danger", dataset: { action: "delete" }, disabled: locked,
      "aria-label": t("editor.delete_label", { title: item.title }), onclick: () => removeItem(item) },
    t("action.delete")));
}

function editRow(item) {
  const form = h("form", { class: "edit-form", novalidate: true, "aria-label": t("editor.edit_label", { title: item.title }) },
    h("p", { class: "form-error", role: "alert", hidden: true }),
    h("div", { class: "fields" }, buildFields(`item-${item.id}`, itemFields(session))),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary" }, t("action.save")),
      h("button", { type: "button", class: "btn", onclick: () => stopEdit(item.id) }, t("action.cancel"))));
  writeForm(form, { ...item, depth: String(item.depth) });
  onSubmit(form, async (values) => {
    session = await api.patch(`/api/agenda-items/${item.id}`, itemBody(values));
    const saved = session.agenda.find((x) => x.id === item.id);
    stopEdit(item.id);
    announce(t("editor.item_saved", { number: saved.number, title: saved.title }), "success");
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") stopEdit(item.id);
  });
  return h("li", { class: `agenda-row depth-${item.depth} editing`, dataset: { itemId: item.id } },
    h("span", {}), h("span", { class: "agenda-num" }, item.number), form);
}

function row(item, i, items) {
  if (item.id === editingId) return editRow(item);
  const li = h("li", { class: `agenda-row depth-${item.depth}`, dataset: { itemId: item.id } },
    editable() ? h("span", { class: "drag-handle", "aria-hidden": "true", title: t("editor.drag") }, "⠿") : h("span"),
    h("span", { class: "agenda-num" }, item.number),
    itemContent(item, { minutes: true }));
  if (editable()) li.append(rowTools(item, i, items));
  return li;
}

function renderAgenda() {
  const items = session.agenda;
  fill(list, items.length ? items.map(row)
    : h("li", { class: "empty" }, t(canEdit ? "editor.empty" : "agenda.empty")));
  fill($("#agenda-total"), totalLine(session));
}

function renderHeader() {
  const heading = sessionHeading(session);
  document.title = `${heading} — ${t("editor.title")}`;
  fill($("#session-heading"), heading);
  fill($("#session-subtitle"), session.title || "");
  fill($("#session-status"), statusBadge(session.status), sittingBadge(session));
  fill($("#session-facts"), sessionFacts(session));
  $("#published-note").hidden = !(canEdit && session.status !== "draft");
  const actions = [];
  if (editable() && session.status === "draft") {
    actions.push(h("button", { type: "button", class: "btn btn-primary", id: "publish", onclick: publish },
      t("editor.publish")));
  }
  if (editable() && session.status === "published") {
    actions.push(h("button", { type: "button", class: "btn", id: "unpublish", onclick: unpublish },
      t("editor.unpublish")));
  }
  actions.push(h("a", { class: "btn", href: `/console/documents.html?session=${session.id}`, id: "documents-link" },
    t("documents.link")));
  if (session.status !== "draft") {
    actions.push(h("a", { class: "btn btn-primary", href: `/console/live.html?session=${session.id}`, id: "live-console" },
      t("live.console_link")));
    actions.push(h("a", { class: "btn", href: `/session.html?id=${session.id}` }, t("editor.public_view")));
  }
  if (canEdit && session.status === "draft") {
    actions.push(h("button", { type: "button", class: "btn btn-danger", id: "delete-session", onclick: deleteSession },
      t("editor.delete_session")));
  }
  fill($("#session-actions"), actions);
  const day = addForm.elements.scheduled_on;
  if (day) Object.assign(day, { min: session.starts_on, max: session.ends_on });
  $("#add-item").hidden = !editable();
}

function render() {
  renderHeader();
  renderAgenda();
}

/** Put the focus back on a row's button after the list was redrawn (keyboard users keep their place). */
function focusRow(itemId, action) {
  const li = list.querySelector(`[data-item-id="${itemId}"]`);
  if (!li) return;
  const buttons = [...li.querySelectorAll("button")];
  const wanted = buttons.find((b) => b.dataset.action === action && !b.disabled)
    || buttons.find((b) => !b.disabled);
  (wanted || li).focus();
}

// ---- Actions ----------------------------------------------------------------------------------

async function saveOrder(items, itemId, action) {
  if (busy) return;
  busy = true;
  try {
    // `current`: the order on screen, so that a reorder made meanwhile in another browser is not overwritten
    session = await api.put(`/api/sessions/${sessionId}/items/order`, { items: normalise(items), current: currentOrder() });
    renderAgenda();
    const moved = session.agenda.find((x) => x.id === itemId);
    if (moved) {
      announce(t(`editor.${action}_done`, { title: moved.title, number: moved.number }), "success");
      focusRow(itemId, action);
    }
  } catch (error) {
    announce(error.message, "error");
    await load();
  } finally {
    busy = false;
  }
}

function move(itemId, action) {
  const items = currentOrder();
  const i = items.findIndex((x) => x.id === itemId);
  if (i < 0 || !MOVES[action](items, i)) return;
  saveOrder(items, itemId, action);
}

function startEdit(itemId) {
  editingId = itemId;
  renderAgenda();
  const field = list.querySelector(`[data-item-id="${itemId}"] [name="title"]`);
  if (field) field.focus();
}

function stopEdit(itemId) {
  editingId = null;
  renderAgenda();
  focusRow(itemId, "edit");
}

async function removeItem(item) {
  const ok = await confirmDialog(t("editor.delete_confirm", { number: item.number, title: item.title }),
    { confirmLabel: t("action.delete") });
  if (!ok) {
    focusRow(item.id, "delete");
    return;
  }
  await guarded(async () => {
    const index = session.agenda.findIndex((x) => x.id === item.id);
    session = await api.del(`/api/agenda-items/${item.id}`);
    renderHeader();
    renderAgenda();
    announce(t("editor.item_deleted", { title: item.title }), "success");
    const next = session.agenda[Math.min(index, session.agenda.length - 1)];
    if (next) focusRow(next.id, "delete");
    else addForm.elements.title.focus();
  });
}

async function publish() {
  await guarded(async () => {
    session = await api.post(`/api/sessions/${sessionId}/publish`);
    render();
    announce(t("editor.published"), "success");
    $("#unpublish")?.focus();
  });
}

async function unpublish() {
  if (!(await confirmDialog(t("editor.unpublish_confirm"), { confirmLabel: t("editor.unpublish") }))) return;
  await guarded(async () => {
    session = await api.post(`/api/sessions/${sessionId}/unpublish`);
    render();
    announce(t("editor.unpublished"), "success");
    $("#publish")?.focus();
  });
}

async function deleteSession() {
  if (!(await confirmDialog(t("editor.delete_session_confirm", { heading: sessionHeading(session) }),
    { confirmLabel: t("editor.delete_session") }))) return;
  await guarded(async () => {
    await api.del(`/api/sessions/${sessionId}`);
    window.location.href = "/console/sessions.html";
  });
}

// ---- Drag and drop (a bonus: the buttons do the same from the keyboard) -----------------------

let dragId = null;

function clearDropMarks() {
  for (const el of list.querySelectorAll(".drop-before, .drop-after")) el.classList.remove("drop-before", "drop-after");
}

list.addEventListener("mousedown", (event) => {
  const handle = event.target.closest(".drag-handle");
  if (handle && editingId === null) handle.closest("li").draggable = true;
});

list.addEventListener("dragstart", (event) => {
  const li = event.target.closest("li[data-item-id]");
  if (!li) return;
  dragId = Number(li.dataset.itemId);
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", String(dragId));
  li.classList.add("dragging");
});

list.addEventListener("dragover", (event) => {
  const li = event.target.closest("li[data-item-id]");
  if (dragId === null || !li) return;
  event.preventDefault();
  const box = li.getBoundingClientRect();
  clearDropMarks();
  li.classList.add(event.clientY < box.top + box.height / 2 ? "drop-before" : "drop-after");
});

list.addEventListener("drop", (event) => {
  const li = event.target.closest("li[data-item-id]");
  if (dragId === null || !li) return;
  event.preventDefault();
  const before = li.classList.contains("drop-before");
  const items = currentOrder();
  const from = items.findIndex((x) => x.id === dragId);
  const block = items.slice(from, blockEnd(items, from));
  const targetId = Number(li.dataset.itemId);
  clearDropMarks();
  if (block.some((x) => x.id === targetId)) return;
  const rest = items.filter((x) => !block.includes(x));
  let at = rest.findIndex((x) => x.id === targetId);
  if (!before) at = block[0].depth === 0 && rest[at].depth === 0 ? blockEnd(rest, at) : at + 1;
  rest.splice(at, 0, ...block);
  saveOrder(rest, dragId, "drop");
});

list.addEventListener("dragend", () => {
  for (const li of list.querySelectorAll("li[draggable]")) {
    li.draggable = false;
    li.classList.remove("dragging");
  }
  clearDropMarks();
  dragId = null;
});

// ---- Forms and loading ------------------------------------------------------------------------

function writeDetails() {
  writeForm(detailsForm, session);
}

async function load() {
  try {
    if (sessionId === null) throw new Error(t("agenda.not_found"));
    session = await api.get(`/api/sessions/${sessionId}`);
    render();
    writeDetails();
  } catch (error) {
    if (!session) {
      fill($("#session-heading"), t("agenda.not_found"));
      $("#add-item").hidden = true;
      $("#details-panel").hidden = true;
    }
    pageError(error);
  }
}

await load();

if (session) {
  $("#add-fields").append(buildFields("add", itemFields(session)));
  $("#details-fields").append(buildFields("details", SESSION_FIELDS));
  writeDetails();
  renderHeader();

  onSubmit(addForm, async (values, form) => {
    session = await api.post(`/api/sessions/${sessionId}/items`, itemBody(values));
    renderHeader();
    renderAgenda();
    const added = session.agenda[session.agenda.length - 1];
    form.reset();
    announce(t("editor.item_added", { number: added.number, title: added.title }), "success");
    form.elements.title.focus();
  });

  onSubmit(detailsForm, async (values) => {
    session = await api.patch(`/api/sessions/${sessionId}`, values);
    render();
    writeDetails();
    announce(t("editor.details_saved"), "success");
  });

  if (fromAddress("created")) {
    announce(t("editor.created"), "success");
    window.history.replaceState(null, "", `${window.location.pathname}?id=${sessionId}`);
    $("#details-panel").open = false;
    addForm.elements.title?.focus();
  }
}
