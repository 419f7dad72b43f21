"""Archive search: what was typed, read into a typed query (:mod:`agenda.archive.search.query`)."""
