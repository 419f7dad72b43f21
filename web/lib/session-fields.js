// The fields of a session and of an agenda item, shared by the session list and the agenda editor.

export const SESSION_FIELDS = [
  { name: "number", label: "session.number", type: "number", attrs: { min: 1, max: 200, inputmode: "numeric" } },
  { name: "session_type", label: "session.type", type: "select", value: "regular",
    choices: [["regular", "session_type.regular"], ["thematic", "session_type.thematic"], ["urgent", "session_type.urgent"]] },
  { name: "title", label: "session.title_field", wide: true, placeholder: "session.title_placeholder" },
  { name: "starts_on", label: "session.starts_on", type: "date", required: true },
  { name: "ends_on", label: "session.ends_on", type: "date", hint: "session.ends_on_hint" },
  { name: "place", label: "session.place", wide: true, placeholder: "session.place_placeholder" },
  { name: "is_public", label: "session.is_public", group: "session.sitting", type: "checkbox", value: true,
    hint: "session.is_public_hint" },
  { name: "quorum_fraction", label: "session.quorum_fraction", value: "2/3", hint: "session.quorum_hint" },
  { name: "speech_seconds", label: "session.speech_seconds", type: "number", value: 420,
    attrs: { min: 30, max: 3600, step: 30 } },
  { name: "question_seconds", label: "session.question_seconds", type: "number", value: 180,
    attrs: { min: 30, max: 3600, step: 30 } },
];

export const ITEM_KINDS = ["procedural", "report", "resolution", "questioning", "election", "confidence",
  "discussion", "other"];

/** Agenda item fields; `session` bounds the day field. */
export function itemFields(session) {
  return [
    { name: "title", label: "item.title", type: "textarea", wide: true, required: true, attrs: { rows: 2 } },
    { name: "kind", label: "item.kind", type: "select", value: "other",
      choices: ITEM_KINDS.map((k) => [k, `kind.${k}`]) },
    { name: "depth", label: "item.depth", type: "select", value: "0",
      choices: [["0", "item.depth_0"], ["1", "item.depth_1"]] },
    { name: "presenter", label: "item.presenter", placeholder: "item.presenter_placeholder" },
    { name: "planned_minutes", label: "item.planned_minutes", type: "number",
      attrs: { min: 1, max: 600, inputmode: "numeric" } },
    { name: "scheduled_on", label: "item.scheduled_on", type: "date",
      attrs: { min: session.starts_on, max: session.ends_on } },
    { name: "notes", label: "item.notes", type: "textarea", wide: true, attrs: { rows: 2 } },
  ];
}

/** Item form values as the API wants them (depth as a number). */
export function itemBody(values) {
  return { ...values, depth: Number(values.depth || 0) };
}
