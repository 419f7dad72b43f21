// Session cards shared by the home page and the console overview.

import { badge, h } from "./dom.js";
import { formatDateRange, formatMinutes, sessionHeading, t } from "./i18n.js";

export function statusBadge(status) {
  return badge(status, t(`status.${status}`));
}

export function sittingBadge(session) {
  return session.is_public ? badge("public", t("session.public")) : badge("closed-sitting", t("session.closed"));
}

/** One session as a card; `href` is where its title links to. */
export function sessionCard(session, href, extra = null) {
  const facts = [formatDateRange(session.starts_on, session.ends_on), session.place,
    t("session.item_count", { n: session.item_count }),
    session.planned_minutes ? formatMinutes(session.planned_minutes) : null].filter(Boolean);
  return h("li", { class: "session-card", dataset: { sessionId: session.id } },
    h("div", {},
      h("h3", {}, h("a", { href }, sessionHeading(session))),
      session.title ? h("p", { class: "session-sub" }, session.title) : null,
      h("p", { class: "meta" }, facts.join(" · "))),
    h("div", { class: "badges" }, statusBadge(session.status), sittingBadge(session), extra));
}
