// The page for an address with no page (web/404.html, served with a 404 by the server at any such
// address): in the app's frame (header, language switch), with a way home.

import { $, fill } from "./lib/dom.js";
import { errorContent } from "./lib/error-page.js";
import { t } from "./lib/i18n.js";
import { boot } from "./lib/layout.js";

await boot();
document.title = `${t("error.not_found_title")} — ${t("app.name")}`;
fill($("#error-page"), errorContent(404));
