// How each event of the live channel changes the session's state (the table in docs/protocol.md): the
// client applies them in version order to the snapshot it started from.

function replaceVote(state, vote) {
  const i = state.votes.findIndex((v) => v.id === vote.id);
  if (i >= 0) state.votes[i] = vote;
  else state.votes.push(vote);
  state.votes.sort((a, b) => a.number - b.number);
}

const APPLY = {
  "sitting.opened"(state, d) {
    state.sitting = d.sitting;
    state.session.status = d.status;
  },
  "sitting.opening_undone"(state, d) {
    // An opening made by mistake, undone: the sitting as it was before, and its attendance and quorum.
    state.sitting = d.sitting;
    state.session.status = d.status;
    state.attendance = d.attendance;
    state.quorum = d.quorum;
  },
  "sitting.options"(state, d) { state.sitting = d.sitting; },
  "item.current"(state, d) { state.sitting = d.sitting; },
  "session.closed"(state, d) {
    state.session.status = d.status;
    state.questions = d.questions;
    // Closing also clears the floor and the timer on the server (the event does not repeat them).
    state.timer = null;
    state.speaker_request_id = null;
    state.question_id = null;
  },
  agenda(state, d) {
    // The secretary published or edited the agenda (items renumbered, added, removed).
    state.session.status = d.status;
    state.agenda = d.agenda;
  },
  attendance(state, d) {
    // The row carries the attendance fields; name and seat stay from the snapshot.
    const i = state.attendance.findIndex((a) => a.person_id === d.row.person_id);
    if (i >= 0) state.attendance[i] = { ...state.attendance[i], ...d.row };
    else state.attendance.push({ full_name: "", seat_label: null, ...d.row });
    state.quorum = d.quorum;
  },
  floor(state, d) {
    state.floor = d.floor;
    state.timer = d.timer;
    state.speaker_request_id = d.speaker_request_id;
  },
  questions(state, d) {
    state.questions = d.questions;
    state.timer = d.timer;
    state.question_id = d.question_id;
  },
  "vote.opened"(state, d) {
    replaceVote(state, d.vote);
    if (state.me && !state.me.voted.includes(d.vote.id) && !state.me.can_vote.includes(d.vote.id)) {
      state.me.can_vote.push(d.vote.id);
    }
  },
  "vote.progress"(state, d) {
    const vote = state.votes.find((v) => v.id === d.vote_id);
    if (!vote) return;
    vote.cast = d.cast;
    if (d.counts) vote.counts = d.counts; // named votes only: a secret vote shows just how many voted
    // Named votes: the new ballots for the seating map — one `ballot` {person_id, choice}, or a batch
    // `ballots` [{person_id, subject, option}] of those cast since the previous progress event.
    const incoming = [];
    if (d.ballot) {
      for (const [subject, option] of Object.entries(d.ballot.choice || {})) {
        incoming.push({ person_id: d.ballot.person_id, subject, option });
      }
    }
    if (Array.isArray(d.ballots)) incoming.push(...d.ballots);
    if (incoming.length) {
      const key = (b) => `${b.person_id}|${b.subject}`;
      const merged = new Map((vote.ballots || []).map((b) => [key(b), b]));
      for (const b of incoming) merged.set(key(b), b);
      vote.ballots = [...merged.values()];
      if (state.me && incoming.some((b) => b.person_id === state.me.person_id)) markVoted(state, vote.id);
    }
  },
  "vote.closed"(state, d) { closeVote(state, d.vote); },
  "vote.cancelled"(state, d) { closeVote(state, d.vote); },
};

/** The signed-in delegate has voted in `voteId` (an event showed their ballot, or the server acknowledged it). */
export function markVoted(state, voteId) {
  if (!state.me) return;
  if (!state.me.voted.includes(voteId)) state.me.voted.push(voteId);
  state.me.can_vote = state.me.can_vote.filter((id) => id !== voteId);
}

function closeVote(state, vote) {
  replaceVote(state, vote);
  if (state.me) state.me.can_vote = state.me.can_vote.filter((id) => id !== vote.id);
}

/** Apply one event to a state object (exported for tests and for pages that fold events themselves). */
export function applyEvent(state, name, data) {
  const apply = APPLY[name];
  if (apply) apply(state, data);
}
