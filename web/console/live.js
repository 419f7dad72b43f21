// The secretary's console of a live session (/console/live.html?session=N): open the sitting, move the
// current item, attendance and quorum, the seating map, the speakers' queue and the timer, questions,
// votes (open, live tally, close, results) and closing the session.

import { api, CONSOLE_ROLES } from "../lib/api.js";
import { formatDateTime, syncClock, ticker, timerNow, todayIso } from "../lib/clock.js";
import { confirmDialog, promptDialog } from "../lib/dialogs.js";
import { $, emptyNote, fill, fillKeeping, h, options, untouch } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { clearErrors, showError } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { boot } from "../lib/layout.js";
import { act, liveSession } from "../lib/live-page.js";
import { seenQuestions } from "../lib/live-questions.js";
import {
  attendanceLabel, currentItem, isRunning, liveHeading, openVote, quorumBlock, showCountdown, timerLabel,
} from "../lib/live-view.js";
import { requireId } from "../lib/page.js";
import { forget, renderIf } from "../lib/render.js";
import { renderSeating } from "../lib/seating.js";
import { statusBadge } from "../lib/sessions-list.js";
import { Beeper, timerAlarm } from "../lib/sound.js";
import { announce, guarded } from "../lib/status.js";
import { fold } from "../lib/text.js";
import { questionsPanel } from "./live-questions.js";
import { votesPanel } from "./live-votes.js";

await boot({ roles: CONSOLE_ROLES });

const sessionId = await requireId("session", $("#session-heading"), t("agenda.not_found"));
$("#documents-link").href = `/console/documents.html?session=${sessionId}`;
for (const list of ["votes", "attendance"]) {
  for (const extension of ["csv", "xlsx"]) $(`#${list}-${extension}`).href = `/api/sessions/${sessionId}/${list}.${extension}`;
}
const live = liveSession(sessionId, $("#session-heading"));
syncClock();

const beeper = new Beeper();
const unlock = () => beeper.unlock();
document.addEventListener("pointerdown", unlock, { once: true });
document.addEventListener("keydown", unlock, { once: true });
const alarm = timerAlarm((kind) => beeper.beep(kind));

// ---- Head: open (confirmed), undo the opening, close -------------------------------------------

// Whether the opening can still be undone: the server says (GET …/opening), after the snapshot and after each
// event while it can — once something has happened in the sitting it cannot again until the next opening.
let undoable = false;
let undoCheck = null;

function checkUndo() {
  clearTimeout(undoCheck);
  undoCheck = setTimeout(async () => {
    const check = await api.get(`/api/sessions/${sessionId}/opening`).catch(() => null);
    undoable = Boolean(check?.undo?.allowed);
    refresh();
  }, 150);
}

function renderHead(state) {
  renderIf("head", [state.session, state.sitting?.day, state.sitting?.opened_at, undoable], () => {
    const heading = liveHeading(state);
    document.title = `${heading} — ${t("console_live.title")}`;
    fill($("#session-heading"), heading);
    fill($("#session-status"), statusBadge(state.session.status),
      state.sitting?.opened_at ? h("span", { class: "hint" }, " ", t("console_live.opened_at", {
        time: formatDateTime(state.sitting.opened_at) })) : null);
    const actions = [];
    const today = todayIso();
    if (state.session.status === "published") {
      actions.push(h("button", { type: "button", class: "btn btn-primary", id: "sitting-open", onclick: openSitting },
        t("console_live.open_sitting")));
    } else if (isRunning(state) && state.sitting?.day && state.sitting.day < today) {
      actions.push(h("button", { type: "button", class: "btn", id: "sitting-open", onclick: openSitting },
        t("console_live.open_next_day")));
    }
    if (isRunning(state) && undoable) {
      actions.push(h("button", { type: "button", class: "btn", id: "sitting-undo", onclick: undoOpening },
        t("console_live.undo_opening")));
    }
    if (isRunning(state)) {
      actions.push(h("button", { type: "button", class: "btn btn-danger", id: "session-close", onclick: closeSession },
        t("console_live.close_session")));
    }
    actions.push(h("a", { class: "btn", href: `/projector.html?session=${sessionId}`, target: "_blank", rel: "noopener" },
      t("console_live.projector")));
    actions.push(h("a", { class: "btn", href: `/kiosk.html?session=${sessionId}`, target: "_blank", rel: "noopener" },
      t("console_live.kiosk")));
    actions.push(h("a", { class: "btn btn-quiet", href: `/console/session.html?id=${sessionId}` }, t("console_live.agenda_link")));
    fill($("#session-actions"), actions);
  });
}

/** Open the sitting once the secretary confirms, in a dialog naming the session and today (as the server
 * counts days) — and warning when today is not one of the session's days. */
