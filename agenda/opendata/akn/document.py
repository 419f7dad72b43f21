"""A resolution as an Akoma Ntoso 3.0 ``<statement>`` (``akomantoso30.xsd``): ``<meta>`` — identification (FRBR
work, expression, manifestation: :mod:`.ids`), publication, the field as a keyword, lifecycle, workflow,
analysis (:mod:`.meta`), references (:mod:`.refs`), where the text came from — then the text (:mod:`.body`).
Pure: :func:`export` takes what :func:`agenda.opendata.akn.sources.source_of` read.

The document refers to itself as the council's (``#council``: the author of the work and its expression) and
to this archive (``#archive``: the source of the metadata, the author of the manifestation)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from agenda.models import CouncilLevel
from agenda.opendata.akn import body, meta
from agenda.opendata.akn.elements import EXTENSION_NS, el, sub, to_bytes
from agenda.opendata.akn.ids import DOC_TYPE, LANGUAGE, SUBTYPE
from agenda.opendata.akn.refs import References
from agenda.opendata.akn.sources import Link, Source
from agenda.opendata.akn.structure import parse

MEDIA_TYPE = "application/akn+xml"
LEVELS = {
    CouncilLevel.PROVINCE: "cấp tỉnh",
    CouncilLevel.COMMUNE: "cấp xã",
    CouncilLevel.DISTRICT: "cấp huyện (đã kết thúc hoạt động)",
}


def _frbr_level(
    parent: ET.Element,
    tag: str,
    this: str,
    uri: str,
    dates: list[tuple[str, str]],
    author: str,
    alias: str | None = None,
) -> ET.Element:
    level = sub(parent, tag)
    sub(level, "FRBRthis", {"value": this})
    sub(level, "FRBRuri", {"value": uri})
    if alias is not None:
        sub(level, "FRBRalias", {"value": alias, "name": "title"})
    for day, name in dates:
        sub(level, "FRBRdate", {"date": day, "name": name})
    sub(
        level,
        "FRBRauthor",
        {"href": author, "as": "#author"} if tag != "FRBRManifestation" else {"href": author},
    )
    return level


def identification(source: Source, refs: References) -> ET.Element:
    frbr = source.frbr
    council, archive = refs.council(source.council_name), refs.archive()
    refs.tlc("TLCRole", "author", "Cơ quan ban hành")
    element = el("identification", {"source": "#archive"})
    adopted = source.adopted_on.isoformat()
    work = _frbr_level(
        element, "FRBRWork", frbr.this("work"), frbr.work, [(adopted, "adoption")], council, source.title
    )
    sub(work, "FRBRcountry", {"value": frbr.place})
    sub(work, "FRBRsubtype", {"value": SUBTYPE})
    sub(work, "FRBRnumber", {"value": frbr.number, "showAs": source.number or "chưa có số"})
    sub(work, "FRBRname", {"value": "Nghị quyết"})
    sub(work, "FRBRprescriptive", {"value": "true" if source.normative else "false"})
    sub(work, "FRBRauthoritative", {"value": "true"})
    expression = _frbr_level(
        element, "FRBRExpression", frbr.this("expression"), frbr.expression, [(adopted, "adoption")], council
    )
    sub(expression, "FRBRlanguage", {"language": LANGUAGE})
    changed = [(source.changed_on.isoformat(), "generation")]
    manifestation = _frbr_level(
        element, "FRBRManifestation", frbr.this("manifestation"), frbr.manifestation, changed, archive
    )
    sub(manifestation, "FRBRformat", {"value": MEDIA_TYPE})
    return element


def _references(source: Source, refs: References) -> None:
    refs.document("original", "original", source.frbr.expression, source.title)
    for link in source.links:
        if link.kind in meta.MODS:
            tag = "activeRef" if link.acting else "passiveRef"
            refs.document(tag, f"rel_{link.id}", link.other.work, link.other_name)


def _proprietary(source: Source) -> ET.Element:
    element = el("proprietary", {"source": "#archive"})
    sub(element, "text", {"source": source.text_source.value}, ns=EXTENSION_NS)
    sub(
        element,
        "council",
        {"level": source.council_level.value},
        text=LEVELS[source.council_level],
        ns=EXTENSION_NS,
    )
    if source.council_abolished_on is not None:
        sub(element, "councilAbolished", {"date": source.council_abolished_on.isoformat()}, ns=EXTENSION_NS)
    return element


def statement(source: Source) -> ET.Element:
    """The ``<akomaNtoso>`` root of ``source``'s export."""
    refs = References(source.frbr.place)
    root = el("akomaNtoso")
    document = sub(root, DOC_TYPE, {"name": "nghiQuyet"})
    head = sub(document, "meta")
    head.append(identification(source, refs))
    if source.published_on is not None:
        attrs = {"date": source.published_on.isoformat(), "name": "congBo", "showAs": "Công bố trên Lưu trữ"}
        sub(head, "publication", attrs)
    if source.field:
        classification = sub(head, "classification", {"source": "#archive"})
        sub(
            classification,
            "keyword",
            {"value": source.field, "showAs": source.field, "dictionary": "#linhVuc"},
        )
        refs.tlc("TLCConcept", "linhVuc", "Lĩnh vực")
    head.append(meta.lifecycle(source, refs))
    head.append(meta.workflow(source, refs))
    analysis = meta.analysis(source, refs)
    if analysis is not None:
        head.append(analysis)
    _references(source, refs)
    head.append(refs.element())
    head.append(_proprietary(source))
    structure = parse(source.text)
    document.append(
        body.preface(source.council_name, source.number, source.place_name, source.adopted_on, source.title)
    )
    preamble = body.preamble(structure.preamble) if structure.structured else None
    if preamble is not None:
        document.append(preamble)
    document.append(body.main_body(structure, source.title))
    conclusions = body.conclusions(structure)
    if conclusions is not None:
        document.append(conclusions)
    return root


def export(source: Source) -> bytes:
    """The XML file."""
    return to_bytes(statement(source))


__all__ = ["MEDIA_TYPE", "Link", "export", "statement"]
