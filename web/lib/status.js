// The page's status messages: one live region (#flash, drawn by layout.js) that screen readers read out.

import { t } from "./i18n.js";

let flashTimer = null;

/** Show a message in the page's live region (read out by screen readers). */
export function announce(message, kind = "info") {
  const region = document.getElementById("flash");
  if (!region) return;
  clearTimeout(flashTimer);
  region.className = `flash flash-${kind}`;
  region.textContent = message;
  if (kind !== "error") flashTimer = setTimeout(() => { region.textContent = ""; region.className = "flash"; }, 8000);
}

/** Run an action from a button; errors go to the live region. */
export async function guarded(action) {
  try {
    return await action();
  } catch (error) {
    announce(error.message || t("error.unknown"), "error");
    return undefined;
  }
}
