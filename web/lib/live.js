// The live session client shared by the tablet, the secretary console, the projector and the kiosk
// (docs/protocol.md): one websocket to /ws/sessions/{id}, the state from the snapshot, events applied in
// version order (live-events.js), automatic reconnection with ?since=, actions and ballots answered by
// `ack` / `error`, and ballots kept in localStorage until acknowledged.

import { setTimeZone } from "./clock.js";
import { currentLang, t } from "./i18n.js";
import { applyEvent, markVoted } from "./live-events.js";
import { readJson, removeKey, writeJson } from "./storage.js";

const FIRST_DELAY = 500; // ms; doubles on every failed attempt …
const MAX_DELAY = 15000; // … up to this
const PING_EVERY = 15000; // ms between application pings
const SILENCE_LIMIT = 40000; // no message (not even a pong) for this long: the connection is dead

/** An error answered by the server (or a local one, e.g. not connected): `message` is in the page's language. */
export class LiveError extends Error {
  constructor(error) {
    super(error?.message || t("error.unknown"));
    this.code = error?.code || "error";
    this.field = error?.field || null;
  }
}

/** A ballot id made on the tablet before the first send: 8–64 of A-Z a-z 0-9 - _. */
export function newBallotId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes); // available on plain http:// too (randomUUID needs a secure context)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** ws(s)://host/ws/sessions/{id}?since=V&lang=xx from the page's own address. */
export function socketUrl(sessionId, since) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams();
  if (since) query.set("since", String(since));
  query.set("lang", currentLang());
  return `${scheme}//${window.location.host}/ws/sessions/${sessionId}?${query}`;
}

// ---- Pending ballots (survive a reload, a lost ack, a dead Wi-Fi) ------------------------------

function readStore(key) {
  return readJson(key, {});
}

function writeStore(key, value) {
  if (Object.keys(value).length === 0) removeKey(key);
  else writeJson(key, value);
}

// ---- The client -------------------------------------------------------------------------------

/**
 * const live = new LiveSession(7); live.onChange((state, change) => render()); live.start();
 * `change` is {kind: "snapshot"|"event"|"resumed", event, data}. `live.status` is one of
 * connecting, open, reconnecting, offline, refused; `live.onStatus(fn)` follows it.
 */
export class LiveSession {
  constructor(sessionId) {
    this.sessionId = sessionId;
    this.state = null;
    this.version = 0;
    this.status = "connecting";
    this.statusMessage = "";
    this.socket = null;
    this.ready = false;
    this.attempt = 0;
    this.retryAt = 0;
    this.retryTimer = null;
    this.heartbeat = null;
    this.lastHeard = 0;
    this.counter = 0;
    this.prefix = Math.random().toString(36).slice(2, 7);
    this.waiting = new Map(); // message id → {resolve, reject, ballotId}
    this.ballotWaiters = new Map(); // ballot id → [{resolve, reject}]
    this.changeListeners = [];
    this.statusListeners = [];
    this.refusal = null;
  }

  onChange(fn) { this.changeListeners.push(fn); }

  onStatus(fn) {
    this.statusListeners.push(fn);
    fn(this.status, this);
  }

  start() {
    window.addEventListener("offline", () => {
      this.drop();
      this.connect(); // waits for the "online" event (the ballots stay saved meanwhile)
    });
    window.addEventListener("online", () => this.reconnectNow());
    document.addEventListener("visibilitychange", () => {
      // A tablet waking up: do not wait for the back-off timer.
      if (document.visibilityState === "visible" && !this.socket) this.reconnectNow();
    });
    this.connect();
    return this;
  }

