// The frame shared by every page: skip link, header (council, user, language, sign out), role-based
// navigation, the status live region and the footer. Pages call `boot()` first.

import { api, CONSOLE_ROLES, EDITOR_ROLES, getMe, hasRole, STAFF_ROLES } from "./api.js";
import { setTimeZone } from "./clock.js";
import { confirmDialog } from "./dialogs.js";
import { h } from "./dom.js";
import { errorContent } from "./error-page.js";
import { termLabel } from "./format.js";
import { currentLang, loadI18n, otherLang, setLang, t } from "./i18n.js";
import { flushAllOutboxes } from "./notes-store.js";
import { forgetOfflineData } from "./offline.js";
import { stop } from "./page.js";
import { announce } from "./status.js";

const NAV = [
  { href: "/", key: "nav.home" },
  { href: "/console/", key: "nav.console", roles: CONSOLE_ROLES },
  { href: "/console/sessions.html", key: "nav.sessions", roles: CONSOLE_ROLES, also: ["/console/session.html"] },
  { href: "/console/delegates.html", key: "nav.delegates", roles: CONSOLE_ROLES },
  { href: "/console/organizations.html", key: "nav.organizations", roles: CONSOLE_ROLES },
  { href: "/console/officials.html", key: "nav.officials", roles: CONSOLE_ROLES },
  { href: "/console/roster.html", key: "nav.roster", roles: EDITOR_ROLES },
  { href: "/console/council.html", key: "nav.council", roles: STAFF_ROLES },
  { href: "/archive/", key: "nav.archive", roles: STAFF_ROLES, also: ["/archive/index.html"] },
  { href: "/archive/tracking.html", key: "nav.tracking", roles: STAFF_ROLES },
  { href: "/activity/", key: "nav.activity", roles: STAFF_ROLES,
    also: ["/activity/index.html", "/activity/recommendations.html", "/activity/petitions.html", "/activity/import.html"] },
  { href: "/metrics/", key: "nav.metrics", roles: STAFF_ROLES, also: ["/metrics/index.html"] },
  { href: "/console/accounts.html", key: "nav.accounts", roles: EDITOR_ROLES },
  { href: "/archive/import.html", key: "nav.archive_import", roles: ["archivist", "admin"] },
];

function roleNames(user) {
  return user.roles.map((r) => t(`role.${r}`)).join(", ");
}

function header(user, info) {
  const path = window.location.pathname;
  const switcher = h("button", {
    type: "button", class: "btn btn-quiet lang-switch", lang: otherLang(),
    "aria-label": t("lang.switch_label"), onclick: () => setLang(otherLang()),
  }, t("lang.other"));
  const account = user
    ? [
      h("span", { class: "who" }, h("span", { class: "who-name" }, user.display_name),
        h("span", { class: "who-role" }, roleNames(user))),
      h("button", { type: "button", class: "btn btn-quiet", id: "sign-out", onclick: signOut }, t("nav.sign_out")),
    ]
    : path === "/signin.html" ? [] : [h("a", { class: "btn btn-quiet", href: "/signin.html" }, t("nav.sign_in"))];

  const links = NAV.filter((item) => !item.roles || hasRole(user, item.roles)).map((item) => {
    const current = path === item.href || (item.also || []).includes(path)
      || (item.href === "/" && path === "/index.html") || (item.href === "/console/" && path === "/console/index.html");
    return h("li", {}, h("a", { href: item.href, "aria-current": current ? "page" : null }, t(item.key)));
  });

  const council = info?.council;
  return h("header", { class: "site-header" },
    h("div", { class: "bar" },
      h("a", { class: "brand", href: "/" },
        h("img", { src: "/assets/emblem.svg", alt: "", width: 40, height: 40, class: "emblem" }),
        h("span", { class: "brand-text" },
          h("span", { class: "app-name" }, t("app.name")),
          h("span", { class: "council-name", id: "council-name" }, council ? council.name : ""),
          info?.term ? h("span", { class: "term-name" }, termLabel(info.term)) : null)),
      h("div", { class: "user-area" }, switcher, ...account)),
    links.length > 1 ? h("nav", { class: "main-nav", "aria-label": t("nav.label") }, h("ul", {}, links)) : null);
}

async function signOut() {
  try {
    // Notes written offline go to the server first; what is still waiting is lost only if the user agrees.
    const waiting = await flushAllOutboxes().catch(() => 0);
    if (waiting && !(await confirmDialog(t("nav.sign_out_pending", { count: waiting }), { confirmLabel: t("nav.sign_out") }))) return;
    await api.post("/api/auth/logout");
    await forgetOfflineData().catch(() => null); // a shared tablet keeps nothing of the last reader
    window.location.href = "/";
  } catch (error) {
    announce(error.message, "error");
  }
}

function footer() {
  return h("footer", { class: "site-footer" }, h("p", {}, t("app.footer")));
}

/**
 * Load translations, the user and the council; draw the frame.
 * Options: `roles` — the page needs one of these roles (else sign-in redirect or a refusal);
 * returns `{ user, council, canEdit }` or never resolves when the page cannot be shown.
 */
export async function boot({ roles = null } = {}) {
  await loadI18n();
  const [user, info] = await Promise.all([
    getMe().catch(() => null),
    api.get("/api/council").catch(() => null),
  ]);
  setTimeZone(info?.council?.time_zone); // every date and time on the council's clock
  const main = document.getElementById("main");
  const flash = h("div", { id: "flash", class: "flash", role: "status", "aria-live": "polite" });
  document.body.prepend(h("a", { class: "skip-link", href: "#main" }, t("nav.skip")), header(user, info));
  main.prepend(flash);
  document.body.append(footer());

  if (roles && !user) {
    const next = window.location.pathname + window.location.search;
    window.location.replace(`/signin.html?next=${encodeURIComponent(next)}`);
    return stop();
  }
  if (roles && !hasRole(user, roles)) {
    main.replaceChildren(flash, h("div", { class: "error-page" }, errorContent(403)));
    return stop();
  }
  document.documentElement.dataset.lang = currentLang();
  return { user, info, canEdit: hasRole(user, EDITOR_ROLES) };
}

/** Hide every `.editor-only` element for people who may only read. */
export function applyReadOnly(canEdit) {
  document.body.classList.toggle("read-only", !canEdit);
  for (const el of document.querySelectorAll(".editor-only")) el.hidden = !canEdit;
}

/** Show a page-level failure (e.g. the data could not be loaded). */
export function pageError(error) {
  announce(error.message || t("error.unknown"), "error");
}
