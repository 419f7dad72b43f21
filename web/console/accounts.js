// Accounts and QR sign-in cards: issue a card (shown once, printable), revoke cards; admins create
// accounts, change roles, reset passwords and disable accounts.

import { api, EDITOR_ROLES, hasRole } from "../lib/api.js";
import { confirmDialog, editDialog } from "../lib/dialogs.js";
import { $, $$, badge, fill, h, options } from "../lib/dom.js";
import { formatDateTime } from "../lib/clock.js";
import { formatDate } from "../lib/format.js";
import { onSubmit, writeForm } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { announce, guarded } from "../lib/status.js";

const { user: me, info } = await boot({ roles: EDITOR_ROLES });
const isAdmin = hasRole(me, ["admin"]);
for (const el of $$(".admin-only")) el.hidden = !isAdmin;

const ROLES = ["delegate", "secretary", "chair", "archivist", "admin"];
for (const [n, box] of $$("[data-roles]").entries()) {
  fill(box, ROLES.map((role) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "roles", value: role, id: `roles-${n}-${role}`, "data-group": true }),
    h("span", {}, t(`role.${role}`)))));
}

const dialog = editDialog($("#edit-dialog"));
const editForm = $("#edit-form");
let users = [];
let cards = [];
let people = new Map();
let editing = null;

const activeCard = (u) => cards.find((c) => c.user_id === u.id && c.state === "active");

function userCell(u) {
  const person = people.get(u.person_id);
  return h("td", {}, u.display_name,
    person ? h("span", { class: "sub" }, t("accounts.linked", { name: person.full_name, seat: person.seat_label || "—" }))
      : null);
}

function userRow(u) {
  const card = activeCard(u);
  const tools = [];
  if (u.is_active && u.roles.includes("delegate")) {
    tools.push(h("button", { type: "button", class: "btn btn-small", dataset: { action: "issue" },
      "aria-label": t("accounts.issue_named", { name: u.display_name }), onclick: () => issueCard(u) },
    t("accounts.issue")));
  }
  if (isAdmin) {
    tools.push(h("button", { type: "button", class: "btn btn-small", "aria-label": t("accounts.edit_named", { name: u.username }),
      onclick: () => openEditor(u) }, t("action.edit")));
  }
  return h("tr", { dataset: { userId: u.id } },
    h("td", {}, h("strong", {}, u.username)),
    userCell(u),
    h("td", {}, u.roles.map((r) => t(`role.${r}`)).join(", ")),
    h("td", {}, u.is_active ? badge("active", t("accounts.active")) : badge("inactive", t("accounts.inactive"))),
    h("td", {}, card ? t("accounts.card_until", { date: formatDate(card.expires_at) }) : t("accounts.no_card")),
    h("td", { class: "actions-cell" }, tools));
}

function cardRow(c) {
  const owner = users.find((u) => u.id === c.user_id);
  const name = owner ? owner.display_name : `#${c.user_id}`;
  return h("tr", { dataset: { cardId: c.id } },
    h("td", {}, name, owner ? h("span", { class: "sub" }, owner.username) : null),
    h("td", {}, formatDateTime(c.issued_at)),
    h("td", {}, formatDateTime(c.expires_at)),
    h("td", {}, c.last_used_at ? formatDateTime(c.last_used_at) : "—"),
    h("td", {}, badge(c.state, t(`card_state.${c.state}`)),
      c.revoked_at ? h("span", { class: "sub" }, formatDateTime(c.revoked_at)) : null),
    h("td", { class: "actions-cell" }, c.state === "active"
      ? h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => revoke(c, name),
        "aria-label": t("accounts.revoke_named", { name }) }, t("accounts.revoke")) : null));
}

function render() {
  fill($("#users"), users.length ? users.map(userRow)
    : h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("accounts.no_users"))));
  fill($("#cards"), cards.length ? cards.map(cardRow)
    : h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("accounts.no_cards"))));
  const linked = new Set(users.map((u) => u.person_id).filter(Boolean));
  const free = [...people.values()].filter((p) => p.in_office && !linked.has(p.person_id))
    .map((p) => [p.person_id, p.seat_label ? `${p.full_name} (${p.seat_label})` : p.full_name]);
  fill($("#new-person"), h("option", { value: "" }, t("accounts.no_person")), options(free));
}

async function load() {
  try {
    const [u, c, d] = await Promise.all([api.get("/api/users"), api.get("/api/cards"), api.get("/api/delegates?all=1")]);
    users = u.users;
    cards = c.cards;
    people = new Map(d.delegates.map((x) => [x.person_id, x]));
    render();
  } catch (error) {
    pageError(error);
  }
}

/** Insert the server's QR code as SVG nodes (parsed, never as HTML). */
function showSvg(container, markup, label) {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") return;
  for (const bad of svg.querySelectorAll("script, foreignObject")) bad.remove();
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  fill(container, document.importNode(svg, true));
}

async function issueCard(u) {
  const current = activeCard(u);
  if (current && !(await confirmDialog(t("accounts.reissue_confirm", { name: u.display_name }),
    { confirmLabel: t("accounts.issue") }))) return;
  await guarded(async () => {
    const days = Number($("#card-days").value) || 30;
    const card = await api.post(`/api/users/${u.id}/cards`, { days });
    showSvg($("#issued-qr"), card.qr_svg, t("accounts.qr_label", { name: u.display_name }));
    fill($("#issued-council"), info ? info.council.name : "");
    fill($("#issued-name"), u.display_name);
    fill($("#issued-expiry"), t("accounts.valid_until", { date: formatDate(card.expires_at) }));
    fill($("#issued-url"), card.signin_url);
    const panel = $("#issued");
    panel.hidden = false;
    panel.scrollIntoView({ block: "start" });
    $("#issued-heading").focus();
    announce(t("accounts.issued", { name: u.display_name }), "success");
    await load();
  });
}

function closeCard() {
  fill($("#issued-qr"));
  fill($("#issued-url"));
  $("#issued").hidden = true;
}

async function revoke(c, name) {
  if (!(await confirmDialog(t("accounts.revoke_confirm", { name }), { confirmLabel: t("accounts.revoke") }))) return;
  await guarded(async () => {
    await api.post(`/api/cards/${c.id}/revoke`);
    announce(t("accounts.revoked", { name }), "success");
    await load();
  });
}

function openEditor(u) {
  editing = u;
  fill($("#edit-heading"), t("accounts.edit_heading", { name: u.username }));
  editForm.reset();
  writeForm(editForm, { display_name: u.display_name, roles: u.roles, is_active: u.is_active, password: "" });
  dialog.open(editForm.elements.display_name);
}

onSubmit(editForm, async (values) => {
  const body = { display_name: values.display_name, roles: values.roles || [], is_active: values.is_active };
  if (values.password) body.password = values.password;
  const saved = await api.patch(`/api/users/${editing.id}`, body);
  dialog.close();
  announce(t("accounts.saved", { name: saved.username }), "success");
  await load();
});

onSubmit($("#create-form"), async (values, form) => {
  const body = { ...values, roles: values.roles || [],
    person_id: values.person_id === null ? null : Number(values.person_id) };
  if (!body.password) delete body.password;
  const created = await api.post("/api/users", body);
  form.reset();
  announce(t("accounts.created", { name: created.username }), "success");
  await load();
});

$("#print-card").addEventListener("click", () => {
  document.body.classList.add("printing");
  window.print();
});
window.addEventListener("afterprint", () => document.body.classList.remove("printing"));
$("#close-card").addEventListener("click", closeCard);

await load();
