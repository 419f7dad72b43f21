// Small DOM helpers shared by every page: building elements, forms, field errors, status messages.

import { applyI18n, t } from "./i18n.js";

/**
 * h("button", {class: "btn", type: "button", onclick: fn}, "text", child…)
 * Keys starting with "on" become event listeners; `dataset` and `aria` objects are spread; other keys are
 * set as attributes (false/null/undefined skip the attribute, true sets it empty).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "text") el.textContent = value;
    else if (key === "value") el.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function $$(selector, root = document) {
  return [...root.querySelectorAll(selector)];
}

/** Replace the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A clone of `<template id=...>`, translated. */
export function fromTemplate(id) {
  const fragment = document.getElementById(id).content.cloneNode(true);
  applyI18n(fragment);
  return fragment;
}

/**
 * A clone of a `<template>` holding form fields, with every id (and the `for` / `aria-describedby`
 * pointing at it) prefixed, so the same fields can appear in several forms of a page.
 */
export function fieldsFromTemplate(id, prefix) {
  const fragment = fromTemplate(id);
  for (const el of fragment.querySelectorAll("[id]")) el.id = `${prefix}-${el.id}`;
  for (const el of fragment.querySelectorAll("label[for]")) el.htmlFor = `${prefix}-${el.htmlFor}`;
  for (const el of fragment.querySelectorAll("[aria-describedby]")) {
    el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").split(" ").map((x) => `${prefix}-${x}`).join(" "));
  }
  return fragment;
}

/** Lower-case text without Vietnamese diacritics, for forgiving search ("Dũng" ~ "dung"). */
export function fold(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
}

/** An <option> list from [[value, label], …]. */
export function options(pairs, selected) {
  return pairs.map(([value, label]) => h("option", { value, selected: String(value) === String(selected ?? "") }, label));
}

// ---- Forms ------------------------------------------------------------------------------------

/**
 * The named fields of a form as an object: checkboxes → booleans, number inputs → numbers,
 * empty text → null (the API treats null as "no value"). `data-skip` fields are left out.
 */
export function readForm(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || "skip" in el.dataset) continue;
    if (el.type === "checkbox") {
      if ("group" in el.dataset) (out[el.name] ||= []).push(...(el.checked ? [el.value] : []));
      else out[el.name] = el.checked;
    } else if (el.type === "radio") {
      if (el.checked) out[el.name] = el.value;
    } else if (el.type === "number") {
      out[el.name] = el.value === "" ? null : Number(el.value);
    } else {
      const value = el.value.trim();
      out[el.name] = value === "" ? null : value;
    }
  }
  return out;
}

/** Put values into a form's named fields. */
export function writeForm(form, values) {
  for (const el of form.elements) {
    if (!el.name || !(el.name in values)) continue;
    const value = values[el.name];
    if (el.type === "checkbox") el.checked = Array.isArray(value) ? value.includes(el.value) : Boolean(value);
    else el.value = value ?? "";
  }
}

let errorCounter = 0;

