// Search in the text of a document's pages, as the reader does it.

import { fold } from "./lib/text.js";

const MARKS = /[\u0300-\u036f]|[đĐ]/;

/** Case-insensitive; typed without diacritics, it also ignores them ("ngan sach" finds "ngân sách"). */
export function searchPages(pages, query) {
  const q = query.trim();
  if (!q) return [];
  const exact = MARKS.test(q.normalize("NFD"));
  const norm = (s) => (exact ? s.normalize("NFC").toLowerCase() : fold(s));
  const needle = norm(q);
  const hits = [];
  for (const { page, text } of pages) {
    const hay = norm(text);
    const snippets = [];
    let count = 0;
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
      count += 1;
      if (snippets.length < 3) snippets.push(snippet(text, hay, at, needle.length));
    }
    if (count) hits.push({ page, count, snippets });
  }
  return hits;
}

/** The words around a hit, from the original text (folding keeps one character per character). */
function snippet(text, hay, at, length) {
  const original = hay.length === text.length ? text : text.normalize("NFC");
  const start = Math.max(0, at - 50);
  const end = Math.min(original.length, at + length + 50);
  return { before: (start > 0 ? "…" : "") + original.slice(start, at), match: original.slice(at, at + length),
    after: original.slice(at + length, end) + (end < original.length ? "…" : "") };
}
