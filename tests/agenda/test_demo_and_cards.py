"""The demo council (agenda.demo) and the printable QR sign-in cards (agenda.cards)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import clock
from agenda.accounts.authority import SYSTEM
from agenda.accounts.cards import issue_cards_for_term, user_for_card, username_base
from agenda.accounts.passwords import authenticate
from agenda.accounts.users import deactivate
from agenda.council.delegates import DelegateInput, add_delegate, list_delegates
from agenda.council.office import delegates_in_office
from agenda.council.officials import list_officials
from agenda.council.organizations import list_organizations
from agenda.council.people import PersonInput
from agenda.council.sessions import get_session, list_sessions, numbered_items
from agenda.council.terms import (
    CouncilInput,
    TermInput,
    create_council,
    create_term,
    current_term,
    home_council,
)
from agenda.db import make_engine, session_factory, transaction, upgrade
from agenda.demo import prose
from agenda.demo import prose as demo
from agenda.demo.build import DemoSummary, build_demo
from agenda.errors import DomainError
from agenda.models import (
    AgendaItemKind,
    CouncilLevel,
    Mandate,
    Membership,
    MembershipRole,
    OrganizationKind,
    Role,
    SessionStatus,
    SessionType,
    User,
)
from agenda.pdf.cards import CardFace, render_cards_pdf
from agenda.text import ascii_fold

TODAY = dt.date(2026, 11, 28)
BASE_URL = "http://10.0.0.5:8000/"


def _factory(path: Path) -> sessionmaker[DbSession]:
    engine = make_engine(str(path))
    upgrade(engine)
    return session_factory(engine)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sessionmaker[DbSession], DemoSummary]]:
    factory = _factory(tmp_path_factory.mktemp("demo") / "t.sqlite")
    with transaction(factory) as db:
        summary = build_demo(db, today=TODAY)
    yield factory, summary
    factory.kw["bind"].dispose()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[sessionmaker[DbSession]]:
    factory = _factory(tmp_path / "t.sqlite")
    yield factory
    factory.kw["bind"].dispose()


def _active(membership: Membership, day: dt.date) -> bool:
    return membership.started_on <= day and (membership.ended_on is None or membership.ended_on >= day)


# ---------------------------------------------------------------------------------------------
# The demo council
# ---------------------------------------------------------------------------------------------


def test_summary_describes_the_demo(built: tuple[sessionmaker[DbSession], DemoSummary]) -> None:
    _, summary = built
    assert summary.council_name == "Hội đồng nhân dân tỉnh Ninh Bình"
    assert summary.term_label == "khóa XVII, nhiệm kỳ 2026–2031"
    assert summary.delegates_in_office >= 45
    assert summary.upcoming_session_heading.startswith("Kỳ họp thứ ")
    usernames = [login[0] for login in summary.logins]
    assert {"thuky", "chutoa", "luutru", "quantri"} <= set(usernames)
    assert any(password == "daibieu2026" for _, password, _ in summary.logins)
    assert "thuky" in summary.as_text()


def test_counts_are_realistic(built: tuple[sessionmaker[DbSession], DemoSummary]) -> None:
    factory, _ = built
    with transaction(factory) as db:
        term = current_term(db, home_council(db), TODAY)
        in_office = list_delegates(db, term, on=TODAY)
        assert len(in_office) >= 45
        assert len({m.seat_label for m in in_office}) == len(in_office)
        assert all(
            m.person.gender in ("nam", "nữ") and m.person.birth_year and m.person.occupation
            for m in in_office
        )
        assert len({m.person.full_name for m in in_office}) == len(in_office)

        bans = list_organizations(db, term, OrganizationKind.COMMITTEE)
        assert len(bans) == 4
        for ban in bans:
            heads = [m for m in ban.memberships if m.role == MembershipRole.HEAD and _active(m, TODAY)]
            assert len(heads) == 1, ban.name
            assert ban.description

        standing = list_organizations(db, term, OrganizationKind.STANDING)
        assert len(standing) == 1
        roles = [m.role for m in standing[0].memberships if _active(m, TODAY)]
        assert roles.count(MembershipRole.CHAIR) == 1 and roles.count(MembershipRole.VICE_CHAIR) == 2

        groups = list_organizations(db, term, OrganizationKind.GROUP)
        assert len(groups) == 8
        group_of: dict[int, list[str]] = {}
        for group in groups:
            active = [m for m in group.memberships if _active(m, TODAY)]
            assert [m.role for m in active].count(MembershipRole.HEAD) == 1
            assert [m.role for m in active].count(MembershipRole.DEPUTY) == 1
            for membership in active:
                group_of.setdefault(membership.person_id, []).append(group.name)
        assert {m.person_id for m in in_office} == set(group_of)
        assert all(len(names) == 1 for names in group_of.values())

        positions = {o.position for o in list_officials(db, home_council(db), on=TODAY)}
        assert {
            "Chủ tịch UBND tỉnh",
            "Giám đốc Sở Tài chính",
            "Giám đốc Công an tỉnh",
            "Chánh án Tòa án nhân dân tỉnh",
            "Viện trưởng Viện kiểm sát nhân dân tỉnh",
        } <= positions


def test_delegates_in_office_changes_with_the_by_election(
    built: tuple[sessionmaker[DbSession], DemoSummary],
) -> None:
    factory, _ = built
    with transaction(factory) as db:
        term = current_term(db, home_council(db), TODAY)
        ended = db.scalars(select(Mandate).where(Mandate.ended_on.is_not(None))).one()
        assert ended.end_reason == "Chuyển công tác"
        successor = db.scalars(select(Mandate).where(Mandate.started_on > term.starts_on)).one()
        assert successor.seat_label == ended.seat_label and successor.constituency == ended.constituency
        assert ended.ended_on < successor.started_on <= TODAY
        before_leaving = delegates_in_office(db, term.id, ended.ended_on)
        in_between = delegates_in_office(db, term.id, successor.started_on - dt.timedelta(days=1))
        after = delegates_in_office(db, term.id, successor.started_on)
        assert before_leaving == after == 50
        assert in_between == 49


def test_upcoming_session_has_a_published_numbered_agenda(
    built: tuple[sessionmaker[DbSession], DemoSummary],
) -> None:
    factory, summary = built
    with transaction(factory) as db:
        session = get_session(db, summary.upcoming_session_id)
        assert session.status == SessionStatus.PUBLISHED and session.is_public
        assert session.session_type == SessionType.REGULAR
        assert TODAY < session.starts_on <= TODAY + dt.timedelta(days=15)
        assert (session.ends_on - session.starts_on).days == 2
        assert session.place == "Hội trường Trung tâm Hội nghị tỉnh"
        numbered = numbered_items(session)
        numbers = [number for number, _ in numbered]
        assert len(numbered) >= 15
        assert "2.1" in numbers and "2.2" in numbers
        assert numbered[0][1].title == "Khai mạc kỳ họp" and numbered[-1][1].title == "Bế mạc kỳ họp"
        resolutions = [item for _, item in numbered if item.kind == AgendaItemKind.RESOLUTION]
        assert len(resolutions) >= 4
        assert all(
            item.title.startswith("Xem xét, thông qua Nghị quyết") and item.presenter for item in resolutions
        )
        assert any(item.kind == AgendaItemKind.QUESTIONING for _, item in numbered)
        assert all(session.starts_on <= item.scheduled_on <= session.ends_on for _, item in numbered)
        assert all(item.planned_minutes for _, item in numbered)

        # Its documents are published, attached to their items, with real text (for the tablet's reader).
        from agenda.documents.listing import current_version, session_documents
        from agenda.documents.search import page_texts

        docs = session_documents(db, session)
        assert [d.doc_type.value for d in docs] == [
            "bao_cao",
            "bao_cao_tham_tra",
            "tai_lieu_tham_khao",
            "to_trinh",
            "du_thao_nghi_quyet",
        ]
        assert all(d.published_at is not None and d.agenda_item_id for d in docs)
        assert [d.access.value for d in docs].count("confidential") == 1
        budget = next(d for d in docs if d.doc_type.value == "to_trinh")
        assert "dự phòng ngân sách" in " ".join(t for _, t in page_texts(db, current_version(budget)))

        sessions = list_sessions(db, session.term)
        first = min(sessions, key=lambda s: s.number)
        assert first.number == 1 and first.status == SessionStatus.CLOSED and first.ends_on < TODAY
        assert [s.number for s in sessions] == list(range(len(sessions), 0, -1))  # no gaps
        drafts = [s for s in sessions if s.status == SessionStatus.DRAFT]
        assert len(drafts) == 1 and drafts[0].session_type == SessionType.THEMATIC
        assert drafts[0].starts_on > session.ends_on and drafts[0].items


def test_demo_logins_authenticate(built: tuple[sessionmaker[DbSession], DemoSummary]) -> None:
    factory, summary = built
    with transaction(factory) as db:
        for username, password, _ in summary.logins:
            assert authenticate(db, username, password) is not None, username
        assert authenticate(db, "thuky", "sai-mat-khau") is None
        chair = authenticate(db, "chutoa", "chutoa2026")
        assert chair is not None and chair.roles == {Role.CHAIR, Role.DELEGATE}
        standing = list_organizations(
            db, current_term(db, home_council(db), TODAY), OrganizationKind.STANDING
        )[0]
        chair_person = next(m.person_id for m in standing.memberships if m.role == MembershipRole.CHAIR)
        assert chair.person_id == chair_person
        assert authenticate(db, "quantri", "quantri2026").roles == {Role.ADMIN}  # type: ignore[union-attr]
        # every delegate in office has an account of their own
        term = current_term(db, home_council(db), TODAY)
        linked = set(db.scalars(select(User.person_id).where(User.person_id.is_not(None))))
        assert {m.person_id for m in list_delegates(db, term, on=TODAY)} <= linked


def test_demo_refuses_a_database_that_is_not_empty(
    built: tuple[sessionmaker[DbSession], DemoSummary],
) -> None:
    factory, _ = built
    with pytest.raises(DomainError) as caught, transaction(factory) as db:
        build_demo(db, today=TODAY)
    assert caught.value.status == 409
    assert "trống" in caught.value.vi


def test_demo_is_deterministic_and_works_later_in_the_term(
    built: tuple[sessionmaker[DbSession], DemoSummary],
    empty: sessionmaker[DbSession],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(demo, "SEED_DIR", tmp_path / "no-seeds")  # the built-in sentences stand in
    later = dt.date(2029, 5, 10)
    with transaction(empty) as db:
        summary = build_demo(db, today=later)
        session = get_session(db, summary.upcoming_session_id)
        assert session.number == 8  # 1st session, two regular sessions a year since, then this one
        assert later < session.starts_on and session.status == SessionStatus.PUBLISHED
        names_2029 = sorted(m.person.full_name for m in list_delegates(db, session.term))
    factory, _ = built
    with transaction(factory) as db:
        names_2026 = sorted(
            m.person.full_name for m in list_delegates(db, current_term(db, home_council(db)))
        )
    assert names_2029 == names_2026


def test_demo_needs_a_date_inside_the_term(empty: sessionmaker[DbSession]) -> None:
    with pytest.raises(DomainError), transaction(empty) as db:
        build_demo(db, today=dt.date(2032, 1, 1))


def test_seed_sentences_are_whole_sentences(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Ngày 12/3/2024, ông Nguyễn Văn A phát biểu.\n"
        "Đồng thời, đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin trong hoạt động của HĐND các cấp.\n",
        encoding="utf-8",
    )
    assert prose.seed_sentences(tmp_path) == [
        "Đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin trong hoạt động của HĐND các cấp."
    ]
    assert prose.seed_sentences(tmp_path / "missing") == []


# ---------------------------------------------------------------------------------------------
# QR sign-in cards
# ---------------------------------------------------------------------------------------------


def test_usernames_drop_diacritics() -> None:
    assert username_base("Nguyễn Văn An") == "nguyenvanan"
    assert username_base("Đặng Thị Ánh Tuyết") == "dangthianhtuyet"
    assert username_base("Lý Ư") == "lyu"
    assert username_base("Ô") == "daibieuo"
    assert ascii_fold("Trương Đức Ước") == "truong duc uoc"


def test_cards_for_every_delegate_in_office(built: tuple[sessionmaker[DbSession], DemoSummary]) -> None:
    factory, summary = built
    with transaction(factory) as db:
        term = current_term(db, home_council(db), TODAY)
        faces = issue_cards_for_term(db, term, BASE_URL, by=SYSTEM, days=30, on=TODAY)
        pdf = render_cards_pdf(
            faces, council_name=summary.council_name, session_title=summary.upcoming_session_heading
        )
    assert len(faces) == summary.delegates_in_office
    seats = [face.seat_label for face in faces]
    assert seats == sorted(seats) and seats[0] == "A01"
    assert all(face.url.startswith("http://10.0.0.5:8000/signin.html#card=") for face in faces)
    # The card says the day it ends on the council's clock (UTC+7), not on UTC's: after 17:00 UTC they differ.
    expected_expiry = clock.local(clock.utcnow() + dt.timedelta(days=30), term.council).date()
    assert all(face.expires_on == expected_expiry for face in faces)

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == -(-len(faces) // 8)
    first_page = reader.pages[0].extract_text()
    assert faces[0].full_name in first_page
    assert any(
        ch in faces[0].full_name
        for ch in "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    )
    assert "THẺ ĐĂNG NHẬP MÁY TÍNH BẢNG" in first_page
    assert "Quét mã QR bằng camera máy tính bảng để đăng nhập" in first_page
    assert f"Hiệu lực đến {faces[0].expires_on:%d/%m/%Y}" in first_page
    assert f"Ghế {faces[0].seat_label}" in first_page

    with transaction(factory) as db:
        user = user_for_card(db, faces[0].url.split("#card=", 1)[1])
        seat_holder = db.scalars(
            select(Mandate).where(Mandate.seat_label == faces[0].seat_label, Mandate.ended_on.is_(None))
        ).one()
        assert user.person_id == seat_holder.person_id


def test_cards_create_missing_accounts_and_revoke_old_cards(empty: sessionmaker[DbSession]) -> None:
    with transaction(empty) as db:
        commune = CouncilInput(
            "Hội đồng nhân dân xã Gia Viễn", "HĐND xã Gia Viễn", "Gia Viễn", CouncilLevel.COMMUNE
        )
        council = create_council(db, commune, is_home=True)
        term = create_term(db, council, TermInput(1, dt.date(2026, 3, 15), dt.date(2031, 3, 14)))
        for seat in ("B02", "A01"):
            add_delegate(db, term, DelegateInput(PersonInput("Nguyễn Văn An"), seat_label=seat))
        add_delegate(db, term, DelegateInput(PersonInput("Đỗ Thị Ước")))  # no seat: printed last
        faces = issue_cards_for_term(db, term, BASE_URL, by=SYSTEM, on=TODAY)
        assert [f.seat_label for f in faces] == ["A01", "B02", None]
        usernames = sorted(db.scalars(select(User.username)))
        assert usernames == ["dothiuoc", "nguyenvanan", "nguyenvanan2"]
        assert all(u.roles == {Role.DELEGATE} and u.password_hash is None for u in db.scalars(select(User)))

        old_token = faces[0].url.split("#card=", 1)[1]
        deactivate(db, db.scalars(select(User).where(User.username == "dothiuoc")).one())
        again = issue_cards_for_term(db, term, BASE_URL, by=SYSTEM, on=TODAY)
        assert [f.full_name for f in again] == [
            "Nguyễn Văn An",
            "Nguyễn Văn An",
        ]  # the disabled one gets none
    with pytest.raises(DomainError) as caught, transaction(empty) as db:
        user_for_card(db, old_token)
    assert caught.value.code == "card_revoked"


def test_long_texts_still_fit_on_a_card() -> None:
    face = CardFace(
        full_name="Tôn Nữ Thị Hoàng Phương Thảo Nguyên Bích",
        seat_label="E10",
        constituency="Đơn vị bầu cử số 16 — " + ", ".join(f"xã Nghĩa Hưng {n}" for n in range(12)),
        url=BASE_URL + "signin.html#card=" + "x" * 32,
        expires_on=dt.date(2026, 12, 28),
    )
    pdf = render_cards_pdf([face] * 9, council_name="Hội đồng nhân dân thành phố Hồ Chí Minh")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert "Ghế E10" in reader.pages[1].extract_text()


def test_no_cards_no_pdf() -> None:
    with pytest.raises(DomainError):
        render_cards_pdf([], council_name="Hội đồng nhân dân tỉnh Ninh Bình")


def test_demo_has_a_commune_and_a_historical_district_council(built) -> None:
    from sqlalchemy import select

    from agenda.models import Council

    factory, _ = built
    with transaction(factory) as db:
        councils = {c.level.value: c for c in db.scalars(select(Council))}
        assert set(councils) == {"province", "commune", "district"}
        assert councils["district"].abolished_on == dt.date(2025, 7, 1)
        assert councils["commune"].parent_id == councils["province"].id and councils["province"].is_home


def test_the_demo_archive_shows_every_kind_of_legal_force(
    built: tuple[sessionmaker[DbSession], DemoSummary],
) -> None:
    from agenda.archive import links
    from agenda.archive.force import Force
    from agenda.models import Resolution

    factory, _ = built
    with factory() as db:
        by_number = {r.number: r for r in db.scalars(select(Resolution))}
        states = links.forces_of_archive(db, TODAY)
        status = {number: states[r.id].status for number, r in by_number.items()}
        assert status["12/2022/NQ-HĐND"] is Force.ENDED  # replaced by 08/2025/NQ-HĐND
        assert (
            status["03/2024/NQ-HĐND"] is Force.ENDED
        )  # the abolished district's rule, replaced by the province's
        assert status["05/2023/NQ-HĐND"] is Force.PARTLY_ENDED  # its Điều 4 repealed
        assert status["27/NQ-HĐND"] is Force.IN_FORCE  # amended, still in force
        assert all(r.signed_sha256 and r.published_on for r in by_number.values())
        assert by_number["03/2024/NQ-HĐND"].council.abolished_on is not None
