// Building, finding and filling the elements of a page; no page writes HTML strings.

import { applyI18n } from "./i18n.js";

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

/** The first element matching `selector` in `root`, or null. */
export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** Every element matching `selector` in `root`, as an array. */
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

/** An <option> list from [[value, label], …]. */
export function options(pairs, selected) {
  return pairs.map(([value, label]) => h("option", { value, selected: String(value) === String(selected ?? "") }, label));
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
