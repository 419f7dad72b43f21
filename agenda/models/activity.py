"""What delegates and their bodies do between sessions (hoạt động giữa hai kỳ họp), as records the metrics
count (:mod:`agenda.metrics`):

- an :class:`Activity` — giám sát (supervision), khảo sát (survey), tiếp xúc cử tri (a voter-contact meeting),
  tiếp công dân (a citizen reception), a phiên giải trình (an explanation hearing) — organised by the council,
  its Thường trực, a Ban, a Tổ đại biểu or one delegate, with its participants and attachments;
- a :class:`Recommendation` (kiến nghị cử tri, or a supervision's kiến nghị) followed through its whole chain:
  classified, forwarded, due, answered, **resolved or not** (answered is not resolved), the voters' feedback,
  re-supervised, carried over into the next term while still open;
- a :class:`Petition` (đơn thư: khiếu nại, tố cáo, kiến nghị, phản ánh): received, forwarded, resolved,
  overdue against the time limits of :class:`PetitionLimit`.

Nothing here is a status typed by hand: where a record stands is derived from its dates
(:mod:`agenda.activity.chain`)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agenda.clock import utcnow
from agenda.models.base import Base, enum_column
from agenda.models.council import Council, Organization, Person, Term


class ActivityKind(enum.StrEnum):
    SUPERVISION = "supervision"  # giám sát (chuyên đề or thường xuyên)
    SURVEY = "survey"  # khảo sát
    VOTER_CONTACT = "voter_contact"  # tiếp xúc cử tri
    CITIZEN_RECEPTION = "citizen_reception"  # tiếp công dân
    EXPLANATION = "explanation"  # phiên giải trình


class Organiser(enum.StrEnum):
    """Who runs an activity: the council as a whole (a thematic supervision by HĐND), its Thường trực, a Ban, a
    Tổ đại biểu (through ``organization_id``), or one delegate (``lead_person_id``)."""

    COUNCIL = "council"
    STANDING = "standing"
    COMMITTEE = "committee"
    GROUP = "group"
    DELEGATE = "delegate"


class ParticipantRole(enum.StrEnum):
    LEAD = "lead"  # trưởng đoàn, chủ trì
    MEMBER = "member"  # thành viên đoàn, đại biểu dự
    ON_DUTY = "on_duty"  # đại biểu trực tiếp công dân


class RecommendationKind(enum.StrEnum):
    OPINION = "opinion"  # ý kiến (no answer owed)
    RECOMMENDATION = "recommendation"  # kiến nghị (an answer owed by the addressee)


class Outcome(enum.StrEnum):
    """Whether the matter behind an answered recommendation or petition was settled — asked apart from the
    answer, because "closed" that does not say whether the problem was solved is the trap."""

    RESOLVED = "resolved"  # đã giải quyết
    PARTLY = "partly"  # giải quyết một phần
    UNRESOLVED = "unresolved"  # chưa giải quyết (answered, the problem remains)


class PetitionKind(enum.StrEnum):
    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    RECOMMENDATION = "recommendation"  # kiến nghị
    REFLECTION = "reflection"  # phản ánh


class Activity(Base):
    """One activity between sessions. ``completed_on`` is set when it took place (a plan until then);
    ``external_id`` is its code in an imported sheet, unique within its council (a re-import finds it)."""

    __tablename__ = "activity"
    __table_args__ = (
        UniqueConstraint("council_id", "external_id", name="uq_activity_external_id"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint("completed_on IS NULL OR completed_on >= starts_on", name="completed_after_start"),
        CheckConstraint(
            "(voters IS NULL OR voters >= 0) AND (citizens IS NULL OR citizens >= 0)"
            " AND (cases IS NULL OR cases >= 0)",
            name="counts_not_negative",
        ),
        Index("ix_activity_council_kind_completed", "council_id", "kind", "completed_on"),
        Index("ix_activity_organization_completed", "organization_id", "completed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    thematic: Mapped[bool] = mapped_column(Boolean, default=False)  # giám sát chuyên đề
    organiser: Mapped[Organiser] = mapped_column(enum_column(Organiser))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"))
    lead_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"))
    external_id: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(500))
    subjects: Mapped[str | None] = mapped_column(Text)  # đối tượng giám sát / khảo sát
    plan: Mapped[str | None] = mapped_column(Text)  # kế hoạch, nội dung
    place: Mapped[str | None] = mapped_column(String(300))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    conclusions: Mapped[str | None] = mapped_column(Text)  # kết luận, báo cáo kết quả
    voters: Mapped[int | None] = mapped_column(Integer)  # cử tri dự (tiếp xúc cử tri)
    citizens: Mapped[int | None] = mapped_column(Integer)  # lượt công dân (tiếp công dân)
    cases: Mapped[int | None] = mapped_column(Integer)  # vụ việc
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship()
    term: Mapped[Term] = relationship()
    organization: Mapped[Organization | None] = relationship()
    lead_person: Mapped[Person | None] = relationship()
    participants: Mapped[list[ActivityParticipant]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        order_by="ActivityParticipant.id",
        passive_deletes=True,
    )
    attachments: Mapped[list[ActivityAttachment]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        order_by="ActivityAttachment.id",
        passive_deletes=True,
    )


class ActivityParticipant(Base):
    """A delegate (or a guest with no seat: ``person_id`` of someone not in office is refused by the rules,
    not here) who took part in an activity."""

    __tablename__ = "activity_participant"
    __table_args__ = (UniqueConstraint("activity_id", "person_id", name="uq_activity_participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole))

    activity: Mapped[Activity] = relationship(back_populates="participants")
    person: Mapped[Person] = relationship()


class ActivityAttachment(Base):
    """A file of an activity (kế hoạch, báo cáo kết quả, biên bản), checked as every upload is and stored once
    by its SHA-256."""

    __tablename__ = "activity_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(255))
    pages: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="attachments")


class Recommendation(Base):
    """A kiến nghị raised at an activity (or received otherwise: ``activity_id`` null), followed through its
    chain. ``carried_from_id``: the same matter, still open at the end of the previous term, carried into this
    one (the old record keeps ``carried_on``)."""

    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("council_id", "external_id", name="uq_recommendation_external_id"),
        CheckConstraint("answered_on IS NULL OR forwarded_on IS NOT NULL", name="answered_after_forwarded"),
        CheckConstraint("outcome IS NULL OR answered_on IS NOT NULL", name="outcome_needs_answer"),
        Index("ix_recommendation_council_raised", "council_id", "raised_on"),
        # the dashboard counts each step of the chain by its date (agenda/metrics/measures.py): migration 0016
        Index("ix_recommendation_council_forwarded", "council_id", "forwarded_on"),
        Index("ix_recommendation_council_answered", "council_id", "answered_on"),
        Index("ix_recommendation_council_outcome", "council_id", "outcome_on"),
        Index("ix_recommendation_council_due", "council_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="SET NULL"), index=True
    )
    external_id: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[RecommendationKind] = mapped_column(enum_column(RecommendationKind))
    field: Mapped[str | None] = mapped_column(String(200))  # lĩnh vực
    text: Mapped[str] = mapped_column(Text)
    raised_on: Mapped[dt.date] = mapped_column(Date)
    addressee: Mapped[str | None] = mapped_column(String(300))  # chuyển đến (UBND, Sở …)
    forwarded_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)
    feedback: Mapped[str | None] = mapped_column(Text)  # cử tri phản hồi
    feedback_on: Mapped[dt.date | None] = mapped_column(Date)
    resupervised_on: Mapped[dt.date | None] = mapped_column(Date)  # tái giám sát
    carried_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity | None] = relationship()


class Petition(Base):
    """An đơn thư received by the council (at a citizen reception: ``activity_id``), forwarded to the body
    competent, resolved. ``due_on`` is fixed when it is forwarded, from :class:`PetitionLimit`."""

    __tablename__ = "petition"
    __table_args__ = (
        UniqueConstraint("council_id", "external_id", name="uq_petition_external_id"),
        CheckConstraint(
            "forwarded_on IS NULL OR forwarded_on >= received_on", name="forwarded_after_received"
        ),
        CheckConstraint("resolved_on IS NULL OR resolved_on >= received_on", name="resolved_after_received"),
        Index("ix_petition_council_received", "council_id", "received_on"),
        Index("ix_petition_council_resolved", "council_id", "resolved_on"),
        Index("ix_petition_council_due", "council_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL"), index=True
    )
    handler_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    external_id: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[PetitionKind] = mapped_column(enum_column(PetitionKind))
    sender: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(Text)
    received_on: Mapped[dt.date] = mapped_column(Date)
    addressee: Mapped[str | None] = mapped_column(String(300))
    forwarded_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    result: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class PetitionLimit(Base):
    """A council's time limit for a kind of petition, in days from forwarding to a result (the law's defaults
    are in :mod:`agenda.activity.limits`; a council may record its own regulation)."""

    __tablename__ = "petition_limit"
    __table_args__ = (
        UniqueConstraint("council_id", "kind", name="uq_petition_limit"),
        CheckConstraint("days > 0 AND days <= 365", name="days_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"))
    kind: Mapped[PetitionKind] = mapped_column(enum_column(PetitionKind))
    days: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str | None] = mapped_column(String(300))  # căn cứ (Luật Khiếu nại 2011, Điều 28 …)
