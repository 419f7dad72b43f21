"""The council's lists in a spreadsheet: delegates (with their Ban, Tổ and place in Thường trực) and the
officials who can be questioned, imported from XLSX or CSV and exported in the same columns.

One way through, each step its own module: :mod:`.columns` (the headers, Vietnamese and English, once) →
:mod:`.parse` (the file's bytes → raw rows, bounded) → :mod:`.validate` (raw rows → typed rows or per-row
errors, with the domain's own readers) → :mod:`.plan` (each row against the database: create, update or
unchanged, by the identity rule) → :mod:`.apply` (the whole file in one transaction, every row or none,
audited with its counts). :mod:`.export` (the database's rows) and :mod:`.template` (samples and a guide)
write the same columns back out through :mod:`.workbook`; :mod:`.report` is what the preview and a refusal show.
"""
