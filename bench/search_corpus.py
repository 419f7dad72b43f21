"""A synthetic archive for the search benchmark (issue 14): resolutions with ~10 pages of Vietnamese text each.

Deterministic (seeded) and fast (about a million pages a minute): a sentence pool is built once from a word
chain over council prose (the importer's specimen articles and the texts below, after the seed reports of
real councils), then each page draws sentences from its field's pool and the general pool, with the facts
of that resolution (places, amounts, dates, other resolutions' numbers) and rare words (hamlets, projects)
written in. Councils of a province, its towns and districts (one abolished in 2019) and communes; terms
2011–2031; normative and individual resolutions with their numbers ("05/2026/NQ-HĐND", "12/NQ-HĐND");
relations to earlier resolutions (repeals, amends, replaces …) named in the text.

Text as archives hold it: NFC with đ/Đ and the new tone placement ("hòa", "thủy") mostly, the old placement
("hoà", "thuỷ") in some resolutions, decomposed Unicode (NFD, from old files) in a few, the header in capitals.

    from bench.search_corpus import resolutions
    for r in resolutions(10_000, seed=2026): r.number, r.title, r.pages  # pages: list[str]

    .venv/bin/python bench/search_corpus.py --resolutions 1000 --stats   # words per page, pages/s
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_vocabulary import (  # noqa: E402
    BASES,
    COUNCILS,
    FIELDS,
    GENERAL,
    NAMES,
    OLD_PLACEMENT,
    PLACES,
    SYLLABLES,
    TERMS,
)

KINDS = ("repeals", "replaces", "amends", "supplements", "suspends", "based_on", "cites", "guides")
KIND_WEIGHTS = (20, 13, 20, 10, 5, 15, 12, 5)
KIND_WORDS = {
    "repeals": "bãi bỏ",
    "replaces": "thay thế",
    "amends": "sửa đổi, bổ sung một số điều của",
    "supplements": "bổ sung",
    "suspends": "tạm ngưng hiệu lực",
    "based_on": "căn cứ",
    "cites": "theo",
    "guides": "hướng dẫn thi hành",
}


@dataclass(frozen=True)
class Council:
    id: int
    name: str  # "Hội đồng nhân dân tỉnh Quảng Ninh"
    short_name: str  # "HĐND tỉnh Quảng Ninh"
    place: str  # "Quảng Ninh"
    level: str  # province / district / commune
    parent_id: int | None
    abolished_on: dt.date | None


@dataclass(frozen=True)
class Relation:
    kind: str  # one of KINDS
    target_id: int


@dataclass
class SyntheticResolution:
    id: int
    council: Council
    term: str  # "XV" (2021–2026)
    session: int  # kỳ họp thứ …
    year: int
    serial: int
    normative: bool
    number: str  # "05/2026/NQ-HĐND" or "12/NQ-HĐND"
    title: str  # trích yếu, as typed (mixed tone placement like the text)
    field: str  # lĩnh vực
    signer_name: str
    signer_title: str
    adopted_on: dt.date
    signed_on: dt.date
    published_on: dt.date | None
    effective_on: dt.date
    expires_on: dt.date | None
    relations: list[Relation] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    old_placement: bool = False  # written with "hoà", "thuỷ"
    decomposed: bool = False  # NFD text (from an old file)

    @property
    def kind(self) -> str:
        return "Nghị quyết quy phạm pháp luật" if self.normative else "Nghị quyết cá biệt"


_WORD = re.compile(r"\S+")


def _chain_sentences(texts: list[str], rng: random.Random, count: int) -> list[str]:
    """``count`` sentences from an order-2 word chain over ``texts`` (each text's sentences end in '.'/';')."""
    follow: dict[tuple[str, str], list[str]] = {}
    starts: list[tuple[str, str]] = []
    for text in texts:
        for sentence in re.split(r"(?<=[.;])\s+", text):
            words = ["", "", *sentence.split(), "\n"]
            if len(words) < 6:
                continue
            starts.append((words[2], words[3]))
            for a, b, c in zip(words, words[1:], words[2:], strict=False):
                follow.setdefault((a, b), []).append(c)
    out: list[str] = []
    while len(out) < count:
        a, b = rng.choice(starts)
        words = [a, b]
        while len(words) < 60:
            nxt = rng.choice(follow.get((a, b), ["\n"]))
            if nxt == "\n":
                break
            words.append(nxt)
            a, b = b, nxt
        if len(words) >= 8:
            sentence = " ".join(words)
            out.append(sentence if sentence[-1] in ".;" else sentence.rstrip(",:") + ".")
    return out


_OLD = re.compile("|".join(sorted(OLD_PLACEMENT, key=len, reverse=True)))


def old_placement(text: str) -> str:
    """The old tone placement: "hòa" → "hoà", "thủy" → "thuỷ", "Ủy ban" stays "Ủy" (capital "uỷ" too)."""
    return _OLD.sub(lambda m: OLD_PLACEMENT[m.group()], text)


class Generator:
    """The sentence pools and name lists, built once per seed; :meth:`resolution` makes one resolution."""

    def __init__(self, seed: int) -> None:
        from agenda.archive.importer.specimens import ARTICLES

        self.rng = random.Random(seed)
        rng = self.rng
        general = [*GENERAL, *ARTICLES]
        self.general = _chain_sentences(general, rng, 3000)
        self.fields = list(FIELDS)
        self.field_pool = {
            name: _chain_sentences([*topic["prose"], *general[:3]], rng, 600)
            for name, topic in FIELDS.items()
        }
        # Rare words: hamlets and projects named from syllables, Zipf-like (a few often, most once or twice).
        self.hamlets = [
            f"{rng.choice(('thôn', 'bản', 'khu phố', 'tổ dân phố', 'xóm'))} {rng.choice(SYLLABLES)} "
            f"{rng.choice(SYLLABLES)}"
            for _ in range(4000)
        ]
        self.hamlet_cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(self.hamlets))))
        self.councils = [Council(i + 1, *c) for i, c in enumerate(COUNCILS)]
        self.council_weights = [
            {"province": 30, "district": 6, "commune": 1.5}[c.level] for c in self.councils
        ]
        self.serials: dict[tuple[int, int, bool], int] = {}
        self.made: list[tuple[int, str, str, dt.date]] = []  # id, number, council short name, adopted on

    def _hamlet(self) -> str:
        return self.rng.choices(self.hamlets, cum_weights=self.hamlet_cum)[0]

    def _name(self) -> str:
        family, middle, given = NAMES
        rng = self.rng
        return f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}"

    def _title(self, topic: dict[str, list[str]], place: str, year: int) -> str:
        rng = self.rng
        template = rng.choice(topic["titles"])
        project = f"{rng.choice(SYLLABLES).capitalize()} {rng.choice(SYLLABLES).capitalize()}"
        return template.format(
            place=place,
            year=year,
            until=year + rng.choice((1, 3, 5)),
            hamlet=self._hamlet(),
            project=project,
            level=rng.choice(("cấp tỉnh", "cấp huyện", "cấp xã")),
        )

    def _facts(self, r: SyntheticResolution) -> str:
        """One sentence with this resolution's own facts: a place, an amount, a date, a number."""
        rng = self.rng
        hamlet = self._hamlet()
        day = r.adopted_on - dt.timedelta(days=rng.randrange(30, 900))
        shape = rng.randrange(5)
        if shape == 0:
            return (
                f"Tổng mức đầu tư {rng.randrange(1, 9999):,} triệu đồng, trong đó ngân sách {r.council.place} "
                f"{rng.randrange(10, 95)}%, thực hiện tại {hamlet}.".replace(",", ".")
            )
        if shape == 1:
            return (
                f"Diện tích {rng.randrange(1, 900)},{rng.randrange(10, 99)} ha tại {hamlet}, "
                f"{rng.choice(PLACES)}; thời gian thực hiện từ ngày {day.day} tháng {day.month} năm {day.year}."
            )
        if shape == 2:
            return f"Giao chỉ tiêu {rng.randrange(2, 400)} hộ gia đình tại {hamlet} được hỗ trợ {rng.randrange(1, 60)} triệu đồng mỗi hộ."
        if shape == 3 and self.made:
            _, number, short, adopted = rng.choice(self.made)
            return f"Thực hiện Nghị quyết số {number} ngày {adopted.day:02d}/{adopted.month:02d}/{adopted.year} của {short}."
        return f"Tờ trình số {rng.randrange(1, 300)}/TTr-UBND ngày {day.day:02d}/{day.month:02d}/{day.year} của Ủy ban nhân dân {r.council.place} về {r.field.lower()}."

    def resolution(self, rid: int, pages: int | None = None) -> SyntheticResolution:
        rng = self.rng
        council = rng.choices(self.councils, self.council_weights)[0]
        last_year = council.abolished_on.year if council.abolished_on else 2026
        year = rng.randint(2011, last_year)
        term, term_start = next((t, s) for t, s in TERMS if s <= year < s + 5 or (t == "XVI" and year >= s))
        normative = rng.random() < 0.35
        key = (council.id, year, normative)
        serial = self.serials[key] = self.serials.get(key, 0) + 1
        number = f"{serial:02d}/{year}/NQ-HĐND" if normative else f"{serial:02d}/NQ-HĐND"
        adopted = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(364))
        if council.abolished_on:
            adopted = min(adopted, council.abolished_on - dt.timedelta(days=1))
        name = rng.choice(self.fields)
        topic = FIELDS[name]
        title = self._title(topic, council.place, year)
        r = SyntheticResolution(
            id=rid,
            council=council,
            term=term,
            session=rng.randint(1, 22),
            year=year,
            serial=serial,
            normative=normative,
            number=number,
            title=title,
            field=name,
            signer_name=self._name(),
            signer_title=rng.choice(("Chủ tịch", "Chủ tịch", "Phó Chủ tịch")),
            adopted_on=adopted,
            signed_on=adopted + dt.timedelta(days=rng.randrange(0, 4)),
            published_on=adopted + dt.timedelta(days=rng.randrange(2, 20)) if rng.random() < 0.9 else None,
            effective_on=adopted + dt.timedelta(days=10 if normative else 0),
            expires_on=adopted + dt.timedelta(days=rng.randrange(365, 5 * 365))
            if rng.random() < 0.15
            else None,
            old_placement=rng.random() < 0.15,
            decomposed=rng.random() < 0.02,
        )
        if self.made and rng.random() < 0.35:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                target = self.made[rng.randrange(max(0, len(self.made) - 3000), len(self.made))]
                if target[3] < adopted and all(rel.target_id != target[0] for rel in r.relations):
                    r.relations.append(Relation(rng.choices(KINDS, KIND_WEIGHTS)[0], target[0]))
        del term_start
        r.pages = self._pages(r, pages or rng.randint(6, 14))
        self.made.append((rid, number, council.short_name, adopted))
        return r

    def _pages(self, r: SyntheticResolution, count: int) -> list[str]:
        rng = self.rng
        pool = self.field_pool[r.field]
        related = [
            f"{KIND_WORDS[rel.kind].capitalize()} Nghị quyết số {self.made[rel.target_id - 1][1]} "
            f"của {r.council.short_name}."
            for rel in r.relations
        ]
        upper = r.council.name.upper().replace("HỘI ĐỒNG NHÂN DÂN ", "")
        first = [
            f"HỘI ĐỒNG NHÂN DÂN {upper} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
            f"Số: {r.number} {r.council.place}, ngày {r.adopted_on.day:02d} tháng {r.adopted_on.month:02d} "
            f"năm {r.year}",
            f"NGHỊ QUYẾT {r.title.upper()}",
            f"HỘI ĐỒNG NHÂN DÂN {upper} KHÓA {r.term}, KỲ HỌP THỨ {r.session}",
            *rng.sample(BASES, 3),
            *related,
            self._facts(r),
            "QUYẾT NGHỊ:",
            f"Điều 1. {r.title}.",
        ]
        pages = []
        for p in range(count):
            k = rng.randint(12, 19) - (6 if p == 0 else 0)
            sentences = first if p == 0 else []
            sentences += rng.choices(pool, k=k // 2) + rng.choices(self.general, k=k - k // 2)
            sentences.append(self._facts(r))
            if p and rng.random() < 0.4:
                sentences.insert(0, f"Điều {p + 1}. {rng.choice(topic_heads(r.field))}")
            if p == count - 1:
                sentences += [
                    f"Nghị quyết này được {r.council.name} khóa {r.term}, kỳ họp thứ {r.session} thông qua "
                    f"ngày {r.adopted_on.day} tháng {r.adopted_on.month} năm {r.year} và có hiệu lực từ ngày "
                    f"{r.effective_on.day} tháng {r.effective_on.month} năm {r.effective_on.year}.",
                    f"{r.signer_title.upper()} {r.signer_name}",
                ]
            text = " ".join(sentences)
            if r.old_placement:
                text = old_placement(text)
            if r.decomposed:
                text = unicodedata.normalize("NFD", text)
            pages.append(text)
        if r.old_placement:
            r.title = old_placement(r.title)
        return pages


def topic_heads(name: str) -> list[str]:
    return FIELDS[name]["heads"]


def resolutions(n: int, seed: int = 2026, *, pages: int | None = None) -> Iterator[SyntheticResolution]:
    """``n`` resolutions, ids 1…n, the same for the same ``seed`` (``pages``: fixed pages per resolution)."""
    generator = Generator(seed)
    for rid in range(1, n + 1):
        yield generator.resolution(rid, pages)


def councils(seed: int = 2026) -> list[Council]:
    return Generator(seed).councils


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resolutions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show", type=int, default=0, help="print the first N resolutions' first pages")
    args = parser.parse_args()
    started = time.perf_counter()
    total_pages = total_words = 0
    for r in resolutions(args.resolutions, args.seed):
        total_pages += len(r.pages)
        total_words += sum(len(p.split()) for p in r.pages)
        if r.id <= args.show:
            print(f"#{r.id} {r.number} {r.council.short_name} {r.field} | {r.title}\n{r.pages[0]}\n")
    took = time.perf_counter() - started
    print(
        f"{args.resolutions:,} resolutions, {total_pages:,} pages, {total_words / total_pages:.0f} words/page, "
        f"{took:.1f} s ({total_pages / took:,.0f} pages/s)"
    )


if __name__ == "__main__":
    main()