async function openSitting() {
  const check = await guarded(() => api.get(`/api/sessions/${sessionId}/opening`));
  if (!check) return;
  const details = [h("p", { class: "dialog-text", id: "open-confirm-dates" }, t("console_live.open_confirm_dates", {
    today: formatDate(check.today), start: formatDate(check.starts_on), end: formatDate(check.ends_on) }))];
  if (!check.within_dates) {
    details.push(h("p", { class: "form-error", role: "alert", id: "open-confirm-warning" }, check.warning.message));
  }
  const ok = await confirmDialog(t("console_live.open_confirm", { session: liveHeading(live.state) }), {
    id: "open-confirm",
    confirmLabel: live.state.session.status === "published" ? t("console_live.open_sitting") : t("console_live.open_next_day"),
    danger: !check.within_dates,
    details,
  });
  if (!ok) return;
  const data = check.within_dates ? {} : { confirm: true };
  if (await act(live, "sitting.open", data, t("console_live.sitting_opened"))) $("#item-select")?.focus();
}

async function undoOpening() {
  const ok = await confirmDialog(t("console_live.undo_confirm", { session: liveHeading(live.state) }), {
    id: "undo-confirm", confirmLabel: t("console_live.undo_opening"), cancelLabel: t("console_live.undo_keep") });
  if (ok && await act(live, "sitting.undo_opening", {}, t("console_live.opening_undone"))) $("#sitting-open")?.focus();
  else checkUndo();
}

async function closeSession() {
  const ok = await confirmDialog(t("console_live.close_confirm"), { confirmLabel: t("console_live.close_session") });
  if (ok) await act(live, "session.close", {}, t("console_live.session_closed"));
}

// ---- Current item -----------------------------------------------------------------------------

function renderItem(state) {
  renderIf("item", [state.agenda, state.sitting?.current_item_id, state.session.status], () => {
    const item = currentItem(state);
    const index = item ? state.agenda.indexOf(item) : -1;
    const next = state.agenda[index + 1] || null;
    const select = h("select", { id: "item-select", name: "item_id" },
      options(state.agenda.map((i) => [i.id, `${i.number}. ${i.title}`]), item?.id));
    const disabled = !isRunning(state);
    fillKeeping($("#item"),
      item ? h("p", { class: "current-item", id: "current-item" }, h("span", { class: "agenda-num" }, item.number), " ",
        item.title) : emptyNote(t("console_live.no_item")),
      h("div", { class: "toolbar" },
        h("div", { class: "field" }, h("label", { for: "item-select" }, t("console_live.move_to")), select),
        h("button", { type: "button", class: "btn", id: "item-go", disabled, onclick: () => moveTo(Number(select.value)) },
          t("console_live.move")),
        h("button", { type: "button", class: "btn btn-primary", id: "item-next", disabled: disabled || !next,
          onclick: () => moveTo(next.id) }, t("console_live.next_item"))));
  });
}

async function moveTo(itemId) {
  const item = live.state.agenda.find((i) => i.id === itemId);
  if (await act(live, "item.current", { item_id: itemId }, t("live.item_now", { number: item.number, title: item.title }))) {
    untouch($("#item"));
    forget("item");
    refresh();
  }
}

// ---- Floor and timer --------------------------------------------------------------------------

function renderFloor(state) {
  renderIf("timer", [state.timer, state.speaker_request_id, state.question_id, state.floor], () => {
    const parts = [];
    if (state.timer) {
      parts.push(h("div", { class: "timer-box" },
        h("p", { class: "timer-label", id: "timer-label-text" }, timerLabel(state)),
        h("p", { class: "timer timer-big", id: "console-timer", "aria-live": "off" }, ""),
        h("button", { type: "button", class: "btn btn-danger", id: "floor-end",
          onclick: () => act(live, "floor.end", {}, t("console_live.floor_ended")) },
        state.speaker_request_id ? t("console_live.end_speech") : t("console_live.stop_timer"))));
    }
    fill($("#timer-box"), parts);
    tick();
  });
  renderIf("floor", [state.floor, state.speaker_request_id, state.session.status, state.agenda], () => {
    const waiting = state.floor.filter((f) => f.status === "waiting");
    if (!waiting.length) {
      fillKeeping($("#floor"), emptyNote(t("console_live.queue_empty")));
      return;
    }
    fillKeeping($("#floor"), h("ol", { class: "queue" }, waiting.map((request) => {
      const seconds = h("input", { type: "number", id: `give-seconds-${request.id}`, min: 10, max: 3600, step: 10,
        value: request.seconds_allowed, class: "input-seconds" });
      const item = state.agenda.find((i) => i.id === request.agenda_item_id);
      return h("li", { class: "queue-row", dataset: { requestId: request.id } },
        h("div", { class: "queue-who" },
          h("strong", {}, request.full_name),
          h("span", { class: "sub" }, [t(`floor.kind_${request.kind}`), item ? t("console_live.on_item", { number: item.number }) : null]
            .filter(Boolean).join(" · "))),
        h("label", { class: "visually-hidden", for: seconds.id }, t("console_live.seconds_for", { name: request.full_name })),
        seconds,
        h("button", { type: "button", class: "btn btn-primary btn-small", disabled: !isRunning(state),
          "aria-label": t("console_live.give_floor_to", { name: request.full_name }),
          onclick: () => act(live, "floor.give", { request_id: request.id, seconds: Number(seconds.value) || undefined },
            t("console_live.floor_given", { name: request.full_name })) }, t("console_live.give_floor")),
        h("button", { type: "button", class: "btn btn-small btn-quiet",
          "aria-label": t("console_live.withdraw_for", { name: request.full_name }),
          onclick: () => act(live, "floor.withdraw", { request_id: request.id }) }, t("console_live.withdraw")));
    })));
  });
}

