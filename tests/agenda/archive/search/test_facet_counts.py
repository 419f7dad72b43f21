"""The facet counts, counted as two codes of each match (agenda/archive/search/facts.py, ``Groups``), equal the
counts taken column by column as before (kept here as the reference: ``_by_columns``) — on random archives
with missing terms, fields and signers, for random sets of matches and legal forces."""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from agenda.archive.force import Force
from agenda.archive.search.facts import Found, groups_of
from agenda.archive.search.request import Kind
from agenda.archive.search.service import FACETS, facet_counts


def _by_columns(found: Sequence[Found], status: dict[int, Force]) -> dict[str, list[tuple[Any, int]]]:
    """The counts as the service took them before the codes."""
    if not found:
        return {name: [] for name in FACETS}
    ids, councils, levels, years, terms, normative, fields, signers, *_ = zip(*found, strict=True)
    kinds = Counter(normative)
    forces = Counter(map(status.get, ids))
    columns: dict[str, Counter[Any]] = {
        "council": Counter(councils),
        "level": Counter(levels),
        "year": Counter(years),
        "term": Counter(terms),
        "kind": Counter({Kind.NORMATIVE.value: kinds[True], Kind.OTHER.value: kinds[False]}),
        "field": Counter(fields),
        "signer": Counter(signers),
        "status": Counter({force.value: n for force, n in forces.items() if force is not None}),
    }
    out: dict[str, list[tuple[Any, int]]] = {}
    for name in FACETS:
        counts = columns[name]
        counts.pop(None, None)
        out[name] = heapq.nsmallest(
            30, ((v, n) for v, n in counts.items() if n), key=lambda kv: (-kv[1], str(kv[0]))
        )
    return out


def test_the_counts_by_codes_equal_the_counts_by_columns() -> None:
    rng = random.Random(14)
    for size in (1, 7, 400, 3000):
        newest = [
            Found(
                id=i + 1,
                council_id=(council := rng.randrange(1, 45)),
                level="province" if council < 4 else "commune",
                year=rng.randrange(2016, 2027),
                term_id=rng.choice([None, council * 10, council * 10 + 1]),
                normative=rng.random() < 0.3,
                field=rng.choice(
                    [None, "Đất đai", "Y tế", "Giáo dục", *(f"Lĩnh vực {n}" for n in range(40))]
                ),
                signer=rng.choice([None, f"Chủ tịch {council}", f"Phó Chủ tịch {council}"]),
                adopted_on=dt.date(2026, 1, 1),
                serial=i,
                published_on=None,
                session_id=None,
                place=i,
            )
            for i in range(size)
        ]
        groups = groups_of(newest)
        for _ in range(20):
            found = [f for f in newest if rng.random() < rng.choice([0.05, 0.5, 1.0])]
            status = {f.id: rng.choice(list(Force)) for f in newest if rng.random() < 0.9}
            assert facet_counts(found, groups, status) == _by_columns(found, status)
