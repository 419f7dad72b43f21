// The one way pages talk to the server: fetch + JSON + CSRF header + errors as ApiError.

import { t } from "./i18n.js";

let csrfToken = null;

/** An error from the API: `message` is already in the page's language (the server reads the `lang` cookie);
 * `retryAfter`: the seconds to wait before trying again, when the server says (429 Too Many Requests). */
export class ApiError extends Error {
  constructor(status, code, message, field = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

const SAFE = new Set(["GET", "HEAD"]);

/** The ApiError for a refusal; `details` keeps the server's whole error object (a refused import's report). */
function errorOf(status, error) {
  const failure = new ApiError(status, error?.code ?? `http_${status}`,
    error?.message ?? t("error.http", { status }), error?.field ?? null, error?.retry_after ?? null);
  failure.details = error ?? null;
  return failure;
}

async function request(method, path, body, retried = false) {
  const unsafe = !SAFE.has(method);
  if (unsafe && !csrfToken) await request("GET", "/api/me");
  const headers = { Accept: "application/json" };
  if (unsafe) headers["X-CSRF-Token"] = csrfToken;
  const init = { method, headers, credentials: "same-origin" };
  if (body instanceof FormData) {
    init.body = body; // multipart: the browser writes the Content-Type with its boundary
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network", t("error.network"));
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && data.error;
    if (error && error.code === "csrf" && !retried) {
      // The session was renewed elsewhere (another tab signed in or out): fetch the new token once.
      csrfToken = null;
      return request(method, path, body, true);
    }
    if (error?.code === "offline") throw new ApiError(response.status, "offline", t("error.offline")); // the service worker
    throw errorOf(response.status, error);
  }
  if (data && typeof data.csrf_token === "string") csrfToken = data.csrf_token; // me, login, logout
  return data;
}

export const api = {
  get: (path) => request("GET", path),
  post: (path, body = {}) => request("POST", path, body),
  patch: (path, body) => request("PATCH", path, body),
  put: (path, body) => request("PUT", path, body),
  del: (path) => request("DELETE", path),
  /** POST a multipart form (files), with the CSRF header like every other write. */
  upload: (path, formData) => request("POST", path, formData),
};

/** POST a multipart form, telling `onProgress(fraction)` how much of it has left the browser (fetch cannot
 * report an upload's progress; XMLHttpRequest can). Resolves with the JSON answer; rejects with an ApiError. */
export async function uploadWithProgress(path, formData, onProgress) {
  if (!csrfToken) await request("GET", "/api/me");
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "network", t("error.network"))));
    xhr.addEventListener("load", () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data);
      } else {
        reject(errorOf(xhr.status, data?.error));
      }
    });
    xhr.send(formData);
  });
}

/** The signed-in user or null (also fetches this browser's CSRF token). */
export async function getMe() {
  const data = await request("GET", "/api/me");
  return data.user;
}

export const EDITOR_ROLES = ["secretary", "admin"];
export const STAFF_ROLES = ["secretary", "admin", "chair", "archivist"];
export const CONSOLE_ROLES = ["secretary", "admin", "chair"];

export function hasRole(user, roles) {
  return Boolean(user) && user.roles.some((r) => roles.includes(r));
}

/** Where a user goes after signing in. */
export function homeFor(user) {
  return hasRole(user, CONSOLE_ROLES) ? "/console/" : "/";
}
