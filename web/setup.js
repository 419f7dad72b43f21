// The first run: on an empty database, the administrator creates the council, its current term and their own
// account. The server asks for the set-up token `kyhop serve` printed; its address (/setup.html#token=…)
// brings it along, and it is taken out of the address at once.

import { api } from "./lib/api.js";
import { onSubmit } from "./lib/forms.js";
import { t } from "./lib/i18n.js";
import { boot } from "./lib/layout.js";
import { announce } from "./lib/status.js";

function takeTokenFragment() {
  const match = window.location.hash.match(/^#token=([A-Za-z0-9]+)$/);
  if (window.location.hash) window.history.replaceState(null, "", window.location.pathname);
  return match ? match[1] : null;
}

const token = takeTokenFragment();
await boot();

const form = document.getElementById("setup-form");
const state = await api.get("/api/setup").catch(() => ({ needed: false }));
if (!state.needed) {
  document.getElementById("setup-closed").hidden = false;
} else {
  form.hidden = false;
  if (token) form.elements.token.value = token;
  window.addEventListener("hashchange", () => { // the address pasted into the open page
    const pasted = takeTokenFragment();
    if (pasted) form.elements.token.value = pasted;
  });
  const name = form.elements.name;
  const place = form.elements.place_name;
  // "Hội đồng nhân dân tỉnh Ninh Bình" → "Ninh Bình", until the place is typed in by hand.
  name.addEventListener("input", () => {
    if (place.dataset.typed) return;
    place.value = name.value.replace(/^(Hội đồng nhân dân|HĐND)\s+/i, "")
      .replace(/^(thành phố|tỉnh|đặc khu|phường|xã)\s+/i, "");
  });
  place.addEventListener("input", () => { place.dataset.typed = "1"; });
  (token ? name : form.elements.token).focus();
}

onSubmit(form, async (values) => {
  if (values.password !== (form.elements.password_again.value || null)) {
    throw { message: t("setup.passwords_differ"), field: "password" };
  }
  const pick = (...keys) => Object.fromEntries(keys.filter((k) => values[k] !== null).map((k) => [k, values[k]]));
  const done = await api.post("/api/setup", {
    token: values.token,
    council: pick("name", "level", "place_name", "parent_name", "short_name", "time_zone"),
    term: pick("number", "starts_on", "ends_on", "seats"),
    admin: pick("username", "display_name", "password"),
  });
  announce(t("setup.done", { name: done.council.name }), "success");
  window.location.replace("/signin.html?next=/console/council.html");
});
