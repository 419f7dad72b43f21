"""Open data out: the council's public record in the forms other systems read — OParl 1.1 (``oparl``), Akoma
Ntoso 3.0 (``akn``), tables as CSV/XLSX and Atom feeds (``exports``). Only what is public; no HTTP here."""
