// The questions to officials on the secretary's live console: order and group them, select, start an
// answer (its timer), mark for a written answer, and record the answer.

import { $, emptyNote, fillKeeping, h } from "../lib/dom.js";
import { formatDate } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { act } from "../lib/live-page.js";
import { isStub } from "../lib/live-questions.js";
import { isRunning } from "../lib/live-view.js";
import { renderIf } from "../lib/render.js";
import { announce } from "../lib/status.js";

/** The questions panel of the console for `live`: the questions in full, as the staff may see them (`seen`,
 * from lib/live-questions.js — the broadcast names nobody's question until it is taken up). */
export function questionsPanel(live, seen) {
  function renderQuestions(state) {
    const all = seen.list(state);
    renderIf("questions", [all, state.question_id, state.session.status], () => {
      const list = all.filter((q) => q.status !== "withdrawn");
      if (!list.length) {
        fillKeeping($("#questions"), emptyNote(t("console_live.no_questions")));
        return;
      }
      const answering = all.find((q) => q.status === "answering");
      const open = state.session.status !== "closed";
      fillKeeping($("#questions"), h("ol", { class: "question-list console-questions" }, list.map((q, i) => {
        const group = h("input", { type: "text", id: `q-group-${q.id}`, value: q.group_label || "", maxlength: 200,
          disabled: !open, onchange: (e) => arrange({ groups: { [q.id]: e.target.value.trim() || null } },
            t("console_live.group_saved")) });
        const parts = [
          h("div", { class: "question-head" },
            h("span", { class: "question-who" }, h("span", { class: "question-pos" }, `${i + 1}.`), " ",
              isStub(q) ? t("question.not_loaded")
                : t("question.from_to", { asker: q.full_name, name: q.official_name, position: q.official_position })),
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
              onclick: () => recordAnswer(q, area, written) },
            t(written ? "console_live.record_written" : "console_live.record_answer")))));
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

  return { render: renderQuestions };
}
