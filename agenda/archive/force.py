"""Legal force of a resolution on any date (tình trạng hiệu lực), derived — never typed in — from its own dates
and the relations in effect on that date, with the acts that produced it ("why") and what is coming
("will end on …"). Pure: :mod:`agenda.archive.resolutions` gives it the records.

The rules (Law 64/2025/QH15 on promulgation of legal documents, art. 53–58; the status words of the
national legal database, shared/anchors.md):
- before its effective date a resolution is *chưa có hiệu lực* (without one, it is in force from adoption);
- from its expiry date (the first day it no longer applies, "hết hiệu lực từ ngày"), or from the date of a
  replacement or a repeal of the whole act, it is *hết hiệu lực toàn bộ* — for good, whatever came before;
- a suspension of the whole act makes it *ngưng hiệu lực* while the suspension holds; of named parts,
  *ngưng hiệu lực một phần*;
- a repeal of named parts makes it *hết hiệu lực một phần*;
- an amendment or a supplement changes its text, not its force: it is listed in the "why";
- where several hold, the strongest wins: ended > not yet > suspended > partly suspended > partly ended.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from agenda.archive.relations import ACTING, LABELS, Relation, RelationKind


class Force(enum.StrEnum):
    NOT_YET = "not_yet"
    IN_FORCE = "in_force"
    PARTLY_ENDED = "partly_ended"
    ENDED = "ended"
    SUSPENDED = "suspended"
    PARTLY_SUSPENDED = "partly_suspended"


FORCE_LABELS: Mapping[Force, tuple[str, str]] = {
    Force.NOT_YET: ("Chưa có hiệu lực", "Not yet in force"),
    Force.IN_FORCE: ("Còn hiệu lực", "In force"),
    Force.PARTLY_ENDED: ("Hết hiệu lực một phần", "Partly no longer in force"),
    Force.ENDED: ("Hết hiệu lực toàn bộ", "No longer in force"),
    Force.SUSPENDED: ("Ngưng hiệu lực", "Suspended"),
    Force.PARTLY_SUSPENDED: ("Ngưng hiệu lực một phần", "Partly suspended"),
}


class OwnDates(NamedTuple):
    """A resolution's own dates: adopted (thông qua), effective (có hiệu lực từ), expires (hết hiệu lực từ —
    the first day it no longer applies, for one adopted for a period)."""

    adopted: dt.date
    effective: dt.date | None = None
    expires: dt.date | None = None

    @property
    def starts(self) -> dt.date:
        return self.effective or self.adopted


class Reason(NamedTuple):
    """One fact behind a status: the resolution's own date (``relation`` None) or a relation, with the acting
    act's name (``act``)."""

    what: str  # "effective" | "expires" | a RelationKind value
    day: dt.date
    act: str | None = None
    parts: tuple[str, ...] = ()
    until: dt.date | None = None

    def sentence(self, lang: str = "vi") -> str:
        """ "Điều 2 bị bãi bỏ bởi 07/2026/NQ-HĐND, từ ngày 01/03/2026" / "Article 2 repealed by … from …"."""
        on = f"{self.day:%d/%m/%Y}"
        en = lang == "en"
        if self.what == "effective":
            return f"In force from {on}" if en else f"Có hiệu lực từ ngày {on}"
        if self.what == "expires":
            return (
                f"Ends on {on} (its own term)" if en else f"Hết hiệu lực từ ngày {on} (hết thời hạn áp dụng)"
            )
        label = LABELS[RelationKind(self.what)].label(lang, acting=False)
        text = f"{', '.join(self.parts)} {label}" if self.parts else label
        text = f"{text[0].upper()}{text[1:]} {self.act}, {'from' if en else 'từ ngày'} {on}"
        if self.until is not None:
            text += f" {'until' if en else 'đến ngày'} {self.until:%d/%m/%Y}"
        return text


class ForceOnDate(NamedTuple):
    day: dt.date
    status: Force
    why: tuple[Reason, ...]
    # What changes after ``day``, earliest first; ``ends_on`` the first day it will be wholly out of force.
    upcoming: tuple[Reason, ...]
    ends_on: dt.date | None

    def label(self, lang: str = "vi") -> str:
        vi, en = FORCE_LABELS[self.status]
        return en if lang == "en" else vi

    def will_end(self, lang: str = "vi") -> str | None:
        if self.ends_on is None:
            return None
        on = f"{self.ends_on:%d/%m/%Y}"
        return f"Will end on {on}" if lang == "en" else f"Sẽ hết hiệu lực từ ngày {on}"


class Incoming(NamedTuple):
    """A relation acting on the resolution, with the acting resolution's name."""

    relation: Relation
    act: str


# What a relation in effect does to its target's force (a kind not here: nothing), of the whole act or of parts.
_WHOLE_EFFECT: Mapping[RelationKind, Force] = {
    RelationKind.REPLACES: Force.ENDED,
    RelationKind.REPEALS: Force.ENDED,
    RelationKind.SUSPENDS: Force.SUSPENDED,
}
_PART_EFFECT: Mapping[RelationKind, Force] = {
    RelationKind.REPLACES: Force.PARTLY_ENDED,
    RelationKind.REPEALS: Force.PARTLY_ENDED,
    RelationKind.SUSPENDS: Force.PARTLY_SUSPENDED,
}
_STRENGTH = [Force.ENDED, Force.NOT_YET, Force.SUSPENDED, Force.PARTLY_SUSPENDED, Force.PARTLY_ENDED]


def _by_date(item: Incoming) -> tuple[dt.date, str]:
    return item.relation.effective, item.act


def _on_day(reason: Reason) -> dt.date:
    return reason.day


