"""The parts of ``<meta>`` that tell a resolution's life — pure, from a :class:`~.sources.Source`:

- ``<lifecycle>``: adoption, signature, publication, entry into force, expiry, and each date another act
  changed it (amended, supplemented, suspended and the end of a suspension, replaced, repealed whole or in part);
- ``<workflow>``: the dossier's tờ trình, dự thảo and báo cáo thẩm tra, the vote (its outcome and sentence) or,
  without a vote here, the adoption; the signature;
- ``<analysis>``: ``activeModifications`` (what it changes in others) and ``passiveModifications`` (what others
  change in it), each naming the articles concerned (``~art_4``); căn cứ, hướng dẫn and dẫn chiếu as
  ``otherReferences``.

Relation kinds → AKN: sửa đổi → textualMod ``substitution``; bổ sung → ``insertion``; thay thế →
``replacement``; bãi bỏ → ``repeal`` (of the whole act, or of the articles named); đình chỉ → efficacyMod
``inapplication``; căn cứ, hướng dẫn, dẫn chiếu → an ``implicitReference``."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from agenda.archive.relations import LABELS, RelationKind
from agenda.models import DocumentType
from agenda.opendata.akn.elements import EXTENSION_NS, el, sub
from agenda.opendata.akn.ids import part_eid
from agenda.opendata.akn.refs import References
from agenda.opendata.akn.sources import Link, Source

MODS: Mapping[RelationKind, tuple[str, str]] = {
    RelationKind.AMENDS: ("textualMod", "substitution"),
    RelationKind.SUPPLEMENTS: ("textualMod", "insertion"),
    RelationKind.REPLACES: ("textualMod", "replacement"),
    RelationKind.REPEALS: ("textualMod", "repeal"),
    RelationKind.SUSPENDS: ("efficacyMod", "inapplication"),
}
EVENTS = {  # eId of the TLCEvent → what it is called
    "adoption": "Thông qua",
    "signature": "Ký ban hành",
    "publication": "Công bố",
    "entryIntoForce": "Có hiệu lực",
    "expiry": "Hết hiệu lực",
    "suspensionEnd": "Hết thời hạn đình chỉ",
}
STEPS = {  # a dossier document's type → (process eId, its name, who does it: organization eId, its name)
    DocumentType.SUBMISSION: ("submission", "Tờ trình", "proposer", "Cơ quan trình"),
    DocumentType.DRAFT_RESOLUTION: ("draft", "Dự thảo nghị quyết", "proposer", "Cơ quan trình"),
    DocumentType.REVIEW_REPORT: ("review", "Báo cáo thẩm tra", "reviewer", "Ban của Hội đồng nhân dân"),
}


def concept(refs: References, link: Link) -> str:
    """The TLCConcept of a relation's kind seen from this side ("sửa đổi" / "bị sửa đổi bởi")."""
    side = "active" if link.acting else "passive"
    return refs.tlc(
        "TLCConcept", f"{link.kind.value}_{side}", LABELS[link.kind].label("vi", acting=link.acting)
    )


def lifecycle(source: Source, refs: References) -> ET.Element:
    events: list[tuple[dt.date, str, dict[str, str]]] = []
    attrs: dict[str, str]
    own = {
        "adoption": source.adopted_on,
        "signature": source.signed_on,
        "publication": source.published_on,
        "entryIntoForce": source.effective_on,
        "expiry": source.expires_on,
    }
    for key, day in own.items():
        if day is not None:
            attrs = {"source": "#original", "refersTo": refs.tlc("TLCEvent", key, EVENTS[key])}
            if key == "adoption":
                attrs["type"] = "generation"
            events.append((day, f"e_{key}", attrs))
    for link in source.links:
        if link.acting or link.kind not in MODS:
            continue
        ended = link.kind is RelationKind.REPLACES or (link.kind is RelationKind.REPEALS and not link.parts)
        changed = {
            "source": f"#rel_{link.id}",
            "refersTo": concept(refs, link),
            "type": "repeal" if ended else "amendment",
        }
        events.append((link.effective, f"e_rel_{link.id}", changed))
        if link.until is not None:
            end = {
                "source": f"#rel_{link.id}",
                "refersTo": refs.tlc("TLCEvent", "suspensionEnd", EVENTS["suspensionEnd"]),
            }
            events.append((link.until, f"e_rel_{link.id}_end", end))
    element = el("lifecycle", {"source": "#archive"})
    for day, eid, attrs in sorted(events, key=lambda e: e[0]):
        sub(element, "eventRef", {"eId": eid, "date": day.isoformat(), **attrs})
    return element


