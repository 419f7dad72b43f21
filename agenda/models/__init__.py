"""The council's data as SQLAlchemy 2 typed models, one module per area; everything is re-exported here.

Names follow the council's own terms: a ``Council`` (HĐND) has ``Term``s (khóa); a ``Person`` holds a
``Mandate`` (the seat of a delegate, with dates); ``Organization``s are the Ban, Tổ đại biểu and
Thường trực, joined through dated ``Membership``s; ``Official``s (UBND chair, Giám đốc Sở…) can be
questioned; a ``Session`` (kỳ họp) has ``AgendaItem``s. ``User`` accounts sign people in.

- :mod:`agenda.models.council` — councils, terms, people, seats, Ban / Tổ, officials, sessions, agenda
- :mod:`agenda.models.accounts` — users, roles, sign-in cards, sign-in sessions
- :mod:`agenda.models.sitting` — attendance, requests to speak, questions, the live state
- :mod:`agenda.models.votes` — votes, participation, named choices, secret tallies
- :mod:`agenda.models.records` — the event stream, the audit trail, stored files
- :mod:`agenda.models.documents` — documents, versions, pages, copies, packs, receipts, notes
- :mod:`agenda.models.archive` — resolutions, their dossiers and their relations
- :mod:`agenda.models.tracking` — the tasks of a resolution, their milestones and reports
- :mod:`agenda.models.search` — the archive's search index: what was indexed, the pages' text
- :mod:`agenda.models.activity` — activities between sessions, voters' recommendations, petitions
- :mod:`agenda.models.metrics` — emulation criteria (versions, targets, weights)
"""

from __future__ import annotations

from agenda.models.accounts import Role, SignInCard, SignInSession, User, UserRole
from agenda.models.activity import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    ActivityParticipant,
    Organiser,
    Outcome,
    ParticipantRole,
    Petition,
    PetitionKind,
    PetitionLimit,
    Recommendation,
    RecommendationKind,
)
from agenda.models.archive import DossierDocument, Resolution, ResolutionOrigin, ResolutionRelation
from agenda.models.base import NAMING_CONVENTION, Base, enum_column
from agenda.models.council import (
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
)
from agenda.models.documents import (
    CopyKind,
    Document,
    DocumentAccess,
    DocumentCopy,
    DocumentNote,
    DocumentPage,
    DocumentType,
    DocumentVersion,
    NoteKind,
    ReadReceipt,
    SessionPack,
)
from agenda.models.metrics import CriteriaVersion, Criterion, TargetPer, UnitType
from agenda.models.oparl import OparlEntry
from agenda.models.records import AuditEntry, SessionEvent, StoredFile
from agenda.models.search import SearchEntry, SearchPage
from agenda.models.sitting import (
    Attendance,
    AttendanceStatus,
    LiveState,
    Question,
    QuestionStatus,
    SpeechKind,
    SpeechRequest,
    SpeechStatus,
)
from agenda.models.tracking import Milestone, Task, TaskReport
from agenda.models.votes import (
    NamedChoice,
    SealedBallot,
    SecretTally,
    Vote,
    VoteKind,
    VoteParticipation,
    VoteStatus,
)

__all__ = [
    "Activity",
    "ActivityAttachment",
    "ActivityKind",
    "ActivityParticipant",
    "Organiser",
    "Outcome",
    "ParticipantRole",
    "Petition",
    "PetitionKind",
    "PetitionLimit",
    "Recommendation",
    "RecommendationKind",
    "CriteriaVersion",
    "Criterion",
    "TargetPer",
    "UnitType",
    "AgendaItem",
    "AgendaItemKind",
    "Attendance",
    "AttendanceStatus",
    "AuditEntry",
    "Base",
    "Council",
    "CouncilLevel",
    "Document",
    "DocumentAccess",
    "CopyKind",
    "DocumentCopy",
    "DocumentNote",
    "DocumentPage",
    "DocumentType",
    "DocumentVersion",
    "DossierDocument",
    "LiveState",
    "Mandate",
    "Membership",
    "Milestone",
    "MembershipRole",
    "NAMING_CONVENTION",
    "NamedChoice",
    "NoteKind",
    "Official",
    "OparlEntry",
    "Organization",
    "OrganizationKind",
    "Person",
    "Question",
    "QuestionStatus",
    "ReadReceipt",
    "Resolution",
    "ResolutionOrigin",
    "ResolutionRelation",
    "Role",
    "SealedBallot",
    "SecretTally",
    "Session",
    "SessionEvent",
    "SessionPack",
    "SessionStatus",
    "SessionType",
    "SignInCard",
    "SignInSession",
    "SpeechKind",
    "SpeechRequest",
    "SpeechStatus",
    "StoredFile",
    "SearchEntry",
    "SearchPage",
    "Task",
    "TaskReport",
    "Term",
    "User",
    "UserRole",
    "Vote",
    "VoteKind",
    "VoteParticipation",
    "VoteStatus",
    "enum_column",
]
