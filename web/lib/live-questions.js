// The questions of a live session as this screen may see them. The snapshot and the `questions` event go to
// every screen alike, so they carry what everyone may see: a question not yet taken up (filed, or withdrawn)
// only as {id, status, position}, and no attachment. The staff and a question's author fetch the rest from
// GET /api/sessions/{id}/questions — the same questions in the same order, each as much as the caller may
// see (docs/protocol.md) — as the tablets fetch the documents they may read.

import { api } from "./api.js";

/** A question of which the broadcast says only that it exists. */
export function isStub(question) {
  return question.text === undefined;
}

/**
 * `const questions = seenQuestions(live, sessionId, { wanted })`; `questions.list(state)` is the broadcast's
 * list with each question completed by what this screen fetched of it. Fetched when a snapshot arrives and
 * after a `questions` or `session.closed` event for which `wanted(state, fetched)` says so (the console:
 * always; a tablet: when one of its delegate's own questions is not yet public); `questions.load()` fetches
 * now (after filing one), `questions.onLoad(fn)` follows each fetch.
 */
export function seenQuestions(live, sessionId, { wanted = () => true } = {}) {
  let fetched = new Map(); // question id → the question as this screen may see it
  let loading = null;
  let again = false;
  const listeners = [];

  async function load() {
    if (loading) {
      again = true; // one more pass once this one is done: it may have read before the change
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        try {
          const data = await api.get(`/api/sessions/${sessionId}/questions`);
          fetched = new Map(data.questions.map((q) => [q.id, q]));
        } catch {
          // Offline or refused: the broadcast's view of the questions stays.
        }
      } while (again);
      loading = null;
      for (const fn of listeners) fn();
    })();
    return loading;
  }

  live.onChange((state, change) => {
    if (change.kind === "snapshot") load();
    else if (change.kind === "event" && ["questions", "session.closed"].includes(change.event)
      && wanted(state, fetched)) load();
  });

  return {
    list(state) {
      return state.questions.map((q) => {
        const seen = fetched.get(q.id);
        if (!seen) return q;
        // What was fetched may be older than the last event: the status and the order are the broadcast's.
        return isStub(q) ? { ...seen, status: q.status, position: q.position } : { ...seen, ...q };
      });
    },
    load,
    onLoad(fn) { listeners.push(fn); },
  };
}
