// Pieces of the live session drawn the same way on the tablet, the console and the projector:
// quorum, timer label, vote tallies and results (Vietnamese texts from the server, English composed here).

import { h } from "./dom.js";
import { formatNumber, formatPercent, sessionShortHeading } from "./format.js";
import { currentLang, has, t } from "./i18n.js";

/** "quá nửa tổng số đại biểu (3/4)": the server's words in Vietnamese, composed in English. */
export function ruleText(vote) {
  if (currentLang() === "vi" && vote.rule_text) return vote.rule_text;
  const [n, d] = String(vote.fraction || "1/2").split("/").map(Number);
  const total = vote.total_in_office;
  const needed = vote.strict ? Math.floor((total * n) / d) + 1 : Math.ceil((total * n) / d);
  let words;
  if (n * 2 === d && vote.strict) words = t("vote.rule_words_majority");
  else if (n * 3 === d * 2 && !vote.strict) words = t("vote.rule_words_two_thirds");
  else words = t(vote.strict ? "vote.rule_words_more_than" : "vote.rule_words_at_least", { fraction: `${n}/${d}` });
  return t("vote.rule_text", { words, needed, total });
}

export function voteKindLabel(kind) {
  return has(`vote.kind_${kind}`) ? t(`vote.kind_${kind}`) : kind;
}

export function optionLabel(vote, key) {
  return vote.options.find((o) => o.key === key)?.label ?? key;
}

/** How many may vote now: the delegates present (or every delegate in office when absent voting is allowed). */
export function voters(vote, state) {
  if (!vote.present_only) return vote.total_in_office;
  return Math.max(state.quorum?.present ?? 0, vote.cast);
}

/** The vote shown as "current": the open one, else null. */
export function openVote(state) {
  return state.votes.find((v) => v.status === "open") || null;
}

/** The latest vote with a result. */
export function lastClosedVote(state) {
  const closed = state.votes.filter((v) => v.status === "closed");
  return closed.length ? closed[closed.length - 1] : null;
}

/** "Phát biểu: Nguyễn Văn An" — from the server in Vietnamese, from the floor and questions in English. */
export function timerLabel(state) {
  const timer = state.timer;
  if (!timer) return "";
  if (currentLang() === "vi") return timer.label || t("timer.default_label");
  const speaker = state.floor.find((f) => f.id === state.speaker_request_id);
  if (speaker) return t(`floor.timer_${speaker.kind}`, { name: speaker.full_name });
  const question = state.questions.find((q) => q.id === state.question_id);
  if (question) return t("question.timer_answer", { name: question.official_name });
  return timer.label || t("timer.default_label");
}

/** The session's heading: the server's formal Vietnamese one, or composed in English. */
export function liveHeading(state) {
  const session = state.session;
  if (currentLang() === "vi" && session.heading) return session.heading;
  return `${sessionShortHeading(session)} — ${state.council.short_name || state.council.name}`;
}

/** The sitting is open (the session in progress). */
export function isRunning(state) {
  return state.session.status === "in_progress";
}

/** The signed-in delegate's attendance row, or null (not a delegate in office). */
export function myAttendance(state) {
  return state.attendance.find((a) => a.person_id === state.me?.person_id) || null;
}

export function currentItem(state) {
  return state.agenda.find((i) => i.id === state.sitting?.current_item_id) || null;
}

/**
 * Write the countdown `view` (from clock.js `timerNow`) into `el`, coloured in its warning period and in
 * overtime; `sayOver` writes overtime as "Quá giờ +00:12" rather than "+00:12".
 */
export function showCountdown(el, view, { sayOver = true } = {}) {
  el.textContent = view ? (view.over && sayOver ? t("timer.over", { time: view.text }) : view.text) : "";
  el.classList.toggle("timer-warning", Boolean(view?.warning));
  el.classList.toggle("timer-over", Boolean(view?.over));
}

// ---- Quorum -----------------------------------------------------------------------------------

/** "Có mặt 3/4 · cần 3 — ✓ Đủ số đại biểu" as a block with a state class. */
export function quorumBlock(quorum, { big = false } = {}) {
  const ok = quorum.has_quorum;
  return h("div", { class: `quorum ${ok ? "quorum-ok" : "quorum-no"}${big ? " quorum-big" : ""}`, dataset: { ok: String(ok) } },
    h("span", { class: "quorum-mark", "aria-hidden": "true" }, ok ? "✓" : "✗"),
    h("span", { class: "quorum-numbers" },
      h("span", { class: "quorum-count" }, t("quorum.present", {
        present: formatNumber(quorum.present), total: formatNumber(quorum.total) })),
      h("span", { class: "quorum-needed" }, t("quorum.needed", { needed: formatNumber(quorum.needed), fraction: quorum.fraction }))),
    h("span", { class: "quorum-verdict" }, ok ? t("quorum.ok") : t("quorum.not_ok")));
}

