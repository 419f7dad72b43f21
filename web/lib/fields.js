// Form fields built from a short description, so a form used on several pages is declared once.

import { h, options } from "./dom.js";
import { t } from "./i18n.js";

/**
 * specs: [{ name, label (i18n key), type: text|number|date|email|tel|select|textarea|checkbox,
 *           choices: [[value, i18n key]], value, wide, hint / placeholder (i18n keys), required, attrs: {…} }]
 * Returns a fragment of `.field` blocks whose ids start with `prefix`.
 */
export function buildFields(prefix, specs) {
  const fragment = document.createDocumentFragment();
  for (const spec of specs) {
    const id = `${prefix}-${spec.name.replace(/_/g, "-")}`;
    const hintId = spec.hint ? `${id}-hint` : null;
    const common = { id, name: spec.name, required: spec.required, "aria-describedby": hintId,
      placeholder: spec.placeholder ? t(spec.placeholder) : null, ...(spec.attrs || {}) };
    let control;
    if (spec.type === "select") {
      control = h("select", common, options(spec.choices.map(([value, key]) => [value, t(key)]), spec.value));
    } else if (spec.type === "textarea") {
      control = h("textarea", { rows: 3, ...common });
    } else if (spec.type === "checkbox") {
      control = h("input", { type: "checkbox", checked: spec.value, ...common });
    } else {
      control = h("input", { type: spec.type || "text", value: spec.value, ...common });
    }
    const block = spec.type === "checkbox"
      ? h("div", { class: "field" }, h("span", { class: "label" }, t(spec.group || spec.label)),
        h("label", { class: "check" }, control, h("span", {}, t(spec.label))))
      : h("div", { class: "field" }, h("label", { for: id }, t(spec.label)), control);
    if (spec.wide) block.classList.add("field-wide");
    if (hintId) block.append(h("p", { class: "hint", id: hintId }, t(spec.hint)));
    fragment.append(block);
  }
  return fragment;
}
