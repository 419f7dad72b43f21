// Activities between sessions (/activity/): the list with its filters (kind, organiser, body, year) and the
// form that records one — a Ban's supervision, a Tổ's voter-contact meeting, a citizen reception — with its
// participants, delegates in office; the same form corrects a recorded one (Sửa: PATCH, the participants
// given replace the list, each keeping their role). Secretaries, the chair and administrators record; the
// other staff read.

import { api, hasRole, STAFF_ROLES } from "../lib/api.js";
import { confirmDialog } from "../lib/dialogs.js";
import { $, $$, fill, h, options } from "../lib/dom.js";
import { formatDate, formatDateRange } from "../lib/format.js";
import { onSubmit, writeForm } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { onlyOne } from "../lib/only-one.js";
import { announce, guarded } from "../lib/status.js";

const WRITERS = ["secretary", "chair", "admin"];
const KINDS = ["supervision", "survey", "voter_contact", "citizen_reception", "explanation"];
const ORGANISERS = ["committee", "group", "standing", "council", "delegate"];
const BODY_KIND = { committee: "committee", group: "group", standing: "standing" };
const { user } = await boot({ roles: STAFF_ROLES });
const canWrite = hasRole(user, WRITERS);
for (const el of $$(".writer-only")) el.hidden = !canWrite;

let bodies = [];
const CHOICES = { kind: KINDS, organiser: ORGANISERS };

function choiceList(name, any) {
  const pairs = CHOICES[name].map((v) => [v, t(`activity.${name}_${v}`)]);
  return any ? [["", t("activity.any")], ...pairs] : pairs;
}

for (const select of $$("select[data-choices]")) {
  fill(select, options(choiceList(select.dataset.choices, "any" in select.dataset), ""));
}

function bodyChoices(kind) {
  const wanted = BODY_KIND[kind];
  const list = wanted ? bodies.filter((b) => b.kind === wanted) : bodies;
  return [["", wanted ? t("activity.choose_body") : t("activity.any")], ...list.map((b) => [b.id, b.name])];
}

function syncRecordForm() {
  const form = $("#record-form");
  const kind = form.elements.kind.value;
  const organiser = form.elements.organiser.value;
  const select = form.elements.organization_id;
  const keep = select.value;
  fill(select, options(bodyChoices(organiser), keep));
  select.disabled = !BODY_KIND[organiser];
  for (const input of $$("[data-for-kind]", form)) {
    const wanted = input.dataset.forKind === kind;
    input.disabled = !wanted;
    input.closest(".field").hidden = !wanted;
  }
}

async function loadChoices() {
  bodies = (await api.get("/api/organizations")).organizations;
  fill($("#f-organization"), options(bodyChoices(""), ""));
  const delegates = (await api.get("/api/delegates")).delegates;
  fill($("#r-people"), delegates.map((d) => h("label", {},
    h("input", { type: "checkbox", name: "participants", value: d.person_id, dataset: { group: "1" } }), d.full_name)));
  syncRecordForm();
}

function stateOf(a) {
  return a.completed_on ? t("activity.done_on", { date: formatDate(a.completed_on) }) : t("activity.planned");
}

function row(a) {
  const who = a.organization || t(`activity.organiser_${a.organiser}`);
  return h("tr", { dataset: { id: a.id, kind: a.kind } },
    h("td", {}, formatDateRange(a.starts_on, a.ends_on)),
    h("td", {}, t(`activity.kind_${a.kind}`), a.thematic ? h("span", { class: "muted" }, ` · ${t("activity.thematic")}`) : null),
    h("td", {}, h("strong", {}, a.title), a.place ? h("span", { class: "muted" }, ` — ${a.place}`) : null,
      a.voters !== null ? h("span", { class: "muted" }, ` · ${t("activity.voters_count", { count: a.voters })}`) : null),
    h("td", {}, who),
    h("td", {}, a.participants.map((p) => p.full_name).join(", ")),
    h("td", {}, stateOf(a)),
    h("td", {}, h("div", { class: "row-actions" },
      h("a", { class: "btn btn-small", href: `/activity/recommendations.html?activity=${a.id}`,
        "aria-label": t("activity.recommendations_of", { name: a.title }) }, t("activity.recommendations")),
      canWrite ? h("button", { type: "button", class: "btn btn-small", onclick: () => edit(a),
        "aria-label": t("activity.edit_named", { name: a.title }) }, t("action.edit")) : null,
      canWrite ? h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => remove(a),
        "aria-label": t("activity.delete_named", { name: a.title }) }, t("action.delete")) : null)));
}

