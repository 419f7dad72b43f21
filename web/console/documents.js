// The session's documents for the secretary (/console/documents.html?session=N): upload (PDF, or Word
// converted on the server), attach to an agenda item, set the access level, replace a file (earlier
// versions are kept), publish (tablets are told at once and fetch in the background), the session pack —
// and the read receipts: per document, which delegates have opened it and how far they read.

import { api, CONSOLE_ROLES } from "../lib/api.js";
import { confirmDialog, promptDialog } from "../lib/dialogs.js";
import { $, badge, emptyNote, fill, h, options } from "../lib/dom.js";
import { formatDateTime } from "../lib/clock.js";
import { sessionHeading } from "../lib/format.js";
import { clearErrors, showError } from "../lib/forms.js";
import { currentLang, t } from "../lib/i18n.js";
import { applyReadOnly, boot, pageError } from "../lib/layout.js";
import { requireId } from "../lib/page.js";
import { announce, guarded } from "../lib/status.js";

const DOC_TYPES = ["to_trinh", "du_thao_nghi_quyet", "bao_cao_tham_tra", "bao_cao", "tai_lieu_tham_khao", "khac"];
const ACCESS = ["delegates", "public", "confidential"];
const REFRESH_MS = 15000;

const { canEdit } = await boot({ roles: CONSOLE_ROLES });
applyReadOnly(canEdit);

const sessionId = await requireId("session", $("#session-heading"), t("agenda.not_found"));
$("#back-link").href = `/console/session.html?id=${sessionId}`;

let session = null;
let list = null;

const typeOptions = (selected) => options(DOC_TYPES.map((v) => [v, t(`doctype.${v}`)]), selected);
const accessOptions = (selected) => options(ACCESS.map((v) => [v, t(`access.${v}`)]), selected);
const itemOptions = (selected) => options([["", t("documents.no_item")],
  ...list.agenda.map((i) => [i.id, `${i.number}. ${i.title}`])], selected ?? "");

