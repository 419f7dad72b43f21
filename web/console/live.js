// The secretary's console of a live session (/console/live.html?session=N): open the sitting, move the
// current item, attendance and quorum, the seating map, the speakers' queue and the timer, questions,
// votes (open, live tally, close, results) and closing the session.

import { CONSOLE_ROLES } from "../lib/api.js";
import { syncClock, ticker, timerNow } from "../lib/clock.js";
import { confirmDialog, promptDialog } from "../lib/dialogs.js";
import { $, emptyNote, fill, fillKeeping, h, options, untouch } from "../lib/dom.js";
import { formatDate, formatDateTime, todayIso } from "../lib/format.js";
import { clearErrors, showError } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { boot } from "../lib/layout.js";
import { act, liveSession } from "../lib/live-page.js";
import {
  attendanceLabel, currentItem, isRunning, liveHeading, openVote, quorumBlock, resultBlock, showCountdown, tallyBlock,
  timerLabel, voteMeta,
} from "../lib/live-view.js";
import { requireId } from "../lib/page.js";
import { forget, renderIf } from "../lib/render.js";
import { renderSeating } from "../lib/seating.js";
import { statusBadge } from "../lib/sessions-list.js";
import { Beeper, timerAlarm } from "../lib/sound.js";
import { announce } from "../lib/status.js";
import { fold } from "../lib/text.js";

await boot({ roles: CONSOLE_ROLES });

const sessionId = await requireId("session", $("#session-heading"), t("agenda.not_found"));
$("#documents-link").href = `/console/documents.html?session=${sessionId}`;
const live = liveSession(sessionId, $("#session-heading"));
syncClock();

const beeper = new Beeper();
const unlock = () => beeper.unlock();
document.addEventListener("pointerdown", unlock, { once: true });
document.addEventListener("keydown", unlock, { once: true });
const alarm = timerAlarm((kind) => beeper.beep(kind));

// ---- Head: open and close ----------------------------------------------------------------------

