// The reader's zoom: buttons, Ctrl + wheel and pinch, keeping the point under the fingers (or the middle of
// the screen) where it was.

import { $ } from "./lib/dom.js";

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];

/**
 * Zoom `container` (the scrolled pages; the stylesheet reads `--zoom`). `onChange(level)` follows every
 * change, `onPinch()` a two-finger touch starting. `fingers()` is how many pointers are down on the pages.
 */
export function pageZoom(container, { onChange, onPinch }) {
  let level = 1;

  function set(zoom, { anchor = null } = {}) {
    const before = level;
    level = Math.max(ZOOMS[0], Math.min(ZOOMS[ZOOMS.length - 1], Math.round(zoom * 100) / 100));
    if (level === before) return;
    // Keep the point under the fingers (or the middle of the screen) where it was.
    const box = container.getBoundingClientRect();
    const ax = anchor ? anchor.x - box.left : box.width / 2;
    const ay = anchor ? anchor.y - box.top : box.height / 2;
    const scale = level / before;
    const x = (container.scrollLeft + ax) * scale - ax;
    const y = (container.scrollTop + ay) * scale - ay;
    container.style.setProperty("--zoom", String(level));
    container.classList.toggle("is-zoomed", level > 1);
    container.scrollTo(x, y);
    onChange(level);
  }

  function step(direction) {
    const next = direction > 0 ? ZOOMS.find((z) => z > level + 0.001) : [...ZOOMS].reverse().find((z) => z < level - 0.001);
    if (next) set(next);
  }

  $("#zoom-in").addEventListener("click", () => step(1));
  $("#zoom-out").addEventListener("click", () => step(-1));
  $("#zoom-fit").addEventListener("click", () => set(1));

  container.addEventListener("wheel", (event) => {
    if (!event.ctrlKey) return;
    event.preventDefault();
    set(level * (event.deltaY < 0 ? 1.1 : 1 / 1.1), { anchor: { x: event.clientX, y: event.clientY } });
  }, { passive: false });

  const pointers = new Map();
  let pinch = null;
  container.addEventListener("pointerdown", (event) => {
    pointers.set(event.pointerId, event);
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = { distance: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY), zoom: level };
      onPinch();
    }
  });
  container.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, event);
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const distance = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
      if (pinch.distance > 0) {
        set(pinch.zoom * (distance / pinch.distance),
          { anchor: { x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2 } });
      }
    }
  });
  for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
    container.addEventListener(type, (event) => {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
    });
  }

  return { get level() { return level; }, set, step, fingers: () => pointers.size };
}
