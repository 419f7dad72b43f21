"""The session's minutes (biên bản kỳ họp) as typed values: the heading, attendance per sitting day with
reasons and quorum on the total, every vote with its legal result sentence (and, for a named vote, who voted
how), the speakers in order with their time, the questions and their answers, the resolutions adopted with
their numbers, and the audit chain's seal.

:mod:`.values` holds the values (no database), :mod:`.build` reads them from a session
(``session_minutes``), :mod:`.votes` and :mod:`.attendance` the two largest parts; printed by
:mod:`agenda.pdf.minutes`."""
