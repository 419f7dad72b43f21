// The delegate's tablet (/tablet.html?session=N): agenda and current item, check-in, registering to speak,
// questions to officials, and voting — big buttons, a confirm step, and a ballot that is never lost
// (kept on the tablet until the server acknowledges it) and never counted twice.

import { api } from "./lib/api.js";
import { syncClock, ticker, timerNow } from "./lib/clock.js";
import { $, emptyNote, fill, h, options } from "./lib/dom.js";
import { formatDate, formatDateTime, sessionHeading, todayIso } from "./lib/format.js";
import { clearErrors, showError } from "./lib/forms.js";
import { t } from "./lib/i18n.js";
import { boot, pageError } from "./lib/layout.js";
import { act, liveSession } from "./lib/live-page.js";
import {
  currentItem, isRunning, lastClosedVote, liveHeading, openVote, optionLabel, resultBlock, showCountdown, timerLabel,
  voteKindLabel, voteMeta,
} from "./lib/live-view.js";
import { idFromAddress, stop } from "./lib/page.js";
import { renderIf } from "./lib/render.js";
import { currentSession } from "./lib/sessions-list.js";
import { announce } from "./lib/status.js";
import { startDocuments } from "./tablet-documents.js";

await boot({ roles: ["delegate"] });

const sessionId = idFromAddress("session");
if (sessionId === null) {
  // No session named: open the one in progress (or the next one).
  const data = await api.get("/api/sessions").catch(() => null);
  const session = data && currentSession(data.sessions, todayIso());
  if (session) {
    window.location.replace(`/tablet.html?session=${session.id}`);
  } else {
    fill($("#session-heading"), t("tablet.no_session"));
  }
  await stop();
}

const live = liveSession(sessionId, $("#session-heading"));
syncClock();

// What the delegate is doing on this page (not in the server's state).
const ui = {
  choice: {}, // vote id → option key (motion) or {subject: option} (confidence)
  confirming: null, // vote id awaiting confirmation
  sending: null, // vote id being sent
  lastError: {}, // vote id → message
};
const me = () => live.state?.me || null;
const myRow = (state) => state.attendance.find((a) => a.person_id === state.me?.person_id) || null;

// ---- Header and agenda ------------------------------------------------------------------------

function renderHead(state) {
  renderIf("head", [state.session.heading, state.session.status, state.session.title], () => {
    const heading = liveHeading(state);
    document.title = `${heading} — ${t("tablet.title")}`;
    fill($("#session-heading"), heading);
    fill($("#session-sub"), [state.session.title, t(`status.${state.session.status}`)].filter(Boolean).join(" · "));
  });
}

function renderAgenda(state) {
  const currentId = state.sitting?.current_item_id;
  renderIf("agenda", [state.agenda, currentId], () => {
    fill($("#agenda"), state.agenda.map((item) => {
      const current = item.id === currentId;
      return h("li", { class: `agenda-row depth-${item.depth}${current ? " is-current" : ""}`,
        dataset: { itemId: item.id }, "aria-current": current ? "step" : null },
      h("span", { class: "agenda-num" }, item.number),
      h("div", { class: "agenda-content" },
        h("p", { class: "agenda-title" }, item.title),
        item.presenter ? h("p", { class: "agenda-meta" }, t("agenda.presenter", { name: item.presenter })) : null),
      current ? h("span", { class: "badge badge-in_progress" }, t("live.current_item")) : h("span"));
    }));
  });
}

// ---- Me: attendance ---------------------------------------------------------------------------

