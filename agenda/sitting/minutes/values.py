"""The minutes (biên bản kỳ họp) as values: what :mod:`agenda.sitting.minutes.build` reads from a session and
:mod:`agenda.pdf.minutes` prints. No database here; times are naive UTC, printed on ``Heading.time_zone``."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Presence(enum.StrEnum):
    """A delegate on a sitting day, as the minutes count them."""

    PRESENT = "present"  # có mặt
    LEFT = "left"  # có mặt, về sớm
    EXCUSED = "excused"  # vắng có lý do
    ABSENT = "absent"  # vắng không lý do
    UNRECORDED = "unrecorded"  # not marked: counted as absent without reason


@dataclass(frozen=True)
class Heading:
    """Who met, which session, when and where."""

    council: str  # "Hội đồng nhân dân tỉnh Quảng Ninh"
    place_name: str  # "Quảng Ninh", for "Quảng Ninh, ngày … tháng … năm …"
    term_number: int
    term_years: str  # "2026–2031"
    session_number: int
    session_heading: str  # "Kỳ họp thứ 3 (kỳ họp chuyên đề) HĐND tỉnh Quảng Ninh khóa XVII"
    title: str | None
    place: str | None
    starts_on: dt.date
    ends_on: dt.date
    closed: bool
    time_zone: str


@dataclass(frozen=True)
class AgendaLine:
    number: str  # "2", "2.1"
    title: str
    depth: int


@dataclass(frozen=True)
class DelegateDay:
    full_name: str
    seat_label: str | None
    presence: Presence
    reason: str | None
    late: bool
    left_at: dt.datetime | None


@dataclass(frozen=True)
class AttendanceDay:
    """One sitting day: every delegate in office that day, and the quorum on their TOTAL number."""

    day: dt.date
    total: int  # delegates in office on the day
    quorum_fraction: str  # "2/3"
    needed: int  # the fewest present that make the quorum
    delegates: tuple[DelegateDay, ...]

    def having(self, *presence: Presence) -> tuple[DelegateDay, ...]:
        return tuple(d for d in self.delegates if d.presence in presence)

    @property
    def attended(self) -> int:
        """Present at the sitting (those who left early included: they were there when it was counted)."""
        return len(self.having(Presence.PRESENT, Presence.LEFT))

    @property
    def has_quorum(self) -> bool:
        return self.total > 0 and self.attended >= self.needed


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int
    percent_of_total: str  # "88,24%"


@dataclass(frozen=True)
class SubjectResult:
    """One official of a confidence rating or vote: the counts and the legal outcome."""

    label: str
    options: tuple[OptionCount, ...]
    verdict: str


@dataclass(frozen=True)
class ChoiceGroup:
    """In a named vote, the delegates who chose one option (sorted the Vietnamese way)."""

    label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class VoteLine:
    """One vote. ``sentence`` is the legal sentence of a motion's result (:func:`agenda.rules.result_sentence`);
    ``named`` is empty for a secret ballot — its minutes carry counts only."""

    number: int
    title: str
    secret: bool
    motion: bool
    status: str  # open | closed | cancelled
    rule_text: str
    agenda_item: str | None  # "2. Nghị quyết …"
    repeat_of: int | None  # the number of the vote it repeats
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    total: int
    present: int
    cast: int
    not_voted: int
    sentence: str | None
    verdict: str | None
    options: tuple[OptionCount, ...]
    subjects: tuple[SubjectResult, ...]
    named: tuple[ChoiceGroup, ...]


@dataclass(frozen=True)
class SpeechLine:
    order: int
    full_name: str
    rebuttal: bool
    agenda_item: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None

    @property
    def seconds(self) -> int | None:
        return int((self.ended_at - self.started_at).total_seconds()) if self.ended_at else None


class Answered(enum.StrEnum):
    IN_PERSON = "in_person"  # trả lời trực tiếp tại phiên họp
    IN_WRITING = "in_writing"  # đã trả lời bằng văn bản
    WRITING_DUE = "writing_due"  # sẽ trả lời bằng văn bản, hạn …
    AT_SITTING = "at_sitting"  # chọn chất vấn tại phiên họp, chưa trả lời


@dataclass(frozen=True)
class QuestionLine:
    order: int
    asker: str
    official: str
    position: str
    group: str | None
    text: str
    answered: Answered
    answer: str | None
    answered_at: dt.datetime | None
    due_on: dt.date | None


@dataclass(frozen=True)
class ResolutionLine:
    """A resolution the session adopted: its number once the archivist gave it one (None: not yet)."""

    number: str | None
    title: str
    adopted_on: dt.date
    normative: bool
    vote_number: int | None
    agenda_item: str | None


@dataclass(frozen=True)
class Seal:
    entries: int
    intact: bool
    last_seq: int | None
    last_hash: str | None


@dataclass(frozen=True)
class Minutes:
    heading: Heading
    agenda: tuple[AgendaLine, ...]
    days: tuple[AttendanceDay, ...]
    votes: tuple[VoteLine, ...]
    speeches: tuple[SpeechLine, ...]
    questions: tuple[QuestionLine, ...]
    resolutions: tuple[ResolutionLine, ...]
    seal: Seal
    generated_at: dt.datetime
