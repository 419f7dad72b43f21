"""The demo's activities between sessions: a year (up to today, from the term's first weeks) of what the
council's bodies did — each Ban's supervisions and a survey, the Thường trực's thematic supervision and an
explanation hearing, each Tổ's voter-contact meeting before each session with recommendations at every stage
of their chain, citizen receptions on a monthly rotation with petitions (some late to process, some past due).
Deterministic (a seeded generator) and written through the same functions as the pages, so it keeps their
rules (participants in office, nothing completed in the future)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.activity import activities, petitions, recommendations
from agenda.activity.followup_values import (
    PetitionForwarding,
    PetitionInput,
    PetitionResolution,
    RecommendationInput,
)
from agenda.activity.rules import in_office
from agenda.activity.values import ActivityInput, ParticipantInput
from agenda.council.office import holds_on
from agenda.demo.people import TERM_START
from agenda.models import (
    ActivityKind,
    Council,
    Membership,
    MembershipRole,
    Organiser,
    Organization,
    OrganizationKind,
    Outcome,
    ParticipantRole,
    PetitionKind,
    RecommendationKind,
    Session,
    Term,
)

SUPERVISIONS = [
    "Giám sát việc thực hiện chính sách hỗ trợ người có công",
    "Giám sát công tác giải phóng mặt bằng các dự án trọng điểm",
    "Giám sát việc quản lý, sử dụng đất công",
    "Giám sát công tác phòng, chống thiên tai",
    "Giám sát việc thực hiện chương trình mục tiêu quốc gia giảm nghèo bền vững",
    "Giám sát công tác thi hành án dân sự",
]
SURVEYS = [
    "Khảo sát cơ sở vật chất các trường học vùng khó khăn",
    "Khảo sát tình hình hoạt động của trạm y tế xã",
    "Khảo sát việc xử lý rác thải sinh hoạt ở nông thôn",
]
RECOMMENDATIONS = [
    ("Giao thông", "Sửa chữa tuyến đường liên xã bị xuống cấp, sạt lở sau mưa bão"),
    ("Đất đai", "Đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho hộ dân tái định cư"),
    ("Y tế", "Bổ sung bác sĩ và trang thiết bị cho trạm y tế xã"),
    ("Giáo dục", "Xây thêm phòng học, bảo đảm đủ chỗ học hai buổi một ngày"),
    ("Môi trường", "Xử lý ô nhiễm tại khu vực bãi rác tập trung"),
    ("Chính sách", "Giải quyết chế độ cho người có công còn tồn đọng"),
    ("Nông nghiệp", "Nạo vét kênh mương nội đồng trước vụ Đông Xuân"),
    ("Điện", "Lắp đặt đèn chiếu sáng công cộng tại các khu dân cư mới"),
]
ADDRESSEES = ["UBND tỉnh", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Y tế", "Sở Giáo dục và Đào tạo"]
SENDERS = ["Ông Nguyễn Văn Hải", "Bà Trần Thị Thu", "Ông Lê Văn Nam", "Bà Phạm Thị Hoa", "Ông Vũ Đình Khang"]
SUBJECTS = {
    PetitionKind.COMPLAINT: "Khiếu nại quyết định thu hồi đất, mức bồi thường",
    PetitionKind.DENUNCIATION: "Tố cáo việc xây dựng trái phép trên đất nông nghiệp",
    PetitionKind.RECOMMENDATION: "Kiến nghị giải quyết ngập úng khu dân cư",
    PetitionKind.REFLECTION: "Phản ánh tiếng ồn của cơ sở sản xuất",
}
# The stage a meeting's recommendations are taken to, in turn: every stage of the chain appears.
STAGES = [
    "resolved",
    "unresolved",
    "overdue",
    "answered",
    "partly",
    "forwarded",
    "raised",
    "opinion",
    "resolved",
]


@dataclass
class _Run:
    db: DbSession
    council: Council
    term: Term
    today: dt.date
    rng: random.Random
    codes: int = 0
    activities: int = 0

    def code(self, prefix: str) -> str:
        self.codes += 1
        if prefix not in ("KN", "DT"):
            self.activities += 1
        return f"{prefix}-{self.codes:03d}"


def _members(run: _Run, body: Organization, start: dt.date, end: dt.date) -> list[tuple[int, bool]]:
    """(person id, is head) of the body's members on ``start`` who hold a seat on those dates."""
    rows = run.db.scalars(
        select(Membership).where(Membership.organization_id == body.id).order_by(Membership.id)
    )
    holding = [m for m in rows if holds_on(m, start)]
    present = in_office(run.db, run.term, {m.person_id for m in holding}, start, end)
    heads = {MembershipRole.HEAD, MembershipRole.CHAIR}
    return [(m.person_id, m.role in heads) for m in holding if m.person_id in present]


def _record(run: _Run, values: ActivityInput) -> int:
    return activities.create_activity(run.db, run.council, values, actor="demo").id


