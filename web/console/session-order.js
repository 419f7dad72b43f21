// The agenda editor's order arithmetic on [{id, depth}]: a top-level item heads a block of its sub-items
// (depth 1); moving, indenting and outdenting keep that shape. No page state, no DOM.

/** Index just past the block that starts at `i` (a top-level item with its sub-items). */
export function blockEnd(items, i) {
  if (items[i].depth === 1) return i + 1;
  let j = i + 1;
  while (j < items.length && items[j].depth === 1) j += 1;
  return j;
}

/** Index of the top-level item that heads the block containing `i`. */
function blockStart(items, i) {
  let j = i;
  while (j > 0 && items[j].depth === 1) j -= 1;
  return j;
}

export const MOVES = {
  // A top-level item moves with its sub-items past the neighbouring block; a sub-item moves one step.
  up(items, i) {
    if (i === 0) return false;
    if (items[i].depth === 1) {
      [items[i - 1], items[i]] = [items[i], items[i - 1]];
    } else {
      const block = items.splice(i, blockEnd(items, i) - i);
      items.splice(blockStart(items, i - 1), 0, ...block);
    }
    return true;
  },
  down(items, i) {
    if (items[i].depth === 1) {
      if (i === items.length - 1) return false;
      [items[i], items[i + 1]] = [items[i + 1], items[i]];
      return true;
    }
    const end = blockEnd(items, i);
    if (end >= items.length) return false;
    const nextEnd = blockEnd(items, end);
    const block = items.splice(i, end - i);
    items.splice(i + (nextEnd - end), 0, ...block);
    return true;
  },
  indent(items, i) {
    if (i === 0 || items[i].depth === 1) return false;
    items[i].depth = 1;
    return true;
  },
  outdent(items, i) {
    if (items[i].depth === 0) return false;
    items[i].depth = 0;
    return true;
  },
};

/** The first item is always top-level. */
export function normalise(items) {
  if (items.length) items[0].depth = 0;
  return items;
}
