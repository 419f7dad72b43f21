// The votes on the secretary's live console: the form that opens one (a motion, or a rating of officials;
// "vote again" fills it from an earlier vote), the live tally with close and cancel, and the results.

import { confirmDialog } from "../lib/dialogs.js";
import { $, emptyNote, fill, h, options, untouch } from "../lib/dom.js";
import { formatDateTime } from "../lib/clock.js";
import { clearErrors, showError } from "../lib/forms.js";
import { t } from "../lib/i18n.js";
import { act } from "../lib/live-page.js";
import { isRunning, openVote, resultBlock, tallyBlock, voteMeta } from "../lib/live-view.js";
import { forget, renderIf } from "../lib/render.js";
import { announce } from "../lib/status.js";

/** The votes panel of the console for `live`. */
export function votesPanel(live) {
  const redraw = () => live.state && render(live.state);

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
      redraw();
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

  function render(state) {
    renderVoteFormChoices(state);
    renderVotes(state);
  }

  return { render };
}
