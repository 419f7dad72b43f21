// Dates, numbers, durations and headings written the way the page's language writes them.

import { currentLang, has, t } from "./i18n.js";

const LOCALES = { vi: "vi-VN", en: "en-GB" };

function locale() {
  return LOCALES[currentLang()];
}

/** "2026-12-10" → "10/12/2026". */
export function formatDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** "2026-12-10T08:00:00Z" → local "10/12/2026 15:00". */
export function formatDateTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), {
    day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
  }).format(when);
}

/** Date range "10/12/2026 – 12/12/2026", or one date when both are the same day. */
export function formatDateRange(start, end) {
  if (!end || end === start) return formatDate(start);
  return `${formatDate(start)} – ${formatDate(end)}`;
}

/** Today as "YYYY-MM-DD" in local time. */
export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

/** 88.2352… → "88,24%" (vi) / "88.24%" (en). */
export function formatPercent(part, whole) {
  if (!whole) return "0%";
  const value = (part * 100) / whole;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value)}%`;
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
