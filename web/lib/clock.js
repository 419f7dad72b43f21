// The server's clock as the page estimates it, and the countdown timer of the floor counted from it.

let clockOffset = 0; // server time − client time, in ms

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

/** The time of day of `ms` as "08:05" (the projector's clock). */
export function formatTimeOfDay(ms) {
  const when = new Date(ms);
  return `${String(when.getHours()).padStart(2, "0")}:${String(when.getMinutes()).padStart(2, "0")}`;
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
