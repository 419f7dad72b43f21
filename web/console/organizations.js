// Thường trực HĐND, Ban and Tổ đại biểu: create, rename, delete; add, end and remove members.

import { api, CONSOLE_ROLES } from "../lib/api.js";
import { confirmDialog } from "../lib/dialogs.js";
import { emptyNote, fill, h, options } from "../lib/dom.js";
import { todayIso } from "../lib/clock.js";
import { formatDate } from "../lib/format.js";
import { onSubmit } from "../lib/forms.js";
import { has, t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { announce, guarded } from "../lib/status.js";

const { canEdit } = await boot({ roles: CONSOLE_ROLES });
applyReadOnly(canEdit);

const KINDS = ["standing", "committee", "group"];
const ROLES = {
  standing: ["chair", "vice_chair", "head", "deputy", "member"],
  committee: ["head", "deputy", "member"],
  group: ["head", "deputy", "member"],
};
const container = document.getElementById("orgs");
let delegates = [];
let uid = 0;

function roleLabel(kind, membership) {
  const key = `orgrole.${kind}.${membership.role}`;
  return has(key) ? t(key) : membership.role_label;
}

/** A labelled control: `h` for the input, plus its <label>. */
function field(label, control, wide = false) {
  control.id ||= `f${++uid}`;
  return h("div", { class: wide ? "field field-wide" : "field" }, h("label", { for: control.id }, label), control);
}

function memberItem(org, m) {
  const li = h("li", { dataset: { membershipId: m.id } });
  const info = h("span", {}, h("span", { class: "member-name" }, m.full_name), " — ",
    h("span", { class: "member-role" }, roleLabel(org.kind, m)),
    h("span", { class: "sub" }, m.ended_on
      ? t("orgs.period", { from: formatDate(m.started_on), to: formatDate(m.ended_on) })
      : t("orgs.since", { date: formatDate(m.started_on) })));
  const tools = h("span", { class: "actions actions-tight" });
  if (canEdit && !m.ended_on) {
    tools.append(
      h("button", { type: "button", class: "btn btn-small", onclick: () => endMembership(li, org, m),
        "aria-label": t("orgs.end_named", { name: m.full_name }) }, t("orgs.end")),
      h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => removeMembership(m),
        "aria-label": t("orgs.remove_named", { name: m.full_name }) }, t("action.delete")));
  }
  li.append(info, tools);
  return li;
}

function endMembership(li, org, m) {
  const date = h("input", { type: "date", name: "ended_on", value: todayIso(), required: true });
  const form = h("form", { class: "end-membership", novalidate: true },
    h("div", { class: "fields" }, field(t("orgs.ended_on_for", { name: m.full_name }), date)),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small" }, t("orgs.end_submit")),
      h("button", { type: "button", class: "btn btn-small", onclick: () => li.replaceWith(memberItem(org, m)) },
        t("action.cancel"))));
  onSubmit(form, async (values) => {
    await api.patch(`/api/memberships/${m.id}`, { ended_on: values.ended_on });
    announce(t("orgs.ended", { name: m.full_name }), "success");
    await load();
  });
  fill(li, form);
  date.focus();
}

async function removeMembership(m) {
  if (!(await confirmDialog(t("orgs.remove_confirm", { name: m.full_name }), { confirmLabel: t("action.delete") }))) return;
  await guarded(async () => {
    await api.del(`/api/memberships/${m.id}`);
    announce(t("orgs.removed", { name: m.full_name }), "success");
    await load();
  });
}

