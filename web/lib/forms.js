// Forms sent by a page's module: reading and writing the named fields, an API error shown next to the field
// it names, and the submit wiring (errors shown on the form, buttons disabled meanwhile).

import { $, $$, fill, fromTemplate, h } from "./dom.js";
import { t } from "./i18n.js";
import { announce } from "./status.js";

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
  form.dataset.ready = "true"; // sent by its module from now on (before, web/lib/form-guard.js holds it)
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
