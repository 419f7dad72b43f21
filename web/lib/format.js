// Dates, numbers, durations and headings written the way the page's language writes them.

import { isoDayOf, pageLocale } from "./clock.js";
import { currentLang, has, t } from "./i18n.js";

// A time of day, a date and time, today: lib/clock.js (on the council's clock, whatever the device's zone).

/** "2026-12-10" → "10/12/2026"; a time ("2026-12-10T17:30:00Z") → its date on the council's clock. */
export function formatDate(iso) {
  if (!iso) return "";
  const when = iso.length > 10 ? new Date(iso) : null;
  const day = when && !Number.isNaN(when.getTime()) ? isoDayOf(when) : iso.slice(0, 10);
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}

/** Date range "10/12/2026 – 12/12/2026", or one date when both are the same day. */
export function formatDateRange(start, end) {
  if (!end || end === start) return formatDate(start);
  return `${formatDate(start)} – ${formatDate(end)}`;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(pageLocale()).format(n);
}

/** 88.2352… → "88,24%" (vi) / "88.24%" (en). */
export function formatPercent(part, whole) {
  if (!whole) return "0%";
  const value = (part * 100) / whole;
  return `${new Intl.NumberFormat(pageLocale(), { maximumFractionDigits: 2 }).format(value)}%`;
}

/** 200 → "3 giờ 20 phút" / "3 h 20 min". */
export function formatMinutes(total) {
  const minutes = Number(total) || 0;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return t("time.hours_minutes", { h, m });
  if (h) return t("time.hours", { h });
  return t("time.minutes", { m });
}

const ROMAN = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"],
  [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];

export function roman(number) {
  let n = number;
  let out = "";
  for (const [value, letters] of ROMAN) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

/** "khóa XVII, nhiệm kỳ 2026–2031" / "17th term (XVII), 2026–2031". */
export function termLabel(term) {
  if (!term) return "";
  const start = term.starts_on.slice(0, 4);
  const end = term.ends_on ? term.ends_on.slice(0, 4) : String(Number(start) + 5);
  return t("term.label", { roman: roman(term.number), start, end });
}

/** "Kỳ họp thứ 3 (kỳ họp chuyên đề)" / "Session 3 (thematic session)". */
export function sessionShortHeading(session) {
  const kind = session.session_type;
  const type = kind && kind !== "regular" && has(`session_type.${kind}`)
    ? t("session.heading_type", { type: t(`session_type.${kind}`).toLowerCase() }) : "";
  return t("session.heading", { number: session.number, type });
}

/** The formal heading ("Kỳ họp thứ 3 (kỳ họp chuyên đề) HĐND tỉnh … khóa XVII" comes from the server in Vietnamese). */
export function sessionHeading(session) {
  return currentLang() === "vi" && session.heading ? session.heading : sessionShortHeading(session);
}
