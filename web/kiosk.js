// The check-in kiosk at the hall entrance (/kiosk.html?session=N, signed in as the secretary): a USB QR
// scanner types the card's address and Enter into the always-focused field; or the camera reads the card
// (BarcodeDetector, where the browser has it). Each card checks its delegate in: `attendance.card`.

import { CONSOLE_ROLES } from "./lib/api.js";
import { $, fill, h } from "./lib/dom.js";
import { formatDateTime } from "./lib/clock.js";
import { t } from "./lib/i18n.js";
import { boot } from "./lib/layout.js";
import { liveSession } from "./lib/live-page.js";
import { liveHeading, quorumBlock } from "./lib/live-view.js";
import { requireId } from "./lib/page.js";
import { renderIf } from "./lib/render.js";

await boot({ roles: CONSOLE_ROLES });
const sessionId = await requireId("session", $("#session-heading"), t("agenda.not_found"));
const live = liveSession(sessionId, $("#session-heading"));

const form = $("#kiosk-form");
const input = $("#kiosk-card");
const result = $("#kiosk-result");
const recent = [];
let busy = false;
let clearTimer = null;

// ---- Keep the field focused (the scanner types wherever the focus is) --------------------------

const focusField = () => {
  if (document.querySelector("dialog[open]")) return;
  if (document.activeElement !== input) input.focus({ preventScroll: true });
};
input.addEventListener("blur", (event) => {
  // Leave the focus on a button or link the operator chose (language, sign out, camera); else take it back.
  const next = event.relatedTarget;
  if (!next || !next.matches("a, button, select")) setTimeout(focusField, 0);
});
document.addEventListener("keydown", (event) => {
  // A scanner starting to type while a button has the focus: send the characters to the field.
  if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && document.activeElement !== input
      && !document.activeElement?.matches("input, textarea")) {
    focusField();
  }
});
window.addEventListener("focus", focusField);
setInterval(() => {
  if (document.activeElement === document.body || document.activeElement === null) focusField();
}, 2000);
focusField();

// ---- Scanning ---------------------------------------------------------------------------------

function show(kind, message) {
  clearTimeout(clearTimer);
  result.className = `kiosk-result kiosk-${kind}`;
  fill(result, h("p", {}, message));
  clearTimer = setTimeout(() => { result.className = "kiosk-result"; result.replaceChildren(); }, 20000);
}

async function scan(text) {
  const card = (text || "").trim();
  if (!card || busy) return;
  busy = true;
  try {
    const answer = await live.action("attendance.card", { card });
    const name = answer.full_name;
    show("ok", answer.already_present ? t("kiosk.already", { name }) : t("kiosk.welcome", { name }));
    recent.unshift({ name, at: new Date().toISOString(), again: answer.already_present });
    recent.splice(10);
    fill($("#kiosk-recent"), recent.map((r) => h("li", {}, h("strong", {}, r.name), " — ",
      formatDateTime(r.at), r.again ? ` (${t("kiosk.again")})` : "")));
  } catch (error) {
    show("error", error.message);
  } finally {
    busy = false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value;
  input.value = ""; // the card address never lingers on the screen
  scan(text);
  focusField();
});

// ---- Camera (BarcodeDetector where available) -------------------------------------------------

const cameraButton = $("#kiosk-camera");
let stream = null;
let scanning = null;

async function startCamera() {
  try {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    const video = $("#kiosk-preview");
    video.srcObject = stream;
    await video.play();
    $("#kiosk-video").hidden = false;
    scanning = setInterval(async () => {
      try {
        const codes = await detector.detect(video);
        if (codes.length) {
          stopCamera();
          await scan(codes[0].rawValue);
        }
      } catch {
        // a frame that could not be read: try the next one
      }
    }, 300);
  } catch (error) {
    stopCamera();
    show("error", t("kiosk.camera_failed", { reason: error.message || error.name || "" }));
  }
}

function stopCamera() {
  clearInterval(scanning);
  scanning = null;
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
  $("#kiosk-video").hidden = true;
  focusField();
}

if ("BarcodeDetector" in window && navigator.mediaDevices?.getUserMedia) {
  cameraButton.hidden = false;
  cameraButton.addEventListener("click", startCamera);
  $("#kiosk-camera-stop").addEventListener("click", stopCamera);
}

// ---- Session, connection, quorum --------------------------------------------------------------

live.onChange((state) => renderIf("head", [state.session, state.quorum], () => {
  fill($("#session-heading"), liveHeading(state));
  fill($("#kiosk-quorum"), state.session.status === "in_progress" ? quorumBlock(state.quorum, { big: true })
    : h("p", { class: "hint" }, state.session.status === "closed" ? t("tablet.session_closed") : t("kiosk.not_open")));
}));
live.start();
