// A delegate's notes, highlights and bookmarks in the reader: the list beside the pages, the marks on them,
// the note form and the bookmark of the current page, and drawing a highlight over a page. Kept on the
// tablet first and synced by lib/notes-store.js (`state.notes`, set when a document opens).

import { $, emptyNote, fill, h } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { announce } from "./lib/status.js";

/**
 * The notes of the reader's `state` (its `notes`, `page`, `doc`, `highlighting`), drawn over `pages`;
 * `goToPage(page, {focus})` shows a page, `fingers()` tells a pinch from a highlight stroke.
 */
export function readerNotes(state, { pages, goToPage, fingers }) {
  function noteLabel(note) {
    if (note.kind === "bookmark") return t("reader.kind_bookmark");
    if (note.kind === "highlight") return t("reader.kind_highlight");
    return t("reader.kind_note");
  }

  function renderNotes() {
    if (!state.notes) return;
    const notes = state.notes.list();
    fill($("#note-list"), notes.length ? notes.map((note) => h("li", { class: `note note-${note.kind}`, dataset: { clientId: note.client_id } },
      h("button", { type: "button", class: "note-page", onclick: () => goToPage(note.page, { focus: true }) },
        t("reader.note_page", { page: note.page }), " · ", noteLabel(note)),
      note.text ? h("p", { class: "note-text" }, note.text) : null,
      note.pending ? h("p", { class: "note-pending" }, t("reader.note_pending")) : null,
      note.refused ? h("p", { class: "field-error" }, note.refused) : null,
      h("button", { type: "button", class: "btn btn-quiet btn-small", "aria-label": t("reader.note_delete_named", { page: note.page }),
        onclick: () => { state.notes.remove(note); announce(t("reader.note_deleted")); } }, t("reader.note_delete"))))
      : emptyNote(t("reader.no_notes")));
    const pending = state.notes.pendingCount;
    fill($("#notes-sync"), pending ? t("reader.notes_pending", { count: pending }) : t("reader.notes_synced"));
    renderMarks();
    renderBookmarkButton();
  }

  function renderNoteForm() {
    fill($("#note-label"), t("reader.note_for_page", { page: state.page }));
  }

  function renderBookmarkButton() {
    if (!state.notes) return;
    const marked = state.notes.list({ page: state.page, kind: "bookmark" }).length > 0;
    const button = $("#bookmark-toggle");
    button.setAttribute("aria-pressed", String(marked));
    fill(button, marked ? t("reader.bookmarked") : t("reader.bookmark"));
  }

  function renderMarks() {
    if (!state.doc) return;
    for (const layer of document.querySelectorAll(".page-marks")) layer.replaceChildren();
    if (!state.notes) return;
    for (const note of state.notes.list()) {
      const layer = document.querySelector(`#page-${note.page} .page-marks`);
      if (!layer) continue;
      if (note.kind === "highlight" && note.rects) {
        for (const [x0, y0, x1, y1] of note.rects) {
          const mark = h("div", { class: "mark-highlight", title: note.text || t("reader.kind_highlight") });
          Object.assign(mark.style, { left: `${x0 * 100}%`, top: `${y0 * 100}%`, width: `${(x1 - x0) * 100}%`, height: `${(y1 - y0) * 100}%` });
          layer.append(mark);
        }
      } else if (note.kind === "bookmark") {
        layer.append(h("div", { class: "mark-bookmark", title: t("reader.kind_bookmark") }));
      } else {
        layer.append(h("div", { class: "mark-note", title: note.text || "" }, "✎"));
      }
    }
  }

  $("#note-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("#note-text").value.trim();
    if (!text || !state.notes) {
      $("#note-text").focus();
      return;
    }
    state.notes.add({ page: state.page, kind: "note", text });
    $("#note-text").value = "";
    announce(t("reader.note_saved", { page: state.page }), "success");
  });

  $("#bookmark-toggle").addEventListener("click", () => {
    const marks = state.notes.list({ page: state.page, kind: "bookmark" });
    if (marks.length) {
      for (const mark of marks) state.notes.remove(mark);
      announce(t("reader.bookmark_removed", { page: state.page }));
    } else {
      state.notes.add({ page: state.page, kind: "bookmark" });
      announce(t("reader.bookmark_added", { page: state.page }), "success");
    }
  });

  // Highlight: with the mode on, drag a rectangle over a page (mouse, pen or one finger).
  let drawing = null;

  function cancelHighlight() {
    drawing?.box.remove();
    drawing = null;
  }

  $("#highlight-toggle").addEventListener("click", () => {
    state.highlighting = !state.highlighting;
    $("#highlight-toggle").setAttribute("aria-pressed", String(state.highlighting));
    $("#highlight-hint").hidden = !state.highlighting;
    pages.classList.toggle("is-highlighting", state.highlighting);
  });

  function pointIn(sheet, event) {
    const box = sheet.getBoundingClientRect();
    return [Math.max(0, Math.min(1, (event.clientX - box.left) / box.width)),
      Math.max(0, Math.min(1, (event.clientY - box.top) / box.height))];
  }

  pages.addEventListener("pointerdown", (event) => {
    if (!state.highlighting || fingers() > 1) return;
    const sheet = event.target.closest(".page-sheet");
    if (!sheet) return;
    event.preventDefault();
    const start = pointIn(sheet, event);
    const box = h("div", { class: "mark-highlight mark-drawing" });
    sheet.querySelector(".page-marks").append(box);
    drawing = { sheet, start, end: start, box, page: Number(sheet.closest(".page").dataset.page) };
    sheet.setPointerCapture?.(event.pointerId);
  });
  pages.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    drawing.end = pointIn(drawing.sheet, event);
    const [x0, x1] = [Math.min(drawing.start[0], drawing.end[0]), Math.max(drawing.start[0], drawing.end[0])];
    const [y0, y1] = [Math.min(drawing.start[1], drawing.end[1]), Math.max(drawing.start[1], drawing.end[1])];
    Object.assign(drawing.box.style, { left: `${x0 * 100}%`, top: `${y0 * 100}%`, width: `${(x1 - x0) * 100}%`, height: `${(y1 - y0) * 100}%` });
  });
  pages.addEventListener("pointerup", () => {
    if (!drawing) return;
    const { start, end, page } = drawing;
    cancelHighlight();
    const rect = [Math.min(start[0], end[0]), Math.min(start[1], end[1]), Math.max(start[0], end[0]), Math.max(start[1], end[1])];
    if (rect[2] - rect[0] < 0.01 || rect[3] - rect[1] < 0.005) return; // a tap, not a stroke
    state.notes.add({ page, kind: "highlight", rects: [rect.map((x) => Math.round(x * 10000) / 10000)], color: "yellow" });
    announce(t("reader.highlight_added", { page }), "success");
  });

  /** What depends on the current page: the note form's label and the bookmark button. */
  function renderForPage() {
    renderNoteForm();
    renderBookmarkButton();
  }

  return { render: renderNotes, renderForPage, renderMarks, cancelHighlight };
}
