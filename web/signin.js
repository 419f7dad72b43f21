// Sign in with a username and password, or with a QR card: the card's URL is /signin.html#card=TOKEN
// (the tablet camera opens it), or a USB scanner types the URL or the bare token into "Mã thẻ".

import { api, CONSOLE_ROLES, hasRole, homeFor } from "./lib/api.js";
import { clearErrors, onSubmit, showError } from "./lib/forms.js";
import { t } from "./lib/i18n.js";
import { boot } from "./lib/layout.js";
import { fromAddress, stop } from "./lib/page.js";
import { announce } from "./lib/status.js";

/** Take a card token out of the address at once, so it lingers neither in the URL bar nor in history. */
function takeCardFragment() {
  const hash = window.location.hash;
  if (!hash.startsWith("#card=")) return null;
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return hash;
}

// A card may also be scanned while the page is open (only the fragment changes): catch it at once too,
// and act on the latest card when the page is ready.
let latestCard = takeCardFragment();
let onCard = (hash) => { latestCard = hash; };
window.addEventListener("hashchange", () => {
  const hash = takeCardFragment();
  if (hash) onCard(hash);
});

const { user } = await boot();

// An empty database (nothing set up yet): the first-run page instead (web/setup.html).
if (!user && (await api.get("/api/setup").catch(() => null))?.needed) {
  window.location.replace("/setup.html");
  await stop();
}

/** A same-site path to return to after signing in, or null. */
function safeNext(value) {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.includes("\\") ? value : null;
}

/**
 * Go where the page that sent us here asked (`?next=`), else where the server says (`landing`: a delegate's
 * tablet page while a sitting of their term is open, the console for the staff).
 */
function done({ user: signedIn, landing }) {
  announce(t("signin.welcome", { name: signedIn.display_name }), "success");
  const next = safeNext(fromAddress("next"));
  const allowed = next && (!next.startsWith("/console/") || hasRole(signedIn, CONSOLE_ROLES));
  window.location.replace(allowed ? next : safeNext(landing) || homeFor(signedIn));
}

/** The token in a scanned text: a full sign-in URL (…#card=TOKEN) or the token itself. */
function extractToken(text) {
  const value = (text || "").trim();
  const inUrl = value.match(/#card=([A-Za-z0-9_-]+)/);
  if (inUrl) return inUrl[1];
  return /^[A-Za-z0-9_-]{16,100}$/.test(value) ? value : null;
}

const passwordForm = document.getElementById("password-form");
const cardForm = document.getElementById("card-form");

if (user) {
  const note = document.getElementById("current-user");
  note.textContent = t("signin.already", { name: user.display_name });
  note.hidden = false;
}

// After too many wrong passwords the server refuses tries for a while (429, `retry_after` seconds): the
// button waits as long, and a line counts down (and reminds that a QR card still signs in at once).
const waitNote = document.getElementById("signin-wait");
let waitTimer = null;

function waitBeforeRetry(seconds) {
  const button = passwordForm.querySelector("button[type=submit]");
  const until = Date.now() + seconds * 1000;
  clearInterval(waitTimer);
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left > 0) {
      button.disabled = true;
      waitNote.textContent = t("signin.wait", { seconds: left });
      waitNote.hidden = false;
      return;
    }
    clearInterval(waitTimer);
    button.disabled = false;
    waitNote.textContent = t("signin.wait_over");
  };
  setTimeout(tick, 0); // after the form has shown the error and re-enabled its button
  waitTimer = setInterval(tick, 1000);
}

onSubmit(passwordForm, async (values) => {
  if (!values.username || !values.password) {
    throw { message: t("signin.missing"), field: values.username ? "password" : "username" };
  }
  try {
    done(await api.post("/api/auth/login", { username: values.username, password: values.password }));
  } catch (error) {
    if (error.status === 429 && error.retryAfter) waitBeforeRetry(error.retryAfter);
    throw error;
  }
});

async function signInWithCard(token) {
  clearErrors(cardForm);
  announce(t("signin.card_checking"), "info");
  done(await api.post("/api/auth/card", { token }));
}

onSubmit(cardForm, async (values) => {
  const token = extractToken(values.token);
  if (!token) throw { message: t("signin.card_bad_format"), field: "token" };
  cardForm.elements.token.value = "";
  await signInWithCard(token);
});

/** A card that arrived in the address (the tablet camera opened the card's URL). */
async function cardFromAddress(hash) {
  if (!hash) return;
  try {
    const token = extractToken(hash);
    if (!token) throw { message: t("signin.card_bad_format") };
    await signInWithCard(token);
  } catch (error) {
    showError(cardForm, { message: error.message });
  }
}

onCard = cardFromAddress;
await cardFromAddress(latestCard);
