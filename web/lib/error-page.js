// What a page says when it cannot be shown: no page at this address (404), or not for this account (403);
// with the way home (and, refused, another account).

import { h } from "./dom.js";
import { t } from "./i18n.js";

/** The heading, the explanation and the links of the error page for HTTP `status` (404 or 403). */
export function errorContent(status) {
  const forbidden = status === 403;
  return [
    h("p", { class: "error-code", "aria-hidden": "true" }, String(forbidden ? 403 : 404)),
    h("h1", {}, t(forbidden ? "error.forbidden_title" : "error.not_found_title")),
    h("p", { class: "lead" }, t(forbidden ? "error.forbidden_page" : "error.not_found_page")),
    h("p", { class: "actions" },
      h("a", { class: "btn btn-primary", href: "/" }, t("error.go_home")),
      forbidden ? h("a", { class: "btn", href: `/signin.html?next=${encodeURIComponent(window.location.pathname + window.location.search)}` },
        t("error.other_account")) : null),
  ];
}
