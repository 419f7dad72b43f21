// A session's published agenda, readable by the public (published, public sessions), delegates and staff.

import { agendaRow, sessionFacts, totalLine } from "./lib/agenda-view.js";
import { api, CONSOLE_ROLES, hasRole } from "./lib/api.js";
import { emptyNote, fill, h } from "./lib/dom.js";
import { sessionHeading } from "./lib/format.js";
import { t } from "./lib/i18n.js";
import { boot, pageError } from "./lib/layout.js";
import { idFromAddress } from "./lib/page.js";
import { liveLinks, sittingBadge, statusBadge } from "./lib/sessions-list.js";

const { user } = await boot();
const id = idFromAddress("id");
const article = document.getElementById("session");

try {
  if (id === null) throw new Error(t("agenda.not_found"));
  const session = await api.get(`/api/sessions/${id}`);
  const heading = sessionHeading(session);
  document.title = `${heading} — ${t("app.name")}`;
  fill(document.getElementById("session-heading"), heading);
  fill(document.getElementById("session-subtitle"), session.title || "");
  fill(document.getElementById("session-badges"), statusBadge(session.status), sittingBadge(session));
  fill(document.getElementById("session-facts"), sessionFacts(session));
  const list = document.getElementById("agenda");
  if (session.agenda.length === 0) list.replaceWith(emptyNote(t("agenda.empty")));
  else fill(list, session.agenda.map(agendaRow));
  fill(document.getElementById("agenda-total"), totalLine(session));
  const actions = [...liveLinks(session, user),
    h("button", { type: "button", class: "btn", onclick: () => window.print() }, t("agenda.print"))];
  if (hasRole(user, CONSOLE_ROLES)) {
    actions.push(h("a", { class: "btn", href: `/console/session.html?id=${session.id}` }, t("agenda.open_editor")));
  }
  fill(document.getElementById("session-actions"), actions);
} catch (error) {
  fill(document.getElementById("session-heading"), t("agenda.not_found"));
  pageError(error);
} finally {
  article.setAttribute("aria-busy", "false");
}