function renderMe(state) {
  const row = myRow(state);
  renderIf("me", [state.session.status, row, state.quorum], () => {
    const parts = [];
    if (!row) {
      parts.push(h("p", {}, t("tablet.not_in_office")));
    } else if (state.session.status === "closed") {
      parts.push(h("p", { class: "me-status" }, t("tablet.session_closed")));
    } else if (!isRunning(state)) {
      parts.push(h("p", { class: "me-status" }, t("tablet.not_open_yet")));
    } else if (row.status === "present") {
      parts.push(h("p", { class: "me-status me-present", id: "my-attendance" }, "✓ ",
        t("tablet.checked_in", { time: formatDateTime(row.checked_in_at) })));
    } else {
      parts.push(h("p", { class: "me-status", id: "my-attendance" }, row.status
        ? t("tablet.my_status", { status: t(`attendance.${row.status}`) }) : t("tablet.not_checked_in")));
      parts.push(h("button", { type: "button", class: "btn btn-primary btn-huge", id: "check-in", onclick: checkIn },
        t("tablet.check_in")));
    }
    if (isRunning(state) || state.session.status === "closed") {
      parts.push(h("p", { class: "me-quorum" }, t("tablet.quorum_line", {
        present: state.quorum.present, total: state.quorum.total, needed: state.quorum.needed })));
    }
    fill($("#me"), parts);
  });
}

async function checkIn() {
  await act(live, "attendance.check_in", {}, t("tablet.checked_in_now"));
}

// ---- Votes ------------------------------------------------------------------------------------

function renderVote(state) {
  const vote = openVote(state);
  const latest = lastClosedVote(state);
  const pending = vote ? live.pendingBallot(vote.id) : null;
  const row = myRow(state);
  const signature = [vote && { ...vote, cast: 0, counts: null, ballots: null }, latest?.id, latest?.result,
    state.me?.voted, pending, ui, live.ready, row?.status, state.sitting?.allow_absent_voting];
  renderIf("vote", signature, () => {
    const panel = $("#vote-panel");
    const box = $("#vote");
    if (!vote && !latest) {
      panel.hidden = true;
      box.replaceChildren();
      return;
    }
    panel.hidden = false;
    panel.classList.toggle("vote-open", Boolean(vote));
    if (!vote) {
      fill($("#vote-heading"), t("tablet.last_result"));
      fill(box, h("p", { class: "vote-title" }, latest.title), h("p", { class: "vote-meta" }, voteMeta(latest)),
        resultBlock(latest));
      return;
    }
    fill($("#vote-heading"), t("tablet.vote_heading"));
    fill(box, h("p", { class: "vote-title", id: "vote-title" }, vote.title),
      h("p", { class: "vote-meta" }, voteMeta(vote)), voteBody(state, vote, pending, row));
  });
}

function voteBody(state, vote, pending, row) {
  const voted = state.me?.voted.includes(vote.id);
  if (voted) {
    const mine = !vote.secret ? (vote.ballots || []).filter((b) => b.person_id === state.me.person_id) : [];
    return h("div", { class: "ballot-done", id: "ballot-done", role: "status" },
      h("p", { class: "ballot-done-title" }, "✓ ", t("tablet.ballot_recorded")),
      mine.length && vote.kind === "motion"
        ? h("p", {}, t("tablet.your_choice", { choice: optionLabel(vote, mine[0].option) })) : null);
  }
  if (pending) {
    return h("div", { class: "ballot-pending", id: "ballot-pending", role: "status" },
      h("p", { class: "ballot-pending-title" }, live.ready ? t("tablet.ballot_sending") : t("tablet.ballot_saved_offline")),
      h("p", { class: "hint" }, t("tablet.ballot_pending_hint")));
  }
  if (vote.present_only && row?.status !== "present" && !state.sitting?.allow_absent_voting) {
    return h("div", { class: "ballot-blocked" }, h("p", {}, t("tablet.must_check_in")),
      row && isRunning(state) ? h("button", { type: "button", class: "btn btn-primary btn-huge", onclick: checkIn },
        t("tablet.check_in")) : null);
  }
  const error = ui.lastError[vote.id] ? h("p", { class: "form-error", role: "alert" }, ui.lastError[vote.id]) : null;
  if (ui.confirming === vote.id) return h("div", {}, error, confirmStep(vote));
  return h("div", {}, error, vote.kind === "motion" ? motionButtons(vote) : confidenceForm(vote));
}