function addMemberForm(org) {
  const taken = new Set(org.members.map((m) => m.person_id));
  const choices = delegates.filter((d) => !taken.has(d.person_id))
    .map((d) => [d.person_id, d.seat_label ? `${d.full_name} (${d.seat_label})` : d.full_name]);
  const form = h("form", { class: "add-member", novalidate: true },
    h("p", { class: "form-error", role: "alert", hidden: true }),
    h("div", { class: "fields" },
      field(t("orgs.member"), h("select", { name: "person_id", required: true },
        h("option", { value: "" }, t("orgs.choose_delegate")), options(choices))),
      field(t("orgs.role"), h("select", { name: "role" },
        options(ROLES[org.kind].map((r) => [r, t(`orgrole.${org.kind}.${r}`)]), "member"))),
      field(t("orgs.started_on"), h("input", { type: "date", name: "started_on" }))),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn btn-primary" }, t("orgs.add_member"))));
  onSubmit(form, async (values) => {
    const added = await api.post(`/api/organizations/${org.id}/members`,
      { ...values, person_id: values.person_id === null ? null : Number(values.person_id) });
    announce(t("orgs.member_added", { name: added.full_name, org: org.name }), "success");
    await load();
  });
  return h("details", { class: "add-member-panel" }, h("summary", {}, t("orgs.add_member_heading")), form);
}

function renameForm(card, org) {
  const form = h("form", { novalidate: true },
    h("p", { class: "form-error", role: "alert", hidden: true }),
    h("div", { class: "fields" },
      field(t("orgs.name"), h("input", { type: "text", name: "name", value: org.name, required: true }), true),
      field(t("orgs.description"), h("textarea", { name: "description", rows: 2 }, org.description || ""), true)),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary" }, t("action.save")),
      h("button", { type: "button", class: "btn", onclick: () => card.replaceWith(orgCard(org)) }, t("action.cancel"))));
  onSubmit(form, async (values) => {
    await api.patch(`/api/organizations/${org.id}`, values);
    announce(t("orgs.saved", { name: values.name }), "success");
    await load();
  });
  fill(card, h("h3", {}, t("orgs.rename_heading", { name: org.name })), form);
  form.elements.name.focus();
}

async function deleteOrg(org) {
  if (!(await confirmDialog(t("orgs.delete_confirm", { name: org.name }), { confirmLabel: t("action.delete") }))) return;
  await guarded(async () => {
    await api.del(`/api/organizations/${org.id}`);
    announce(t("orgs.deleted", { name: org.name }), "success");
    await load();
  });
}

function orgCard(org) {
  const card = h("article", { class: "panel org-card", dataset: { orgId: org.id }, "aria-labelledby": `org-${org.id}` });
  const head = h("div", { class: "panel-head" }, h("h3", { id: `org-${org.id}` }, org.name));
  if (canEdit) {
    head.append(h("span", { class: "actions actions-tight" },
      h("button", { type: "button", class: "btn btn-small", onclick: () => renameForm(card, org),
        "aria-label": t("orgs.rename_named", { name: org.name }) }, t("action.edit")),
      h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => deleteOrg(org),
        "aria-label": t("orgs.delete_named", { name: org.name }) }, t("action.delete"))));
  }
  card.append(head);
  if (org.description) card.append(h("p", { class: "desc" }, org.description));
  card.append(org.members.length
    ? h("ul", { class: "member-list", "aria-label": t("orgs.members_of", { name: org.name }) },
      org.members.map((m) => memberItem(org, m)))
    : emptyNote(t("orgs.no_members")));
  if (org.former_members.length) {
    card.append(h("details", {}, h("summary", {}, t("orgs.former", { n: org.former_members.length })),
      h("ul", { class: "member-list" }, org.former_members.map((m) => memberItem(org, m)))));
  }
  if (canEdit) card.append(addMemberForm(org));
  return card;
}

async function load() {
  try {
    const [orgs, people] = await Promise.all([api.get("/api/organizations"), api.get("/api/delegates")]);
    delegates = people.delegates;
    const sections = KINDS.map((kind) => {
      const list = orgs.organizations.filter((o) => o.kind === kind);
      return h("section", { "aria-labelledby": `kind-${kind}` },
        h("h2", { class: "org-kind", id: `kind-${kind}` }, t(`orgkind.plural.${kind}`)),
        list.length ? h("div", { class: "org-grid" }, list.map(orgCard)) : emptyNote(t(`orgs.none.${kind}`)));
    });
    fill(container, sections);
  } catch (error) {
    pageError(error);
  }
}

onSubmit(document.getElementById("create-form"), async (values, form) => {
  const created = await api.post("/api/organizations", values);
  form.reset();
  announce(t("orgs.created", { name: created.name }), "success");
  await load();
});

await load();
