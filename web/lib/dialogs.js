// Modal questions in a <dialog>: yes / no, one line of text (e.g. the reason of an excused absence), and
// a page's own edit dialog.

import { h } from "./dom.js";
import { clearErrors, showError } from "./forms.js";
import { t } from "./i18n.js";

/**
 * A modal yes/no question in a <dialog>; resolves true when confirmed. `details`: elements shown under the
 * question (what it concerns, a warning); `id`: the dialog's id; `cancelLabel`: when "Hủy" would read as the
 * action itself (undoing something).
 */
export function confirmDialog(message, {
  confirmLabel = t("action.confirm"), cancelLabel = t("action.cancel"), danger = true, details = [], id = null,
} = {}) {
  return new Promise((resolve) => {
    const ok = h("button", { type: "button", class: danger ? "btn btn-danger" : "btn btn-primary" }, confirmLabel);
    const cancel = h("button", { type: "button", class: "btn" }, cancelLabel);
    const dialog = h("dialog", { class: "dialog", id, "aria-labelledby": "confirm-text" },
      h("p", { id: "confirm-text", class: "dialog-text" }, message),
      details,
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
 * A page's edit <dialog> (in its markup): the `[data-close]` buttons close it; `open(focus)` shows it with
 * the errors of its forms cleared and the focus on `focus`.
 */
export function editDialog(dialog) {
  for (const button of dialog.querySelectorAll("[data-close]")) button.addEventListener("click", () => dialog.close());
  return {
    open(focus) {
      for (const form of dialog.querySelectorAll("form")) clearErrors(form);
      dialog.showModal();
      focus?.focus();
    },
    close: () => dialog.close(),
  };
}
