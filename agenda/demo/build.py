"""The demo council: a realistic provincial HĐND with its term, about fifty delegates in Ban and Tổ, UBND
officials, accounts for every role, past sessions with their records and an upcoming session with a full
agenda and its published documents."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.delegates import DelegateInput, DelegatePatch, add_delegate, update_delegate
from agenda.council.memberships import MembershipInput, MembershipPatch, add_membership, update_membership
from agenda.council.office import delegates_in_office
from agenda.council.officials import OfficialInput, add_official
from agenda.council.organizations import OrganizationInput, create_organization
from agenda.council.people import PersonInput
from agenda.council.sessions import session_heading
from agenda.council.terms import CouncilInput, TermInput, create_council, create_term, term_label
from agenda.demo import prose as seeds
from agenda.demo.activity import add_activity
from agenda.demo.archive import add_archive
from agenda.demo.logins import DemoLogin, as_lines, create_accounts
from agenda.demo.people import (
    AREAS,
    BAN_DEPUTIES,
    BAN_HEADS,
    BANS,
    CHAIR,
    COUNCIL,
    DEMO_DELEGATE_INDEX,
    DEPARTED_INDEX,
    LEADERSHIP,
    OFFICIALS,
    PROVINCE_FORMED,
    SEATS,
    TERM_END,
    TERM_NUMBER,
    TERM_START,
    UBND_LEADERS,
    VICE_CHAIRS,
    DelegateSpec,
    NameMaker,
    assign_units,
    delegate_specs,
    electoral_units,
    seat_label,
)
from agenda.demo.prose import Prose
from agenda.demo.reading import add_past_reading
from agenda.demo.record import add_past_record
from agenda.demo.sessions import Timeline, create_sessions, make_timeline
from agenda.demo.tracking import add_tracking
from agenda.demo.votes import add_past_votes
from agenda.errors import Conflict
from agenda.models import (
    Council,
    CouncilLevel,
    Mandate,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    Session,
    Term,
    User,
)


@dataclass
class DemoSummary:
    council_name: str
    term_label: str
    delegates_in_office: int
    upcoming_session_id: int
    upcoming_session_heading: str
    logins: list[DemoLogin] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [
            f"{self.council_name}, {self.term_label}: {self.delegates_in_office} đại biểu đang làm nhiệm vụ.",
            f"Kỳ họp sắp tới: {self.upcoming_session_heading}",
            "Tài khoản để thử:",
        ]
        lines += as_lines(self.logins)
        return "\n".join(lines)


def build_demo(db: DbSession, *, today: dt.date | None = None) -> DemoSummary:
    """Build the demo council in an EMPTY database (refused otherwise) and say how to sign in."""
    _ensure_empty(db)
    timeline = make_timeline(today or clock.today(clock.DEFAULT_TIME_ZONE))
    rng = random.Random(2026)
    prose = Prose(seeds.seed_sentences(seeds.SEED_DIR))  # (read here: a test points it elsewhere)
    council = create_council(db, COUNCIL, is_home=True)
    term = _create_term(db, council)
    names = NameMaker(rng)
    specs = delegate_specs(rng, names)
    mandates, unit_of = _elect_delegates(db, term, specs[:SEATS], rng)
    orgs = _organize(db, term, mandates, unit_of, rng, prose)
    successor = _replace_departed(db, term, mandates[DEPARTED_INDEX], specs[SEATS], orgs, timeline)
    in_office = [m for i, m in enumerate(mandates) if i != DEPARTED_INDEX] + [successor]
    _add_officials(db, council, names, timeline)
    logins = create_accounts(db, in_office, mandates[CHAIR], mandates[DEMO_DELEGATE_INDEX])
    upcoming = create_sessions(db, term, timeline, prose)
    add_past_record(db, council, term, timeline.today)  # attendance, speeches, questions of the past sessions
    add_past_votes(db, council, term, timeline.today)  # their named votes: a ballot per delegate in the hall
    add_past_reading(db, council, term, timeline.today)  # their documents, and who read them before
    district = _add_neighbouring_councils(db, council)
    add_archive(db, council, district)
    add_tracking(db, council, timeline.today)  # theo dõi thực hiện: tasks of three resolutions
    add_activity(db, council, term, timeline.today)  # a year of activities between sessions
    return DemoSummary(
        council_name=council.name,
        term_label=term_label(term),
        delegates_in_office=delegates_in_office(db, term.id, timeline.today),
        upcoming_session_id=upcoming.id,
        upcoming_session_heading=session_heading(upcoming, council),
        logins=logins,
    )


def _add_neighbouring_councils(db: DbSession, province: Council) -> Council:
    """A commune council under the province, and a district council abolished on 1/7/2025 (archive only) —
    which is returned (the demo's archive holds one of its resolutions)."""
    commune = CouncilInput(
        "Hội đồng nhân dân phường Hoa Lư", "HĐND phường Hoa Lư", "Hoa Lư", CouncilLevel.COMMUNE
    )
    district = CouncilInput(
        "Hội đồng nhân dân huyện Gia Viễn",
        "HĐND huyện Gia Viễn",
        "Gia Viễn",
        CouncilLevel.DISTRICT,
        dt.date(2025, 7, 1),
    )
    create_council(db, replace(commune, parent_id=province.id))
    return create_council(db, replace(district, parent_id=province.id))


def _ensure_empty(db: DbSession) -> None:
    for model in (Council, Person, User, Session):
        if db.scalar(select(model.id).limit(1)) is not None:
            raise Conflict(
                "Cơ sở dữ liệu đã có dữ liệu — chỉ tạo dữ liệu mẫu trong cơ sở dữ liệu trống.",
                "The database already has data — the demo is only built in an empty database.",
            )


def _create_term(db: DbSession, council: Council) -> Term:
    return create_term(db, council, TermInput(TERM_NUMBER, TERM_START, TERM_END, seats=SEATS))


def _person(spec: DelegateSpec) -> PersonInput:
    return PersonInput(spec.full_name, spec.gender, spec.occupation, birth_year=spec.birth_year)


def _elect_delegates(
    db: DbSession, term: Term, specs: Sequence[DelegateSpec], rng: random.Random
) -> tuple[list[Mandate], dict[int, int]]:
    """The fifty delegates elected on election day, spread over the units; returns mandates and unit index."""
    units = electoral_units()
    slots = assign_units(specs, rng)
    mandates, unit_of = [], {}
    for index, spec in enumerate(specs):
        unit = slots[index]
        delegate = DelegateInput(
            _person(spec), TERM_START, constituency=units[unit][1], seat_label=seat_label(index)
        )
        mandate = add_delegate(db, term, delegate)
        mandates.append(mandate)
        unit_of[index] = unit
    return mandates, unit_of


@dataclass
class _Orgs:
    standing: Organization
    bans: list[Organization]
    groups: list[Organization]
    ban_of: dict[int, int]  # delegate index → Ban index, for ordinary Ban members
    group_of: dict[int, int]  # delegate index → Tổ index


def _organize(
    db: DbSession,
    term: Term,
    mandates: list[Mandate],
    unit_of: dict[int, int],
    rng: random.Random,
    prose: Prose,
) -> _Orgs:
    remit = (
        "Chủ tịch, các Phó Chủ tịch HĐND tỉnh và Trưởng các Ban; chuẩn bị, triệu tập và chủ trì kỳ họp, điều "
        "hòa, phối hợp hoạt động của các Ban và Tổ đại biểu. " + prose.pick(["Thường trực"], "")
    )
    standing = create_organization(
        db, term, OrganizationInput(OrganizationKind.STANDING, "Thường trực HĐND tỉnh", remit.strip())
    )
    _join(db, standing, mandates[CHAIR], "chair")
    for index in VICE_CHAIRS:
        _join(db, standing, mandates[index], "vice_chair")
    for index in BAN_HEADS:  # the Trưởng Ban sit in Thường trực as such
        _join(db, standing, mandates[index], "head")
    bans, ban_of = _create_bans(db, term, mandates, rng, prose)
    groups, group_of = _create_groups(db, term, mandates, unit_of)
    return _Orgs(standing, bans, groups, ban_of, group_of)


def _join(
    db: DbSession, org: Organization, mandate: Mandate, role: str, started_on: dt.date | None = None
) -> Membership:
    return add_membership(db, org, MembershipInput(mandate.person_id, MembershipRole(role), started_on))


def _create_bans(
    db: DbSession, term: Term, mandates: list[Mandate], rng: random.Random, prose: Prose
) -> tuple[list[Organization], dict[int, int]]:
    ordinary = list(range(len(LEADERSHIP) + 1, len(mandates)))  # not the Bí thư Tỉnh ủy
    members = rng.sample([i for i in ordinary if i != DEPARTED_INDEX], 19) + [DEPARTED_INDEX]
    bans, ban_of = [], {}
    for number, (name, remit, keywords) in enumerate(BANS):
        description = f"{remit} {prose.pick(keywords, '')}".strip()
        ban = create_organization(db, term, OrganizationInput(OrganizationKind.COMMITTEE, name, description))
        _join(db, ban, mandates[BAN_HEADS[number]], "head")
        _join(db, ban, mandates[BAN_DEPUTIES[number]], "deputy")
        for index in sorted(members[number :: len(BANS)]):
            _join(db, ban, mandates[index], "member")
            ban_of[index] = number
        bans.append(ban)
    return bans, ban_of


def _create_groups(
    db: DbSession, term: Term, mandates: list[Mandate], unit_of: dict[int, int]
) -> tuple[list[Organization], dict[int, int]]:
    units = electoral_units()
    groups, group_of = [], {}
    for area, (area_name, _) in enumerate(AREAS):
        numbers = [n + 1 for n, (a, _, _) in enumerate(units) if a == area]
        group = create_organization(
            db,
            term,
            OrganizationInput(
                OrganizationKind.GROUP,
                f"Tổ đại biểu số {area + 1} — {area_name}",
                f"Đại biểu ứng cử tại đơn vị bầu cử số {numbers[0]} và số {numbers[1]}; tiếp xúc cử tri trước "
                "và sau mỗi kỳ họp, tiếp công dân theo lịch của Thường trực HĐND tỉnh.",
            ),
        )
        members = sorted(i for i, unit in unit_of.items() if units[unit][0] == area)
        # Tổ trưởng and Tổ phó: the first-listed members other than the Chủ tịch and Phó Chủ tịch HĐND
        officers = [i for i in members if i not in (CHAIR, *VICE_CHAIRS, DEPARTED_INDEX)][:2]
        for index in members:
            role = "head" if index == officers[0] else "deputy" if index == officers[1] else "member"
            _join(db, group, mandates[index], role)
            group_of[index] = area
        groups.append(group)
    return groups, group_of


def _replace_departed(
    db: DbSession, term: Term, departed: Mandate, spec: DelegateSpec, orgs: _Orgs, timeline: Timeline
) -> Mandate:
    """One delegate leaves mid-term; a by-election fills the seat in the same unit some weeks later."""
    update_delegate(
        db, departed, DelegatePatch.of(ended_on=timeline.mandate_ended, end_reason="Chuyển công tác")
    )
    for membership in db.scalars(select(Membership).where(Membership.person_id == departed.person_id)):
        update_membership(db, membership, MembershipPatch.of(ended_on=timeline.mandate_ended))
    by_election = DelegateInput(
        _person(spec),
        timeline.by_election,
        constituency=departed.constituency,
        seat_label=departed.seat_label,
    )
    successor = add_delegate(db, term, by_election)
    _join(db, orgs.groups[orgs.group_of[DEPARTED_INDEX]], successor, "member", timeline.by_election)
    _join(db, orgs.bans[orgs.ban_of[DEPARTED_INDEX]], successor, "member", timeline.by_election)
    return successor


def _add_officials(db: DbSession, council: Council, names: NameMaker, timeline: Timeline) -> None:
    for number, (position, agency) in enumerate(OFFICIALS):
        started = timeline.first_session.starts_on if number < UBND_LEADERS else PROVINCE_FORMED
        gender = "nữ" if number in (2, 5, 10) else "nam"
        add_official(db, council, OfficialInput(PersonInput(names.make(gender)), position, agency, started))
