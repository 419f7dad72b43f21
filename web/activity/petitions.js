// Petitions (/activity/petitions.html): đơn thư received, forwarded (the due date from the council's limit or
// the law's), resolved — with where each stands today, the late ones first when asked — and the limits in
// force with their legal basis. Secretaries, the chair and administrators act; the other staff read.

import { api, hasRole, STAFF_ROLES } from "../lib/api.js";
import { todayIso } from "../lib/clock.js";
import { editDialog } from "../lib/dialogs.js";
import { $, $$, fill, h, options } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { onSubmit } from "../lib/forms.js";
import { currentLang, t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { onlyOne } from "../lib/only-one.js";
import { announce } from "../lib/status.js";

const WRITERS = ["secretary", "chair", "admin"];
const KINDS = ["complaint", "denunciation", "recommendation", "reflection"];
const { user } = await boot({ roles: STAFF_ROLES });
const canWrite = hasRole(user, WRITERS);
for (const el of $$(".writer-only")) el.hidden = !canWrite;

const stepper = editDialog($("#step-dialog"));
let acting = null; // { petition, step }

fill($("#p-kind"), options(KINDS.map((k) => [k, t(`pet.kind_${k}`)]), "complaint"));
fill($("#s-outcome"), options(["resolved", "partly", "unresolved"].map((o) => [o, t(`rec.outcome_${o}`)]), "resolved"));

function stageBadge(p) {
  return h("span", { class: `stage stage-${p.stage}`, dataset: { stage: p.stage } }, currentLang() === "en" ? p.stage_en : p.stage_vi);
}

function row(p) {
  const buttons = [];
  if (canWrite && !p.resolved_on) {
    buttons.push(h("button", { type: "button", class: "btn btn-small", onclick: () => openStep(p, "forward"),
      "aria-label": t("pet.step_forward_named", { name: p.sender }) }, t("pet.step_forward")));
    if (p.forwarded_on) {
      buttons.push(h("button", { type: "button", class: "btn btn-small", onclick: () => openStep(p, "resolve"),
        "aria-label": t("pet.step_resolve_named", { name: p.sender }) }, t("pet.step_resolve")));
    }
  }
  return h("tr", { dataset: { id: p.id, stage: p.stage } },
    h("td", {}, formatDate(p.received_on)),
    h("td", {}, t(`pet.kind_${p.kind}`)),
    h("td", {}, h("strong", {}, p.sender), ` — ${p.subject}`),
    h("td", {}, p.addressee || ""),
    h("td", {}, p.due_on ? formatDate(p.due_on) : h("span", { class: "muted" }, t("pet.process_by", { date: formatDate(p.processing_due_on) }))),
    h("td", {}, stageBadge(p)),
    h("td", {}, h("div", { class: "row-actions" }, buttons)));
}

async function loadList() {
  const late = $("#f-late").checked ? "?late=1" : "";
  const only = onlyOne(); // a record opened from elsewhere (the dashboard's drill-down)
  const list = only ? [await api.get(`/api/activity/petitions/${only}`)]
    : (await api.get(`/api/activity/petitions${late}`)).petitions;
  fill($("#rows"), list.length ? list.map(row) : h("tr", {}, h("td", { colspan: 7, class: "empty" }, t("pet.none"))));
}

async function loadLimits() {
  const found = await api.get("/api/activity/limits");
  fill($("#limits"), found.limits.map((l) => h("tr", {},
    h("td", {}, t(`pet.kind_${l.kind}`)), h("td", {}, String(l.days)), h("td", {}, String(l.complex_days)),
    h("td", {}, l.basis, l.own ? h("span", { class: "muted" }, ` · ${t("pet.own_limit")}`) : null))));
  $("#processing").textContent = t("pet.processing", { days: found.processing_working_days, basis: found.processing_basis });
}

function openStep(petition, step) {
  acting = { petition, step };
  $("#step-heading").textContent = t(`pet.step_${step}`);
  $("#step-text").textContent = `${petition.sender} — ${petition.subject}`;
  const form = $("#step-form");
  form.reset();
  for (const field of $$("[data-step]", form)) {
    const shown = field.dataset.step === step;
    field.hidden = !shown;
    for (const input of $$("input, select, textarea", field)) input.disabled = !shown;
  }
  form.elements[step === "forward" ? "forwarded_on" : "resolved_on"].value = todayIso();
  stepper.open($(step === "forward" ? "#s-addressee" : "#s-resolved"));
}

onSubmit($("#step-form"), async (values) => {
  const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
  await api.post(`/api/activity/petitions/${acting.petition.id}/${acting.step}`, body);
  stepper.close();
  announce(t("pet.saved"), "success");
  await loadList();
});

onSubmit($("#receive-form"), async (values, form) => {
  await api.post("/api/activity/petitions", values);
  form.reset();
  $("#p-received").value = todayIso();
  announce(t("pet.received"), "success");
  await loadList();
});

onSubmit($("#filter"), loadList);

try {
  $("#p-received").value = todayIso();
  await loadList();
  await loadLimits();
} catch (error) {
  pageError(error);
}
document.body.dataset.ready = "true";
