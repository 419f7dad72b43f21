"""Setting up a term and preparing sessions: delegates, Ban, Tổ, officials, sessions and the agenda.

Each function takes an open database session inside a transaction and either completes its change or
raises :class:`DomainError` — the caller's transaction then rolls back, so nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import contains_eager

from agenda import audit, events
from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    Council,
    CouncilLevel,
    Mandate,
    Membership,
    MembershipRole,
    Official,
    Organization,
    OrganizationKind,
    Person,
    Session,
    SessionStatus,
    SessionType,
    Term,
    utcnow,
)
from agenda.rules import agenda_numbers, in_office_filter, parse_fraction, roman

F = Fields  # short alias for the validators below


def _get(db: DbSession, model: type[Any], row_id: int, what_vi: str, what_en: str) -> Any:
    row = db.get(model, row_id)
    if row is None:
        raise NotFound(what_vi, what_en)
    return row


# ---------------------------------------------------------------------------------------------
# Council and term
# ---------------------------------------------------------------------------------------------


def home_council(db: DbSession) -> Council:
    council = db.scalar(select(Council).where(Council.is_home.is_(True)).order_by(Council.id))
    if council is None:
        raise NotFound(
            "Hội đồng nhân dân (chưa khởi tạo — chạy “kyhop demo” hoặc “kyhop init”)",
            "Council (not set up — run “kyhop demo” or “kyhop init”)",
        )
    return council


def current_term(db: DbSession, council: Council, today: dt.date | None = None) -> Term:
    """The term in force today, else the latest one."""
    today = today or dt.date.today()
    terms = list(
        db.scalars(select(Term).where(Term.council_id == council.id).order_by(Term.starts_on.desc()))
    )
    if not terms:
        raise NotFound("khóa (nhiệm kỳ) của Hội đồng", "Council term")
    for term in terms:
        if term.starts_on <= today and (term.ends_on is None or today <= term.ends_on):
            return term
    return terms[0]


def create_council(db: DbSession, data: Mapping[str, Any], *, is_home: bool = False) -> Council:
    f = F(data)
    council = Council(
        name=f.text("name", ("tên Hội đồng", "council name"), max_length=200),
        short_name=f.text("short_name", ("tên viết tắt", "short name"), max_length=100),
        place_name=f.text("place_name", ("địa danh", "place name"), max_length=100),
        level=f.choice("level", ("cấp", "level"), CouncilLevel),
        abolished_on=f.date("abolished_on", ("ngày giải thể", "abolition date"), required=False),
        parent_id=f.integer("parent_id", ("Hội đồng cấp trên", "parent council"), required=False),
        is_home=is_home,
    )
    if council.parent_id is not None and db.get(Council, council.parent_id) is None:
        raise NotFound("Hội đồng cấp trên", "Parent council")
    db.add(council)
    db.flush()
    return council


def create_term(db: DbSession, council: Council, data: Mapping[str, Any]) -> Term:
    f = F(data)
    term = Term(
        council_id=council.id,
        number=f.integer("number", ("số khóa", "term number"), minimum=1, maximum=100),
        starts_on=f.date("starts_on", ("ngày bắt đầu nhiệm kỳ", "term start date")),
        ends_on=f.date("ends_on", ("ngày kết thúc nhiệm kỳ", "term end date"), required=False),
        seats=f.integer("seats", ("số đại biểu được bầu", "number of seats"), required=False, minimum=1),
    )
    if term.ends_on is not None and term.ends_on <= term.starts_on:
        raise DomainError(
            "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
            "The term must end after it starts.",
            field="ends_on",
        )
    if db.scalar(select(Term.id).where(Term.council_id == council.id, Term.number == term.number)):
        raise Conflict(
            f"Khóa {roman(term.number)} đã có.", f"Term {roman(term.number)} already exists.", field="number"
        )
    db.add(term)
    db.flush()
    return term


def term_label(term: Term) -> str:
    end = term.ends_on.year if term.ends_on else term.starts_on.year + 5
    return f"khóa {roman(term.number)}, nhiệm kỳ {term.starts_on.year}–{end}"


def _within_term(term: Term, day: dt.date, field: str) -> None:
    if day < term.starts_on or (term.ends_on is not None and day > term.ends_on):
        raise DomainError(
            f"Ngày {day:%d/%m/%Y} nằm ngoài nhiệm kỳ {term_label(term)}.",
            f"{day.isoformat()} is outside the term.",
            field=field,
        )


# ---------------------------------------------------------------------------------------------
# Delegates (a Person holding a Mandate)
# ---------------------------------------------------------------------------------------------

_PERSON_FIELDS = {
    "full_name": ("họ và tên", "full name"),
    "gender": ("giới tính", "gender"),
    "occupation": ("chức vụ, nơi công tác", "occupation"),
    "email": ("thư điện tử", "email"),
    "phone": ("số điện thoại", "phone"),
}


def _apply_person(person: Person, f: Fields, *, creating: bool) -> None:
    for key, label in _PERSON_FIELDS.items():
        if creating or f.has(key):
            required = key == "full_name"
            value = f.text(key, label, required=required, max_length=120 if key == "full_name" else 300)
            if key == "gender" and value is not None and value not in ("nam", "nữ"):
                raise DomainError("Giới tính là “nam” hoặc “nữ”.", "Gender is “nam” or “nữ”.", field=key)
            setattr(person, key, value)
    if creating or f.has("birth_year"):
        person.birth_year = f.integer(
            "birth_year",
            ("năm sinh", "birth year"),
            required=False,
            minimum=1900,
            maximum=dt.date.today().year - 18,
        )


def _check_mandate(db: DbSession, mandate: Mandate) -> None:
    term = mandate.term if mandate.term is not None else db.get(Term, mandate.term_id)
    assert term is not None
    _within_term(term, mandate.started_on, "started_on")
    if mandate.ended_on is not None:
        if mandate.ended_on < mandate.started_on:
            raise DomainError(
                "Ngày thôi nhiệm vụ phải sau ngày bắt đầu.",
                "The seat must end after it starts.",
                field="ended_on",
            )
        _within_term(term, mandate.ended_on, "ended_on")
    overlap = _overlapping(Mandate, mandate.started_on, mandate.ended_on).where(
        Mandate.term_id == mandate.term_id, Mandate.id != (mandate.id or 0)
    )
    if db.scalar(overlap.where(Mandate.person_id == mandate.person_id).limit(1)) is not None:
        raise Conflict(
            "Đại biểu này đã giữ một ghế trong khoảng thời gian đó.",
            "This delegate already holds a seat during that time.",
            field="started_on",
        )
    if mandate.seat_label:
        clash = db.scalar(overlap.where(Mandate.seat_label == mandate.seat_label).limit(1))
        if clash is not None:
            name = db.get(Person, clash.person_id)
            raise Conflict(
                f"Ghế {mandate.seat_label} đang do đại biểu {name.full_name if name else ''} ngồi.",
                f"Seat {mandate.seat_label} is already taken.",
                field="seat_label",
            )


def _overlapping(model: Any, start: dt.date, end: dt.date | None):  # type: ignore[no-untyped-def]
    """Rows of ``model`` whose [started_on, ended_on] interval overlaps [start, end]."""
    stmt = select(model).where((model.ended_on.is_(None)) | (model.ended_on >= start))
    if end is not None:
        stmt = stmt.where(model.started_on <= end)
    return stmt


def add_delegate(db: DbSession, term: Term, data: Mapping[str, Any]) -> Mandate:
    """A new delegate: the person and their seat in ``term``."""
    f = F(data)
    if f.has("person_id"):
        person = db.get(Person, f.integer("person_id", ("người", "person")))
        if person is None:
            raise NotFound("người này", "Person")
    else:
        person = Person()
        _apply_person(person, f, creating=True)
        db.add(person)
        db.flush()
    mandate = Mandate(term=term, term_id=term.id, person=person, person_id=person.id)
    _apply_mandate(mandate, f, creating=True, term=term)
    _check_mandate(db, mandate)
    db.add(mandate)
    db.flush()
    return mandate


def _apply_mandate(mandate: Mandate, f: Fields, *, creating: bool, term: Term) -> None:
    if creating or f.has("started_on"):
        mandate.started_on = (
            f.date("started_on", ("ngày bắt đầu", "start date"), required=False) or term.starts_on
        )
    if creating or f.has("ended_on"):
        mandate.ended_on = f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False)
    if creating or f.has("end_reason"):
        mandate.end_reason = f.text("end_reason", ("lý do", "reason"), required=False, max_length=200)
    if creating or f.has("constituency"):
        mandate.constituency = f.text(
            "constituency", ("đơn vị bầu cử", "constituency"), required=False, max_length=200
        )
    if creating or f.has("seat_label"):
        seat = f.text("seat_label", ("số ghế", "seat"), required=False, max_length=20)
        mandate.seat_label = seat.upper() if seat else None


def update_delegate(db: DbSession, mandate: Mandate, data: Mapping[str, Any]) -> Mandate:
    f = F(data)
    _apply_person(mandate.person, f, creating=False)
    _apply_mandate(mandate, f, creating=False, term=mandate.term)
    if mandate.ended_on is not None and not mandate.end_reason:
        raise DomainError(
            "Vui lòng ghi lý do thôi làm nhiệm vụ đại biểu.",
            "Please give the reason the seat ended.",
            field="end_reason",
        )
    _check_mandate(db, mandate)
    db.flush()
    return mandate


def get_mandate(db: DbSession, mandate_id: int) -> Mandate:
    return _get(db, Mandate, mandate_id, "đại biểu", "Delegate")


def list_delegates(db: DbSession, term: Term, on: dt.date | None = None) -> list[Mandate]:
    """All mandates of the term (or only those in office on ``on``), by seat then name."""
    stmt = (
        select(Mandate).join(Person).options(contains_eager(Mandate.person)).where(Mandate.term_id == term.id)
    )
    if on is not None:
        stmt = stmt.where(in_office_filter(on))
    mandates = list(db.scalars(stmt))
    return sorted(mandates, key=lambda m: (vietnamese_sort_key(m.person.full_name), m.started_on))


_VI_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


@functools.lru_cache(maxsize=8192)  # every list of delegates sorts the same names again
def vietnamese_sort_key(full_name: str) -> tuple[Any, ...]:
    """Vietnamese names sort by given name (the last word), then the rest, in Vietnamese letter order."""
    import unicodedata

    def letters(word: str) -> tuple[tuple[int, str], ...]:
        out = []
        for ch in word.lower():
            base = unicodedata.normalize("NFD", ch)
            root = base[0]
            # keep the letters that are distinct letters in Vietnamese (ă â đ ê ô ơ ư)
            composed = unicodedata.normalize(
                "NFC", root + "".join(c for c in base[1:] if c in "\u0306\u0302\u031b")
            )
            if ch == "đ":
                composed = "đ"
            idx = _VI_ORDER.find(composed)
            out.append((idx if idx >= 0 else 100 + ord(composed[0]), base))
        return tuple(out)

    words = full_name.split()
    return (letters(words[-1]) if words else (), tuple(letters(w) for w in words[:-1]))


# ---------------------------------------------------------------------------------------------
# Organizations: Thường trực, Ban, Tổ đại biểu
# ---------------------------------------------------------------------------------------------


def create_organization(db: DbSession, term: Term, data: Mapping[str, Any]) -> Organization:
    f = F(data)
    org = Organization(
        term_id=term.id,
        kind=f.choice("kind", ("loại", "kind"), OrganizationKind),
        name=f.text("name", ("tên", "name"), max_length=200),
        description=f.text("description", ("mô tả", "description"), required=False, max_length=2000),
    )
    _unique_org_name(db, org)
    db.add(org)
    db.flush()
    return org


def _unique_org_name(db: DbSession, org: Organization) -> None:
    stmt = select(Organization.id).where(
        Organization.term_id == org.term_id, Organization.name == org.name, Organization.id != (org.id or 0)
    )
    if db.scalar(stmt):
        raise Conflict(
            f"Đã có “{org.name}” trong khóa này.", f"“{org.name}” already exists in this term.", field="name"
        )


def update_organization(db: DbSession, org: Organization, data: Mapping[str, Any]) -> Organization:
    f = F(data)
    if f.has("name"):
        org.name = f.text("name", ("tên", "name"), max_length=200)
    if f.has("description"):
        org.description = f.text("description", ("mô tả", "description"), required=False, max_length=2000)
    _unique_org_name(db, org)
    db.flush()
    return org


def get_organization(db: DbSession, org_id: int) -> Organization:
    return _get(db, Organization, org_id, "Ban / Tổ đại biểu", "Committee or group")


def list_organizations(db: DbSession, term: Term, kind: OrganizationKind | None = None) -> list[Organization]:
    stmt = (
        select(Organization)
        .where(Organization.term_id == term.id)
        .order_by(Organization.kind, Organization.name)
    )
    if kind is not None:
        stmt = stmt.where(Organization.kind == kind)
    return list(db.scalars(stmt))


def _single_roles(kind: OrganizationKind) -> set[MembershipRole]:
    """Roles one person holds at a time: the Chủ tịch in Thường trực (where several Trưởng Ban sit),
    the Trưởng Ban of a Ban, the Tổ trưởng of a Tổ."""
    return (
        {MembershipRole.CHAIR}
        if kind == OrganizationKind.STANDING
        else {MembershipRole.CHAIR, MembershipRole.HEAD}
    )


def add_membership(db: DbSession, org: Organization, data: Mapping[str, Any]) -> Membership:
    f = F(data)
    person_id = f.integer("person_id", ("đại biểu", "delegate"))
    if db.get(Person, person_id) is None:
        raise NotFound("đại biểu", "Delegate")
    term = db.get(Term, org.term_id)
    assert term is not None
    membership = Membership(
        organization_id=org.id,
        person_id=person_id,
        role=f.choice("role", ("chức danh", "role"), MembershipRole, required=False) or MembershipRole.MEMBER,
        started_on=f.date("started_on", ("ngày bắt đầu", "start date"), required=False) or term.starts_on,
        ended_on=f.date("ended_on", ("ngày kết thúc", "end date"), required=False),
    )
    _check_membership(db, org, term, membership)
    db.add(membership)
    db.flush()
    return membership


def _check_membership(db: DbSession, org: Organization, term: Term, membership: Membership) -> None:
    _within_term(term, membership.started_on, "started_on")
    if membership.ended_on is not None and membership.ended_on < membership.started_on:
        raise DomainError(
            "Ngày kết thúc phải sau ngày bắt đầu.",
            "The membership must end after it starts.",
            field="ended_on",
        )
    seat = db.scalar(
        select(Mandate.id).where(
            Mandate.term_id == term.id,
            Mandate.person_id == membership.person_id,
            in_office_filter(membership.started_on),
        )
    )
    if seat is None:
        raise DomainError(
            "Người này không phải là đại biểu của khóa vào ngày đó.",
            "This person is not a delegate of the term on that date.",
            field="person_id",
        )
    overlap = _overlapping(Membership, membership.started_on, membership.ended_on).where(
        Membership.id != (membership.id or 0)
    )
    if db.scalar(
        overlap.where(
            Membership.organization_id == org.id, Membership.person_id == membership.person_id
        ).limit(1)
    ):
        raise Conflict(
            "Đại biểu này đã là thành viên trong thời gian đó.",
            "This delegate is already a member during that time.",
            field="person_id",
        )
    if org.kind == OrganizationKind.GROUP:
        other = overlap.join(Organization).where(
            Organization.kind == OrganizationKind.GROUP,
            Organization.term_id == term.id,
            Membership.organization_id != org.id,
            Membership.person_id == membership.person_id,
        )
        if db.scalar(other.limit(1)):
            raise Conflict(
                "Đại biểu chỉ sinh hoạt ở một Tổ đại biểu tại một thời điểm.",
                "A delegate belongs to one delegate group at a time.",
                field="person_id",
            )
    if membership.role in _single_roles(org.kind):
        holder = db.scalar(
            overlap.where(Membership.organization_id == org.id, Membership.role == membership.role).limit(1)
        )
        if holder is not None:
            raise Conflict(
                f"{org.name} đã có {role_label(org.kind, membership.role)} trong thời gian đó.",
                f"{org.name} already has someone in this role at that time.",
                field="role",
            )


def update_membership(db: DbSession, membership: Membership, data: Mapping[str, Any]) -> Membership:
    f = F(data)
    if f.has("role"):
        membership.role = f.choice("role", ("chức danh", "role"), MembershipRole)
    if f.has("started_on"):
        membership.started_on = f.date("started_on", ("ngày bắt đầu", "start date"))
    if f.has("ended_on"):
        membership.ended_on = f.date("ended_on", ("ngày kết thúc", "end date"), required=False)
    org = membership.organization
    _check_membership(db, org, org.term, membership)
    db.flush()
    return membership


def get_membership(db: DbSession, membership_id: int) -> Membership:
    return _get(db, Membership, membership_id, "thành viên", "Membership")


_ROLE_LABELS = {
    OrganizationKind.STANDING: {
        MembershipRole.CHAIR: "Chủ tịch HĐND",
        MembershipRole.VICE_CHAIR: "Phó Chủ tịch HĐND",
        MembershipRole.HEAD: "Trưởng Ban",
        MembershipRole.DEPUTY: "Phó Trưởng Ban",
        MembershipRole.MEMBER: "Ủy viên Thường trực",
    },
    OrganizationKind.COMMITTEE: {
        MembershipRole.HEAD: "Trưởng Ban",
        MembershipRole.DEPUTY: "Phó Trưởng Ban",
        MembershipRole.MEMBER: "Ủy viên",
    },
    OrganizationKind.GROUP: {
        MembershipRole.HEAD: "Tổ trưởng",
        MembershipRole.DEPUTY: "Tổ phó",
        MembershipRole.MEMBER: "Thành viên",
    },
}


def role_label(kind: OrganizationKind, role: MembershipRole) -> str:
    return _ROLE_LABELS.get(kind, {}).get(role, role.value)


# ---------------------------------------------------------------------------------------------
# Officials who can be questioned
# ---------------------------------------------------------------------------------------------


def add_official(db: DbSession, council: Council, data: Mapping[str, Any]) -> Official:
    f = F(data)
    if f.has("person_id"):  # e.g. the UBND chair who is also a delegate
        person = db.get(Person, f.integer("person_id", ("người", "person")))
        if person is None:
            raise NotFound("người này", "Person")
    else:
        person = Person(full_name=f.text("full_name", ("họ và tên", "full name"), max_length=120))
        db.add(person)
        db.flush()
    official = Official(
        council_id=council.id,
        person_id=person.id,
        person=person,
        position=f.text("position", ("chức vụ", "position"), max_length=200),
        agency=f.text("agency", ("cơ quan", "agency"), max_length=200),
        started_on=f.date("started_on", ("ngày nhận nhiệm vụ", "start date"), required=False)
        or dt.date.today(),
        ended_on=f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False),
    )
    if official.ended_on is not None and official.ended_on < official.started_on:
        raise DomainError(
            "Ngày thôi nhiệm vụ phải sau ngày nhận nhiệm vụ.",
            "The end date must follow the start.",
            field="ended_on",
        )
    db.add(official)
    db.flush()
    return official


def update_official(db: DbSession, official: Official, data: Mapping[str, Any]) -> Official:
    f = F(data)
    if f.has("full_name"):
        official.person.full_name = f.text("full_name", ("họ và tên", "full name"), max_length=120)
    if f.has("position"):
        official.position = f.text("position", ("chức vụ", "position"), max_length=200)
    if f.has("agency"):
        official.agency = f.text("agency", ("cơ quan", "agency"), max_length=200)
    if f.has("started_on"):
        official.started_on = f.date("started_on", ("ngày nhận nhiệm vụ", "start date"))
    if f.has("ended_on"):
        official.ended_on = f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False)
    if official.ended_on is not None and official.ended_on < official.started_on:
        raise DomainError(
            "Ngày thôi nhiệm vụ phải sau ngày nhận nhiệm vụ.",
            "The end date must follow the start.",
            field="ended_on",
        )
    db.flush()
    return official


def list_officials(db: DbSession, council: Council, on: dt.date | None = None) -> list[Official]:
    stmt = select(Official).where(Official.council_id == council.id).order_by(Official.id)
    if on is not None:
        stmt = stmt.where(
            Official.started_on <= on, (Official.ended_on.is_(None)) | (Official.ended_on >= on)
        )
    return list(db.scalars(stmt))


# ---------------------------------------------------------------------------------------------
# Sessions and their agenda
# ---------------------------------------------------------------------------------------------

SESSION_TYPE_LABELS = {
    SessionType.REGULAR: "thường lệ",
    SessionType.THEMATIC: "chuyên đề",
    SessionType.URGENT: "giải quyết công việc phát sinh đột xuất",
}


def session_heading(session: Session, council: Council) -> str:
    """'Kỳ họp thứ 3 (kỳ họp chuyên đề) HĐND tỉnh Quảng Ninh khóa XVII'."""
    return heading(session.number, session.session_type, council.short_name, session.term.number)


def heading(number: int, session_type: SessionType, council_short_name: str, term_number: int) -> str:
    kind = "" if session_type == SessionType.REGULAR else f" (kỳ họp {SESSION_TYPE_LABELS[session_type]})"
    return f"Kỳ họp thứ {number}{kind} {council_short_name} khóa {roman(term_number)}"


def next_session_number(db: DbSession, term: Term) -> int:
    return (
        int(
            db.scalar(select(func.coalesce(func.max(Session.number), 0)).where(Session.term_id == term.id))
            or 0
        )
        + 1
    )


def create_session(
    db: DbSession, term: Term, data: Mapping[str, Any], *, actor: str | None = None
) -> Session:
    f = F(data)
    session = Session(term_id=term.id, term=term, status=SessionStatus.DRAFT)
    session.number = f.integer(
        "number", ("số kỳ họp", "session number"), required=False, minimum=1, maximum=200
    ) or next_session_number(db, term)
    session.session_type = SessionType.REGULAR
    session.is_public = True
    _apply_session(session, f, creating=True)
    _check_session(db, session)
    db.add(session)
    db.flush()
    _record(db, session, "session.created", actor, {"number": session.number})
    return session


def _apply_session(session: Session, f: Fields, *, creating: bool) -> None:
    if creating or f.has("session_type"):
        session.session_type = (
            f.choice("session_type", ("loại kỳ họp", "session type"), SessionType, required=False)
            or session.session_type
        )
    if creating or f.has("title"):
        session.title = f.text("title", ("tên kỳ họp", "title"), required=False, max_length=300)
    if creating or f.has("starts_on"):
        session.starts_on = f.date("starts_on", ("ngày khai mạc", "opening date"))
    if creating or f.has("ends_on"):
        session.ends_on = (
            f.date("ends_on", ("ngày bế mạc", "closing date"), required=False) or session.starts_on
        )
    if creating or f.has("place"):
        session.place = f.text("place", ("địa điểm", "place"), required=False, max_length=300)
    if f.has("is_public"):
        session.is_public = f.boolean("is_public", ("họp công khai", "public sitting"))
    if f.has("quorum_fraction"):
        text = f.text("quorum_fraction", ("tỉ lệ túc số", "quorum fraction"), max_length=10)
        parse_fraction(text)
        session.quorum_fraction = text
    if f.has("speech_seconds"):
        session.speech_seconds = f.integer(
            "speech_seconds", ("thời gian phát biểu (giây)", "speech time (s)"), minimum=30, maximum=3600
        )
    if f.has("question_seconds"):
        session.question_seconds = f.integer(
            "question_seconds", ("thời gian chất vấn (giây)", "question time (s)"), minimum=30, maximum=3600
        )


def _check_session(db: DbSession, session: Session) -> None:
    if session.ends_on < session.starts_on:
        raise DomainError(
            "Ngày bế mạc không được trước ngày khai mạc.",
            "The session cannot close before it opens.",
            field="ends_on",
        )
    if (session.ends_on - session.starts_on).days > 30:
        raise DomainError(
            "Một kỳ họp không kéo dài quá 30 ngày.",
            "A session cannot last more than 30 days.",
            field="ends_on",
        )
    _within_term(session.term, session.starts_on, "starts_on")
    _within_term(session.term, session.ends_on, "ends_on")
    clash = db.scalar(
        select(Session.id).where(
            Session.term_id == session.term_id,
            Session.number == session.number,
            Session.id != (session.id or 0),
        )
    )
    if clash:
        raise Conflict(
            f"Khóa này đã có kỳ họp thứ {session.number}.",
            f"This term already has session number {session.number}.",
            field="number",
        )


def update_session(
    db: DbSession, session: Session, data: Mapping[str, Any], *, actor: str | None = None
) -> Session:
    _editable(session)
    f = F(data)
    if f.has("number"):
        session.number = f.integer("number", ("số kỳ họp", "session number"), minimum=1, maximum=200)
    _apply_session(session, f, creating=False)
    _check_session(db, session)
    session.updated_at = utcnow()
    db.flush()
    _record(db, session, "session.updated", actor, {"fields": sorted(str(k) for k in f.data)})
    return session


def _editable(session: Session) -> None:
    if session.status == SessionStatus.CLOSED:
        raise Conflict("Kỳ họp đã bế mạc, không thể sửa.", "The session is closed and cannot be changed.")


def get_session(db: DbSession, session_id: int) -> Session:
    return _get(db, Session, session_id, "kỳ họp", "Session")


def list_sessions(
    db: DbSession, term: Term, *, published_only: bool = False, public_only: bool = False
) -> list[Session]:
    stmt = select(Session).where(Session.term_id == term.id).order_by(Session.number.desc())
    if published_only:
        stmt = stmt.where(Session.status != SessionStatus.DRAFT)
    if public_only:
        stmt = stmt.where(Session.is_public.is_(True))
    return list(db.scalars(stmt))


def delete_session(db: DbSession, session: Session, *, actor: str | None = None) -> None:
    if session.status != SessionStatus.DRAFT:
        raise Conflict(
            "Chỉ xóa được kỳ họp đang soạn thảo (chưa công bố).",
            "Only a draft session (not yet published) can be deleted.",
        )
    _record(db, session, "session.deleted", actor, {"number": session.number})
    db.delete(session)
    db.flush()


def publish_session(db: DbSession, session: Session, *, actor: str | None = None) -> Session:
    if session.status != SessionStatus.DRAFT:
        raise Conflict("Chương trình kỳ họp đã được công bố.", "The agenda is already published.")
    if not session.items:
        raise DomainError(
            "Chương trình kỳ họp chưa có nội dung nào.", "The agenda has no items yet.", code="empty_agenda"
        )
    session.status = SessionStatus.PUBLISHED
    session.published_at = utcnow()
    db.flush()
    _record(db, session, "session.published", actor, {})
    return session


def unpublish_session(db: DbSession, session: Session, *, actor: str | None = None) -> Session:
    if session.status != SessionStatus.PUBLISHED:
        raise Conflict(
            "Chỉ rút lại được chương trình đã công bố và chưa khai mạc.",
            "Only a published session that has not opened can be withdrawn.",
        )
    session.status = SessionStatus.DRAFT
    session.published_at = None
    db.flush()
    _record(db, session, "session.unpublished", actor, {})
    return session


def _apply_item(item: AgendaItem, f: Fields, *, creating: bool, session: Session) -> None:
    if creating or f.has("title"):
        item.title = f.text("title", ("nội dung", "title"), max_length=500)
    if creating or f.has("kind"):
        item.kind = (
            f.choice("kind", ("loại nội dung", "kind"), AgendaItemKind, required=False)
            or AgendaItemKind.OTHER
        )
    if creating or f.has("presenter"):
        item.presenter = f.text("presenter", ("người trình bày", "presenter"), required=False, max_length=300)
    if creating or f.has("planned_minutes"):
        item.planned_minutes = f.integer(
            "planned_minutes",
            ("thời lượng (phút)", "planned minutes"),
            required=False,
            minimum=1,
            maximum=600,
        )
    if creating or f.has("scheduled_on"):
        item.scheduled_on = f.date("scheduled_on", ("ngày", "day"), required=False)
        if item.scheduled_on and not session.starts_on <= item.scheduled_on <= session.ends_on:
            raise DomainError(
                "Ngày của nội dung phải nằm trong thời gian kỳ họp.",
                "The item's day must fall within the session.",
                field="scheduled_on",
            )
    if creating or f.has("notes"):
        item.notes = f.text("notes", ("ghi chú", "notes"), required=False, max_length=5000)
    if creating or f.has("depth"):
        item.depth = f.integer("depth", ("cấp", "level"), required=False, minimum=0, maximum=1) or 0


def add_agenda_item(
    db: DbSession, session: Session, data: Mapping[str, Any], *, actor: str | None = None
) -> AgendaItem:
    _editable(session)
    f = F(data)
    item = AgendaItem(session_id=session.id)
    _apply_item(item, f, creating=True, session=session)
    last = db.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.session_id == session.id))
    item.position = (last or 0) + 1
    if item.position == 1:
        item.depth = 0
    session.items.append(item)
    session.updated_at = utcnow()
    db.flush()
    _record(db, session, "agenda.item_added", actor, {"item_id": item.id, "title": item.title})
    return item


def get_agenda_item(db: DbSession, item_id: int) -> AgendaItem:
    return _get(db, AgendaItem, item_id, "nội dung chương trình", "Agenda item")


def update_agenda_item(
    db: DbSession, item: AgendaItem, data: Mapping[str, Any], *, actor: str | None = None
) -> AgendaItem:
    _editable(item.session)
    _apply_item(item, F(data), creating=False, session=item.session)
    if item.position == min(i.position for i in item.session.items):
        item.depth = 0
    item.session.updated_at = utcnow()
    db.flush()
    _record(
        db,
        item.session,
        "agenda.item_updated",
        actor,
        {"item_id": item.id, "fields": sorted(str(k) for k in data)},
    )
    return item


def delete_agenda_item(db: DbSession, item: AgendaItem, *, actor: str | None = None) -> None:
    session = item.session
    _editable(session)
    if session.status != SessionStatus.DRAFT and len(session.items) == 1:
        raise Conflict(
            "Chương trình đã công bố phải còn ít nhất một nội dung.",
            "A published agenda must keep at least one item.",
        )
    detail = {"item_id": item.id, "title": item.title}
    session.items.remove(item)
    session.updated_at = utcnow()
    db.flush()
    _renumber(db, session, [(i.id, i.depth) for i in session.items])
    _record(db, session, "agenda.item_deleted", actor, detail)


def reorder_agenda(
    db: DbSession, session: Session, data: Mapping[str, Any], *, actor: str | None = None
) -> list[AgendaItem]:
    """Put the items in the order given: ``{"items": [{"id": 3, "depth": 0}, …]}`` naming every item once.
    With ``"current"`` — the order the page showed, in the same form — a reorder that someone else made
    meanwhile is not silently overwritten: the page is told to reload instead."""
    _editable(session)
    if isinstance(data, Mapping) and data.get("current") is not None:
        shown = data["current"]
        now = [{"id": i.id, "depth": i.depth} for i in sorted(session.items, key=lambda i: i.position)]
        if (
            not isinstance(shown, list)
            or [
                {"id": e.get("id"), "depth": e.get("depth", 0)} if isinstance(e, Mapping) else None
                for e in shown
            ]
            != now
        ):
            raise Conflict(
                "Chương trình vừa được người khác thay đổi — trang đã tải lại, vui lòng sắp xếp lại.",
                "Someone else has just changed the agenda — the page has reloaded; please reorder again.",
                field="items",
            )
    raw = data.get("items") if isinstance(data, Mapping) else None
    if not isinstance(raw, list) or not all(isinstance(e, Mapping) for e in raw):
        raise DomainError(
            "Thứ tự mới phải là danh sách các nội dung.",
            "The new order must be a list of items.",
            field="items",
        )
    order: list[tuple[int, int]] = []
    for entry in raw:
        ef = F(entry)
        order.append(
            (
                ef.integer("id", ("mã nội dung", "item id")),
                ef.integer("depth", ("cấp", "level"), required=False, minimum=0, maximum=1) or 0,
            )
        )
    ids = [i for i, _ in order]
    if sorted(ids) != sorted(i.id for i in session.items) or len(set(ids)) != len(ids):
        raise Conflict(
            "Danh sách phải gồm đúng mỗi nội dung của chương trình một lần (có thể ai đó vừa sửa — tải lại trang).",
            "The list must name every agenda item exactly once (someone may have just edited it — reload).",
            field="items",
        )
    _renumber(db, session, order)
    session.updated_at = utcnow()
    _record(db, session, "agenda.reordered", actor, {"order": ids})
    return list(session.items)


def _renumber(db: DbSession, session: Session, order: list[tuple[int, int]]) -> None:
    by_id = {i.id: i for i in session.items}
    # Two passes keep UNIQUE(session_id, position) satisfied at every statement.
    for n, (item_id, _) in enumerate(order, start=1):
        by_id[item_id].position = -n
    db.flush()
    for n, (item_id, depth) in enumerate(order, start=1):
        by_id[item_id].position = n
        by_id[item_id].depth = 0 if n == 1 else depth
    db.flush()
    db.expire(session, ["items"])


def agenda_view(session: Session) -> list[dict[str, Any]]:
    """The numbered agenda as screens show it."""
    return [
        {
            "id": i.id,
            "number": n,
            "title": i.title,
            "kind": i.kind.value,
            "depth": i.depth,
            "presenter": i.presenter,
        }
        for n, i in numbered_items(session)
    ]


def _record(db: DbSession, session: Session, action: str, actor: str | None, detail: dict[str, Any]) -> None:
    """Every change of a session goes into the audit trail; once the agenda is out (published or live),
    it is also an event, so the screens that follow the session update their agenda."""
    if session.status == SessionStatus.DRAFT:
        audit.append(db, action, detail, actor=actor, session_id=session.id)
    else:
        db.refresh(session, ["items"])
        events.emit(
            db,
            session.id,
            "agenda",
            {"status": session.status.value, "agenda": agenda_view(session)},
            actor=actor,
            audit_detail={"change": action, **detail},
        )


def numbered_items(session: Session) -> list[tuple[str, AgendaItem]]:
    items = sorted(session.items, key=lambda i: i.position)
    return list(zip(agenda_numbers([i.depth for i in items]), items, strict=True))
