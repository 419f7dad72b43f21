"""Who issued an imported resolution: the issuer its header prints ("HỘI ĐỒNG NHÂN DÂN / TỈNH QUẢNG NINH",
"HĐND QUẬN NGÔ QUYỀN"), or a CSV's council column (an id, a name or a short name), matched to a council
recorded here — by its name or short name, case, spacing and tone placement aside.

An issuer that matches none is refused, naming it. With ``create`` (``--create-councils``) a historical
district council (quận, huyện, thị xã — the level abolished on 1 July 2025, Law 72/2025/QH15) is created
for the archive, abolished on that date; any other unknown issuer (a province, a commune, or a "thành phố"
that may be either level) must be added on the councils page first: nothing is guessed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.archive.importer.header import issuer_rest
from agenda.council.councils import CouncilInput, create_council
from agenda.errors import DomainError
from agenda.models import Council, CouncilLevel
from agenda.text import fold

DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)  # Law 72/2025/QH15: district-level councils end
_DISTRICT_WORDS = ("quận", "huyện", "thị xã")


def key(name: str) -> str:
    """A council's name as matched: lowercase, canonical tones, spacing collapsed, "HĐND" spelt out."""
    folded = fold(name, keep_marks=True)[0].strip()
    if folded.startswith("hđnd "):
        folded = "hội đồng nhân dân " + folded[len("hđnd ") :]
    return folded


class Issuers:
    """The councils recorded, by the keys of their names and short names — read once per import, and
    added to as councils are created (``create``)."""

    def __init__(self, db: DbSession, *, create: bool, actor: str | None = None) -> None:
        self.create = create
        self.actor = actor
        self.by_key: dict[str, int] = {}
        self.ids: set[int] = set()
        self._created: list[Council] = []  # in the transaction under way
        self._file_start = 0  # of ``_created``: the councils of the file under way
        for council in db.scalars(select(Council)):
            self._remember(council)

    def _remember(self, council: Council) -> None:
        self.ids.add(council.id)
        self.by_key.setdefault(key(council.name), council.id)
        self.by_key.setdefault(key(council.short_name), council.id)

    def begin_file(self) -> None:
        """A file's savepoint begins: what it creates is forgotten if it is rolled back."""
        self._file_start = len(self._created)

    def file_rolled_back(self) -> None:
        """The file's savepoint was rolled back: the councils it created are not there."""
        self._forget(self._created[self._file_start :])
        del self._created[self._file_start :]

    def settle(self, *, committed: bool) -> None:
        """After each transaction (a batch of files): councils it created stay known only if it was committed."""
        if not committed:
            self._forget(self._created)
        self._created.clear()
        self._file_start = 0

    def _forget(self, councils: list[Council]) -> None:
        for council in councils:
            self.ids.discard(council.id)
            for name in (council.name, council.short_name):
                if self.by_key.get(key(name)) == council.id:
                    del self.by_key[key(name)]

    def find(self, written: str) -> int | None:
        """The council a CSV cell (an id) or a header's issuer names, else None."""
        text = written.strip()
        if text.isdigit():
            return int(text) if int(text) in self.ids else None
        return self.by_key.get(key(text))

    def resolve(self, db: DbSession, written: str) -> int:
        """The council's id; refused (naming the issuer) when it is unknown and may not be created."""
        found = self.find(written)
        if found is not None:
            return found
        rest = issuer_rest(written) if not written.strip().isdigit() else None
        place = _district_place(rest) if rest else None
        if self.create and place is not None:
            level_word, name = place
            council = create_council(
                db,
                CouncilInput(
                    name=f"Hội đồng nhân dân {level_word} {name}",
                    short_name=f"HĐND {level_word} {name}",
                    place_name=name,
                    level=CouncilLevel.DISTRICT,
                    abolished_on=DISTRICTS_ABOLISHED,
                ),
                actor=self.actor,
            )
            self._remember(council)
            self._created.append(council)
            return council.id
        hint_vi = (
            " Chạy lại với --create-councils để tạo Hội đồng cấp huyện (đã giải thể) này cho lưu trữ."
            if place is not None and not self.create
            else " Hãy thêm Hội đồng này ở trang Hội đồng nhân dân trước."
        )
        hint_en = (
            " Run again with --create-councils to create this (abolished) district council for the archive."
            if place is not None and not self.create
            else " Add this council on the councils page first."
        )
        raise DomainError(
            f"Không có Hội đồng nhân dân “{written.strip()}” trong hệ thống.{hint_vi}",
            f"No council “{written.strip()}” is recorded.{hint_en}",
            code="unknown_council",
            field="council",
            status=422,
        )


def _district_place(rest: str) -> tuple[str, str] | None:
    """ "QUẬN NGÔ QUYỀN" → ("quận", "Ngô Quyền"); None for any other level."""
    words = rest.split()
    lowered = fold(rest, keep_marks=True)[0]
    for word in _DISTRICT_WORDS:
        if lowered.startswith(word + " "):
            name = " ".join(w.capitalize() for w in words[len(word.split()) :])
            return (word, name) if name else None
    return None
