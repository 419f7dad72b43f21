// Console overview: the council and term, counts, upcoming sessions, quick links.

import { api, CONSOLE_ROLES } from "../lib/api.js";
import { emptyNote, fill } from "../lib/dom.js";
import { todayIso } from "../lib/clock.js";
import { formatNumber, termLabel } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { liveLinks, sessionCard } from "../lib/sessions-list.js";

const { user, info, canEdit } = await boot({ roles: CONSOLE_ROLES });
applyReadOnly(canEdit);

const set = (id, value) => fill(document.getElementById(id), value);

if (info) {
  set("council-line", `${info.council.name} — ${termLabel(info.term)}`);
  set("stat-in-office", formatNumber(info.delegates_in_office));
  set("stat-quorum", formatNumber(info.quorum_needed));
}

try {
  const [sessions, orgs, officials] = await Promise.all([
    api.get("/api/sessions"), api.get("/api/organizations"), api.get("/api/officials"),
  ]);
  set("stat-sessions", formatNumber(sessions.sessions.length));
  set("stat-orgs", formatNumber(orgs.organizations.length));
  set("stat-officials", formatNumber(officials.officials.length));
  const today = todayIso();
  const upcoming = sessions.sessions
    .filter((s) => (s.ends_on || s.starts_on) >= today && s.status !== "closed")
    .sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  const list = document.getElementById("upcoming");
  if (upcoming.length === 0) list.replaceWith(emptyNote(t("console.no_upcoming")));
  else fill(list, upcoming.map((s) => sessionCard(s, `/console/session.html?id=${s.id}`, null,
    liveLinks(s, user))));
} catch (error) {
  pageError(error);
}
