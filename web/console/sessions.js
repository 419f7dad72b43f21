// Sessions of the term: the list, and a form to create a new (draft) session.

import { api, CONSOLE_ROLES } from "../lib/api.js";
import { fill, h } from "../lib/dom.js";
import { buildFields } from "../lib/fields.js";
import { formatDateRange, formatMinutes, sessionShortHeading, termLabel } from "../lib/format.js";
import { onSubmit } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { SESSION_FIELDS } from "../lib/session-fields.js";
import { sittingBadge, statusBadge } from "../lib/sessions-list.js";

const { canEdit } = await boot({ roles: CONSOLE_ROLES });
const form = document.getElementById("create-form");
document.getElementById("session-fields").append(buildFields("new", SESSION_FIELDS));
applyReadOnly(canEdit);

function row(s) {
  const editor = `/console/session.html?id=${s.id}`;
  return h("tr", { dataset: { id: s.id } },
    h("td", { class: "num" }, s.number),
    h("td", {}, h("a", { href: editor }, sessionShortHeading(s)), s.title ? h("span", { class: "sub" }, s.title) : null),
    h("td", {}, formatDateRange(s.starts_on, s.ends_on), s.place ? h("span", { class: "sub" }, s.place) : null),
    h("td", { class: "num" }, s.item_count,
      s.planned_minutes ? h("span", { class: "sub" }, formatMinutes(s.planned_minutes)) : null),
    h("td", {}, statusBadge(s.status), " ", sittingBadge(s)),
    h("td", { class: "actions-cell" },
      h("a", { class: "btn btn-small", href: editor }, canEdit ? t("sessions.open_editor") : t("sessions.open")),
      " ",
      s.status !== "draft" ? h("a", { class: "btn btn-small", href: `/console/live.html?session=${s.id}` }, t("live.console_link"))
        : null,
      " ",
      s.status !== "draft" ? h("a", { class: "btn btn-small", href: `/session.html?id=${s.id}` }, t("sessions.public_view"))
        : null));
}

async function load() {
  try {
    const data = await api.get("/api/sessions");
    fill(document.getElementById("term-line"), termLabel(data.term));
    fill(document.getElementById("sessions"), data.sessions.length ? data.sessions.map(row)
      : h("tr", {}, h("td", { colspan: 6, class: "empty" }, t("sessions.none"))));
    form.elements.number.value = data.next_number;
  } catch (error) {
    pageError(error);
  }
}

onSubmit(form, async (values) => {
  const created = await api.post("/api/sessions", values);
  window.location.href = `/console/session.html?id=${created.id}&created=1`;
});

await load();
