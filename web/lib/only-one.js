// A list opened at one record (an element #only-one above it) (`?id=` in the address, as the dashboard's drill-down links them): the line that
// says so, with a link back to the whole list.

import { $, fill, h } from "./dom.js";
import { t } from "./i18n.js";
import { idFromAddress } from "./page.js";

/** The record asked for in the address, if any; the notice above the list shown or hidden to match. */
export function onlyOne() {
  const only = idFromAddress("id");
  fill($("#only-one"), only ? [t("common.showing_one"), " ", h("a", { href: location.pathname }, t("common.show_all"))] : []);
  $("#only-one").hidden = !only;
  return only;
}
