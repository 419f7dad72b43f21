"""The text of a resolution as Akoma Ntoso elements: the preface (from the record: issuer, number, date, title),
the preamble ("Căn cứ …" as citations, "Xét …" as recitals, "QUYẾT NGHỊ:" as the enacting formula), the main
body (each article an ``<article>`` with ``<num>``, ``<heading>``, its clauses as ``<paragraph>`` and points as
``<point>``; a text without articles: one ``<hcontainer name="toanVan">`` holding every paragraph) and the
conclusions (signature, recipients). The structure is :mod:`agenda.opendata.akn.structure`'s — pure."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from agenda.opendata.akn.elements import el, sub
from agenda.opendata.akn.ids import point_key
from agenda.opendata.akn.structure import Article, Clause, Point, Structure

_CITATION = re.compile(r"^Căn cứ\b")
_RECITAL = re.compile(r"^Xét\b")
_FORMULA = re.compile(r"^QUYẾT NGHỊ\s*:?$")


def _ps(parent: ET.Element, texts: Iterable[str]) -> ET.Element:
    for text in texts:
        sub(parent, "p", text=text)
    return parent


def preface(authority: str, number: str | None, place_name: str, day: dt.date, title: str) -> ET.Element:
    """What the header of the resolution says, from the record."""
    element = el("preface")
    sub(sub(element, "p"), "docAuthority", text=authority.upper())
    if number:
        line = sub(element, "p", text="Số: ")
        sub(line, "docNumber", text=number)
    when = sub(element, "p")
    sub(
        when,
        "docDate",
        {"date": day.isoformat()},
        text=f"{place_name}, ngày {day:%d} tháng {day:%m} năm {day:%Y}",
    )
    sub(sub(element, "p"), "docType", text="NGHỊ QUYẾT")
    sub(sub(element, "p"), "docTitle", text=title)
    return element


def preamble(texts: list[str]) -> ET.Element | None:
    """The paragraphs before the first article; None when there are none."""
    if not texts:
        return None
    element = el("preamble")
    group: ET.Element | None = None
    kind = ""
    for text in texts:
        wanted = "citations" if _CITATION.match(text) else "recitals" if _RECITAL.match(text) else ""
        if _FORMULA.match(text):
            _ps(sub(element, "formula", {"name": "enactingFormula"}), [text])
            group, kind = None, ""
        elif wanted:
            if group is None or kind != wanted:
                group, kind = sub(element, wanted), wanted
            _ps(sub(group, wanted[:-1]), [text])
        else:
            sub(element, "p", text=text)
            group, kind = None, ""
    return element


def _content(parent: ET.Element, texts: list[str]) -> None:
    _ps(sub(parent, "content"), texts or [""])


def _point(parent: ET.Element, point: Point, prefix: str) -> None:
    element = sub(parent, "point", {"eId": f"{prefix}__point_{point_key(point.letter)}"})
    sub(element, "num", text=f"{point.letter})")
    _content(element, point.paragraphs)


def _clause(parent: ET.Element, clause: Clause, prefix: str) -> None:
    eid = f"{prefix}__para_{clause.number}"
    element = sub(parent, "paragraph", {"eId": eid})
    sub(element, "num", text=f"{clause.number}.")
    if not clause.points:
        _content(element, clause.paragraphs)
        return
    if clause.paragraphs:
        _ps(sub(element, "intro"), clause.paragraphs)
    for point in clause.points:
        _point(element, point, eid)


def _article(parent: ET.Element, article: Article) -> None:
    eid = f"art_{article.number}"
    element = sub(parent, "article", {"eId": eid})
    sub(element, "num", text=f"Điều {article.number}.")
    if article.heading:
        sub(element, "heading", text=article.heading)
    if not article.parts:
        _content(element, article.paragraphs)
        return
    if article.paragraphs:
        _ps(sub(element, "intro"), article.paragraphs)
    for part in article.parts:
        if isinstance(part, Clause):
            _clause(element, part, eid)
        else:
            _point(element, part, eid)


def main_body(structure: Structure, fallback: str) -> ET.Element:
    """The articles; without any, the whole text (or, with no text at all, ``fallback``: the summary) as one
    block."""
    element = el("mainBody")
    if structure.structured:
        for article in structure.articles:
            _article(element, article)
        return element
    block = sub(element, "hcontainer", {"eId": "hcontainer_1", "name": "toanVan"})
    texts = structure.preamble + structure.closing
    _content(block, texts or [fallback])
    return element


def conclusions(structure: Structure) -> ET.Element | None:
    if not structure.structured or not structure.closing:
        return None
    return _ps(el("conclusions"), structure.closing)