function motionButtons(vote) {
  return h("div", { class: "ballot-options", role: "group", "aria-labelledby": "vote-title" },
    vote.options.map((o, i) => h("button", {
      type: "button", class: `btn ballot-option ballot-option-${i}`, dataset: { option: o.key },
      onclick: () => {
        ui.choice[vote.id] = o.key;
        ui.confirming = vote.id;
        delete ui.lastError[vote.id];
        refresh();
        $("#confirm-ballot")?.focus();
      },
    }, o.label)));
}

function confidenceForm(vote) {
  const chosen = ui.choice[vote.id] || {};
  const complete = vote.subjects.every((s) => chosen[s.key]);
  const rows = vote.subjects.map((subject, si) => h("fieldset", { class: "rating-row", dataset: { subject: subject.key } },
    h("legend", {}, subject.label),
    h("div", { class: "rating-options" }, vote.options.map((o, oi) => {
      const id = `r-${vote.id}-${si}-${oi}`;
      return h("label", { class: `rating-option rating-option-${oi}`, for: id },
        h("input", { type: "radio", id, name: `subject-${si}`, value: o.key, checked: chosen[subject.key] === o.key,
          onchange: () => {
            ui.choice[vote.id] = { ...(ui.choice[vote.id] || {}), [subject.key]: o.key };
            refresh();
            document.getElementById(id)?.focus();
          } }),
        h("span", {}, o.label));
    }))));
  return h("div", { class: "rating-form" }, rows,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn btn-primary btn-huge", id: "rating-next", disabled: !complete,
        onclick: () => {
          ui.confirming = vote.id;
          refresh();
          $("#confirm-ballot")?.focus();
        } }, t("tablet.rating_next")),
      complete ? null : h("p", { class: "hint" }, t("tablet.rating_incomplete"))));
}

function confirmStep(vote) {
  const choice = ui.choice[vote.id];
  const summary = vote.kind === "motion"
    ? h("p", { class: "confirm-choice" }, t("tablet.confirm_choice", { choice: optionLabel(vote, choice) }))
    : h("ul", { class: "confirm-list" }, vote.subjects.map((s) => h("li", {},
      h("span", {}, s.label), h("strong", {}, optionLabel(vote, choice[s.key])))));
  return h("div", { class: "ballot-confirm", role: "group", "aria-labelledby": "confirm-question" },
    h("p", { id: "confirm-question", class: "confirm-question" }, t("tablet.confirm_question")),
    summary,
    h("div", { class: "confirm-buttons" },
      h("button", { type: "button", class: "btn btn-primary btn-huge", id: "confirm-ballot", disabled: ui.sending === vote.id,
        onclick: () => send(vote) }, t("tablet.confirm_send")),
      h("button", { type: "button", class: "btn btn-huge", id: "change-ballot", onclick: () => {
        ui.confirming = null;
        refresh();
      } }, t("tablet.change_choice"))));
}

async function send(vote) {
  const choice = ui.choice[vote.id];
  ui.sending = vote.id;
  ui.confirming = null;
  const promise = live.ballot(vote.id, choice); // saved on the tablet before it is sent
  refresh();
  try {
    const result = await promise;
    if (result) announce(t("tablet.ballot_recorded"), "success");
  } catch (error) {
    ui.lastError[vote.id] = error.message;
    announce(error.message, "error");
  } finally {
    ui.sending = null;
    refresh();
  }
}

// ---- The floor --------------------------------------------------------------------------------