function renderHead(state) {
  renderIf("head", [state.session, state.sitting?.day], () => {
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

async function openSitting() {
  if (await act(live, "sitting.open", {}, t("console_live.sitting_opened"))) $("#item-select")?.focus();
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

// ---- Questions --------------------------------------------------------------------------------

function renderQuestions(state) {
  renderIf("questions", [state.questions, state.question_id, state.session.status], () => {
    const list = state.questions.filter((q) => q.status !== "withdrawn");
    if (!list.length) {
      fillKeeping($("#questions"), emptyNote(t("console_live.no_questions")));
      return;
    }
    const answering = state.questions.find((q) => q.status === "answering");
    const open = state.session.status !== "closed";
    fillKeeping($("#questions"), h("ol", { class: "question-list console-questions" }, list.map((q, i) => {
      const group = h("input", { type: "text", id: `q-group-${q.id}`, value: q.group_label || "", maxlength: 200,
        disabled: !open, onchange: (e) => arrange({ groups: { [q.id]: e.target.value.trim() || null } },
          t("console_live.group_saved")) });
      const parts = [
        h("div", { class: "question-head" },
          h("span", { class: "question-who" }, h("span", { class: "question-pos" }, `${i + 1}.`), " ",
            t("question.from_to", { asker: q.full_name, name: q.official_name, position: q.official_position })),
          h("span", { class: `badge badge-q-${q.status}` }, t(`question.status_${q.status}`))),
        h("p", { class: "question-text" }, q.text),
        q.attachment ? h("p", { class: "question-file" }, h("a", { href: `/api/questions/${q.id}/attachment` },
          t("question.attachment", { name: q.attachment.name }))) : null,
        h("div", { class: "question-tools" },
          h("label", { for: group.id, class: "label" }, t("console_live.group")), group,
          h("button", { type: "button", class: "btn btn-small btn-icon", disabled: !open || i === 0,
            "aria-label": t("console_live.question_up", { n: i + 1 }), onclick: () => moveQuestion(q.id, -1) }, "↑"),
          h("button", { type: "button", class: "btn btn-small btn-icon", disabled: !open || i === list.length - 1,
            "aria-label": t("console_live.question_down", { n: i + 1 }), onclick: () => moveQuestion(q.id, 1) }, "↓"),
          q.status === "filed" && open ? h("button", { type: "button", class: "btn btn-small",
            onclick: () => arrange({ selected: [q.id] }, t("console_live.question_selected")) },
          t("console_live.select_question")) : null,
          ["filed", "selected"].includes(q.status) && isRunning(state) && !answering
            ? h("button", { type: "button", class: "btn btn-small btn-primary", dataset: { action: "answer-start" },
              onclick: () => act(live, "question.answer_start", { question_id: q.id },
                t("console_live.answer_started", { name: q.official_name })) }, t("console_live.answer_start")) : null,
          ["filed", "selected", "answering"].includes(q.status) && open
            ? h("button", { type: "button", class: "btn btn-small", dataset: { action: "written" },
              onclick: () => act(live, "question.written", { question_id: q.id }, t("console_live.marked_written")) },
            t("console_live.mark_written")) : null),
      ];
      if (q.status === "answering" || q.status === "written_due") {
        const written = q.status === "written_due";
        const area = h("textarea", { id: `q-answer-${q.id}`, rows: 3, maxlength: 20000 });
        parts.push(h("div", { class: "field answer-field" },
          written ? h("p", { class: "question-due" }, t("question.written_due", { date: formatDate(q.written_due_on) })) : null,
          h("label", { for: area.id }, t(written ? "console_live.written_answer" : "console_live.answer_summary")), area,
          h("div", { class: "actions actions-tight" }, h("button", { type: "button", class: "btn btn-primary btn-small",
            dataset: { action: written ? "written-answer" : "answer" },
            onclick: () => recordAnswer(q, area, written) }, t(written ? "console_live.record_written" : "console_live.record_answer")))));
      }
      if (q.answer) {
        parts.push(h("div", { class: "question-answer" }, h("p", { class: "label" }, t("question.answer_label")),
          h("p", {}, q.answer)));
      }
      return h("li", { class: `question question-${q.status}`, dataset: { questionId: q.id } }, parts);
    })));
  });
}

async function arrange(data, success) {
  await act(live, "questions.arrange", data, success);
}

async function moveQuestion(id, step) {
  const order = live.state.questions.map((q) => q.id); // every question, withdrawn ones too
  const visible = live.state.questions.filter((q) => q.status !== "withdrawn").map((q) => q.id);
  const i = visible.indexOf(id);
  const other = visible[i + step];
  if (other === undefined) return;
  const a = order.indexOf(id);
  const b = order.indexOf(other);
  [order[a], order[b]] = [order[b], order[a]];
  await arrange({ order }, t("console_live.question_moved"));
}

async function recordAnswer(q, area, written) {
  const answer = area.value.trim();
  if (!answer) {
    announce(t("console_live.answer_required"), "error");
    area.focus();
    return;
  }
  const ok = await act(live, written ? "question.written_answer" : "question.answer", { question_id: q.id, answer },
    t("console_live.answer_recorded"));
  if (ok) delete area.dataset.touched;
}

// ---- Votes ------------------------------------------------------------------------------------

const voteForm = $("#vote-form");
const DEFAULT_OPTIONS = ["vote.option_yes", "vote.option_no", "vote.option_abstain"];
fill($("#vote-option-fields"), [0, 1, 2, 3, 4].map((i) => {
  const input = h("input", { type: "text", id: `vote-option-${i}`, name: "options", maxlength: 60,
    "aria-describedby": "vote-options-hint" });
  input.defaultValue = DEFAULT_OPTIONS[i] ? t(DEFAULT_OPTIONS[i]) : ""; // what the form's reset() comes back to
  return h("div", { class: "field" },
    h("label", { for: input.id }, t(i === 0 ? "console_live.option_first" : "console_live.option_n", { n: i + 1 })), input);
}));

function syncVoteForm() {
  const kind = voteForm.elements.kind.value;
  const motion = kind === "motion";
  $("#vote-options").hidden = !motion;
  $("#vote-rule").hidden = !motion;
  $("#vote-officials").hidden = motion;
  const secret = voteForm.elements.secret;
  secret.disabled = !motion;
  if (!motion) secret.checked = true;
  $("#vote-custom").hidden = voteForm.elements.rule.value !== "custom";
}
voteForm.addEventListener("change", (event) => {
  if (event.target.name === "repeat_of_id") repeatVote(Number(event.target.value));
  syncVoteForm();
});
syncVoteForm();

function renderVoteFormChoices(state) {
  renderIf("vote-form", [state.agenda, state.sitting?.current_item_id, state.officials,
    state.votes.map((v) => [v.id, v.status])], () => {
    const item = voteForm.elements.agenda_item_id;
    const keepItem = item.dataset.touched ? item.value : String(state.sitting?.current_item_id ?? "");
    fill(item, h("option", { value: "" }, t("console_live.no_item_choice")),
      options(state.agenda.map((i) => [i.id, `${i.number}. ${i.title}`]), keepItem));
    const repeat = voteForm.elements.repeat_of_id;
    const keepRepeat = repeat.value;
    fill(repeat, h("option", { value: "" }, t("console_live.no_repeat")),
      options(state.votes.filter((v) => v.status !== "open").map((v) => [v.id, `${t("vote.number", { number: v.number })}: ${v.title}`]),
        keepRepeat));
    const checked = new Set([...voteForm.querySelectorAll("input[name=official_ids]:checked")].map((el) => el.value));
    fill($("#vote-official-list"), state.officials.map((o) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "official_ids", value: o.id, checked: checked.has(String(o.id)) }),
      h("span", {}, `${o.full_name} — ${o.position}`))));
  });
}

/** "Biểu quyết lại": fill the form from an earlier vote. */
function repeatVote(voteId) {
  const vote = live.state.votes.find((v) => v.id === voteId);
  if (!vote) return;
  const f = voteForm.elements;
  f.title.value = vote.title;
  f.kind.value = vote.kind;
  f.secret.checked = vote.secret;
  if (vote.agenda_item_id) f.agenda_item_id.value = String(vote.agenda_item_id);
  f.agenda_item_id.dataset.touched = "1";
  const inputs = [...voteForm.querySelectorAll("input[name=options]")];
  inputs.forEach((input, i) => { input.value = vote.kind === "motion" ? vote.options[i]?.label || "" : input.value; });
  for (const radio of voteForm.querySelectorAll("input[name=rule]")) radio.checked = radio.value === vote.rule;
  if (vote.rule === "custom") {
    f.fraction.value = vote.fraction;
    f.strict.value = String(vote.strict);
  }
  const officials = new Set(vote.subjects.map((s) => String(s.official_id)));
  for (const box of voteForm.querySelectorAll("input[name=official_ids]")) box.checked = officials.has(box.value);
  syncVoteForm();
}

voteForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(voteForm);
  const f = voteForm.elements;
  const kind = f.kind.value;
  const data = { title: f.title.value.trim(), kind };
  if (!data.title) {
    showError(voteForm, { message: t("console_live.vote_title_required"), field: "title" });
    return;
  }
  if (f.agenda_item_id.value) data.agenda_item_id = Number(f.agenda_item_id.value);
  if (f.repeat_of_id.value) data.repeat_of_id = Number(f.repeat_of_id.value);
  if (kind === "motion") {
    data.secret = f.secret.checked;
    data.options = [...voteForm.querySelectorAll("input[name=options]")].map((el) => el.value.trim()).filter(Boolean);
    data.rule = f.rule.value;
    if (data.rule === "custom") {
      data.fraction = f.fraction.value.trim();
      data.strict = f.strict.value === "true";
    }
  } else {
    data.official_ids = [...voteForm.querySelectorAll("input[name=official_ids]:checked")].map((el) => Number(el.value));
  }
  const button = $("#vote-open");
  button.disabled = true;
  try {
    await live.action("vote.open", data);
    announce(t("console_live.vote_opened", { title: data.title }), "success");
    voteForm.reset();
    untouch(voteForm);
    forget("vote-form");
    syncVoteForm();
    refresh();
  } catch (error) {
    showError(voteForm, error);
  } finally {
    button.disabled = false;
  }
});

