// The big screen of the hall (/projector.html?session=N, 1920×1080, no sign-in for public sessions):
// heading, current item, speaker and countdown, quorum, the live tally of a vote (a secret one: only how
// many have voted), the final result with THÔNG QUA / KHÔNG THÔNG QUA, and the seating map.

import { formatTimeOfDay, serverNow, syncClock, ticker, timerNow } from "./lib/clock.js";
import { $, fill, h } from "./lib/dom.js";
import { loadI18n, t } from "./lib/i18n.js";
import { liveSession } from "./lib/live-page.js";
import {
  currentItem, lastClosedVote, liveHeading, openVote, quorumBlock, resultBlock, showCountdown, tallyBlock, timerLabel,
  voteMeta,
} from "./lib/live-view.js";
import { requireId } from "./lib/page.js";
import { renderIf } from "./lib/render.js";
import { renderSeating } from "./lib/seating.js";
import { Beeper, timerAlarm } from "./lib/sound.js";
import { withBallots } from "./lib/vote-ballots.js";

const RESULT_MINUTES = 15; // a result stays on screen this long after the vote closed (or until the next vote)

await loadI18n();
const sessionId = await requireId("session", $("#pj-heading"), t("agenda.not_found"));
const live = liveSession(sessionId, $("#pj-heading"), { refusal: t("projector.refused") });
syncClock();

// Sound needs one touch of the page (browsers forbid autoplay): a button in the corner turns it on.
const beeper = new Beeper();
const alarm = timerAlarm((kind) => beeper.beep(kind));
const soundButton = $("#pj-sound");
if (beeper.available) {
  soundButton.hidden = false;
  soundButton.addEventListener("click", () => {
    if (beeper.enabled) {
      beeper.enabled = false;
      soundButton.textContent = t("projector.sound_on");
    } else {
      beeper.unlock();
      beeper.beep("warning");
      soundButton.textContent = t("projector.sound_off");
    }
  });
}

/** The vote on screen: the open one, else the latest result for a while. */
function shownVote(state) {
  const open = openVote(state);
  if (open) return open;
  const last = lastClosedVote(state);
  if (!last || !last.closed_at) return null;
  const closed = Date.parse(last.closed_at);
  // The hall has moved on: a timer started after the close (closed_at is given to the second only).
  if (state.timer && Date.parse(state.timer.started_at) >= closed + 1000) return null;
  const age = serverNow() - closed;
  return age < RESULT_MINUTES * 60 * 1000 ? last : null;
}

function render() {
  const state = live.state;
  if (!state) return;
  renderIf("head", [state.council, state.session], () => {
    fill($("#pj-council"), state.council.name);
    const heading = liveHeading(state);
    fill($("#pj-heading"), heading);
    document.title = `${heading} — ${t("projector.title")}`;
  });

  const vote = shownVote(state);
  const item = currentItem(state);
  renderIf("vote", [vote, vote ? state.quorum.present : null], () => {
    const box = $("#pj-vote");
    box.hidden = !vote;
    if (!vote) {
      box.replaceChildren();
      return;
    }
    const open = vote.status === "open";
    box.className = `pj-block pj-vote ${open ? "pj-vote-open" : "pj-vote-closed"}`;
    fill(box,
      h("p", { class: "pj-kicker" }, open ? t("projector.voting") : t("projector.result")),
      h("h2", { class: "pj-vote-title" }, vote.title),
      h("p", { class: "pj-vote-meta" }, voteMeta(vote)),
      open ? tallyBlock(vote, state) : resultBlock(vote));
  });

  renderIf("timer", [state.timer, state.speaker_request_id, state.question_id, state.floor.length, Boolean(vote)], () => {
    const box = $("#pj-timer");
    box.hidden = !state.timer;
    box.classList.toggle("pj-timer-small", Boolean(vote));
    if (!state.timer) {
      box.replaceChildren();
      return;
    }
    fill(box, h("p", { class: "pj-kicker" }, t("projector.time_left")),
      h("p", { class: "pj-speaker", id: "pj-speaker" }, timerLabel(state)),
      h("p", { class: "timer pj-countdown", id: "pj-countdown", "aria-live": "off" }, ""));
    tick();
  });

  renderIf("item", [item, state.session.status, Boolean(vote), Boolean(state.timer)], () => {
    const big = $("#pj-item-big");
    big.hidden = Boolean(vote || state.timer);
    const status = state.session.status;
    const lead = status === "published" ? t("projector.not_open") : status === "closed" ? t("projector.closed")
      : t("projector.current_item");
    fill(big, h("p", { class: "pj-kicker" }, lead),
      item && status === "in_progress" ? h("p", { class: "pj-item-title" }, h("span", { class: "pj-item-num" }, item.number),
        " ", item.title) : h("p", { class: "pj-item-title" }, state.session.title || ""),
      item?.presenter && status === "in_progress" ? h("p", { class: "pj-item-presenter" },
        t("agenda.presenter", { name: item.presenter })) : null);
    fill($("#pj-current"), item && status === "in_progress" && (vote || state.timer)
      ? [h("span", { class: "pj-current-label" }, t("projector.current_item")), " ", item.number, ". ", item.title] : []);
  });

  renderIf("quorum", [state.quorum, state.session.status], () => {
    fill($("#pj-quorum"), state.session.status === "published" ? [] : quorumBlock(state.quorum, { big: true }));
  });
  // A secret ballot never colours a seat; a closed vote's ballots are fetched (not in the snapshot).
  const named = vote && !vote.secret ? withBallots(sessionId, vote, render) : null;
  renderIf("seating", [state.attendance, named ? [named.id, named.ballots, named.options] : null], () => {
    renderSeating($("#pj-seating"), state, { vote: named });
  });
}

function tick() {
  $("#pj-clock").textContent = formatTimeOfDay(serverNow());
  const state = live.state;
  if (!state) return;
  const view = timerNow(state.timer);
  alarm(view);
  const el = $("#pj-countdown");
  if (el) showCountdown(el, view, { sayOver: false });
}

live.onChange(render);
live.start();
ticker(tick);
// A result leaves the screen after a while even when nothing else happens.
setInterval(render, 30000);
