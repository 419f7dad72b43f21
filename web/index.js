// Home: the council, its term, and the sessions the visitor may see.

import { api, CONSOLE_ROLES, hasRole } from "./lib/api.js";
import { emptyNote, fill, h } from "./lib/dom.js";
import { todayIso } from "./lib/clock.js";
import { formatNumber, sessionHeading, termLabel } from "./lib/format.js";
import { t } from "./lib/i18n.js";
import { boot, pageError } from "./lib/layout.js";
import { currentSession, liveLinks, sessionCard } from "./lib/sessions-list.js";

const { user, info } = await boot();

if (info) {
  fill(document.getElementById("council-title"), info.council.name);
  fill(document.getElementById("term-line"), termLabel(info.term));
  fill(document.getElementById("stat-in-office"), formatNumber(info.delegates_in_office));
  fill(document.getElementById("stat-quorum"), formatNumber(info.quorum_needed));
}

try {
  const data = await api.get("/api/sessions");
  const list = document.getElementById("sessions");
  const published = data.sessions.filter((s) => s.status !== "draft");
  fill(document.getElementById("stat-sessions"), formatNumber(published.length));
  if (data.sessions.length === 0) list.replaceWith(emptyNote(t("home.no_sessions")));
  else fill(list, data.sessions.map((s) => sessionCard(s, `/session.html?id=${s.id}`, null, liveLinks(s, user))));
  // A delegate's way in: the session in progress (or the next one) first, in a banner of its own.
  const current = hasRole(user, ["delegate"]) ? currentSession(data.sessions, todayIso()) : null;
  if (current) {
    document.getElementById("main").querySelector(".page-head").after(h("section", {
      class: "panel panel-accent live-banner", "aria-labelledby": "live-banner-heading" },
    h("h2", { id: "live-banner-heading" }, current.status === "in_progress" ? t("live.banner_running") : t("live.banner_next")),
    h("p", { class: "live-banner-session" }, sessionHeading(current)),
    h("div", { class: "actions" }, liveLinks(current, user, { primary: true }).slice(0, 1))));
  }
} catch (error) {
  pageError(error);
}

const account = document.getElementById("account");
if (!user) {
  fill(account, h("p", {}, t("home.signin_hint")),
    h("a", { class: "btn btn-primary", href: "/signin.html" }, t("nav.sign_in")));
} else {
  const links = [];
  if (hasRole(user, CONSOLE_ROLES)) {
    links.push(h("li", {}, h("a", { href: "/console/" }, t("nav.console"))));
    links.push(h("li", {}, h("a", { href: "/console/sessions.html" }, t("nav.sessions"))));
  }
  fill(account,
    h("p", {}, t("home.signed_in_as", { name: user.display_name })),
    links.length ? h("ul", { class: "quick-links" }, links) : null,
    hasRole(user, CONSOLE_ROLES) ? null : h("p", { class: "hint" }, t("home.delegate_hint")));
}