def workflow(source: Source, refs: References) -> ET.Element:
    element = el("workflow", {"source": "#archive"})
    for step in source.steps:
        if step.doc_type not in STEPS:
            continue
        process, name, who, who_name = STEPS[step.doc_type]
        attrs = {
            "date": step.day.isoformat(),
            "by": refs.tlc("TLCOrganization", who, who_name),
            "refersTo": refs.tlc("TLCProcess", process, name),
        }
        sub(sub(element, "step", attrs), "title", text=step.title, ns=EXTENSION_NS)
    council = refs.council(source.council_name)
    vote = source.vote
    if vote is not None:
        outcome = ("passed", "Thông qua") if vote.passed else ("rejected", "Không thông qua")
        attrs = {
            "date": vote.day.isoformat(),
            "by": council,
            "refersTo": refs.tlc("TLCProcess", "vote", "Biểu quyết"),
            "outcome": refs.tlc("TLCConcept", *outcome),
        }
        step_element = sub(element, "step", attrs)
        sub(step_element, "title", text=vote.title, ns=EXTENSION_NS)
        sub(step_element, "sentence", text=vote.sentence, ns=EXTENSION_NS)
        sub(step_element, "secret", text="true" if vote.secret else "false", ns=EXTENSION_NS)
    else:
        adoption = refs.tlc("TLCEvent", "adoption", EVENTS["adoption"])
        sub(element, "step", {"date": source.adopted_on.isoformat(), "by": council, "refersTo": adoption})
    if source.signed_on is not None and source.signer_name:
        attrs = {
            "date": source.signed_on.isoformat(),
            "by": refs.person(source.signer_name),
            "refersTo": refs.tlc("TLCEvent", "signature", EVENTS["signature"]),
        }
        if source.signer_title:
            attrs["as"] = refs.role(source.signer_title)
        sub(element, "step", attrs)
    return element


def _mod(parent: ET.Element, link: Link, source: Source, refs: References) -> None:
    tag, kind = MODS[link.kind]
    prefix = "amod" if link.acting else "pmod"
    element = sub(parent, tag, {"eId": f"{prefix}_{link.id}", "type": kind, "refersTo": concept(refs, link)})
    acting, affected = (source.frbr, link.other) if link.acting else (link.other, source.frbr)
    sub(element, "source", {"href": acting.work})
    for part in link.parts or (None,):
        sub(element, "destination", {"href": affected.portion(part_eid(part) if part else None)})


def analysis(source: Source, refs: References) -> ET.Element | None:
    active = [link for link in source.links if link.acting and link.kind in MODS]
    passive = [link for link in source.links if not link.acting and link.kind in MODS]
    cited = [link for link in source.links if link.kind not in MODS]
    if not (active or passive or cited):
        return None
    element = el("analysis", {"source": "#archive"})
    for tag, group in (("activeModifications", active), ("passiveModifications", passive)):
        if group:
            holder = sub(element, tag)
            for link in group:
                _mod(holder, link, source, refs)
    if cited:
        holder = sub(element, "otherReferences", {"source": "#archive"})
        for link in cited:
            attrs = {"href": link.other.work, "showAs": link.other_name, "refersTo": concept(refs, link)}
            sub(holder, "implicitReference", {"eId": f"ref_{link.id}", **attrs})
    return element