const allowAbsent = $("#allow-absent");
allowAbsent.addEventListener("change", async () => {
  const wanted = allowAbsent.checked;
  const ok = await act(live, "sitting.options", { allow_absent_voting: wanted },
    t(wanted ? "console_live.absent_allowed" : "console_live.absent_not_allowed"));
  if (!ok) allowAbsent.checked = !wanted;
});

let voteFormOpened = false;

function renderVotes(state) {
  const vote = openVote(state);
  allowAbsent.checked = Boolean(state.sitting?.allow_absent_voting);
  allowAbsent.disabled = state.session.status === "closed";
  renderIf("vote-current", [vote, state.quorum.present, state.session.status], () => {
    $("#vote-new").hidden = Boolean(vote) || !isRunning(state);
    if (!vote) {
      fill($("#vote-current"), isRunning(state) ? null : h("p", { class: "hint" }, t("console_live.votes_need_sitting")));
      return;
    }
    fill($("#vote-current"), h("div", { class: "vote-live", dataset: { voteId: vote.id } },
      h("p", { class: "vote-title" }, vote.title),
      h("p", { class: "vote-meta" }, voteMeta(vote)),
      tallyBlock(vote, state),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-primary", id: "vote-close", onclick: () => closeVote(vote) },
          t("console_live.vote_close")),
        h("button", { type: "button", class: "btn btn-danger", id: "vote-cancel", onclick: () => cancelVote(vote) },
          t("console_live.vote_cancel")))));
  });
  if (!vote && isRunning(state) && !$("#vote-new").open && !voteFormOpened) {
    $("#vote-new").open = true; // once: the secretary may close it again
    voteFormOpened = true;
  }
  renderIf("vote-results", state.votes.filter((v) => v.status !== "open").map((v) => [v.id, v.status, v.result]), () => {
    const done = state.votes.filter((v) => v.status !== "open").reverse();
    fill($("#vote-results"), done.length ? h("ol", { class: "result-list" }, done.map((v) => h("li", {
      class: `result-item result-${v.status}`, dataset: { voteId: v.id } },
    h("p", { class: "vote-title" }, t("vote.number", { number: v.number }), ": ", v.title),
    h("p", { class: "vote-meta" }, voteMeta(v), v.closed_at ? ` · ${formatDateTime(v.closed_at)}` : ""),
    v.status === "cancelled" ? h("p", {}, h("span", { class: "badge badge-closed" }, t("vote.cancelled"))) : resultBlock(v))))
      : emptyNote(t("console_live.no_results")));
  });
}

async function closeVote(vote) {
  const ok = await confirmDialog(t("console_live.vote_close_confirm", { title: vote.title }),
    { confirmLabel: t("console_live.vote_close"), danger: false });
  if (ok) await act(live, "vote.close", { vote_id: vote.id }, t("console_live.vote_closed"));
}

async function cancelVote(vote) {
  const ok = await confirmDialog(t("console_live.vote_cancel_confirm", { title: vote.title }),
    { confirmLabel: t("console_live.vote_cancel") });
  if (ok) await act(live, "vote.cancel", { vote_id: vote.id }, t("console_live.vote_cancelled"));
}

// ---- Everything -------------------------------------------------------------------------------

function refresh() {
  const state = live.state;
  if (!state) return;
  renderHead(state);
  renderItem(state);
  renderFloor(state);
  renderVoteFormChoices(state);
  renderVotes(state);
  renderQuestions(state);
  renderAttendance(state);
}

let questionCount = null;
live.onChange((state, change) => {
  if (change.kind === "event" && change.event === "questions") {
    const count = state.questions.length;
    if (questionCount !== null && questionCount !== count) announce(t("console_live.new_question"));
    questionCount = count;
  }
  refresh();
});
live.start();