  // -- connection -----------------------------------------------------------------------------

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.socket) return;
    if (navigator.onLine === false) {
      // No network at all: trying is pointless; the "online" event (or this slow check) brings us back.
      this.setStatus("offline");
      this.retryTimer = setTimeout(() => this.connect(), MAX_DELAY);
      return;
    }
    if (this.status !== "refused") this.setStatus(this.attempt === 0 && !this.state ? "connecting" : "reconnecting");
    let ws;
    try {
      ws = new WebSocket(socketUrl(this.sessionId, this.state ? this.version : 0));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = ws;
    this.refusal = null;
    ws.onopen = () => {
      this.lastHeard = Date.now();
      this.heartbeat = setInterval(() => this.beat(), PING_EVERY);
    };
    ws.onmessage = (event) => {
      this.lastHeard = Date.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.receive(message);
    };
    ws.onclose = (event) => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.disconnected(event.code >= 4000 && event.code < 5000 ? event.code : null);
    };
    ws.onerror = () => {}; // a close follows
  }

  beat() {
    if (!this.socket) return;
    if (Date.now() - this.lastHeard > SILENCE_LIMIT) {
      this.drop(); // silent network failure: the socket would take minutes to notice
      this.scheduleReconnect();
      return;
    }
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: "ping" }));
  }

  /** Forget the current socket at once (offline, dead, out of order) without waiting for its close. */
  drop() {
    const ws = this.socket;
    if (!ws) return;
    this.socket = null;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
    this.disconnected(null, false);
  }

  disconnected(refusedCode, retry = true) {
    clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.ready = false;
    for (const [id, waiter] of this.waiting) {
      this.waiting.delete(id);
      // A ballot stays pending and is sent again; an action may or may not have been taken: say so.
      if (!waiter.ballotId) waiter.reject(new LiveError({ code: "connection_lost", message: t("live.connection_lost") }));
    }
    if (refusedCode) {
      this.setStatus("refused", this.refusal || t("live.refused"));
    } else if (navigator.onLine === false) {
      this.setStatus("offline");
    }
    if (retry) this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.retryTimer || this.socket) return;
    const base = Math.min(MAX_DELAY, FIRST_DELAY * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2); // "equal jitter": tablets do not all come back at once
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    if (this.status !== "refused" && this.status !== "offline") this.setStatus("reconnecting");
    else this.emitStatus();
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.socket) return;
    this.attempt = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** Close the socket as a network failure would (the client reconnects by itself). */
  simulateDrop() {
    this.drop();
    this.scheduleReconnect();
  }

  setStatus(status, message = "") {
    this.status = status;
    this.statusMessage = message;
    this.emitStatus();
  }

  emitStatus() {
    for (const fn of this.statusListeners) fn(this.status, this);
  }

  // -- messages -------------------------------------------------------------------------------

  receive(message) {
    switch (message.type) {
      case "snapshot":
        setTimeZone(message.state.council?.time_zone); // the session's council's clock
        this.state = message.state;
        this.version = message.version;
        this.changed({ kind: "snapshot" });
        this.isReady();
        break;
      case "event":
        if (!this.state || message.version <= this.version) return; // already in the snapshot or seen
        if (message.version !== this.version + 1) {
          // A gap must never be papered over: reconnect with ?since= and get the missing events.
          this.drop();
          this.reconnectNow();
          return;
        }
        applyEvent(this.state, message.event, message.data);
        this.version = message.version;
        this.state.version = message.version;
        this.changed({ kind: "event", event: message.event, data: message.data });
        break;
      case "resumed":
        this.version = message.version;
        this.changed({ kind: "resumed" });
        this.isReady();
        break;
      case "ack":
        this.answered(message.id, (waiter) => waiter.resolve(message.result), message);
        break;
      case "error":
        if (message.id === null || message.id === undefined) {
          this.refusal = message.error?.message || null; // a refusal at connect (the socket then closes)
          return;
        }
        this.answered(message.id, (waiter) => waiter.reject(new LiveError(message.error)), message);
        break;
      default:
        break; // pong
    }
  }

  isReady() {
    this.ready = true;
    this.attempt = 0;
    this.setStatus("open");
    this.resendBallots();
  }

  changed(change) {
    for (const fn of this.changeListeners) fn(this.state, change);
  }

  answered(id, settle, message) {
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    if (waiter.ballotId) {
      if (message.type === "error" && message.error?.code === "unavailable") {
        // Nothing was recorded (the server was busy): the same ballot goes again shortly, still pending.
        setTimeout(() => {
          const entry = this.pendingBallot(waiter.voteId);
          if (entry && entry.ballot_id === waiter.ballotId && this.ready) this.sendBallot(entry);
        }, 1000 + Math.random() * 2000);
        return;
      }
      // Acknowledged, or refused for good (closed, not present…): either way it is no longer pending.
      // After a sign-in problem it stays, to be sent once the same delegate is signed in again.
      if (message.type === "ack" || message.error?.code !== "signin_required") {
        this.forgetBallot(waiter.voteId, waiter.ballotId);
      }
      if (message.type === "ack" && this.state) markVoted(this.state, waiter.voteId);
      // Said to the page too: after a reload nobody awaits the promise, yet a refusal must be shown.
      this.changed({ kind: "ballot", voteId: waiter.voteId,
        error: message.type === "error" ? new LiveError(message.error) : null });
      const waiters = this.ballotWaiters.get(waiter.ballotId) || [];
      this.ballotWaiters.delete(waiter.ballotId);
      for (const w of waiters) settle(w);
      return;
    }
    settle(waiter);
  }

  send(message, waiter) {
    const id = `${this.prefix}-${++this.counter}`;
    this.waiting.set(id, waiter);
    this.socket.send(JSON.stringify({ ...message, id }));
    return id;
  }

  /** Take an action; resolves with the ack's `result`, rejects with a LiveError. */
  action(name, data = {}) {
    if (!this.ready || !this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new LiveError({ code: "offline", message: t("live.not_connected") }));
    }
    return new Promise((resolve, reject) => {
      this.send({ type: "action", action: name, data }, { resolve, reject });
    });
  }

  // -- ballots --------------------------------------------------------------------------------

  storeKey() {
    const person = this.state?.me?.person_id;
    return person ? `kyhop.ballots.${this.sessionId}.${person}` : null;
  }

  /** The ballot of this delegate for `voteId` that was cast but not yet acknowledged, or null. */
  pendingBallot(voteId) {
    const key = this.storeKey();
    return key ? readStore(key)[voteId] || null : null;
  }

  /**
   * Cast a ballot: its id is made and the ballot saved BEFORE the first send, then sent now or after the
   * next (re)connection, again and again until the server acknowledges it (a resend is answered with
   * `duplicate: true` and counted once). Resolves with the ack's result.
   */
  ballot(voteId, choice) {
    const key = this.storeKey();
    if (!key) return Promise.reject(new LiveError({ code: "forbidden", message: t("live.not_delegate") }));
    const store = readStore(key);
    const entry = store[voteId] || { vote_id: voteId, ballot_id: newBallotId(), choice, saved_at: Date.now() };
    store[voteId] = entry;
    writeStore(key, store);
    const promise = new Promise((resolve, reject) => {
      const list = this.ballotWaiters.get(entry.ballot_id) || [];
      list.push({ resolve, reject });
      this.ballotWaiters.set(entry.ballot_id, list);
    });
    if (this.ready) this.sendBallot(entry);
    this.changed({ kind: "ballot", voteId });
    return promise;
  }

  sendBallot(entry) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    for (const waiter of this.waiting.values()) {
      if (waiter.ballotId === entry.ballot_id) return; // already on its way on this connection
    }
    this.send({ type: "ballot", vote_id: entry.vote_id, ballot_id: entry.ballot_id, choice: entry.choice },
      { ballotId: entry.ballot_id, voteId: entry.vote_id, resolve: () => {}, reject: () => {} });
  }

  resendBallots() {
    const key = this.storeKey();
    if (!key) return;
    for (const entry of Object.values(readStore(key))) this.sendBallot(entry);
  }

  forgetBallot(voteId, ballotId) {
    const key = this.storeKey();
    if (!key) return;
    const store = readStore(key);
    if (store[voteId] && store[voteId].ballot_id === ballotId) {
      delete store[voteId];
      writeStore(key, store);
    }
  }
}
