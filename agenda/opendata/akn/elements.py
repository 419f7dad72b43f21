"""Akoma Ntoso elements with the standard library's ElementTree (no third-party XML library at run time): the
namespace, making elements, and the file's bytes."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Mapping

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
EXTENSION_NS = (
    "urn:kyhop:akn:1"  # what AKN has no element for (where the text came from), under <proprietary>
)
ET.register_namespace("", NS)
ET.register_namespace("kyhop", EXTENSION_NS)


def _clean(value: str) -> str:
    """NFC, and no character XML 1.0 cannot carry (a PDF's text may hold control characters)."""
    text = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))


def el(
    tag: str, attrs: Mapping[str, str] | None = None, *, text: str | None = None, ns: str = NS
) -> ET.Element:
    element = ET.Element(f"{{{ns}}}{tag}", {k: _clean(v) for k, v in (attrs or {}).items()})
    if text is not None:
        element.text = _clean(text)
    return element


def sub(
    parent: ET.Element,
    tag: str,
    attrs: Mapping[str, str] | None = None,
    *,
    text: str | None = None,
    ns: str = NS,
) -> ET.Element:
    element = el(tag, attrs, text=text, ns=ns)
    parent.append(element)
    return element


def to_bytes(root: ET.Element) -> bytes:
    """The document as UTF-8 XML with its declaration, indented."""
    ET.indent(root, space="  ")
    content: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return content
