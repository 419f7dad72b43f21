"""Tables and feeds as files: every table declared once as columns (:mod:`.columns` — a Vietnamese and an
English header, how a row gives its value, the value's type), written by one CSV writer (:mod:`.csvfile`) and
one XLSX writer (:mod:`.workbook`); the lists a secretary or archivist asks for (:mod:`.search`,
:mod:`.council`, :mod:`.sitting`); the Atom feeds (:mod:`.feeds`). No HTTP here."""
