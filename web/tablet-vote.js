// The vote panel of the delegate's tablet: the open vote (a motion's buttons, a confidence rating's form),
// the confirm step, the ballot sent — saved on the tablet first, and said to be waiting until the server
// acknowledges it — then the last result.

import { $, fill, h } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { isRunning, lastClosedVote, myAttendance, openVote, optionLabel, resultBlock, voteMeta } from "./lib/live-view.js";
import { renderIf } from "./lib/render.js";
import { announce } from "./lib/status.js";

/** The panel for `live`; `checkIn` is offered where a vote needs the delegate present. */
export function votePanel(live, { checkIn }) {
  // What the delegate is doing in the panel (not in the server's state).
  const ui = {
    choice: {}, // vote id → option key (motion) or {subject: option} (confidence)
    confirming: null, // vote id awaiting confirmation
    sending: null, // vote id being sent
    lastError: {}, // vote id → message
  };
  const redraw = () => live.state && renderVote(live.state);

  function renderVote(state) {
    const vote = openVote(state);
    const latest = lastClosedVote(state);
    const pending = vote ? live.pendingBallot(vote.id) : null;
    const row = myAttendance(state);
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
      const title = $("#vote-title"); // a very long one scrolls in its box: reachable by keyboard too
      const scrolls = title.scrollHeight > title.clientHeight;
      title.classList.toggle("is-scrollable", scrolls);
      if (scrolls) title.tabIndex = 0;
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
          redraw();
          showConfirmation();
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
              redraw();
              document.getElementById(id)?.focus();
            } }),
          h("span", {}, o.label));
      }))));
    return h("div", { class: "rating-form" }, rows,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-primary btn-huge", id: "rating-next", disabled: !complete,
          onclick: () => {
            ui.confirming = vote.id;
            redraw();
            showConfirmation();
          } }, t("tablet.rating_next")),
        complete ? null : h("p", { class: "hint" }, t("tablet.rating_incomplete"))));
  }

  /** The confirmation, wholly on screen and clear of the notices at the bottom; its button focused. */
  function showConfirmation() {
    $(".ballot-confirm")?.scrollIntoView({ block: "nearest" });
    $("#confirm-ballot")?.focus({ preventScroll: true });
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
          redraw();
        } }, t("tablet.change_choice"))));
  }

  async function send(vote) {
    const choice = ui.choice[vote.id];
    ui.sending = vote.id;
    ui.confirming = null;
    const promise = live.ballot(vote.id, choice); // saved on the tablet before it is sent
    redraw();
    try {
      const result = await promise;
      if (result) announce(t("tablet.ballot_recorded"), "success");
    } catch (error) {
      ui.lastError[vote.id] = error.message;
      announce(error.message, "error");
    } finally {
      ui.sending = null;
      redraw();
    }
  }

  /** A ballot saved on this tablet refused when it was sent again (e.g. the vote closed meanwhile). */
  function onChange(change) {
    if (change.kind === "ballot" && change.error && ui.sending !== change.voteId) {
      ui.lastError[change.voteId] = change.error.message;
      announce(change.error.message, "error");
    }
  }

  return { render: renderVote, onChange };
}
