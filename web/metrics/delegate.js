// The public delegate page (/metrics/delegate.html?person=N), no sign-in: what a delegate did in the term —
// attendance, speeches, questions and the answers, their choices in named ballots (never a secret one), the
// voter-contact meetings they took part in.

import { api } from "../lib/api.js";
import { $, fill, h } from "../lib/dom.js";
import { formatDate, formatNumber, roman } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { boot, pageError } from "../lib/layout.js";
import { idFromAddress, stop } from "../lib/page.js";

const SHOWN = ["sittings_held", "sittings_present", "absences_excused", "absences_unexcused", "speeches",
  "questions_asked", "questions_answered_in_person", "questions_answered_in_writing", "voter_contacts", "voters_met",
  "votes_taken_part"];

await boot();
const person = idFromAddress("person");
if (person === null) await chooser();

/** Without ``?person=``: the delegates in office today, each a link to their page. */
async function chooser() {
  try {
    const { delegates } = await api.get("/api/delegates");
    $("#delegate-record").hidden = true;
    $("#delegate-chooser").hidden = false;
    const sorted = [...delegates].sort((a, b) => a.full_name.localeCompare(b.full_name, "vi"));
    fill($("#delegate-list"), ...sorted.map((d) => h("li", {},
      h("a", { href: `/metrics/delegate.html?person=${d.person_id}` }, d.full_name),
      d.constituency ? h("span", { class: "hint" }, ` — ${d.constituency}`) : null)));
    document.body.dataset.ready = "true";
  } catch (error) {
    pageError(error);
  }
  await stop();
}

function list(el, items, draw) {
  fill(el, ...(items.length ? items.map(draw) : [h("li", { class: "empty" }, t("delegate_page.none"))]));
}

try {
  const record = await api.get(`/api/public/delegates/${person}/record`);
  fill($("#delegate-name"), record.name);
  document.title = `${record.name} — ${t("delegate_page.title")}`;
  fill($("#delegate-term"), t("delegate_page.term", { n: roman(record.term.number), start: formatDate(record.period.start),
    end: formatDate(record.period.end), days: formatNumber(record.figures.days_in_office ?? 0) }));
  const v = record.figures.values;
  const rows = SHOWN.map((name) => h("tr", { dataset: { measure: name } }, h("th", { scope: "row" }, t(`delegate_page.m_${name}`)),
    h("td", { class: "num" }, formatNumber(v[name] ?? 0))));
  const attendance = record.figures.attendance_rate;
  rows.push(h("tr", {}, h("th", { scope: "row" }, t("metrics.attendance_rate")),
    h("td", { class: "num" }, attendance === null ? "—" : `${formatNumber(Math.round(attendance * 1000) / 10)} %`)));
  fill($("#delegate-figures"), h("tbody", {}, rows));
  list($("#delegate-questions"), record.questions, (q) => h("li", {}, `${formatDate(q.on)} — ${q.to}: ${q.text} (${t(`delegate_page.q_${q.status}`)})`));
  list($("#delegate-votes"), record.named_votes, (vote) => h("li", {}, `${formatDate(vote.on)} — ${vote.title}: `,
    vote.choices.map((c) => `${c.subject}: ${c.option}`).join("; ")));
  list($("#delegate-meetings"), record.voter_contacts, (m) => h("li", {}, `${formatDate(m.on)} — ${m.title}`));
  document.body.dataset.ready = "true";
} catch (error) {
  pageError(error);
}