def _team(
    run: _Run, body: Organization, start: dt.date, end: dt.date, size: int, role: ParticipantRole
) -> tuple[ParticipantInput, ...]:
    members = _members(run, body, start, end)
    heads = [p for p, head in members if head]
    others = [p for p, head in members if not head]
    run.rng.shuffle(others)
    chosen = heads[:1] + others[: max(0, size - len(heads[:1]))]
    return tuple(ParticipantInput(p, ParticipantRole.LEAD if p in heads else role) for p in chosen)


def _in_window(run: _Run, start: dt.date, days: int) -> dt.date | None:
    end = start + dt.timedelta(days=days)
    return end if end < run.today else None


def _supervisions(run: _Run, bans: list[Organization], standing: Organization, first: dt.date) -> None:
    span = (run.today - first).days
    for n, ban in enumerate(bans):
        for k, kind in enumerate((ActivityKind.SUPERVISION, ActivityKind.SUPERVISION, ActivityKind.SURVEY)):
            start = first + dt.timedelta(days=(span * (k + 1)) // 4 + 7 * n)
            while start.weekday() > 3:
                start += dt.timedelta(days=1)
            end = start + dt.timedelta(days=2 if kind is ActivityKind.SUPERVISION else 0)
            if end >= run.today:
                continue
            titles = SUPERVISIONS if kind is ActivityKind.SUPERVISION else SURVEYS
            title = titles[(2 * n + k) % len(titles)]
            activity_id = _record(
                run,
                ActivityInput(
                    kind=kind,
                    organiser=Organiser.COMMITTEE,
                    organization_id=ban.id,
                    title=f"{title} ({ban.name})",
                    external_id=run.code("GS" if kind is ActivityKind.SUPERVISION else "KS"),
                    subjects="UBND các huyện, thị xã; các sở, ngành liên quan",
                    place="Các địa phương trong tỉnh",
                    starts_on=start,
                    ends_on=end,
                    completed_on=_in_window(run, end, 10),
                    conclusions="Báo cáo kết quả giám sát gửi Thường trực HĐND tỉnh"
                    if end + dt.timedelta(days=10) < run.today
                    else None,
                    participants=_team(run, ban, start, end, 4, ParticipantRole.MEMBER),
                ),
            )
            if kind is ActivityKind.SUPERVISION:
                _raise(run, activity_id, end, 1, "resolved" if k == 0 else "forwarded")
    start = first + dt.timedelta(days=span // 2)
    end = start + dt.timedelta(days=4)
    if end < run.today:
        _record(
            run,
            ActivityInput(
                kind=ActivityKind.SUPERVISION,
                organiser=Organiser.STANDING,
                organization_id=standing.id,
                thematic=True,
                title="Giám sát chuyên đề việc thực hiện các nghị quyết về đầu tư công",
                external_id=run.code("GSCD"),
                starts_on=start,
                ends_on=end,
                completed_on=end,
                participants=_team(run, standing, start, end, 3, ParticipantRole.MEMBER),
            ),
        )
    hearing = first + dt.timedelta(days=(span * 3) // 5)
    if hearing < run.today:
        _record(
            run,
            ActivityInput(
                kind=ActivityKind.EXPLANATION,
                organiser=Organiser.STANDING,
                organization_id=standing.id,
                title="Phiên giải trình về công tác cải cách thủ tục hành chính",
                external_id=run.code("GT"),
                starts_on=hearing,
                completed_on=hearing,
                participants=_team(run, standing, hearing, hearing, 3, ParticipantRole.MEMBER),
            ),
        )


def _raise(run: _Run, activity_id: int, on: dt.date, count: int, *stages: str) -> None:
    """``count`` recommendations raised at an activity on ``on``, taken along their chain to ``stages`` in
    turn (as far as today allows)."""
    for i in range(count):
        field, text = RECOMMENDATIONS[run.rng.randrange(len(RECOMMENDATIONS))]
        stage = stages[i % len(stages)]
        forwarded, answered = on + dt.timedelta(days=7), on + dt.timedelta(days=35)
        due = forwarded + dt.timedelta(days={"overdue": 15, "forwarded": 180}.get(stage, 60))
        raised = RecommendationInput(
            text=text,
            field=field,
            raised_on=on,
            kind=RecommendationKind.OPINION if stage == "opinion" else RecommendationKind.RECOMMENDATION,
            activity_id=activity_id,
            external_id=run.code("KN"),
        )
        if stage not in ("raised", "opinion") and forwarded <= run.today:
            addressee = ADDRESSEES[i % len(ADDRESSEES)]
            raised = dataclasses.replace(raised, addressee=addressee, forwarded_on=forwarded, due_on=due)
            if stage in ("answered", "resolved", "partly", "unresolved") and answered <= run.today:
                answer = "UBND tỉnh đã chỉ đạo các ngành xem xét, bố trí kinh phí."
                raised = dataclasses.replace(raised, answered_on=answered, answer=answer)
                if stage != "answered":
                    settled = min(answered + dt.timedelta(days=20), run.today)
                    raised = dataclasses.replace(raised, outcome=Outcome(stage), outcome_on=settled)
        recommendations.create_recommendation(run.db, raised, actor="demo")


def _voter_contacts(run: _Run, groups: list[Organization], first: dt.date) -> None:
    sessions = run.db.scalars(
        select(Session).where(Session.term_id == run.term.id).order_by(Session.starts_on)
    ).all()
    for session in sessions:
        for n, group in enumerate(groups):
            day = session.starts_on - dt.timedelta(days=12 + n % 5)
            if day < first or day >= run.today:
                continue
            activity_id = _record(
                run,
                ActivityInput(
                    kind=ActivityKind.VOTER_CONTACT,
                    organiser=Organiser.GROUP,
                    organization_id=group.id,
                    title=f"Tiếp xúc cử tri trước {session.title or f'kỳ họp thứ {session.number}'}",
                    external_id=run.code("TXCT"),
                    place=f"Nhà văn hóa khu dân cư số {n + 1}",
                    starts_on=day,
                    completed_on=day,
                    voters=run.rng.randrange(80, 260),
                    session_id=session.id,
                    participants=_team(run, group, day, day, 3, ParticipantRole.MEMBER),
                ),
            )
            offset = (n + session.number) % len(STAGES)
            _raise(run, activity_id, day, 3, *(STAGES[offset:] + STAGES[:offset]))


def _receptions(run: _Run, standing: Organization, first: dt.date) -> None:
    month = dt.date(first.year, first.month, 1)
    kinds = list(PetitionKind)
    while True:
        day = month.replace(day=10)
        while day.weekday() != 2:  # Wednesday, the council's reception day
            day += dt.timedelta(days=1)
        if day >= run.today:
            return
        if day >= first:
            team = _team(run, standing, day, day, 2, ParticipantRole.ON_DUTY)
            activity_id = _record(
                run,
                ActivityInput(
                    kind=ActivityKind.CITIZEN_RECEPTION,
                    organiser=Organiser.STANDING,
                    organization_id=standing.id,
                    title=f"Tiếp công dân định kỳ tháng {day.month}/{day.year}",
                    external_id=run.code("TCD"),
                    place="Trụ sở tiếp công dân tỉnh",
                    starts_on=day,
                    completed_on=day,
                    citizens=run.rng.randrange(3, 15),
                    cases=run.rng.randrange(1, 6),
                    participants=team,
                ),
            )
            _petitions(run, activity_id, day, kinds[day.month % 4], kinds[(day.month + 1) % 4])
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _petitions(run: _Run, activity_id: int, day: dt.date, *kinds: PetitionKind) -> None:
    for i, kind in enumerate(kinds):
        petition = petitions.receive(
            run.db,
            run.council,
            PetitionInput(
                kind=kind,
                sender=SENDERS[run.rng.randrange(len(SENDERS))],
                subject=SUBJECTS[kind],
                received_on=day,
                activity_id=activity_id,
                external_id=run.code("DT"),
            ),
            actor="demo",
        )
        age = (run.today - day).days
        if i == 1 and age < 40:
            continue  # not forwarded yet: late to process once ten working days pass
        forwarded = day + dt.timedelta(days=3 + i)
        if forwarded > run.today:
            continue
        petitions.forward(
            run.db, petition, PetitionForwarding(ADDRESSEES[i % len(ADDRESSEES)], forwarded), actor="demo"
        )
        resolved = forwarded + dt.timedelta(days=20 + 20 * i)
        if resolved <= run.today and (day.month + i) % 4 != 0:  # every fourth one left open: past due by now
            outcome = (Outcome.RESOLVED, Outcome.PARTLY, Outcome.UNRESOLVED)[(day.month + i) % 3]
            petitions.resolve(
                run.db, petition, PetitionResolution(resolved, outcome, "Đã có văn bản trả lời"), actor="demo"
            )


def add_activity(db: DbSession, council: Council, term: Term, today: dt.date) -> int:
    """The demo's year of activities for ``council``'s ``term`` up to ``today``; the number of activities."""
    bodies = db.scalars(
        select(Organization).where(Organization.term_id == term.id).order_by(Organization.id)
    ).all()
    standing = next(b for b in bodies if b.kind is OrganizationKind.STANDING)
    bans = [b for b in bodies if b.kind is OrganizationKind.COMMITTEE]
    groups = [b for b in bodies if b.kind is OrganizationKind.GROUP]
    first = max(TERM_START + dt.timedelta(days=14), today - dt.timedelta(days=365))
    run = _Run(db, council, term, today, random.Random(16))
    noon = dt.datetime.combine(today, dt.time(12), clock.zone(council.time_zone))
    with clock.frozen(noon):  # the demo's today is the council's (a demo may be built for another day)
        _supervisions(run, bans, standing, first)
        _voter_contacts(run, groups, first)
        _receptions(run, standing, first)
    return run.activities