export function clearErrors(form) {
  for (const el of $$(".field-error", form)) el.remove();
  for (const el of $$("[aria-invalid]", form)) {
    el.removeAttribute("aria-invalid");
    const described = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.startsWith("err-"));
    if (described.length) el.setAttribute("aria-describedby", described.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  const box = $(".form-error", form);
  if (box) fill(box).hidden = true;
}

/**
 * Show an API error on a form: next to the field it names (when the form has it), else in the form's
 * `.form-error` box. Always announced in the status region too.
 */
export function showError(form, error) {
  clearErrors(form);
  const message = error.message || t("error.unknown");
  const field = error.field && form.elements.namedItem(error.field);
  const input = field && (field instanceof RadioNodeList ? field[0] : field);
  if (input) {
    const id = `err-${++errorCounter}`;
    const note = h("p", { class: "field-error", id }, message);
    const anchor = input.closest(".field") || input;
    anchor.append(note);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    input.focus();
  } else {
    let box = $(".form-error", form);
    if (!box) {
      box = h("p", { class: "form-error", role: "alert" });
      form.prepend(box);
    }
    fill(box, message).hidden = false;
  }
  announce(message, "error");
}

/**
 * Wire a form: on submit, clear errors, disable the submit button, run `action(values)`; errors are shown
 * on the form. Returns nothing; `action` may return a promise.
 */
export function onSubmit(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const buttons = $$("button[type=submit], button:not([type])", form);
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await action(readForm(form), form);
    } catch (error) {
      showError(form, error);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

// ---- Status messages --------------------------------------------------------------------------

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

// ---- Dialogs ----------------------------------------------------------------------------------

/** A modal yes/no question in a <dialog>; resolves true when confirmed. */
export function confirmDialog(message, { confirmLabel = t("action.confirm"), danger = true } = {}) {
  return new Promise((resolve) => {
    const ok = h("button", { type: "button", class: danger ? "btn btn-danger" : "btn btn-primary" }, confirmLabel);
    const cancel = h("button", { type: "button", class: "btn" }, t("action.cancel"));
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": "confirm-text" },
      h("p", { id: "confirm-text", class: "dialog-text" }, message),
      h("div", { class: "actions" }, cancel, ok));
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener("click", () => done(true));
    cancel.addEventListener("click", () => done(false));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** An empty-state row or paragraph. */
export function emptyNote(text) {
  return h("p", { class: "empty" }, text);
}

/** A status badge ("Đã công bố"). */
export function badge(kind, label) {
  return h("span", { class: `badge badge-${kind}` }, label);
}

/**
 * A modal question with one text field (e.g. the reason of an excused absence); resolves the trimmed text,
 * or null when cancelled. An empty answer is refused in place when `required`.
 */
export function promptDialog(message, { label, confirmLabel = t("action.confirm"), required = true, value = "" } = {}) {
  return new Promise((resolve) => {
    const input = h("input", { type: "text", id: "prompt-input", name: "answer", value, maxlength: 300, required });
    const ok = h("button", { type: "submit", class: "btn btn-primary" }, confirmLabel);
    const cancel = h("button", { type: "button", class: "btn" }, t("action.cancel"));
    const form = h("form", { method: "dialog", novalidate: true },
      h("p", { id: "prompt-text", class: "dialog-text" }, message),
      h("div", { class: "field" }, h("label", { for: "prompt-input" }, label || message), input),
      h("div", { class: "actions" }, cancel, ok));
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": "prompt-text" }, form);
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (required && !text) {
        showError(form, { message: t("error.required"), field: "answer" });
        return;
      }
      done(text);
    });
    cancel.addEventListener("click", () => done(null));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

/**
 * Like `fill`, for parts of a page that are redrawn while someone works in them: what was typed or chosen
 * in fields with an id (since the last `untouch`) and the focused element survive the redraw.
 */
export function fillKeeping(el, ...children) {
  if (!el.dataset.keeping) {
    el.dataset.keeping = "1";
    const touch = (event) => { if (event.target.id) event.target.dataset.touched = "1"; };
    el.addEventListener("input", touch);
    el.addEventListener("change", touch);
  }
  const kept = new Map();
  for (const field of el.querySelectorAll("input[id][data-touched], textarea[id][data-touched], select[id][data-touched]")) {
    if (field.type === "file") continue;
    kept.set(field.id, field.type === "checkbox" || field.type === "radio" ? field.checked : field.value);
  }
  const active = document.activeElement && el.contains(document.activeElement) ? document.activeElement.id : null;
  fill(el, ...children);
  for (const [id, value] of kept) {
    const field = document.getElementById(id);
    if (!field || !el.contains(field)) continue;
    if (typeof value === "boolean") field.checked = value;
    else field.value = value;
    field.dataset.touched = "1";
  }
  if (active) document.getElementById(active)?.focus();
  return el;
}

/** Forget what was typed in `root`'s fields (after a successful submit), so the next redraw starts afresh. */
export function untouch(root) {
  for (const field of root.querySelectorAll("[data-touched]")) delete field.dataset.touched;
}