def _ends_it(reason: Reason) -> bool:
    """A fact that ends the whole act: its own term, a replacement, a repeal of the whole."""
    return reason.what == "expires" or (reason.what in ("replaces", "repeals") and not reason.parts)


def force_on(day: dt.date, own: OwnDates, incoming: Sequence[Incoming]) -> ForceOnDate:
    """The status of one resolution on ``day``."""
    starts, expires = own.effective or own.adopted, own.expires
    if not incoming and expires is None:  # most of an archive: nothing acts on it, no end of its own
        if starts <= day:
            return ForceOnDate(day, Force.IN_FORCE, (Reason("effective", starts),), (), None)
        return ForceOnDate(day, Force.NOT_YET, (), (Reason("effective", starts),), None)
    found: set[Force] = set()
    why: list[Reason] = []
    upcoming: list[Reason] = []
    ends: list[dt.date] = []
    if starts <= day:
        why.append(Reason("effective", starts))
    else:
        found.add(Force.NOT_YET)
        upcoming.append(Reason("effective", starts))
    if expires is not None:
        if expires <= day:
            found.add(Force.ENDED)
            why.append(Reason("expires", expires))
        else:
            upcoming.append(Reason("expires", expires))
            ends.append(expires)
    # By date, then by the acting act's name; the kind is a StrEnum: itself the text of the reason.
    ordered = sorted(incoming, key=_by_date) if len(incoming) > 1 else incoming
    for (_, _, kind, effective, parts, until), act in ordered:
        if kind not in ACTING:
            continue
        effect = (_PART_EFFECT if parts else _WHOLE_EFFECT).get(kind)
        if effective <= day and (until is None or day < until):  # Relation.holds_on
            why.append(Reason(kind, effective, act, parts, until))
            if effect is not None:
                found.add(effect)
        elif effective > day:
            upcoming.append(Reason(kind, effective, act, parts, until))
            if effect is Force.ENDED:
                ends.append(effective)
    status = (
        next((force for force in _STRENGTH if force in found), Force.IN_FORCE) if found else Force.IN_FORCE
    )
    if status is Force.ENDED:
        # Ended for good: the facts that ended it, then nothing is coming.
        return ForceOnDate(day, status, tuple(filter(_ends_it, why)), (), None)
    if len(upcoming) > 1:
        upcoming.sort(key=_on_day)
    return ForceOnDate(day, status, tuple(why), tuple(upcoming), min(ends) if ends else None)


def forces_on(
    day: dt.date, records: Mapping[int, OwnDates], relations: Iterable[Relation], names: Mapping[int, str]
) -> dict[int, ForceOnDate]:
    """The status on ``day`` of every resolution in ``records``, from all the ``relations`` (each acting act
    named by ``names``; relations from or to resolutions outside ``records`` count too)."""
    acting_on: dict[int, list[Incoming]] = defaultdict(list)
    for relation in relations:
        # A relation that does not act (based on, cites, guides) changes nothing: left out here already.
        if relation.kind in ACTING and relation.target in records:
            acting_on[relation.target].append(
                Incoming(relation, names.get(relation.source, f"#{relation.source}"))
            )
    # Most of an archive has nothing acting on it and no end of its own: its status depends only on the day it
    # starts — one (immutable) state for every resolution starting that day, a few thousand in all.
    plain: dict[dt.date, ForceOnDate] = {}
    out: dict[int, ForceOnDate] = {}
    for rid, own in records.items():
        incoming = acting_on.get(rid)
        if incoming is None and own.expires is None:
            starts = own.effective or own.adopted
            state = plain.get(starts)
            if state is None:
                state = plain[starts] = force_on(day, own, ())
            out[rid] = state
        else:
            out[rid] = force_on(day, own, incoming or ())
    return out


@dataclass(frozen=True)
class YearlyEntry:
    """A line of the yearly list of resolutions no longer in force or suspended (danh mục văn bản hết hiệu lực,
    ngưng hiệu lực toàn bộ hoặc một phần), published each January for the year before."""

    resolution: int
    status: Force
    reasons: tuple[Reason, ...]
    day: dt.date  # when it happened (the first such fact in the year)


def ended_or_suspended_in(
    year: int, records: Mapping[int, OwnDates], relations: Iterable[Relation], names: Mapping[int, str]
) -> list[YearlyEntry]:
    """The resolutions that lost force, wholly or in part, or were suspended during ``year``: their status on
    31 December with the facts of the year that made it — in the order they happened."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    relations = list(relations)
    entries: list[YearlyEntry] = []
    for rid, state in forces_on(last, records, relations, names).items():
        if state.status not in (Force.ENDED, Force.PARTLY_ENDED, Force.SUSPENDED, Force.PARTLY_SUSPENDED):
            continue
        of_year = tuple(
            r
            for r in state.why
            if first <= r.day <= last and r.what not in ("effective", "amends", "supplements")
        )
        if of_year:
            entries.append(YearlyEntry(rid, state.status, of_year, min(r.day for r in of_year)))
    entries.sort(key=lambda e: (e.day, e.resolution))
    return entries


def history(own: OwnDates, incoming: Sequence[Incoming]) -> list[ForceOnDate]:
    """How the status changed over time: the status from each day on which a fact took effect (its effective
    date, a relation's date or end, its own end), a day kept only where the status or its reasons changed."""
    days = {own.starts, *(d for d in [own.expires] if d is not None)}
    for item in incoming:
        days.add(item.relation.effective)
        if item.relation.until is not None:
            days.add(item.relation.until)
    out: list[ForceOnDate] = []
    for day in sorted(days):
        state = force_on(day, own, incoming)
        if out and (out[-1].status, out[-1].why) == (state.status, state.why):
            continue
        out.append(state)
        if state.status is Force.ENDED:
            break
    return out