const timerForm = $("#timer-form");
timerForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(timerForm);
  try {
    await live.action("timer.start", { seconds: Number(timerForm.elements.seconds.value),
      label: timerForm.elements.label.value.trim() || null });
    announce(t("console_live.timer_started"), "success");
  } catch (error) {
    showError(timerForm, error);
  }
});

function tick() {
  const state = live.state;
  if (!state) return;
  const view = timerNow(state.timer);
  alarm(view);
  const el = $("#console-timer");
  if (!el) return;
  showCountdown(el, view);
}
ticker(tick);

// ---- Attendance -------------------------------------------------------------------------------

const STATUS_BUTTONS = [
  ["present", "attendance.mark_present"], ["absent", "attendance.mark_absent"], ["excused", "attendance.mark_excused"],
  ["late", "attendance.mark_late"], ["left", "attendance.mark_left"],
];

function renderAttendance(state) {
  renderIf("quorum", [state.quorum], () => fill($("#quorum"), quorumBlock(state.quorum)));
  const vote = openVote(state) || null;
  renderIf("seating", [state.attendance, vote && !vote.secret ? [vote.id, vote.ballots] : null], () => {
    renderSeating($("#seating"), state, { vote: vote && !vote.secret ? vote : null, onSeat: showDelegate });
  });
  const filter = fold($("#attendance-filter").value.trim());
  renderIf("attendance", [state.attendance, state.session.status, filter], () => {
    const rows = state.attendance
      .filter((p) => !filter || fold(`${p.full_name} ${p.seat_label || ""}`).includes(filter))
      .sort((a, b) => (a.seat_label || "~").localeCompare(b.seat_label || "~", undefined, { numeric: true }));
    if (!rows.length) {
      fill($("#attendance"), h("li", { class: "empty" }, t("console_live.attendance_none")));
      return;
    }
    const disabled = !isRunning(state);
    fill($("#attendance"), rows.map((p) => h("li", { class: `attendance-row att-${p.status || "absent"}`,
      dataset: { personId: p.person_id } },
    h("div", { class: "att-who" },
      h("span", { class: "att-seat" }, p.seat_label || "—"),
      h("span", { class: "att-name" }, p.full_name),
      h("span", { class: `badge badge-att-${p.status || "absent"}` }, attendanceLabel(p)),
      p.reason ? h("span", { class: "sub" }, p.reason) : null),
    h("div", { class: "att-buttons", role: "group", "aria-label": t("console_live.mark_for", { name: p.full_name }) },
      STATUS_BUTTONS.map(([status, key]) => h("button", {
        type: "button", class: "btn btn-small", disabled, dataset: { mark: status },
        "aria-label": `${t(key)}: ${p.full_name}`, onclick: () => mark(p, status) }, t(key)))))));
  });
}

$("#attendance-filter").addEventListener("input", () => refresh());

/** A seat of the map was chosen: bring that delegate's attendance buttons into view. */
function showDelegate(person) {
  const filter = $("#attendance-filter");
  if (filter.value) {
    filter.value = "";
    refresh();
  }
  const row = document.querySelector(`.attendance-row[data-person-id="${person.person_id}"]`);
  if (!row) return;
  row.scrollIntoView({ block: "nearest" });
  row.querySelector("button")?.focus();
}

async function mark(person, status) {
  const data = { person_id: person.person_id, status };
  if (status === "late") {
    data.status = "present";
    data.late = true;
  } else if (status === "present") {
    data.late = false;
  }
  if (status === "excused") {
    const reason = await promptDialog(t("attendance.reason_for", { name: person.full_name }),
      { label: t("attendance.reason"), confirmLabel: t("attendance.mark_excused") });
    if (reason === null) return;
    data.reason = reason;
  }
  const label = status === "late" ? t("attendance.late") : t(`attendance.${status}`);
  await act(live, "attendance.mark", data, t("console_live.marked", { name: person.full_name, status: label }));
}

const seen = seenQuestions(live, sessionId); // the staff see every question in full: fetched at each change
seen.onLoad(() => refresh());
const questions = questionsPanel(live, seen);
const votes = votesPanel(live);

// ---- Everything -------------------------------------------------------------------------------

function refresh() {
  const state = live.state;
  if (!state) return;
  renderHead(state);
  renderItem(state);
  renderFloor(state);
  votes.render(state);
  questions.render(state);
  renderAttendance(state);
}

let questionCount = null;
live.onChange((state, change) => {
  const opening = change.kind === "event" && ["sitting.opened", "sitting.opening_undone"].includes(change.event);
  if (change.kind !== "event" || opening || undoable) checkUndo();
  if (change.kind === "event" && change.event === "questions") {
    const count = state.questions.length;
    if (questionCount !== null && questionCount !== count) announce(t("console_live.new_question"));
    questionCount = count;
  }
  refresh();
});
live.start();
