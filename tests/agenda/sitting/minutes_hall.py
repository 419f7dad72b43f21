"""A whole session for the minutes, built through the domain's own functions on a frozen clock: a provincial
council, three sitting days (01–03/12/2026) with attendance and reasons, named and secret votes (the first
adopting a resolution, numbered 05/2026/NQ-HĐND), speeches and rebuttals with their times, questions
answered in person and in writing. Used by ``test_minutes.py`` and ``bench/minutes_pdf.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from agenda import clock
from agenda import db as storage
from agenda.archive import resolutions
from agenda.council import items, officials, sessions, terms
from agenda.council.delegates import DelegateInput, add_delegate
from agenda.council.officials import OfficialInput
from agenda.council.people import PersonInput
from agenda.models import AgendaItemKind, CouncilLevel, Resolution, Session
from agenda.sitting import answers, attendance, ballots, floor, opening, questions, votes

DAYS = (dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3))
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLES = ("Văn", "Thị", "Đức", "Ngọc", "Quốc", "Thu", "Minh", "Hữu", "Thanh")
GIVEN = (
    "Ánh",
    "Bảo",
    "Cường",
    "Dũng",
    "Đạt",
    "Hằng",
    "Hưởng",
    "Khải",
    "Lộc",
    "Mỹ",
    "Nguyệt",
    "Phượng",
    "Quỳnh",
    "Sương",
    "Thắng",
    "Tuyết",
    "Ước",
    "Việt",
    "Xuân",
    "Yến",
    "Ỷ",
    "Ứng",
    "Ổn",
    "Ẩn",
)
NUMBER = "05/2026/NQ-HĐND"
RESOLUTION_ITEM = "Nghị quyết về dự toán ngân sách địa phương và phân bổ ngân sách tỉnh năm 2027"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A time of the council's clock (UTC+7) as the naive UTC the database keeps."""
    return dt.datetime(day.year, day.month, day.day, hour, minute) - dt.timedelta(hours=7)


def names(n: int) -> list[str]:
    out = []
    for i in range(n):
        s, m, g = SURNAMES[i % len(SURNAMES)], MIDDLES[(i // 3) % len(MIDDLES)], GIVEN[(i * 7) % len(GIVEN)]
        out.append(f"{s} {m} {g}" if i < len(GIVEN) * 2 else f"{s} {m} {g} {i}")
    return out


@dataclass
class Hall:
    session_id: int
    people: list[int]
    names: list[str]
    official_ids: list[int]
    item_ids: list[int]
    votes: dict[str, int] = field(default_factory=dict)
    questions: dict[str, int] = field(default_factory=dict)


def act(factory: Any, hall: Hall, when: dt.datetime, fn: Any, *args: Any) -> Any:
    with clock.frozen(when), storage.transaction(factory) as db:
        return fn(db, db.get_one(Session, hall.session_id), *args)


def _setup(factory: Any, delegates: int, motions: int) -> Hall:
    with clock.frozen(at(DAYS[0], 7)), storage.transaction(factory) as db:
        home = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân tỉnh Quảng Ninh",
                "HĐND tỉnh Quảng Ninh",
                "Quảng Ninh",
                CouncilLevel.PROVINCE,
            ),
            is_home=True,
        )
        term = terms.create_term(db, home, terms.TermInput(17, dt.date(2026, 3, 15), dt.date(2031, 3, 14)))
        listed = names(delegates)
        people = [
            add_delegate(db, term, DelegateInput(PersonInput(n), seat_label=f"A{i + 1:02d}")).person_id
            for i, n in enumerate(listed)
        ]
        started = dt.date(2026, 4, 1)
        ids = [
            officials.add_official(db, home, OfficialInput(PersonInput(name), post, agency, started)).id
            for name, post, agency in (
                ("Lưu Đức Hưởng", "Giám đốc Sở Tài chính", "Sở Tài chính"),
                ("Ngô Thị Ỷ Lan", "Giám đốc Sở Y tế", "Sở Y tế"),
            )
        ]
        session = sessions.create_session(
            db,
            term,
            sessions.SessionInput(
                DAYS[0],
                DAYS[-1],
                title="Kỳ họp thường lệ cuối năm 2026",
                place="Hội trường Trung tâm Hội nghị tỉnh",
            ),
        )
        items.add_agenda_item(db, session, items.AgendaItemInput("Khai mạc kỳ họp"))
        items.add_agenda_item(db, session, items.AgendaItemInput(RESOLUTION_ITEM, AgendaItemKind.RESOLUTION))
        for k in range(motions):
            items.add_agenda_item(
                db, session, items.AgendaItemInput(f"Nghị quyết chuyên đề số {k + 1}", depth=1)
            )
        items.add_agenda_item(db, session, items.AgendaItemInput("Chất vấn và trả lời chất vấn"))
        sessions.publish_session(db, session)
        return Hall(session.id, people, listed, ids, [i.id for i in session.items])


