// Who chose what in a closed named vote. The snapshot carries the ballots of the open vote only (with every
// vote's it would grow with each vote held), so a page that shows a closed vote's ballots — the
// projector's seating map — fetches them once, `GET /api/sessions/{id}/votes/{vote}/ballots`, and keeps
// them: a closed vote's ballots never change. A vote that closed while the page watched came with them.

import { api } from "./api.js";

const RETRY_MS = 10000;
const kept = new Map(); // vote id → its ballots, "loading", or the time after which to try again

/**
 * `vote` with its `ballots`: as it came (an open vote, or one closed while the page watched), else as
 * fetched before; else `vote` as it is for now, and `onLoad()` once they have arrived. Secret: never.
 */
export function withBallots(sessionId, vote, onLoad) {
  if (!vote || vote.secret || Array.isArray(vote.ballots)) return vote;
  const known = kept.get(vote.id);
  if (Array.isArray(known)) return { ...vote, ballots: known };
  if (known === "loading" || (typeof known === "number" && Date.now() < known)) return vote;
  kept.set(vote.id, "loading");
  api.get(`/api/sessions/${sessionId}/votes/${vote.id}/ballots`).then((answer) => {
    kept.set(vote.id, answer.ballots);
    onLoad();
  }, () => kept.set(vote.id, Date.now() + RETRY_MS));
  return vote;
}
