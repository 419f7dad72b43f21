"""Relations between resolutions and the rules for making one — pure; the database keeps them
(:mod:`agenda.archive.links`).

A relation goes from the acting resolution (``source``: the one that amends, repeals…) to the affected one
(``target``), from a date of effect. Shown both ways: "sửa đổi" on the acting one, "bị sửa đổi bởi" on the
affected one. Whether it changes the target's legal force is :mod:`agenda.archive.force`.

Rules (Law 64/2025/QH15 on promulgation: an act is amended, supplemented, replaced, repealed or suspended
only by a later act; shared/domain.md):
- a resolution does not relate to itself;
- replacement and repeal never go round in a circle (A replaces B … replaces A);
- an act takes effect no earlier than its own adoption, and ends, amends or suspends only an act already
  adopted;
- a replacement is of the whole act (a part is amended, not replaced); a suspension may end on a date;
- the same relation is not recorded twice;
- the other resolution may belong to another council, a historical district council among them."""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from agenda.errors import DomainError


class RelationKind(enum.StrEnum):
    BASED_ON = "based_on"
    GUIDES = "guides"
    AMENDS = "amends"
    SUPPLEMENTS = "supplements"
    REPLACES = "replaces"
    REPEALS = "repeals"
    SUSPENDS = "suspends"
    CITES = "cites"


@dataclass(frozen=True)
class KindLabels:
    """The words for a kind of relation, on the acting resolution and on the affected one."""

    active_vi: str
    passive_vi: str
    active_en: str
    passive_en: str

    def label(self, lang: str, *, acting: bool) -> str:
        if lang == "en":
            return self.active_en if acting else self.passive_en
        return self.active_vi if acting else self.passive_vi


LABELS: Mapping[RelationKind, KindLabels] = {
    RelationKind.BASED_ON: KindLabels("căn cứ", "là căn cứ của", "based on", "basis of"),
    RelationKind.GUIDES: KindLabels("hướng dẫn", "được hướng dẫn bởi", "guides", "guided by"),
    RelationKind.AMENDS: KindLabels("sửa đổi", "bị sửa đổi bởi", "amends", "amended by"),
    RelationKind.SUPPLEMENTS: KindLabels("bổ sung", "được bổ sung bởi", "supplements", "supplemented by"),
    RelationKind.REPLACES: KindLabels("thay thế", "bị thay thế bởi", "replaces", "replaced by"),
    RelationKind.REPEALS: KindLabels("bãi bỏ", "bị bãi bỏ bởi", "repeals", "repealed by"),
    RelationKind.SUSPENDS: KindLabels("đình chỉ", "bị đình chỉ bởi", "suspends", "suspended by"),
    RelationKind.CITES: KindLabels("dẫn chiếu", "được dẫn chiếu bởi", "cites", "cited by"),
}

# Kinds that end (part of) the target: no cycles among them.
ENDING = frozenset({RelationKind.REPLACES, RelationKind.REPEALS})
# Kinds that act on the target from their date (its force, or its text): the target must exist by then.
ACTING = ENDING | {RelationKind.AMENDS, RelationKind.SUPPLEMENTS, RelationKind.SUSPENDS}
MAX_PARTS = 50
MAX_PART_LENGTH = 120


class Relation(NamedTuple):
    """``source`` acts on ``target`` (ids of resolutions) from ``effective``; ``parts`` names the articles or
    clauses concerned ("Điều 2", "khoản 3 Điều 4") — empty for the whole act; ``until`` is the first day a
    suspension no longer holds."""

    source: int
    target: int
    kind: RelationKind
    effective: dt.date
    parts: tuple[str, ...] = ()
    until: dt.date | None = None

    @property
    def whole(self) -> bool:
        return not self.parts

    def holds_on(self, day: dt.date) -> bool:
        """In effect on ``day``: from its date, and for a suspension until it ends."""
        return self.effective <= day and (self.until is None or day < self.until)


