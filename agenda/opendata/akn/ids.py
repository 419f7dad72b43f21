"""The FRBR identifiers (IRIs) of a resolution in Akoma Ntoso 3.0, after the Akoma Ntoso Naming Convention 1.0
(OASIS, 2019) as Laws.Africa and legislation.gov.uk use it — pure.

Work:          ``/akn/vn-hdnd7/statement/nghi-quyet/2026-07-10/05-2026-nq-hdnd``
Expression:    the work + ``/vie@2026-07-10`` (Vietnamese, the text as adopted)
Manifestation: the expression + ``.xml`` (this XML file); ``!main`` names the main component

The parts:

- ``vn-hdnd<id>``: the country (ISO 3166-1 ``vn``) and, as the locality, the council — by its id in this
  archive, the id its permanent address already carries (``/nq/7/2026/…``). Not its name: a council is renamed
  and provinces were merged in 2025, and an identifier must outlive both. Not ISO 3166-2:VN: it codes only the
  provinces (codes being redrawn after the merger), never a commune nor an abolished district council, whose
  resolutions the archive keeps. The national administrative-unit codes (mã đơn vị hành chính) are not
  recorded for a council and are reassigned on mergers too. ``hdnd`` says the locality is a council (the body
  that issues), not a place; a district council abolished on 1/7/2025 keeps its code for ever.
- ``statement``: the AKN type for an act of a deliberative body that is not a bill or an act; the subtype
  ``nghi-quyet`` (resolution).
- the date: the day of adoption (ngày thông qua) — known from the first day, never changed by signing or
  publishing later.
- the number as printed, lowercase ASCII with hyphens for slashes (``05/2026/NQ-HĐND`` → ``05-2026-nq-hdnd``):
  the normative and the other series of a year share serials, and the printed number tells them apart. A
  record still without a number (staff only, never public) is ``nn-<record id>`` ("nn": no number)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from agenda.text import ascii_fold

COUNTRY = "vn"
DOC_TYPE = "statement"
SUBTYPE = "nghi-quyet"
LANGUAGE = "vie"  # ISO 639-2
MAIN = "!main"
FORMAT = "xml"


def council_code(council_id: int) -> str:
    """The locality part of the place code: ``hdnd7``."""
    return f"hdnd{council_id}"


def place(council_id: int) -> str:
    """The FRBR country with its locality: ``vn-hdnd7``."""
    return f"{COUNTRY}-{council_code(council_id)}"


def number_part(number: str | None, record_id: int) -> str:
    """``05/2026/NQ-HĐND`` → ``05-2026-nq-hdnd``; no number → ``nn-<record id>``."""
    if not number:
        return f"nn-{record_id}"
    folded = ascii_fold(number).replace("/", "-")
    return re.sub(r"[^a-z0-9-]+", "-", folded).strip("-") or f"nn-{record_id}"


@dataclass(frozen=True)
class Frbr:
    """The identifiers of one resolution."""

    council_id: int
    adopted_on: dt.date
    number: str  # the IRI's number part

    @property
    def place(self) -> str:
        return place(self.council_id)

    @property
    def work(self) -> str:
        return f"/akn/{self.place}/{DOC_TYPE}/{SUBTYPE}/{self.adopted_on.isoformat()}/{self.number}"

    @property
    def expression(self) -> str:
        return f"{self.work}/{LANGUAGE}@{self.adopted_on.isoformat()}"

    @property
    def manifestation(self) -> str:
        return f"{self.expression}.{FORMAT}"

    def this(self, level: str) -> str:
        """The FRBRthis of ``level`` (work, expression, manifestation): the IRI of its main component."""
        if level == "work":
            return f"{self.work}/{MAIN}"
        if level == "expression":
            return f"{self.expression}/{MAIN}"
        return f"{self.expression}/{MAIN}.{FORMAT}"

    def portion(self, eid: str | None) -> str:
        """The work's IRI, or one of its parts (``~art_4``)."""
        return self.work if eid is None else f"{self.work}/~{eid}"


def frbr_of(council_id: int, adopted_on: dt.date, number: str | None, record_id: int) -> Frbr:
    return Frbr(council_id, adopted_on, number_part(number, record_id))


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_POINT = r"(?:điểm\s+(?P<point>[a-zđ])\s+)?"
_CLAUSE = r"(?:khoản\s+(?P<clause>\d+)\s+)?"
_PART = re.compile(rf"^{_POINT}{_CLAUSE}điều\s+(?P<article>\d+)$")
_ANNEX = re.compile(r"^phụ\s+lục(?:\s+(?:số\s+)?(?P<annex>\d+|[ivxlc]+))?$")


def point_key(letter: str) -> str:
    """A point's letter in an eId: ``a`` … ``d``, ``dd`` for đ (which folds to d), ``e`` …"""
    return "dd" if letter.lower() == "đ" else ascii_fold(letter)


def _roman(text: str) -> int:
    values = [_ROMAN[ch] for ch in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def part_eid(name: str) -> str:
    """The eId of a named part, as the body's structure names it: "Điều 4" → ``art_4``, "khoản 3 Điều 4" →
    ``art_4__para_3``, "điểm a khoản 3 Điều 4" → ``art_4__para_3__point_a``, "Phụ lục I" → ``att_1``; any
    other name → its words folded (``muc-2``) — still a part of the work, if not one the body has."""
    text = " ".join(name.lower().split())
    match = _PART.match(text)
    if match is not None:
        eid = f"art_{int(match['article'])}"
        if match["clause"]:
            eid += f"__para_{int(match['clause'])}"
        if match["point"]:
            eid += f"__point_{point_key(match['point'])}"
        return eid
    annex = _ANNEX.match(text)
    if annex is not None:
        found = annex["annex"] or "1"
        return f"att_{int(found) if found.isdigit() else _roman(found)}"
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-") or "part"
