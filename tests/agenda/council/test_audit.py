"""Every change to the council leaves an entry in the audit trail naming who made it and what changed: the
council and its terms, delegates, Ban and Tổ, their members, officials."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from agenda import audit
from agenda import db as storage
from agenda.council import delegates, memberships, officials, organizations, terms
from agenda.council.delegates import DelegateInput, DelegatePatch
from agenda.council.memberships import MembershipInput, MembershipPatch
from agenda.council.officials import OfficialInput, OfficialPatch
from agenda.council.organizations import OrganizationInput, OrganizationPatch
from agenda.council.people import PersonInput
from agenda.council.terms import CouncilInput, TermInput
from agenda.models import AuditEntry, CouncilLevel, Membership, MembershipRole, OrganizationKind, Term


def entries_after(db: Any, seq: int) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)))


def last_seq(factory: Any) -> int:
    with factory() as db:
        return int(db.scalar(select(func.max(AuditEntry.seq))) or 0)


def test_each_change_to_the_council_is_audited_with_its_actor(factory: Any, small_council: dict) -> None:
    before = last_seq(factory)
    with storage.transaction(factory) as db:
        home = terms.home_council(db)
        term = db.get(Term, small_council["term_id"])
        commune = CouncilInput(
            "Hội đồng nhân dân phường Hoa Lư", "HĐND phường Hoa Lư", "Hoa Lư", CouncilLevel.COMMUNE
        )
        council = terms.create_council(db, commune, actor="thuky")
        next_term = terms.create_term(db, home, TermInput(18, dt.date(2031, 3, 15)), actor="thuky")
        mandate = delegates.add_delegate(
            db, term, DelegateInput(PersonInput("Hồ Thị Lan"), seat_label="A06"), actor="thuky"
        )
        delegates.update_delegate(db, mandate, DelegatePatch.of(occupation="Giáo viên"), actor="thuky")
        ended = DelegatePatch.of(ended_on=dt.date(2027, 1, 1), end_reason="Chuyển công tác")
        delegates.update_delegate(db, mandate, ended, actor="thuky")
        ban = OrganizationInput(OrganizationKind.COMMITTEE, "Ban Văn hóa – Xã hội")
        org = organizations.create_organization(db, term, ban, actor="thuky")
        organizations.update_organization(
            db, org, OrganizationPatch.of(name="Ban Văn hóa - Xã hội"), actor="thuky"
        )
        member = memberships.add_membership(
            db, org, MembershipInput(small_council["person_ids"][2]), actor="thuky"
        )
        memberships.update_membership(
            db, member, MembershipPatch.of(role=MembershipRole.DEPUTY), actor="thuky"
        )
        memberships.delete_membership(db, member, actor="thuky")
        organizations.delete_organization(db, org, actor="thuky")
        official = officials.add_official(
            db,
            home,
            OfficialInput(PersonInput("Trần Văn Sở"), "Giám đốc Sở Tài chính", "Sở Tài chính"),
            actor="thuky",
        )
        officials.update_official(db, official, OfficialPatch.of(agency="Sở Tài chính tỉnh"), actor="thuky")
        ids = {"council": council.id, "term": next_term.id, "mandate": mandate.id, "org": org.id}
        ids |= {"membership": member.id, "official": official.id}
    with factory() as db:
        entries = entries_after(db, before)
        assert [(e.action, e.actor) for e in entries] == [
            (action, "thuky")
            for action in [
                "council.created",
                "term.created",
                "delegate.added",
                "delegate.updated",
                "delegate.seat_ended",
                "organization.created",
                "organization.updated",
                "membership.added",
                "membership.updated",
                "membership.deleted",
                "organization.deleted",
                "official.added",
                "official.updated",
            ]
        ]
        detail = {e.action: e.detail for e in entries}
        assert detail["council.created"]["council_id"] == ids["council"]
        assert detail["term.created"]["term_id"] == ids["term"]
        assert detail["delegate.updated"] == {
            "mandate_id": ids["mandate"],
            "person_id": detail["delegate.added"]["person_id"],
            "fields": ["occupation"],
        }
        assert detail["delegate.seat_ended"]["ended_on"] == "2027-01-01"
        assert detail["delegate.seat_ended"]["end_reason"] == "Chuyển công tác"
        assert detail["organization.updated"]["previous_name"] == "Ban Văn hóa – Xã hội"
        assert detail["membership.updated"]["fields"] == ["role"]
        assert detail["membership.deleted"]["membership_id"] == ids["membership"]
        assert detail["organization.deleted"]["organization_id"] == ids["org"]
        assert detail["official.updated"] == {"official_id": ids["official"], "fields": ["agency"]}
        assert audit.verify(db).ok


def test_deleting_a_ban_removes_its_memberships_and_says_which(factory: Any, small_council: dict) -> None:
    with storage.transaction(factory) as db:
        ban = organizations.get_organization(db, small_council["ban_id"])
        held = [ms.id for ms in ban.memberships]
        organizations.delete_organization(db, ban, actor="quantri")
    with factory() as db:
        assert held and db.scalar(select(func.count(Membership.id)).where(Membership.id.in_(held))) == 0
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "organization.deleted"))
        assert entry.actor == "quantri" and entry.detail["membership_ids"] == held
        assert entry.detail["name"] == "Ban Pháp chế"
