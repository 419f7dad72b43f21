// Session cards shared by the home page and the console overview.

import { CONSOLE_ROLES, hasRole } from "./api.js";
import { badge, h } from "./dom.js";
import { formatDateRange, formatMinutes, sessionHeading } from "./format.js";
import { t } from "./i18n.js";

export function statusBadge(status) {
  return badge(status, t(`status.${status}`));
}

export function sittingBadge(session) {
  return session.is_public ? badge("public", t("session.public")) : badge("closed-sitting", t("session.closed"));
}

/** One session as a card; `href` is where its title links to; `actions` (links, buttons) go below. */
export function sessionCard(session, href, extra = null, actions = []) {
  const facts = [formatDateRange(session.starts_on, session.ends_on), session.place,
    t("session.item_count", { n: session.item_count }),
    session.planned_minutes ? formatMinutes(session.planned_minutes) : null].filter(Boolean);
  return h("li", { class: "session-card", dataset: { sessionId: session.id } },
    h("div", {},
      h("h3", {}, h("a", { href }, sessionHeading(session))),
      session.title ? h("p", { class: "session-sub" }, session.title) : null,
      h("p", { class: "meta" }, facts.join(" · "))),
    h("div", { class: "badges" }, statusBadge(session.status), sittingBadge(session), extra),
    actions.length ? h("div", { class: "card-actions" }, actions) : null);
}

/** Is the session live or coming (a tablet, console or projector has something to show)? */
export function isLive(session) {
  return session.status === "in_progress" || session.status === "published";
}

/** The links into a live session for this user: tablet (delegates), live console (staff), projector. */
export function liveLinks(session, user, { primary = false } = {}) {
  if (!isLive(session)) return [];
  const roles = user?.roles || [];
  const links = [];
  if (roles.includes("delegate")) {
    links.push(h("a", { class: `btn ${primary ? "btn-primary btn-large" : "btn-primary"}`, href: `/tablet.html?session=${session.id}`,
      dataset: { live: "tablet" } }, t("live.enter")));
  }
  if (hasRole(user, CONSOLE_ROLES)) {
    links.push(h("a", { class: "btn btn-primary", href: `/console/live.html?session=${session.id}`, dataset: { live: "console" } },
      t("live.console_link")));
  }
  if (session.status === "in_progress" && (session.is_public || roles.length)) {
    links.push(h("a", { class: "btn", href: `/projector.html?session=${session.id}`, dataset: { live: "projector" } },
      t("live.projector_link")));
  }
  return links;
}

/**
 * The session a delegate's tablet should open: the one in progress, else the next published one that has
 * not ended (by date), else null.
 */
export function currentSession(sessions, today) {
  const running = sessions.find((s) => s.status === "in_progress");
  if (running) return running;
  return sessions
    .filter((s) => s.status === "published" && (s.ends_on || s.starts_on) >= today)
    .sort((a, b) => a.starts_on.localeCompare(b.starts_on))[0] || null;
}
