"""The ``<references>`` of an export: each Top Level Class (the council, the signer, an event, a step, a concept)
is listed once, when something refers to it — pure."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from agenda.opendata.akn.elements import el, sub
from agenda.text import ascii_fold

ONTOLOGY = "/ontology"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-") or "x"


@dataclass
class References:
    """The TLCs referred to so far, in the order first referred to; the document references before them."""

    place: str
    documents: list[tuple[str, dict[str, str]]] = field(
        default_factory=list
    )  # original, activeRef, passiveRef
    tlcs: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # eId → (element, href, showAs)

    def tlc(self, element: str, eid: str, show_as: str, href: str | None = None) -> str:
        """Refer to a TLC; its ``#eId``."""
        if eid not in self.tlcs:
            kind = element.removeprefix("TLC").lower()
            self.tlcs[eid] = (element, href or f"{ONTOLOGY}/{kind}/{self.place}/{eid}", show_as)
        return f"#{eid}"

    def document(self, element: str, eid: str, href: str, show_as: str) -> str:
        self.documents.append((element, {"eId": eid, "href": href, "showAs": show_as}))
        return f"#{eid}"

    def element(self) -> ET.Element:
        root = el("references", {"source": "#archive"})
        for tag, attrs in self.documents:
            sub(root, tag, attrs)
        for eid, (tag, href, show_as) in self.tlcs.items():
            sub(root, tag, {"eId": eid, "href": href, "showAs": show_as})
        return root

    # The TLCs every export may name.

    def council(self, name: str) -> str:
        return self.tlc("TLCOrganization", "council", name)

    def archive(self) -> str:
        return self.tlc("TLCOrganization", "archive", "Kỳ họp số — lưu trữ nghị quyết")

    def person(self, name: str) -> str:
        return self.tlc("TLCPerson", "signer", name, f"{ONTOLOGY}/person/{self.place}/{slug(name)}")

    def role(self, title: str) -> str:
        return self.tlc("TLCRole", "signerRole", title, f"{ONTOLOGY}/role/{self.place}/{slug(title)}")
