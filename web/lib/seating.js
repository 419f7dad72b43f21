// The seating map (sơ đồ hội trường): seats laid out from the delegates' seat labels ("B07" → row B,
// seat 7), coloured by attendance and — for a named vote only — by each delegate's ballot.
// Shared by the secretary console and the projector; works for 50–100 seats (sizes follow the widest row).

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { attendanceLabel } from "./live-view.js";

const SEAT = /^\s*([A-Za-z]{1,3})\s*-?\s*0*(\d{1,3})\s*$/;

/** "B07" → {row: "B", number: 7}; anything else → null. */
export function parseSeat(label) {
  const match = SEAT.exec(label || "");
  return match ? { row: match[1].toUpperCase(), number: Number(match[2]) } : null;
}

/** "Nguyễn Văn An" → "An"; the given name is what a hall calls a delegate by. */
export function shortName(fullName) {
  const words = (fullName || "").trim().split(/\s+/);
  return words[words.length - 1] || "";
}

/** "Nguyễn Văn An" → "NVA". */
export function initials(fullName) {
  return (fullName || "").trim().split(/\s+/).map((w) => w[0] || "").join("").toUpperCase();
}

/** Rows of seats: [{row, seats: [{number, person}]}], unparseable labels in a last row. */
export function layout(attendance) {
  const rows = new Map();
  const others = [];
  for (const person of attendance) {
    const seat = parseSeat(person.seat_label);
    if (!seat) {
      others.push(person);
      continue;
    }
    if (!rows.has(seat.row)) rows.set(seat.row, []);
    rows.get(seat.row).push({ number: seat.number, person });
  }
  const out = [...rows.entries()]
    .sort(([a], [b]) => (a.length - b.length) || a.localeCompare(b))
    .map(([row, seats]) => ({ row, seats: seats.sort((a, b) => a.number - b.number) }));
  if (others.length) {
    out.push({ row: null, seats: others.map((person, i) => ({ number: i + 1, person })) });
  }
  return out;
}

/** The ballot colour key of each delegate in a named vote: {person_id: option key}. */
function ballotsOf(vote) {
  const out = new Map();
  if (!vote || vote.secret || !Array.isArray(vote.ballots)) return out; // secret: never
  for (const b of vote.ballots) out.set(b.person_id, b.option);
  return out;
}

const SYMBOLS = ["✓", "✗", "–", "◆", "●"];

/**
 * Draw the map into `container`. Options: `vote` — colour by the ballots of this named vote;
 * `onSeat(person)` — seats become buttons (the console marks attendance from the map).
 */
export function renderSeating(container, state, { vote = null, onSeat = null } = {}) {
  const rows = layout(state.attendance);
  const widest = Math.max(1, ...rows.map((r) => Math.max(...r.seats.map((s) => s.number), r.seats.length)));
  const ballots = ballotsOf(vote);
  const optionIndex = new Map((vote?.options || []).map((o, i) => [o.key, i]));
  const byVote = ballots.size > 0 || Boolean(vote && !vote.secret);

  const rowEls = rows.map(({ row, seats }) => {
    const cells = [];
    const byNumber = new Map(seats.map((s) => [s.number, s]));
    const last = Math.max(...seats.map((s) => s.number));
    for (let n = 1; n <= last; n += 1) {
      const seat = byNumber.get(n);
      if (!seat) {
        cells.push(h("li", { class: "seat seat-gap", "aria-hidden": "true" }));
        continue;
      }
      cells.push(seatEl(seat.person, ballots, optionIndex, vote, onSeat));
    }
    const list = h("ol", { class: "seat-row", "aria-label": row ? t("seating.row", { row }) : t("seating.no_seat") }, cells);
    return h("div", { class: "seat-row-wrap" },
      h("span", { class: "seat-row-name", "aria-hidden": "true" }, row || "·"), list);
  });

  const map = h("div", { class: "seat-map" }, rowEls);
  // The sizes follow the widest row, the number of rows and the longest name: every name fits its seat.
  const longestName = Math.max(1, ...state.attendance.map((p) => [...shortName(p.full_name)].length));
  map.style.setProperty("--cols", String(widest));
  map.style.setProperty("--rows", String(Math.max(1, rows.length)));
  map.style.setProperty("--name-chars", String(longestName));
  container.replaceChildren(
    h("p", { class: "seat-stage", "aria-hidden": "true" }, t("seating.stage")),
    map,
    legend(vote, byVote));
}

function seatEl(person, ballots, optionIndex, vote, onSeat) {
  const status = person.status || "absent";
  const option = ballots.get(person.person_id);
  const classes = ["seat", `seat-${status}`];
  let voteText = "";
  if (vote && !vote.secret) {
    if (option !== undefined) {
      const index = optionIndex.get(option) ?? 4;
      classes.push("seat-voted", `seat-vote-${index}`);
      voteText = vote.options[index]?.label || option;
    } else if (status === "present") {
      classes.push("seat-not-voted");
      voteText = t("seating.not_voted");
    }
  }
  if (person.late && status === "present") classes.push("seat-late");
  const label = [person.seat_label, person.full_name, attendanceLabel(person), voteText].filter(Boolean).join(" — ");
  const symbol = option !== undefined ? SYMBOLS[optionIndex.get(option) ?? 4] : "";
  const inner = [
    h("span", { class: "seat-label" }, person.seat_label || ""),
    h("span", { class: "seat-name" }, shortName(person.full_name)),
    symbol ? h("span", { class: "seat-symbol", "aria-hidden": "true" }, symbol) : null,
  ];
  const body = onSeat
    ? h("button", { type: "button", class: "seat-button", "aria-label": label, title: label, onclick: () => onSeat(person) }, inner)
    : h("span", { class: "seat-body", title: label }, inner);
  const dataset = { personId: person.person_id, status };
  if (option !== undefined) dataset.option = option;
  return h("li", { class: classes.join(" "), dataset,
    "aria-label": onSeat ? null : label }, body);
}

function legend(vote, byVote) {
  const items = [["present", t("attendance.present")], ["absent", t("attendance.absent")],
    ["excused", t("attendance.excused")], ["left", t("attendance.left")]];
  const entries = items.map(([status, label]) => h("li", {},
    h("span", { class: `legend-swatch seat-${status}`, "aria-hidden": "true" }), label));
  if (byVote && vote) {
    vote.options.forEach((o, i) => entries.push(h("li", {},
      h("span", { class: `legend-swatch seat-voted seat-vote-${i}`, "aria-hidden": "true" }, SYMBOLS[i]), o.label)));
    entries.push(h("li", {}, h("span", { class: "legend-swatch seat-present seat-not-voted", "aria-hidden": "true" }),
      t("seating.not_voted")));
  }
  return h("ul", { class: "seat-legend", "aria-label": t("seating.legend") }, entries);
}