function sizeLabel(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

// ---- Loading ----------------------------------------------------------------------------------

async function load() {
  [session, list] = await Promise.all([api.get(`/api/sessions/${sessionId}`), api.get(`/api/sessions/${sessionId}/documents`)]);
  const heading = sessionHeading(session);
  document.title = `${t("documents.title")} — ${heading}`;
  fill($("#session-heading"), heading);
  fill($("#page-actions"),
    h("a", { class: "btn", href: `/console/session.html?id=${sessionId}` }, t("documents.agenda_link")),
    session.status !== "draft" ? h("a", { class: "btn", href: `/console/live.html?session=${sessionId}` }, t("live.console_link")) : null);
  const form = $("#upload-form");
  const keep = { doc_type: form.elements.doc_type.value, agenda_item_id: form.elements.agenda_item_id.value,
    access: form.elements.access.value };
  fill(form.elements.doc_type, typeOptions(keep.doc_type || "to_trinh"));
  fill(form.elements.agenda_item_id, itemOptions(keep.agenda_item_id));
  fill(form.elements.access, accessOptions(keep.access || "delegates"));
  renderList();
}

// ---- The list ---------------------------------------------------------------------------------

function renderList() {
  const docs = list.documents;
  const unpublished = docs.filter((d) => !d.published);
  fill($("#list-actions"),
    canEdit && unpublished.length ? h("button", { type: "button", class: "btn btn-primary btn-small", id: "publish-all",
      onclick: publishAll }, t("documents.publish_all", { count: unpublished.length })) : null,
    docs.some((d) => d.published && d.access !== "confidential")
      ? h("a", { class: "btn btn-small", href: list.pack_url, download: "" }, t("documents.pack")) : null);
  if (!docs.length) {
    fill($("#document-list"), emptyNote(t("documents.none")));
    return;
  }
  fill($("#document-list"), h("div", { class: "table-wrap" }, h("table", { class: "table" },
    h("thead", {}, h("tr", {}, ["documents.col_item", "documents.col_document", "documents.col_access", "documents.col_pages",
      "documents.col_status", "documents.col_actions"].map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, docs.map(documentRow)))));
}

function documentRow(doc) {
  const versions = doc.versions.length > 1 ? h("ol", { class: "doc-versions" }, doc.versions.map((v) => h("li", {},
    h("a", { href: v.file_url }, t("documents.version_line", { number: v.number, time: formatDateTime(v.uploaded_at),
      name: v.original_filename || "" })), v.current ? ` (${t("documents.current")})` : ""))) : null;
  return h("tr", { dataset: { docId: doc.id } },
    h("td", {}, doc.item_number || "—"),
    h("td", {},
      h("a", { class: "doc-row-title", href: `/reader.html?session=${sessionId}&document=${doc.id}` }, doc.title),
      h("span", { class: "sub" }, [t(`doctype.${doc.doc_type}`), t("documents.version_short", { number: doc.version }),
        sizeLabel(doc.size)].join(" · ")),
      versions),
    h("td", {}, doc.access === "confidential" ? badge("closed-sitting", t("access.confidential")) : t(`access.${doc.access}`)),
    h("td", {}, String(doc.page_count)),
    h("td", {}, doc.published ? badge("published", t("documents.published_at", { time: formatDateTime(doc.published_at) }))
      : badge("draft", t("documents.unpublished"))),
    h("td", {}, h("div", { class: "row-tools" }, rowTools(doc))));
}

function rowTools(doc) {
  if (!canEdit) return [];
  const tools = [];
  if (!doc.published) {
    tools.push(h("button", { type: "button", class: "btn btn-small btn-primary", "aria-label": t("documents.publish_named", { title: doc.title }),
      onclick: () => publishOne(doc) }, t("documents.publish")));
  }
  const replace = h("input", { type: "file", accept: ".pdf,.docx,application/pdf", class: "visually-hidden",
    id: `replace-${doc.id}`, onchange: (event) => replaceFile(doc, event.target) });
  tools.push(replace, h("button", { type: "button", class: "btn btn-small", "aria-label": t("documents.replace_named", { title: doc.title }),
    onclick: () => replace.click() }, t("documents.replace")));
  tools.push(editDetails(doc));
  if (!doc.published) {
    tools.push(h("button", { type: "button", class: "btn btn-small btn-danger", "aria-label": t("documents.delete_named", { title: doc.title }),
      onclick: () => deleteDocument(doc) }, t("documents.delete")));
  }
  if (doc.published) {
    tools.push(h("button", { type: "button", class: "btn btn-small btn-danger", "aria-label": t("documents.withdraw_named", { title: doc.title }),
      onclick: () => withdraw(doc) }, t("documents.withdraw")));
  }
  if (doc.access === "confidential" && doc.published) {
    tools.push(h("button", { type: "button", class: "btn btn-small", onclick: () => showCopies(doc) }, t("documents.copies")));
  }
  return tools;
}

function editDetails(doc) {
  const form = h("form", { class: "doc-edit", novalidate: true },
    h("p", { class: "form-error", role: "alert", hidden: true }),
    h("div", { class: "fields fields-one" },
      h("div", { class: "field" }, h("label", { for: `ed-title-${doc.id}` }, t("documents.doc_title")),
        h("input", { type: "text", id: `ed-title-${doc.id}`, name: "title", value: doc.title, maxlength: 500, required: true })),
      h("div", { class: "field" }, h("label", { for: `ed-type-${doc.id}` }, t("documents.doc_type")),
        h("select", { id: `ed-type-${doc.id}`, name: "doc_type" }, typeOptions(doc.doc_type))),
      h("div", { class: "field" }, h("label", { for: `ed-item-${doc.id}` }, t("documents.item")),
        h("select", { id: `ed-item-${doc.id}`, name: "agenda_item_id" }, itemOptions(doc.agenda_item_id))),
      h("div", { class: "field" }, h("label", { for: `ed-access-${doc.id}` }, t("documents.access")),
        h("select", { id: `ed-access-${doc.id}`, name: "access" }, accessOptions(doc.access))),
      h("div", { class: "field" }, h("label", { for: `ed-position-${doc.id}` }, t("documents.position")),
        h("input", { type: "number", id: `ed-position-${doc.id}`, name: "position", value: doc.position, min: 0, max: 10000 }))),
    h("div", { class: "actions actions-tight" }, h("button", { type: "submit", class: "btn btn-primary btn-small" }, t("action.save"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const el = form.elements;
    try {
      await api.patch(`/api/documents/${doc.id}`, { title: el.title.value.trim(), doc_type: el.doc_type.value, access: el.access.value,
        agenda_item_id: el.agenda_item_id.value ? Number(el.agenda_item_id.value) : null,
        position: el.position.value === "" ? null : Number(el.position.value) });
      announce(t("documents.saved", { title: el.title.value.trim() }), "success");
      await load();
      await loadReceipts();
    } catch (error) {
      showError(form, error);
    }
  });
  return h("details", { class: "doc-edit-wrap" }, h("summary", { class: "btn btn-small" }, t("action.edit")), form);
}

// ---- Actions ----------------------------------------------------------------------------------

function uploadBody(form) {
  const data = new FormData();
  const el = form.elements;
  if (el.file.files[0]) data.append("file", el.file.files[0]);
  for (const name of ["title", "doc_type", "agenda_item_id", "access"]) {
    if (el[name].value.trim()) data.append(name, el[name].value.trim());
  }
  if (el.publish.checked) data.append("publish", "true");
  return data;
}

$("#upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  if (!form.elements.file.files[0]) {
    showError(form, { message: t("documents.file_required"), field: "file" });
    return;
  }
  const button = $("#upload-submit");
  button.disabled = true;
  $("#upload-busy").hidden = false;
  try {
    const doc = await api.upload(`/api/sessions/${sessionId}/documents`, uploadBody(form));
    announce(t(doc.published ? "documents.uploaded_published" : "documents.uploaded", { title: doc.title, pages: doc.page_count }), "success");
    form.elements.file.value = "";
    form.elements.title.value = "";
    form.elements.publish.checked = false;
    await load();
    await loadReceipts();
  } catch (error) {
    showError(form, error);
  } finally {
    button.disabled = false;
    $("#upload-busy").hidden = true;
  }
});

async function publishOne(doc) {
  await guarded(async () => {
    await api.post(`/api/documents/${doc.id}/publish`);
    announce(t("documents.published_one", { title: doc.title }), "success");
    await load();
    await loadReceipts();
  });
}

async function publishAll() {
  const count = list.documents.filter((d) => !d.published).length;
  if (!(await confirmDialog(t("documents.publish_all_confirm", { count }), { confirmLabel: t("documents.publish"), danger: false }))) return;
  await guarded(async () => {
    const data = await api.post(`/api/sessions/${sessionId}/documents/publish`, {});
    announce(t("documents.published_many", { count: data.published.length }), "success");
    await load();
    await loadReceipts();
  });
}

async function withdraw(doc) {
  const reason = await promptDialog(t("documents.withdraw_confirm", { title: doc.title }),
    { label: t("documents.withdraw_reason"), confirmLabel: t("documents.withdraw"), required: false });
  if (reason === null) return;
  await guarded(async () => {
    await api.post(`/api/documents/${doc.id}/withdraw`, { reason: reason || null });
    announce(t("documents.withdrawn", { title: doc.title }), "success");
    await load();
    await loadReceipts();
  });
}

async function replaceFile(doc, input) {
  const file = input.files[0];
  if (!file) return;
  const data = new FormData();
  data.append("file", file);
  announce(t("documents.uploading"));
  await guarded(async () => {
    const saved = await api.upload(`/api/documents/${doc.id}/versions`, data);
    announce(t("documents.replaced", { title: saved.title, number: saved.version }), "success");
    await load();
    await loadReceipts();
  });
  input.value = "";
}

async function deleteDocument(doc) {
  if (!(await confirmDialog(t("documents.delete_confirm", { title: doc.title }), { confirmLabel: t("documents.delete") }))) return;
  await guarded(async () => {
    await api.del(`/api/documents/${doc.id}`);
    announce(t("documents.deleted", { title: doc.title }), "success");
    await load();
  });
}

async function showCopies(doc) {
  await guarded(async () => {
    const data = await api.get(`/api/documents/${doc.id}/copies`);
    const lines = data.copies.length ? data.copies.map((c) => `${c.stamp} — v${c.version} — ${t(`documents.copy_kind_${c.kind}`)} — SHA-256 ${c.sha256.slice(0, 16)}…`).join("\n")
      : t("documents.no_copies");
    await confirmDialog(`${t("documents.copies_heading", { title: doc.title })}\n${lines}`, { confirmLabel: t("action.close"), danger: false });
  });
}

// ---- Read receipts ----------------------------------------------------------------------------

let receipts = null;

async function loadReceipts() {
  try {
    receipts = await api.get(`/api/sessions/${sessionId}/read-receipts`);
  } catch (error) {
    pageError(error);
    return;
  }
  renderReceipts();
}

function receiptCell(row) {
  const share = row.page_count ? Math.round((row.pages_seen / row.page_count) * 100) : 0;
  const fillBar = h("span", { class: "receipt-fill" });
  fillBar.style.width = `${share}%`;
  return [h("span", { class: `receipt-${row.status}` }, t(`receipt.${row.status}`)),
    h("span", { class: "sub" }, row.opened ? [h("span", { class: "receipt-bar", "aria-hidden": "true" }, fillBar), " ",
      t("documents.pages_seen", { seen: row.pages_seen, total: row.page_count })] : "")];
}

function renderReceipts() {
  const onlyUnread = $("#only-unread").checked;
  fill($("#receipts-rule"), currentLang() === "en" ? receipts.read_rule_en : receipts.read_rule);
  if (!receipts.documents.length) {
    fill($("#receipts"), emptyNote(t("documents.no_published")));
    return;
  }
  const open = new Set([...document.querySelectorAll("#receipts details[open]")].map((d) => d.dataset.docId));
  fill($("#receipts"), receipts.documents.map((doc) => {
    const rows = doc.delegates.filter((r) => !onlyUnread || !r.read);
    return h("details", { class: "receipt-doc", dataset: { docId: doc.id }, open: open.has(String(doc.id)) },
      h("summary", {}, h("span", { class: "doc-row-title" }, doc.item_number ? `${doc.item_number}. ${doc.title}` : doc.title), " — ",
        h("span", { class: "receipt-summary" }, t("documents.receipt_summary", { read: doc.read, opened: doc.opened, total: receipts.delegates }))),
      h("div", { class: "table-wrap" }, h("table", { class: "table" },
        h("thead", {}, h("tr", {}, ["documents.col_delegate", "documents.col_seat", "documents.col_read", "documents.col_first_opened"]
          .map((k) => h("th", { scope: "col" }, t(k))))),
        h("tbody", {}, rows.length ? rows.map((row) => h("tr", { dataset: { personId: row.person_id } },
          h("td", {}, row.full_name), h("td", {}, row.seat_label || "—"), h("td", {}, receiptCell(row)),
          h("td", {}, row.first_opened_at ? formatDateTime(row.first_opened_at) : "—")))
          : h("tr", {}, h("td", { colspan: 4 }, t("documents.all_read")))))));
  }));
}

$("#only-unread").addEventListener("change", renderReceipts);
$("#receipts-refresh").addEventListener("click", () => loadReceipts());
setInterval(() => { if (document.visibilityState === "visible") loadReceipts(); }, REFRESH_MS);

try {
  await load();
  await loadReceipts();
} catch (error) {
  fill($("#session-heading"), error.message);
}