def clean_parts(parts: Iterable[str]) -> tuple[str, ...]:
    """The named parts as given, in NFC, trimmed, without repeats, in the order given."""
    seen: dict[str, None] = {}
    for part in parts:
        text = " ".join(unicodedata.normalize("NFC", part).split())
        if not text:
            continue
        if len(text) > MAX_PART_LENGTH:
            raise DomainError(
                f"Tên điều, khoản quá dài (tối đa {MAX_PART_LENGTH} ký tự).",
                f"An article or clause name is too long (at most {MAX_PART_LENGTH} characters).",
                field="parts",
            )
        seen.setdefault(text, None)
    if len(seen) > MAX_PARTS:
        raise DomainError(
            f"Tối đa {MAX_PARTS} điều, khoản trong một quan hệ.",
            f"At most {MAX_PARTS} articles or clauses in one relation.",
            field="parts",
        )
    return tuple(seen)


def check_relation(
    new: Relation, existing: Iterable[Relation], adopted: Mapping[int, dt.date], numbers: Mapping[int, str]
) -> None:
    """Refuse ``new`` if it breaks a rule, given the ``existing`` relations, the adoption dates of the two
    resolutions (``adopted``) and how to name them (``numbers``)."""
    source, target = numbers.get(new.source, f"#{new.source}"), numbers.get(new.target, f"#{new.target}")
    if new.source == new.target:
        raise DomainError(
            "Một nghị quyết không thể có quan hệ với chính nó.",
            "A resolution cannot be related to itself.",
            code="self_relation",
            field="target_id",
        )
    if new.kind is RelationKind.REPLACES and new.parts:
        raise DomainError(
            "Thay thế là thay cả văn bản; thay một phần là sửa đổi.",
            "A replacement is of the whole act; replacing a part is an amendment.",
            field="parts",
        )
    if new.until is not None and new.kind is not RelationKind.SUSPENDS:
        raise DomainError(
            "Chỉ việc đình chỉ mới có ngày kết thúc.", "Only a suspension has an end date.", field="until"
        )
    if new.until is not None and new.until <= new.effective:
        raise DomainError(
            "Ngày kết thúc đình chỉ phải sau ngày bắt đầu.",
            "A suspension must end after it begins.",
            field="until",
        )
    if new.source in adopted and new.effective < adopted[new.source]:
        raise DomainError(
            f"Quan hệ không thể có hiệu lực trước ngày thông qua {source} ({adopted[new.source]:%d/%m/%Y}).",
            f"The relation cannot take effect before {source} was adopted ({adopted[new.source]:%d/%m/%Y}).",
            field="effective",
        )
    if new.kind in ACTING and new.target in adopted and new.effective < adopted[new.target]:
        raise DomainError(
            f"{target} được thông qua ngày {adopted[new.target]:%d/%m/%Y}: không thể bị tác động trước ngày đó.",
            f"{target} was adopted on {adopted[new.target]:%d/%m/%Y}: nothing can act on it before then.",
            field="effective",
        )
    existing = list(existing)
    for old in existing:
        if (old.source, old.target, old.kind, old.parts) == (new.source, new.target, new.kind, new.parts):
            raise DomainError(
                f"Quan hệ “{LABELS[new.kind].active_vi}” giữa {source} và {target} đã có.",
                f"{source} already {LABELS[new.kind].active_en} {target}.",
                code="duplicate_relation",
                status=409,
            )
    if new.kind in ENDING:
        path = _ending_path(new.target, new.source, existing)
        if path is not None:
            chain = " → ".join(numbers.get(i, f"#{i}") for i in [new.source, *path])
            raise DomainError(
                f"Quan hệ thay thế/bãi bỏ tạo thành vòng: {chain}.",
                f"Replacement/repeal would go round in a circle: {chain}.",
                code="relation_cycle",
                status=409,
            )


def _ending_path(start: int, goal: int, relations: list[Relation]) -> list[int] | None:
    """A path start → … → goal through replacements and repeals, if there is one."""
    onward: dict[int, list[int]] = defaultdict(list)
    for relation in relations:
        if relation.kind in ENDING:
            onward[relation.source].append(relation.target)
    came_from: dict[int, int | None] = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        if node == goal:
            path = [node]
            while (previous := came_from[path[-1]]) is not None:
                path.append(previous)
            return path[::-1]
        for nxt in onward[node]:
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None
