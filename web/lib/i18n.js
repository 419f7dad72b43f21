// Translations: Vietnamese first, English on request. The choice lives in the `lang` cookie, which the
// server also reads to pick the language of its error messages.

const LANGS = ["vi", "en"];
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
