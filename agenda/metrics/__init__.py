"""Metrics over the council's records (issue 16): named measures, each a SQL count over raw rows
(:mod:`.measures`), the figures per delegate, unit and council for a year or a term (:mod:`.figures`),
the records behind every number (:mod:`.drill`), emulation criteria in versions (:mod:`.criteria`) and the
scores they give (:mod:`.scoring`). Read-only except :mod:`.criteria`; no HTTP here."""