// ---- Correcting a recorded activity: the record form in edit mode ----
const EDITED = ["kind", "organiser", "organization_id", "title", "starts_on", "ends_on", "completed_on", "place",
  "voters", "citizens", "cases", "thematic", "subjects", "conclusions"];
let editing = null; // the activity being corrected (its participants' roles kept), or null: recording a new one

function setMode(activity) {
  editing = activity;
  const form = $("#record-form");
  $("#record-panel summary").textContent = activity ? t("activity.edit_heading", { name: activity.title }) : t("activity.record");
  $("button[type=submit]", form).textContent = t(activity ? "activity.save" : "activity.record_submit");
  $("#record-cancel").hidden = !activity;
}

async function edit(a) {
  const form = $("#record-form");
  form.inert = true; // (until the record is in it: nothing typed meanwhile is overwritten by it)
  form.setAttribute("aria-busy", "true");
  let activity;
  try {
    activity = await api.get(`/api/activity/activities/${a.id}`);
  } finally {
    form.inert = false;
    form.removeAttribute("aria-busy");
  }
  form.reset();
  writeForm(form, { ...Object.fromEntries(EDITED.map((k) => [k, activity[k]])),
    participants: activity.participants.map((p) => String(p.person_id)) });
  syncRecordForm();
  form.elements.organization_id.value = activity.organization_id ?? "";
  setMode(activity);
  $("#record-panel").open = true;
  form.elements.title.focus();
}

function stopEditing() {
  $("#record-form").reset();
  setMode(null);
  syncRecordForm();
}

async function remove(a) {
  if (!(await confirmDialog(t("activity.delete_confirm", { name: a.title }), { confirmLabel: t("action.delete") }))) return;
  await guarded(async () => {
    await api.del(`/api/activity/activities/${a.id}`);
    announce(t("activity.deleted", { name: a.title }), "success");
    await loadList();
  });
}

async function loadList() {
  const values = new FormData($("#filter"));
  const query = new URLSearchParams([...values.entries()].filter(([, v]) => v !== ""));
  const only = onlyOne(); // a record opened from elsewhere (the dashboard's drill-down)
  const list = only ? [await api.get(`/api/activity/activities/${only}`)]
    : (await api.get(`/api/activity/activities?${query}`)).activities;
  fill($("#rows"), list.length ? list.map(row) : h("tr", {}, h("td", { colspan: 7, class: "empty" }, t("activity.none"))));
}

onSubmit($("#filter"), loadList);
$("#record-form").elements.organiser.addEventListener("change", syncRecordForm);
$("#record-form").elements.kind.addEventListener("change", syncRecordForm);

onSubmit($("#record-form"), async (values) => {
  const roles = new Map((editing?.participants || []).map((p) => [p.person_id, p.role]));
  const people = (values.participants || []).map(Number);
  const body = { ...values, participants: people.map((id) => (roles.has(id) ? { person_id: id, role: roles.get(id) } : id)) };
  body.organization_id = body.organization_id ? Number(body.organization_id) : null;
  if (editing) { // a correction: every field of the form is sent (an emptied one is cleared)
    body.ends_on ??= body.starts_on; // as when recording: a one-day activity ends the day it starts
    const saved = await api.patch(`/api/activity/activities/${editing.id}`, body);
    stopEditing();
    announce(t("activity.updated", { name: saved.title }), "success");
  } else {
    for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
    const made = await api.post("/api/activity/activities", body);
    stopEditing();
    announce(t("activity.recorded", { name: made.title }), "success");
  }
  await loadList();
});
$("#record-cancel").addEventListener("click", stopEditing);

try {
  await loadChoices();
  await loadList();
} catch (error) {
  pageError(error);
}
document.body.dataset.ready = "true";
