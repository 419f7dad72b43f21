"""Work on PDF files, without the database: checking an upload, extracting text, converting Word files,
stamping confidential copies, the cover and the session pack, the card sheet and the session record, and
rendering pages to images.

Two libraries, each for what it does best (measured: ``bench/extract_text.py``, ``docs/benchmarks.md``):
- **pypdf** (pure Python) is the gate: it opens the upload under decoding limits (decompression bombs),
  reads metadata, merges the watermark and assembles the pack.
- **pypdfium2** (Google's PDFium) extracts the text of every page — several times faster than pypdf, with
  the same Vietnamese text — and renders pages to PNG/WebP for readers without a PDF plugin
  (:mod:`agenda.pdf.pdfium` holds the lock every call into it takes).

What an upload costs to check and a page to render is bounded: both run in worker processes under CPU,
memory and wall-clock limits (:mod:`agenda.pdf.worker`, :mod:`agenda.pdf.jobs`), a page image within a pixel
budget (:mod:`agenda.pdf.render`), and active content is removed from accepted files
(:mod:`agenda.pdf.active`). ``docs/documents.md`` has the figures.
"""