function renderFloor(state) {
  const mine = state.floor.filter((f) => f.person_id === state.me?.person_id);
  const speaking = state.floor.find((f) => f.id === state.speaker_request_id) || null;
  renderIf("floor", [state.floor, state.speaker_request_id, state.timer, state.session.status, state.question_id], () => {
    const parts = [];
    const myTurn = speaking && speaking.person_id === state.me?.person_id;
    $("#floor-panel").classList.toggle("floor-mine", Boolean(myTurn)); // my timer comes to the top
    if (myTurn) {
      parts.push(h("div", { class: "my-turn", id: "my-turn", role: "status" },
        h("p", { class: "my-turn-title" }, t(speaking.kind === "rebut" ? "tablet.you_rebut" : "tablet.you_speak")),
        h("p", { class: "timer timer-big", id: "my-timer", "aria-live": "off" }, "")));
    } else if (state.timer) {
      parts.push(h("p", { class: "floor-now" }, h("span", {}, timerLabel(state)), " ",
        h("span", { class: "timer timer-inline", id: "floor-timer" }, "")));
    }
    const waiting = state.floor.filter((f) => f.status === "waiting");
    for (const request of mine.filter((f) => f.status === "waiting")) {
      const position = waiting.findIndex((f) => f.id === request.id) + 1;
      parts.push(h("div", { class: "my-request", dataset: { requestId: request.id } },
        h("p", {}, h("strong", {}, t(`floor.kind_${request.kind}`)), " — ",
          h("span", { class: "queue-position" }, t("tablet.queue_position", { n: position }))),
        h("button", { type: "button", class: "btn btn-danger", onclick: () => withdrawFloor(request) },
          t("tablet.withdraw_floor"))));
    }
    const asked = (kind) => mine.some((f) => f.kind === kind);
    if (isRunning(state)) {
      parts.push(h("div", { class: "floor-buttons" },
        h("button", { type: "button", class: "btn btn-large", id: "request-speak", disabled: asked("speak"),
          onclick: () => requestFloor("speak") }, t("tablet.request_speak")),
        h("button", { type: "button", class: "btn btn-large", id: "request-rebut", disabled: asked("rebut"),
          onclick: () => requestFloor("rebut") }, t("tablet.request_rebut"))));
      parts.push(h("p", { class: "hint" }, t("tablet.queue_length", { n: waiting.length })));
    } else {
      parts.push(h("p", { class: "hint" }, t("tablet.floor_closed")));
    }
    fill($("#floor"), parts);
    tick();
  });
}

async function requestFloor(kind) {
  await act(live, "floor.request", { kind }, t(kind === "rebut" ? "tablet.rebut_requested" : "tablet.speak_requested"));
}

async function withdrawFloor(request) {
  await act(live, "floor.withdraw", { request_id: request.id }, t("tablet.floor_withdrawn"));
}

// ---- Questions --------------------------------------------------------------------------------

const form = $("#question-form");

function renderQuestions(state) {
  renderIf("officials", state.officials, () => {
    const select = form.elements.official_id;
    const keep = select.value;
    fill(select, h("option", { value: "" }, t("question.choose_official")),
      options(state.officials.map((o) => [o.id, `${o.full_name} — ${o.position}`]), keep));
  });
  const mine = state.questions.filter((q) => q.person_id === state.me?.person_id);
  renderIf("questions", [mine, state.question_id, state.session.status], () => {
    const canFile = ["published", "in_progress"].includes(state.session.status);
    $("#question-new").hidden = !canFile;
    if (!mine.length) {
      fill($("#my-questions"), emptyNote(t("tablet.no_questions")));
      return;
    }
    fill($("#my-questions"), h("ol", { class: "question-list" }, mine.map((q) => h("li", {
      class: `question question-${q.status}`, dataset: { questionId: q.id } },
    h("p", { class: "question-head" },
      h("span", { class: "question-to" }, t("question.to", { name: q.official_name, position: q.official_position })),
      h("span", { class: `badge badge-q-${q.status}` }, t(`question.status_${q.status}`))),
    h("p", { class: "question-text" }, q.text),
    q.attachment ? h("p", { class: "question-file" }, h("a", { href: `/api/questions/${q.id}/attachment` },
      t("question.attachment", { name: q.attachment.name }))) : null,
    q.group_label ? h("p", { class: "hint" }, t("question.group", { group: q.group_label })) : null,
    q.answer ? h("div", { class: "question-answer" }, h("p", { class: "label" }, t("question.answer_label")),
      h("p", {}, q.answer)) : null,
    q.written_due_on && q.status === "written_due"
      ? h("p", { class: "question-due" }, t("question.written_due", { date: formatDate(q.written_due_on) })) : null,
    ["filed", "selected"].includes(q.status)
      ? h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => withdrawQuestion(q) },
        t("question.withdraw")) : null))));
  });
}

