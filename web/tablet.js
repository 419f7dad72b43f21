// The delegate's tablet (/tablet.html?session=N): agenda and current item, check-in, registering to speak,
// questions to officials, and voting — big buttons, a confirm step, and a ballot that is never lost
// (kept on the tablet until the server acknowledges it) and never counted twice.

import { api } from "./lib/api.js";
import { formatDateTime, syncClock, ticker, timerNow, todayIso } from "./lib/clock.js";
import { $, emptyNote, fill, h, options } from "./lib/dom.js";
import { formatDate, sessionHeading } from "./lib/format.js";
import { clearErrors, showError } from "./lib/forms.js";
import { t } from "./lib/i18n.js";
import { boot, pageError } from "./lib/layout.js";
import { act, liveSession } from "./lib/live-page.js";
import { isStub, seenQuestions } from "./lib/live-questions.js";
import {
  currentItem, isRunning, liveHeading, myAttendance, openVote, showCountdown, timerLabel, voteKindLabel,
} from "./lib/live-view.js";
import { idFromAddress, stop } from "./lib/page.js";
import { renderIf } from "./lib/render.js";
import { currentSession } from "./lib/sessions-list.js";
import { announce } from "./lib/status.js";
import { startDocuments } from "./tablet-documents.js";
import { votePanel } from "./tablet-vote.js";

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
  const row = myAttendance(state);
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

const votes = votePanel(live, { checkIn });

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
// The delegate's own questions: in full from GET …/questions (the broadcast names nobody's question until
// it is taken up); fetched again when one of them is still filed or withdrawn and the questions change.
const questions = seenQuestions(live, sessionId, {
  wanted: (state, fetched) => Boolean(state.me)
    && state.questions.some((q) => isStub(q) && fetched.get(q.id)?.person_id === state.me.person_id),
});

function renderQuestions(state) {
  renderIf("officials", state.officials, () => {
    const select = form.elements.official_id;
    const keep = select.value;
    fill(select, h("option", { value: "" }, t("question.choose_official")),
      options(state.officials.map((o) => [o.id, `${o.full_name} — ${o.position}`]), keep));
  });
  const me = state.me?.person_id;
  const mine = me === undefined ? [] : questions.list(state).filter((q) => q.person_id === me);
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
    await questions.load();
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
  votes.render(state);
  renderFloor(state);
  renderQuestions(state);
  renderAgenda(state);
}

let lastItem = null;
let lastOpenVote = null;
live.onChange((state, change) => {
  votes.onChange(change);
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
questions.onLoad(refresh);
live.start();
startDocuments(live, sessionId);

$("#main").setAttribute("aria-busy", "false");
