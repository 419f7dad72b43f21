"""Import of activities and recommendations from CSV or XLSX: :mod:`.sheets` reads the file into rows,
:mod:`.rows` turns a row into the typed input (councils, bodies and delegates found by name), :mod:`.run`
writes every row through the same functions as the pages — all rows or none — with a per-row report.
The columns are in :mod:`.columns`."""
