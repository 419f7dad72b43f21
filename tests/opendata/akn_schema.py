"""The Akoma Ntoso 3.0 schema, loaded once from the copy beside the tests (no network: ``xml.xsd`` is imported by
its relative location), and the check every export must pass."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).parent / "schema"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN}


@functools.cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "akomantoso30.xsd"), parser))


def valid(xml: bytes) -> etree._Element:
    """The parsed document; fails with the schema's errors when it does not validate."""
    document = etree.fromstring(xml, etree.XMLParser(no_network=True))
    checker = schema()
    if not checker.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in checker.error_log)
        raise AssertionError(f"not valid Akoma Ntoso 3.0:\n{errors}")
    return document
