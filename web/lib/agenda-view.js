// The numbered agenda, read-only: shared by the public session page and the console.

import { h } from "./dom.js";
import { formatDate, formatMinutes } from "./format.js";
import { has, t } from "./i18n.js";
import { fold } from "./text.js";

export function kindLabel(kind) {
  return has(`kind.${kind}`) ? t(`kind.${kind}`) : kind;
}

/** Title, kind / presenter / day, and notes of an item. */
export function itemContent(item, { minutes = false } = {}) {
  const kind = kindLabel(item.kind);
  // "Chất vấn và trả lời chất vấn" needs no kind label saying the same.
  const meta = [fold(item.title).includes(fold(kind)) ? null : kind, item.presenter && t("agenda.presenter", { name: item.presenter }),
    item.scheduled_on && formatDate(item.scheduled_on),
    minutes && item.planned_minutes && formatMinutes(item.planned_minutes)].filter(Boolean);
  return h("div", { class: "agenda-content" },
    h("p", { class: "agenda-title" }, item.title),
    h("p", { class: "agenda-meta" }, meta.map((m) => h("span", {}, m))),
    item.notes ? h("p", { class: "agenda-notes" }, item.notes) : null);
}

/** One agenda line: number, content, planned minutes. */
export function agendaRow(item) {
  return h("li", { class: `agenda-row depth-${item.depth}`, dataset: { itemId: item.id } },
    h("span", { class: "agenda-num" }, item.number),
    itemContent(item),
    h("span", { class: "agenda-minutes" }, item.planned_minutes ? formatMinutes(item.planned_minutes) : ""));
}

export function totalLine(session) {
  return session.planned_minutes
    ? t("agenda.total", { n: session.agenda.length, time: formatMinutes(session.planned_minutes) })
    : t("agenda.total_items", { n: session.agenda.length });
}

/** Facts about a session as <dt>/<dd> pairs. */
export function sessionFacts(session) {
  const pairs = [
    [t("session.dates"), session.ends_on && session.ends_on !== session.starts_on
      ? `${formatDate(session.starts_on)} – ${formatDate(session.ends_on)}` : formatDate(session.starts_on)],
    [t("session.type"), t(`session_type.${session.session_type}`)],
    session.place ? [t("session.place"), session.place] : null,
    [t("session.sitting"), session.is_public ? t("session.public") : t("session.closed")],
  ].filter(Boolean);
  return pairs.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]);
}
