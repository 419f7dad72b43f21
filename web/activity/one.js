// A list opened at one record (`?id=` in the address, as the dashboard's drill-down links them): the line that
// says so, with a link back to the whole list.

import { $, fill, h } from "../lib/dom.js";
import { idFromAddress } from "../lib/page.js";
import { t } from "../lib/i18n.js";

/** The record asked for in the address, if any; the notice above the list shown or hidden to match. */
export function onlyOne() {
  const only = idFromAddress("id");
  fill($("#only-one"), only ? [t("activity.showing_one"), " ", h("a", { href: location.pathname }, t("activity.show_all"))] : []);
  $("#only-one").hidden = !only;
  return only;
}
