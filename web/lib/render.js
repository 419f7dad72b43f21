// Redrawing a part of a page only when what it shows has changed, so that an update of the live state
// leaves the focus, the scroll position and half-typed input of every other part alone.

const shown = new Map(); // part name → the signature it was last drawn with (one page, one map)

/** Run `draw()` when `signature` (any JSON value) differs from the one part `name` was last drawn with. */
export function renderIf(name, signature, draw) {
  const key = JSON.stringify(signature);
  if (shown.get(name) === key) return;
  shown.set(name, key);
  draw();
}

/** Draw part `name` again at its next `renderIf`, whatever its signature. */
export function forget(name) {
  shown.delete(name);
}
