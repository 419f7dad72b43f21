// What a page shows is named in its address (?session=7, ?id=3): reading it, and stopping a page that has
// nothing to show.

import { fill } from "./dom.js";

/** The text of the address's `name` parameter, or null. */
export function fromAddress(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/** The positive whole number in the address's `name` parameter (`?session=7` → 7), else null. */
export function idFromAddress(name) {
  const value = Number(fromAddress(name));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** A promise that never settles: `await stop()` ends a page's module where it stands. */
export function stop() {
  return new Promise(() => {});
}

/** The id in the address's `name` parameter; without one, `message` goes into `heading` and the page stops. */
export async function requireId(name, heading, message) {
  const id = idFromAddress(name);
  if (id === null) {
    fill(heading, message);
    await stop();
  }
  return id;
}
