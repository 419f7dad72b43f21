// A delegate's private notes, highlights and bookmarks on a document — kept on the tablet first, then
// sent to the server. Every change is saved locally at once (localStorage) with the tablet's time and a
// client id, and sent with POST …/notes (the same client id again is the same note: no duplicates when a
// send is repeated); a change made offline waits in the outbox and goes out when the network returns.
// Conflicts between two tablets: the later change wins (the server compares `updated_at`).
//
// Reading progress (pages seen) follows the same pattern in `ProgressOutbox`.

import { api } from "./api.js";
import { readJson, storedKeys, writeJson } from "./storage.js";

const NOTES_PREFIX = "kyhop.notes.";
const PROGRESS_PREFIX = "kyhop.progress.";

/** A network failure (no answer, or the service worker's "offline" answer): try again later. */
export function isOffline(error) {
  return error && (error.status === 0 || error.code === "offline" || error.status === 503);
}

function newClientId() {
  const random = new Uint32Array(2);
  crypto.getRandomValues(random);
  return `n-${Date.now().toString(36)}-${random[0].toString(36)}${random[1].toString(36)}`;
}

/** Later of two ISO times (either may be missing). */
function newer(a, b) {
  return Date.parse(a || 0) > Date.parse(b || 0);
}

export class NoteStore {
  constructor(documentId, userId) {
    this.documentId = documentId;
    this.key = `${NOTES_PREFIX}${userId}.${documentId}`;
    const saved = readJson(this.key, {});
    this.notes = saved.notes || {}; // client_id → note (with `pending` while not on the server)
    this.since = saved.since || null; // server time of the last pull
    this.listeners = [];
    this.flushing = null;
  }

  onChange(fn) { this.listeners.push(fn); }

  changed() {
    writeJson(this.key, { notes: this.notes, since: this.since });
    for (const fn of this.listeners) fn(this);
  }

  /** Notes not deleted, by page then time; `kind` filters (note, highlight, bookmark). */
  list({ page = null, kind = null } = {}) {
    return Object.values(this.notes)
      .filter((n) => !n.deleted && (page === null || n.page === page) && (kind === null || n.kind === kind))
      .sort((a, b) => a.page - b.page || Date.parse(a.created_at) - Date.parse(b.created_at));
  }

  get pendingCount() {
    return Object.values(this.notes).filter((n) => n.pending).length;
  }

  add({ page, kind = "note", text = null, rects = null, color = null }) {
    const now = new Date().toISOString();
    const note = { client_id: newClientId(), document_id: this.documentId, page, kind, text, rects, color,
      deleted: false, created_at: now, updated_at: now, pending: true };
    this.notes[note.client_id] = note;
    this.changed();
    this.flush();
    return note;
  }

  edit(note, changes) {
    Object.assign(this.notes[note.client_id], changes, { updated_at: new Date().toISOString(), pending: true });
    this.changed();
    this.flush();
  }

  remove(note) {
    this.edit(note, { deleted: true });
  }

  /** Send every pending change; resolves to the number still pending (0 when all are on the server). */
  flush() {
    this.flushing ||= this.sendPending().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  async sendPending() {
    for (const note of Object.values(this.notes).filter((n) => n.pending)) {
      const sentAt = note.updated_at;
      const body = { client_id: note.client_id, page: note.page, kind: note.kind, text: note.text, color: note.color,
        rects: note.rects, deleted: note.deleted, updated_at: note.updated_at };
      try {
        const saved = await api.post(`/api/documents/${this.documentId}/notes`, body);
        const local = this.notes[note.client_id];
        if (local && local.updated_at === sentAt) this.notes[note.client_id] = { ...saved, pending: false };
        this.changed();
      } catch (error) {
        if (isOffline(error)) break; // the outbox waits for the network
        // Refused for good (e.g. the document was withdrawn): keep the text on the tablet, stop resending.
        this.notes[note.client_id] = { ...this.notes[note.client_id], pending: false, refused: error.message };
        this.changed();
      }
    }
    return this.pendingCount;
  }

  /** Fetch what changed on the server (another tablet of the same delegate) since the last pull. */
  async pull() {
    const query = this.since ? `?since=${encodeURIComponent(this.since)}` : "";
    const data = await api.get(`/api/documents/${this.documentId}/notes${query}`);
    const fromServer = new Set();
    for (const remote of data.notes) {
      fromServer.add(remote.client_id);
      const local = this.notes[remote.client_id];
      if (local && local.pending && !newer(remote.updated_at, local.updated_at)) continue;
      this.notes[remote.client_id] = { ...remote, pending: false };
    }
    if (!this.since) {
      // A full list: notes the server no longer has (and we are not still sending) are gone.
      for (const [id, note] of Object.entries(this.notes)) {
        if (!note.pending && !fromServer.has(id)) delete this.notes[id];
      }
    }
    this.since = data.server_time;
    this.changed();
  }
}

/** Pages a delegate has seen, sent as reading progress (read receipts) — also after reading offline. */
export class ProgressOutbox {
  constructor(documentId, userId) {
    this.documentId = documentId;
    this.key = `${PROGRESS_PREFIX}${userId}.${documentId}`;
    const saved = readJson(this.key, {});
    this.page = saved.page || null;
    this.unsent = new Set(saved.unsent || []);
    this.sending = null;
  }

  save() {
    writeJson(this.key, { page: this.page, unsent: [...this.unsent] });
  }

  seen(pages, current) {
    let added = false;
    for (const p of pages) {
      if (!this.unsent.has(p)) { this.unsent.add(p); added = true; }
    }
    if (current !== this.page) { this.page = current; added = true; }
    if (added) this.save();
    return added;
  }

  flush() {
    this.sending ||= this.send().finally(() => { this.sending = null; });
    return this.sending;
  }

  async send() {
    if (this.page === null || this.unsent.size === 0) return null;
    const pages = [...this.unsent];
    try {
      const receipt = await api.post(`/api/documents/${this.documentId}/progress`, { page: this.page, pages_seen: pages });
      for (const p of pages) this.unsent.delete(p);
      this.save();
      return receipt;
    } catch (error) {
      if (!isOffline(error)) {
        this.unsent.clear(); // refused for good: do not resend forever
        this.save();
      }
      return null;
    }
  }
}

/** Send what every document's outbox holds (notes and progress), e.g. when the network returns. */
export async function flushAllOutboxes() {
  let pending = 0;
  for (const key of storedKeys()) {
    const notes = key.startsWith(NOTES_PREFIX) && key.slice(NOTES_PREFIX.length).split(".");
    const progress = key.startsWith(PROGRESS_PREFIX) && key.slice(PROGRESS_PREFIX.length).split(".");
    if (notes && notes.length === 2) {
      const box = new NoteStore(Number(notes[1]), notes[0]);
      if (box.pendingCount) pending += await box.flush();
    } else if (progress && progress.length === 2) {
      const box = new ProgressOutbox(Number(progress[1]), progress[0]);
      await box.flush();
      pending += box.unsent.size ? 1 : 0;
    }
  }
  return pending;
}