def _cast(factory: Any, hall: Hall, when: dt.datetime, vote_id: int, choices: list[tuple[int, Any]]) -> None:
    requests = [
        ballots.BallotRequest(
            p, ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": f"ballot-{vote_id}-{p}", "choice": c})
        )
        for p, c in choices
    ]
    act(factory, hall, when, lambda db, s: ballots.cast_ballots(db, s, requests))


def _vote(
    factory: Any, hall: Hall, when: dt.datetime, opening_: dict[str, Any], present: list[int], no: int
) -> int:
    vote_id = int(act(factory, hall, when, votes.open_vote, votes.VoteOpening.parse(opening_), None).id)
    if opening_.get("kind") == "confidence_rating":
        keys = [f"official-{o}" for o in opening_["official_ids"]]
        choices: list[tuple[int, Any]] = [
            (p, {k: ("low" if i < no else "high") for k in keys}) for i, p in enumerate(present)
        ]
    else:
        choices = [(p, "no" if i < no else "abstain" if i == no else "yes") for i, p in enumerate(present)]
    _cast(factory, hall, when + dt.timedelta(minutes=1), vote_id, choices)
    act(factory, hall, when + dt.timedelta(minutes=2), votes.close_vote, votes.VoteRef(vote_id), None)
    return vote_id


def _speak(
    factory: Any, hall: Hall, when: dt.datetime, person: int, minutes: int, rebut: bool = False
) -> None:
    data = {"kind": "rebut"} if rebut else {}
    act(
        factory,
        hall,
        when,
        lambda db, s: floor.request_floor(db, s, person, floor.FloorRequest.parse(data), None),
    )
    with storage.transaction(factory) as db:
        request_id = floor.floor_view(db, db.get_one(Session, hall.session_id))[-1]["id"]
    act(factory, hall, when, floor.give_floor, floor.GiveFloor.parse({"request_id": request_id}), None)
    act(factory, hall, when + dt.timedelta(minutes=minutes, seconds=5), floor.end_floor, None)


def _ask(factory: Any, hall: Hall, when: dt.datetime, person: int, official: int, text: str) -> int:
    filing = questions.QuestionFiling.parse({"official_id": official, "text": text})
    return int(
        act(factory, hall, when, lambda db, s: questions.file_question(db, s, person, filing, None)).id
    )


