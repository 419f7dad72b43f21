// Vietnamese text on the pages: folding, so that a search typed without diacritics still finds.

/** Lower-case text without Vietnamese diacritics, for forgiving search ("Dũng" ~ "dung"). */
export function fold(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
}
