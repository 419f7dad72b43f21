"""Importing historical archives: folders of resolution PDFs (tens of thousands) become resolution records
(origin import) with their signed copies — ``kyhop archive import DIR`` and the archive's import page.

- :mod:`.header` — the Decree 30/2020 header of a first page (issuer, number, place and date, trích yếu)
- :mod:`.issuers` — the issuer matched to a council (historical district councils created on request)
- :mod:`.metadata` — a CSV of the files' details, over what the pages say
- :mod:`.ocr` — scanned first pages read by Tesseract (vie) when installed
- :mod:`.reading` — one file checked (as an upload) and read, in a thread with a check worker
- :mod:`.record` — one file written as one record, whole or not at all
- :mod:`.journal` — the JSON-lines journal of what became of each file
- :mod:`.run` — the import: parallel reading, one writer, skips by SHA-256, progress, stop and resume
- :mod:`.specimens` — resolution PDFs in the Decree 30 layout, for tests and the benchmark
"""