def build(
    factory: Any, delegates: int = 12, motions: int = 6, speeches_per_day: int = 3, extra_questions: int = 0
) -> Hall:
    """The session: ``motions`` named motions spread over the days, besides the adopting one (day 1), the secret
    one (day 2) and the confidence rating (day 3) — ``motions + 3`` votes in all; three questions (answered in
    person, in writing, left for a written answer) and ``extra_questions`` more answered in person."""
    hall = _setup(factory, delegates, motions)
    shares = [motions // len(DAYS) + (1 if d < motions % len(DAYS) else 0) for d in range(len(DAYS))]
    people = hall.people
    away = {
        0: (people[-1], "Đi công tác nước ngoài"),
        1: (people[-2], "Ốm, nằm viện"),
        2: (people[-1], "Việc gia đình"),
    }
    for d, day in enumerate(DAYS):
        act(factory, hall, at(day, 8), opening.open_sitting, None)
        absent_person, reason = away[d]
        present = [p for p in people if p != absent_person and not (d == 1 and p == people[-3])]
        for i, p in enumerate(present):
            late = d == 0 and i == 1
            act(
                factory,
                hall,
                at(day, 8, 20 if late else 1),
                lambda db, s, p=p: attendance.check_in(db, s, p, method="card", actor=None),
            )
        act(
            factory,
            hall,
            at(day, 8, 2),
            attendance.mark_attendance,
            attendance.AttendanceMark.parse(
                {"person_id": absent_person, "status": "excused", "reason": reason}
            ),
            None,
        )
        if d == 1:  # one absent without a reason, one left early
            act(
                factory,
                hall,
                at(day, 8, 3),
                attendance.mark_attendance,
                attendance.AttendanceMark.parse({"person_id": people[-3], "status": "absent"}),
                None,
            )
        if d == 0:
            hall.votes["adopt"] = _vote(
                factory,
                hall,
                at(day, 9),
                {"title": f"Thông qua {RESOLUTION_ITEM}", "agenda_item_id": hall.item_ids[1]},
                present,
                2,
            )
        if d == 1:
            hall.votes["secret"] = _vote(
                factory,
                hall,
                at(day, 9),
                {"title": "Biểu quyết kín về miễn nhiệm Ủy viên UBND tỉnh", "secret": True},
                present,
                3,
            )
        if d == 2:
            hall.votes["rating"] = _vote(
                factory,
                hall,
                at(day, 9),
                {
                    "kind": "confidence_rating",
                    "title": "Lấy phiếu tín nhiệm",
                    "official_ids": hall.official_ids,
                },
                present,
                1,
            )
        for k in range(shares[d]):
            number = sum(shares[:d]) + k + 1
            item = hall.item_ids[1 + number]
            _vote(
                factory,
                hall,
                at(day, 10, 3 * k % 60) + dt.timedelta(hours=3 * k // 60),
                {
                    "title": f"Thông qua nghị quyết chuyên đề số {number}",
                    "agenda_item_id": item,
                },
                present,
                k % 3,
            )
        for k in range(speeches_per_day):
            _speak(
                factory,
                hall,
                at(day, 13) + dt.timedelta(minutes=9 * k),
                present[k % len(present)],
                7,
                rebut=k % 3 == 2,
            )
        if d == 1:
            act(
                factory,
                hall,
                at(day, 16),
                attendance.mark_attendance,
                attendance.AttendanceMark.parse({"person_id": present[4], "status": "left"}),
                None,
            )
    return _questions_and_close(factory, hall, extra_questions)


def _questions_and_close(factory: Any, hall: Hall, extra: int) -> Hall:
    day, people, (finance, health) = DAYS[2], hall.people, hall.official_ids
    asked = {
        "in_person": _ask(
            factory,
            hall,
            at(day, 14),
            people[0],
            finance,
            "Vì sao giải ngân vốn đầu tư công năm 2026 chậm, trách nhiệm thuộc về ai?",
        ),
        "in_writing": _ask(
            factory,
            hall,
            at(day, 14),
            people[1],
            health,
            "Kế hoạch nâng cấp bệnh viện tuyến huyện cũ ở vùng sâu, vùng xa?",
        ),
        "due": _ask(
            factory,
            hall,
            at(day, 14),
            people[2],
            health,
            "Tình trạng thiếu thuốc, vật tư y tế ở trạm y tế xã?",
        ),
    }
    hall.questions = asked
    more = [
        _ask(
            factory,
            hall,
            at(day, 14),
            people[3 + i % 8],
            (finance, health)[i % 2],
            f"Câu hỏi số {i + 4} về ngân sách?",
        )
        for i in range(extra)
    ]
    arrangement = questions.QuestionArrangement.parse(
        {
            "order": [*asked.values(), *more],
            "groups": {str(asked["in_person"]): "Đầu tư công"},
            "selected": [*asked.values(), *more],
        }
    )
    act(factory, hall, at(day, 14, 5), questions.arrange_questions, arrangement, None)
    for i, q in enumerate(more):  # answered first, in person
        act(factory, hall, at(day, 13, i % 60), answers.start_answer, questions.QuestionRef(q), None)
        answer = answers.Answer.parse(
            {"question_id": q, "answer": f"Trả lời câu hỏi số {i + 4}: đã chỉ đạo xử lý."}
        )
        act(factory, hall, at(day, 13, i % 60), answers.record_answer, answer, None)
    act(factory, hall, at(day, 14, 10), answers.start_answer, questions.QuestionRef(asked["in_person"]), None)
    act(
        factory,
        hall,
        at(day, 14, 15),
        answers.record_answer,
        answers.Answer.parse(
            {
                "question_id": asked["in_person"],
                "answer": f"Do vướng giải phóng mặt bằng; Sở sẽ trình Nghị quyết số {NUMBER} sửa đổi.",
            }
        ),
        None,
    )
    act(
        factory,
        hall,
        at(day, 14, 20),
        answers.mark_for_written_answer,
        questions.QuestionRef(asked["in_writing"]),
        None,
    )
    act(
        factory,
        hall,
        at(day, 15),
        answers.record_written_answer,
        answers.Answer.parse_written(
            {
                "question_id": asked["in_writing"],
                "answer": "Sở Y tế trả lời bằng văn bản: khởi công quý II năm 2027.",
            }
        ),
        None,
    )
    act(factory, hall, at(day, 17), opening.close_session, None)
    with clock.frozen(at(day, 17, 30)), storage.transaction(factory) as db:
        record = db.scalars(select(Resolution).where(Resolution.vote_id == hall.votes["adopt"])).one()
        record.normative = True
        resolutions.assign_number(
            db, record, NUMBER, gap_reason="Số 01 đến 04 đã cấp cho các nghị quyết kỳ họp trước"
        )
    return hall
