"""Akoma Ntoso 3.0: a resolution as a ``<statement>`` that validates against ``akomantoso30.xsd`` — identifiers
(:mod:`.ids`), the text's articles (:mod:`.structure`, :mod:`.body`), its life and relations (:mod:`.meta`),
what is read from the database (:mod:`.sources`) and the document (:mod:`.document`). docs/open-data.md."""
