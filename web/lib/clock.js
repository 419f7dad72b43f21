// The one clock of the pages: the server's clock as the page estimates it, the countdown timer of the floor
// counted from it, and every date and time a person reads — written on the council's clock (its time zone,
// from the council or the live session's snapshot), whatever the zone of the tablet, the projector's
// computer or the secretary's laptop.

import { currentLang } from "./i18n.js";
import { readJson, writeJson } from "./storage.js";

const LOCALES = { vi: "vi-VN", en: "en-GB" };
const DEFAULT_ZONE = "Asia/Ho_Chi_Minh";
const ZONE_KEY = "kyhop.time_zone"; // the last council zone heard, for a page opened offline

let clockOffset = 0; // server time − client time, in ms
let zone = knownZone(readJson(ZONE_KEY)) || DEFAULT_ZONE;
const formats = new Map(); // "locale|zone|options" → Intl.DateTimeFormat

function knownZone(name) {
  if (typeof name !== "string" || !name) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return name;
  } catch {
    return null;
  }
}

/** The council's time zone (an IANA name such as "Asia/Ho_Chi_Minh"): every date and time is written in it. */
export function setTimeZone(name) {
  const known = knownZone(name);
  if (!known || known === zone) return;
  zone = known;
  writeJson(ZONE_KEY, zone);
}

/** The page's locale for dates and numbers ("vi-VN", "en-GB"). */
export function pageLocale() {
  return LOCALES[currentLang()] || LOCALES.vi;
}

function format(options, locale = pageLocale()) {
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(locale, { ...options, timeZone: zone }));
  return formats.get(key);
}

/** "2026-12-02T16:30:00Z" → "23:30 02/12/2026" (vi) on the council's clock. */
export function formatDateTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return format({ day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23" }).format(when);
}

/** The council's date of an instant (ms or a Date) as "YYYY-MM-DD". */
export function isoDayOf(instant) {
  const parts = Object.fromEntries(format({ year: "numeric", month: "2-digit", day: "2-digit" }, "en-GB")
    .formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Today on the council's clock, as "YYYY-MM-DD" (which sitting is today's, the default of a date field). */
export function todayIso() {
  return isoDayOf(serverNow());
}

/** Estimate the server's clock from an HTTP Date header (whole seconds: used only when clearly off). */
export async function syncClock() {
  try {
    const before = Date.now();
    const response = await fetch("/i18n/vi.json", { method: "HEAD", cache: "no-store" });
    const after = Date.now();
    const date = Date.parse(response.headers.get("date") || "");
    if (Number.isNaN(date)) return;
    const offset = date + 500 - (before + after) / 2;
    clockOffset = Math.abs(offset) > 2000 ? offset : 0;
  } catch {
    clockOffset = 0;
  }
}

/** Now on the server's clock, in ms. */
export function serverNow() {
  return Date.now() + clockOffset;
}

/** The time of day of `ms` as "08:05" on the council's clock (the projector's clock). */
export function formatTimeOfDay(ms) {
  return format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, "en-GB").format(ms);
}

/** "04:32"; negative seconds → "+00:12" (overtime). */
export function formatClock(seconds) {
  const s = Math.abs(seconds);
  const text = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  return seconds < 0 ? `+${text}` : text;
}

/** The running timer now: {remaining, seconds, warning, over, text, key} or null. */
export function timerNow(timer, now = serverNow()) {
  if (!timer || !timer.started_at) return null;
  const start = Date.parse(timer.started_at);
  if (Number.isNaN(start)) return null;
  const leftMs = start + timer.seconds * 1000 - now;
  const remaining = leftMs >= 0 ? Math.ceil(leftMs / 1000) : -Math.floor(-leftMs / 1000);
  const over = leftMs < 0;
  const warning = !over && remaining <= timer.warning_seconds;
  return { remaining, seconds: timer.seconds, warning, over, text: formatClock(remaining),
    key: `${timer.started_at}|${timer.seconds}` };
}

/** Call `fn` four times a second (for countdowns); returns a stop function. */
export function ticker(fn) {
  const id = setInterval(fn, 250);
  return () => clearInterval(id);
}
