"""The resolution archive: what a council adopted, by which vote, its number, its relations to other acts,
its legal force on any date, and how it is carried out.

- :mod:`agenda.archive.numbering` — numbers (05/2026/NQ-HĐND, 12/NQ-HĐND), series, gaps
- :mod:`agenda.archive.relations` — kinds of relation, their labels both ways, the rules for one
- :mod:`agenda.archive.dating` — adopted, signed, published, effective (10 days for a normative one), expiry
- :mod:`agenda.archive.force` — legal force on a date, with its reasons, and the yearly list
"""
