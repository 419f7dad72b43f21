// Translations: Vietnamese first, English on request. The choice lives in the `lang` cookie, which the
// server also reads to pick the language of its error messages.

const LANGS = ["vi", "en"];
const LOCALES = { vi: "vi-VN", en: "en-GB" };
let lang = "vi";
let messages = {};

function cookieLang() {
  const match = document.cookie.match(/(?:^|;\s*)lang=([a-z]+)/);
  return match && LANGS.includes(match[1]) ? match[1] : null;
}

function writeCookie(value) {
  document.cookie = `lang=${value}; path=/; max-age=31536000; samesite=lax`;
}

/** Load the catalogue of the chosen language and translate the static markup. */
export async function loadI18n() {
  lang = cookieLang() || "vi";
  if (!cookieLang()) writeCookie(lang); // so the server answers in the same language as the page
  const response = await fetch(`/i18n/${lang}.json`);
  messages = await response.json();
  document.documentElement.lang = lang;
  applyI18n(document);
  document.documentElement.classList.add("i18n-ready");
}

export function currentLang() {
  return lang;
}

export function otherLang() {
  return lang === "vi" ? "en" : "vi";
}

/** Switch language: remember it and reload, so every text (and the server's messages) follow. */
export function setLang(next) {
  writeCookie(LANGS.includes(next) ? next : "vi");
  window.location.reload();
}

/** The message for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = messages[key];
  if (text === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** True when the catalogue has `key` (for labels that depend on data, e.g. enum values). */
export function has(key) {
  return key in messages;
}

/** Translate `data-i18n`, `data-i18n-placeholder`, `data-i18n-aria-label` and `data-i18n-title` in `root`. */
export function applyI18n(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  }
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
}

// ---- Formatting -------------------------------------------------------------------------------

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
  return new Intl.DateTimeFormat(LOCALES[lang], {
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
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
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
  const type = session.session_type === "regular" ? "" : t("session.heading_type", {
    type: t(`session_type.${session.session_type}`).toLowerCase(),
  });
  return t("session.heading", { number: session.number, type });
}

/** The formal heading ("Kỳ họp thứ 3 (kỳ họp chuyên đề) HĐND tỉnh … khóa XVII" comes from the server in Vietnamese). */
export function sessionHeading(session) {
  return lang === "vi" && session.heading ? session.heading : sessionShortHeading(session);
}
