// What every live screen (the delegate's tablet, the secretary's console, the projector, the kiosk) does
// the same way: connect to the session, show how the connection is, and take an action with its outcome
// said in the status region.

import { $, fill, h } from "./dom.js";
import { t } from "./i18n.js";
import { LiveSession } from "./live.js";
import { announce, guarded } from "./status.js";

/** Keep `el` (a role=status element) telling how the connection is: text, class and a retry countdown. */
export function connectionIndicator(el, live) {
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  const label = h("span", { class: "conn-text" });
  el.replaceChildren(h("span", { class: "conn-dot", "aria-hidden": "true" }), label);
  live.onStatus((status) => {
    el.className = `conn conn-${status}`;
    el.dataset.status = status;
    label.textContent = status === "refused" && live.statusMessage ? live.statusMessage : t(`live.status_${status}`);
  });
}

/**
 * The live session `sessionId` (not started yet: `live.start()` once the page listens), its connection shown
 * in `#conn`. Refused before any state arrived (not signed in, a closed sitting), `heading` says why:
 * `refusal`, else the server's reason.
 */
export function liveSession(sessionId, heading, { refusal = null } = {}) {
  const live = new LiveSession(sessionId);
  window.kyhopLive = live; // for diagnosis (and the browser tests)
  connectionIndicator($("#conn"), live);
  live.onStatus((status) => {
    if (status === "refused" && !live.state) fill(heading, refusal || live.statusMessage || t("live.refused"));
  });
  return live;
}

/** Take a live action; `success` is announced when the server acknowledges it, an error too. True when done. */
export async function act(live, name, data = {}, success = null) {
  const done = await guarded(async () => {
    await live.action(name, data);
    if (success) announce(success, "success");
    return true;
  });
  return done === true;
}