// ---- Votes ------------------------------------------------------------------------------------

/** The live tally: named → a bar per option; secret → only how many have voted. */
export function tallyBlock(vote, state) {
  const total = voters(vote, state);
  const castLine = h("p", { class: "tally-cast" }, t("vote.cast_count", { cast: formatNumber(vote.cast), total: formatNumber(total) }));
  if (vote.secret || !vote.counts) {
    return h("div", { class: "tally tally-secret", dataset: { voteId: vote.id } }, castLine,
      h("p", { class: "tally-note" }, t("vote.secret_note")));
  }
  const counts = vote.counts[vote.subjects[0].key] || {};
  return h("div", { class: "tally tally-named", dataset: { voteId: vote.id } }, castLine,
    h("ul", { class: "vbars" }, vote.options.map((o, i) => optionBar(o.label, counts[o.key] || 0, vote.total_in_office, i,
      o.key))));
}

function optionBar(label, count, total, index, key) {
  const fill = h("span", { class: "bar-fill" });
  fill.style.width = `${total ? Math.min(100, (count * 100) / total) : 0}%`;
  return h("li", { class: `vbar vbar-${index}`, dataset: { option: key } },
    h("span", { class: "bar-label" }, label),
    h("span", { class: "bar-track", "aria-hidden": "true" }, fill),
    h("span", { class: "bar-count" }, formatNumber(count)),
    h("span", { class: "bar-percent" }, formatPercent(count, total)));
}

/** "45/48 đại biểu có mặt tán thành, chiếm 88,24% tổng số đại biểu". */
export function resultSentence(vote) {
  const r = vote.result;
  if (!r || !r.options) return "";
  if (currentLang() === "vi" && r.sentence) return r.sentence;
  const yes = r.options[0];
  return t("vote.sentence", { count: formatNumber(yes.count), present: formatNumber(r.present),
    label: yes.label.toLowerCase(), percent: formatPercent(yes.count, r.total) });
}

function percentText(line, total) {
  return currentLang() === "vi" && line.percent_of_total ? line.percent_of_total : formatPercent(line.count, total);
}

function confidenceVerdict(vote, subject) {
  if (currentLang() === "vi" && subject.verdict) return subject.verdict;
  if (vote.kind === "confidence_rating") {
    return t(subject.two_thirds ? "vote.rating_two_thirds" : subject.over_half ? "vote.rating_over_half" : "vote.rating_none");
  }
  return t(subject.over_half ? "vote.confidence_lost" : "vote.confidence_kept");
}

/** The final result of a closed vote: counts, sentence and THÔNG QUA / KHÔNG THÔNG QUA (or per official).
 * The rule is not repeated here: every screen shows `voteMeta` (which names it) just above. */
export function resultBlock(vote) {
  const r = vote.result;
  if (!r) return h("p", { class: "empty" }, t("vote.no_result"));
  if (r.options) {
    return h("div", { class: `result ${r.passed ? "result-passed" : "result-failed"}`, dataset: { voteId: vote.id } },
      h("ul", { class: "vbars" }, r.options.map((line, i) => {
        const bar = optionBar(line.label, line.count, r.total, i, line.option);
        bar.querySelector(".bar-percent").textContent = percentText(line, r.total);
        return bar;
      })),
      h("p", { class: "result-sentence" }, resultSentence(vote)),
      h("p", { class: "verdict" }, r.passed ? t("vote.passed") : t("vote.failed")));
  }
  return h("div", { class: "result result-confidence", dataset: { voteId: vote.id } },
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("vote.subject")),
        vote.options.map((o) => h("th", { scope: "col", class: "num" }, o.label)),
        h("th", { scope: "col" }, t("vote.conclusion")))),
      h("tbody", {}, r.subjects.map((s) => h("tr", { dataset: { subject: s.key } },
        h("th", { scope: "row" }, s.label),
        s.options.map((line) => h("td", { class: "num" }, formatNumber(line.count),
          h("span", { class: "sub" }, percentText(line, r.total)))),
        h("td", { class: s.over_half ? "verdict-warn" : "" }, confidenceVerdict(vote, s))))))),
    h("p", { class: "result-rule" }, t("vote.confidence_denominator", { total: formatNumber(r.total) })));
}

/** "Biểu quyết số 2 · Bỏ phiếu kín · Quá nửa tổng số đại biểu (3/4)". */
export function voteMeta(vote) {
  return [t("vote.number", { number: vote.number }), voteKindLabel(vote.kind),
    vote.secret ? t("vote.secret") : t("vote.named"),
    vote.kind === "motion" ? ruleText(vote) : null].filter(Boolean).join(" · ");
}

// ---- Attendance -------------------------------------------------------------------------------

export function attendanceLabel(row) {
  const status = row.status || "absent";
  const base = t(`attendance.${status}`);
  return row.late && status === "present" ? `${base} (${t("attendance.late").toLowerCase()})` : base;
}