async function withdrawQuestion(q) {
  await act(live, "question.withdraw", { question_id: q.id }, t("question.withdrawn"));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const button = form.querySelector("button[type=submit]");
  const official = form.elements.official_id.value;
  const text = form.elements.text.value.trim();
  if (!official) {
    showError(form, { message: t("question.need_official"), field: "official_id" });
    return;
  }
  if (!text) {
    showError(form, { message: t("question.need_text"), field: "text" });
    return;
  }
  const data = new FormData();
  data.set("official_id", official);
  data.set("text", text);
  const file = form.elements.file.files[0];
  if (file) data.set("file", file, file.name);
  button.disabled = true;
  try {
    await api.upload(`/api/sessions/${sessionId}/questions`, data);
    form.reset();
    announce(t("question.filed"), "success");
  } catch (error) {
    showError(form, error);
  } finally {
    button.disabled = false;
  }
});

// ---- Timer ------------------------------------------------------------------------------------

function tick() {
  const state = live.state;
  if (!state) return;
  const view = timerNow(state.timer);
  for (const el of [$("#my-timer"), $("#floor-timer")]) {
    if (el) showCountdown(el, view);
  }
}
ticker(tick);

// ---- Everything -------------------------------------------------------------------------------

function refresh() {
  const state = live.state;
  if (!state) return;
  renderHead(state);
  renderMe(state);
  renderVote(state);
  renderFloor(state);
  renderQuestions(state);
  renderAgenda(state);
}

let lastItem = null;
let lastOpenVote = null;
live.onChange((state, change) => {
  if (change.kind === "ballot" && change.error && ui.sending !== change.voteId) {
    // A ballot saved on this tablet was refused when it was sent again (e.g. the vote closed meanwhile).
    ui.lastError[change.voteId] = change.error.message;
    announce(change.error.message, "error");
  }
  if (change.kind === "snapshot" && !state.me) {
    pageError({ message: t("tablet.not_delegate") });
  }
  const item = currentItem(state);
  if (lastItem !== null && item && item.id !== lastItem) announce(t("live.item_now", { number: item.number, title: item.title }));
  lastItem = item ? item.id : null;
  const vote = openVote(state);
  if (vote && vote.id !== lastOpenVote && change.kind !== "snapshot") {
    announce(t("tablet.vote_opened", { title: vote.title, kind: voteKindLabel(vote.kind) }));
  }
  lastOpenVote = vote ? vote.id : null;
  refresh();
});
let offlineAgenda = false;
live.onStatus(async (status) => {
  if ((status === "offline" || status === "reconnecting") && !live.state && !offlineAgenda) {
    // Opened with the Wi-Fi down: the session's heading and agenda as last saved (the service worker's copy).
    offlineAgenda = true;
    const session = await api.get(`/api/sessions/${sessionId}`).catch(() => null);
    if (session && !live.state) {
      fill($("#session-heading"), sessionHeading(session));
      fill($("#session-sub"), t("tablet.offline_saved"));
      renderAgenda({ agenda: session.agenda, sitting: null });
    }
  }
  refresh();
});
live.start();
startDocuments(live, sessionId);

$("#main").setAttribute("aria-busy", "false");
