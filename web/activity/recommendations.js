// Recommendations (/activity/recommendations.html?activity=N): each kiến nghị with where it stands today —
// derived by the server from its dates, answered apart from resolved — and the chain's actions: classify,
// forward (to whom, due when), answer, outcome, the voters' feedback, re-supervision. A form raises a new one
// at an activity. Secretaries, the chair and administrators act; the other staff read.

import { api, hasRole, STAFF_ROLES } from "../lib/api.js";
import { todayIso } from "../lib/clock.js";
import { confirmDialog, editDialog } from "../lib/dialogs.js";
import { $, $$, fill, h, options } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { onSubmit } from "../lib/forms.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { onlyOne } from "../lib/only-one.js";
import { idFromAddress } from "../lib/page.js";
import { announce, guarded } from "../lib/status.js";

const WRITERS = ["secretary", "chair", "admin"];
const STAGES = ["raised", "opinion", "forwarded", "overdue", "answered", "partly", "unresolved", "resolved", "carried"];
const { user } = await boot({ roles: STAFF_ROLES });
const canWrite = hasRole(user, WRITERS);
for (const el of $$(".writer-only")) el.hidden = !canWrite;

const stepper = editDialog($("#step-dialog"));
let activities = [];
let acting = null; // { rec, step }

fill($("#f-stage"), options([["", t("activity.any")], ...STAGES.map((s) => [s, t(`rec.stage_${s}`)])], ""));
for (const select of [$("#n-kind"), $("#s-kind")]) {
  fill(select, options([["recommendation", t("rec.kind_recommendation")], ["opinion", t("rec.kind_opinion")]], "recommendation"));
}
fill($("#s-outcome"), options(["resolved", "partly", "unresolved"].map((o) => [o, t(`rec.outcome_${o}`)]), "resolved"));

function stageBadge(rec) {
  const label = currentLang() === "en" ? rec.stage_en : rec.stage_vi;
  return h("span", { class: `stage stage-${rec.stage}`, dataset: { stage: rec.stage } }, label);
}

function stepsFor(rec) {
  if (rec.stage === "carried") return [];
  const out = [];
  if (!rec.answered_on) out.push("classify");
  if (!rec.forwarded_on || rec.stage === "overdue") out.push("forward");
  if (rec.forwarded_on && !rec.answered_on) out.push("answer");
  if (rec.answered_on) out.push("outcome", "feedback");
  out.push("resupervise");
  return out;
}

function row(rec) {
  const activity = activities.find((a) => a.id === rec.activity_id);
  const buttons = canWrite ? stepsFor(rec).map((step) => h("button", {
    type: "button", class: "btn btn-small", onclick: () => openStep(rec, step),
    "aria-label": t(`rec.step_${step}_named`, { name: rec.text }),
  }, t(`rec.step_${step}`))) : [];
  if (canWrite) {
    buttons.push(h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => remove(rec),
      "aria-label": t("rec.delete_named", { name: rec.text }) }, t("action.delete")));
  }
  return h("tr", { dataset: { id: rec.id, stage: rec.stage } },
    h("td", {}, h("strong", {}, rec.text),
      activity ? h("span", { class: "muted" }, ` — ${activity.title}`) : null,
      rec.answer ? h("span", { class: "muted" }, ` · ${t("rec.answer")}: ${rec.answer}`) : null),
    h("td", {}, formatDate(rec.raised_on)),
    h("td", {}, rec.addressee || ""),
    h("td", {}, formatDate(rec.due_on)),
    h("td", {}, stageBadge(rec)),
    h("td", {}, h("div", { class: "row-actions" }, buttons)));
}

async function loadActivities() {
  activities = (await api.get("/api/activity/activities?limit=1000")).activities;
  const pairs = activities.map((a) => [a.id, `${formatDate(a.starts_on)} — ${a.title}`]);
  const wanted = idFromAddress("activity") || "";
  fill($("#f-activity"), options([["", t("activity.any")], ...pairs], wanted));
  fill($("#n-activity"), options([["", t("rec.choose_activity")], ...pairs], wanted));
}

async function loadList() {
  const values = new FormData($("#filter"));
  const query = new URLSearchParams([...values.entries()].filter(([, v]) => v !== ""));
  const only = onlyOne(); // a record opened from elsewhere (the dashboard's drill-down)
  const list = only ? [await api.get(`/api/activity/recommendations/${only}`)]
    : (await api.get(`/api/activity/recommendations?${query}`)).recommendations;
  fill($("#rows"), list.length ? list.map(row) : h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("rec.none"))));
}

function openStep(rec, step) {
  acting = { rec, step };
  $("#step-heading").textContent = t(`rec.step_${step}`);
  $("#step-text").textContent = rec.text;
  const form = $("#step-form");
  form.reset();
  for (const field of $$("[data-step]", form)) {
    const shown = field.dataset.step === step;
    field.hidden = !shown;
    for (const input of $$("input, select, textarea", field)) input.disabled = !shown;
  }
  const dates = { forward: "forwarded_on", answer: "answered_on", outcome: "outcome_on", feedback: "feedback_on", resupervise: "resupervised_on" };
  if (dates[step]) form.elements[dates[step]].value = todayIso();
  if (step === "forward" && rec.addressee) form.elements.addressee.value = rec.addressee;
  if (step === "classify") form.elements.kind.value = rec.kind;
  stepper.open($("[data-step]:not([hidden]) input, [data-step]:not([hidden]) select, [data-step]:not([hidden]) textarea", form));
}

onSubmit($("#step-form"), async (values) => {
  const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
  const saved = await api.post(`/api/activity/recommendations/${acting.rec.id}/${acting.step}`, body);
  stepper.close();
  announce(t("rec.saved", { stage: currentLang() === "en" ? saved.stage_en : saved.stage_vi }), "success");
  await loadList();
});

onSubmit($("#raise-form"), async (values, form) => {
  const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
  body.activity_id = Number(body.activity_id);
  await api.post("/api/activity/recommendations", body);
  form.elements.text.value = "";
  announce(t("rec.raised"), "success");
  await loadList();
});

onSubmit($("#filter"), loadList);

async function remove(rec) {
  if (!(await confirmDialog(t("rec.delete_confirm", { name: rec.text }), { confirmLabel: t("action.delete") }))) return;
  await guarded(async () => {
    await api.del(`/api/activity/recommendations/${rec.id}`);
    await loadList();
  });
}

try {
  await loadActivities();
  $("#n-raised").value = todayIso();
  await loadList();
} catch (error) {
  pageError(error);
}
document.body.dataset.ready = "true";
