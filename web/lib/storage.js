// What this browser keeps for the pages, as JSON in localStorage: ballots not yet acknowledged, notes and
// reading progress not yet sent, the summary of a session's offline copy. Private mode or a full storage
// must not lose them while the page is open: what cannot be written is kept in memory instead.

const memory = new Map(); // key → value that localStorage refused

/** The value kept under `key`, or `fallback`. */
export function readJson(key, fallback = null) {
  if (memory.has(key)) return memory.get(key);
  try {
    return JSON.parse(window.localStorage.getItem(key) || "null") ?? fallback;
  } catch {
    return fallback;
  }
}

export function writeJson(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    memory.delete(key);
  } catch {
    memory.set(key, value);
  }
}

export function removeKey(key) {
  memory.delete(key);
  try {
    window.localStorage.removeItem(key);
  } catch {
    // storage unavailable: nothing was kept there
  }
}

/** Every key kept (localStorage's and the memory's). */
export function storedKeys() {
  let keys = [];
  try {
    keys = Object.keys(window.localStorage);
  } catch {
    keys = [];
  }
  return [...new Set([...keys, ...memory.keys()])];
}
