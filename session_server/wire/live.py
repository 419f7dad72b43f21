"""The shapes of a live session on the wire — the snapshot a screen gets on connect (and
``GET /api/sessions/{id}/live``), a vote, a question, the session's record, a ballot's acknowledgement —
as components of the OpenAPI document. :mod:`agenda.sitting` makes these objects; their ``TypedDict`` s
(a quorum, an attendance row) become schemas here with :func:`~session_server.http.schemas.typed`."""

from __future__ import annotations

from agenda.models import (
    AgendaItemKind,
    QuestionStatus,
    SessionStatus,
    SessionType,
    SpeechKind,
    SpeechStatus,
    VoteKind,
    VoteStatus,
)
from agenda.sitting.attendance import AttendanceEntry, CardCheckIn, Quorum
from agenda.sitting.record import RecordedAttendance
from agenda.sitting.snapshot import ViewerState
from session_server.http.schemas import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    OPT_DATE,
    OPT_DATETIME,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    enum,
    mapping,
    nullable,
    reply,
    typed,
)

OPTION = reply(key=STR, label=STR)
LIVE_AGENDA_ITEM = component(
    "LiveAgendaItem",
    reply(id=INT, number=STR, title=STR, kind=choices(AgendaItemKind), depth=enum([0, 1]), presenter=OPT_STR),
)
NAMED_BALLOT = component("NamedBallot", reply(person_id=INT, subject=STR, option=STR))
_COUNTS = mapping(mapping(INT))
_RESULT_HEAD = {"kind": choices(VoteKind), "total": INT, "present": INT, "cast": INT, "not_voted": INT}
MOTION_RESULT = component(
    "MotionResult",
    reply(
        **_RESULT_HEAD,
        options=array(reply(option=STR, label=STR, count=INT, percent_of_total=STR, percent_of_present=STR)),
        needed=INT,
        rule_text=STR,
        passed=BOOL,
        sentence=STR,
        verdict=STR,
    ),
)
CONFIDENCE_RESULT = component(
    "ConfidenceResult",
    reply(
        **_RESULT_HEAD,
        subjects=array(
            reply(
                key=STR,
                label=STR,
                official_id=OPT_INT,
                options=array(reply(option=STR, label=STR, count=INT, percent_of_total=STR)),
                over_half=BOOL,
                two_thirds=BOOL,
                verdict=STR,
            )
        ),
        denominator=STR,
    ),
)
VOTE = component(
    "Vote",
    reply(
        ["counts", "ballots", "named_ballots"],
        id=INT,
        number=INT,
        kind=choices(VoteKind),
        title=STR,
        secret=BOOL,
        agenda_item_id=OPT_INT,
        repeat_of_id=OPT_INT,
        options=array(OPTION),
        subjects=array(reply(["official_id"], key=STR, label=STR, official_id=INT)),
        rule=STR,
        fraction=STR,
        strict=BOOL,
        rule_text=STR,
        present_only=BOOL,
        status=choices(VoteStatus),
        total_in_office=INT,
        opened_at=OPT_DATETIME,
        closed_at=OPT_DATETIME,
        cast=INT,
        result=nullable({"anyOf": [MOTION_RESULT, CONFIDENCE_RESULT]}),
        counts={**_COUNTS, "description": "Named votes only: {subject: {option: n}}"},
        ballots={**array(NAMED_BALLOT), "description": "Named votes only (in the snapshot: while open)"},
        named_ballots={
            **array(reply(full_name=STR, option=STR)),
            "description": "In the record, a closed named vote's ballots by name",
        },
    ),
)
_PUBLIC_QUESTION = [
    "person_id",
    "full_name",
    "official_id",
    "official_name",
    "official_position",
    "text",
    "group_label",
    "filed_at",
    "answer",
    "answered_at",
    "written_due_on",
    "attachment",
]
QUESTION = component(
    "Question",
    {
        **reply(
            _PUBLIC_QUESTION,
            id=INT,
            status=choices(QuestionStatus),
            position=INT,
            person_id=INT,
            full_name=STR,
            official_id=INT,
            official_name=STR,
            official_position=STR,
            text=STR,
            group_label=OPT_STR,
            filed_at=DATETIME,
            answer=OPT_STR,
            answered_at=OPT_DATETIME,
            written_due_on=OPT_DATE,
            attachment=nullable(reply(name=STR, type=STR, sha256=STR)),
        ),
        "description": "Only id, status and position for whoever may not yet see the question; the "
        "attachment for those who may also have it",
    },
)
FLOOR_REQUEST = component(
    "FloorRequest",
    reply(
        id=INT,
        person_id=INT,
        full_name=STR,
        kind=choices(SpeechKind),
        status=choices(SpeechStatus),
        agenda_item_id=OPT_INT,
        requested_at=DATETIME,
        started_at=OPT_DATETIME,
        seconds_allowed=INT,
    ),
)
QUORUM = component("Quorum", typed(Quorum))
SITTING = component(
    "Sitting",
    reply(day=OPT_DATE, opened_at=OPT_DATETIME, current_item_id=OPT_INT, allow_absent_voting=BOOL),
)
SNAPSHOT = component(
    "Snapshot",
    reply(
        ["me"],
        version=INT,
        session=reply(
            id=INT,
            number=INT,
            heading=STR,
            title=OPT_STR,
            status=choices(SessionStatus),
            place=OPT_STR,
            session_type=choices(SessionType),
            starts_on=DATE,
            ends_on=DATE,
            is_public=BOOL,
            speech_seconds=INT,
            question_seconds=INT,
            quorum_fraction=STR,
        ),
        council=reply(
            name=STR, short_name=STR, time_zone={**STR, "description": "IANA zone of every time shown"}
        ),
        agenda=array(LIVE_AGENDA_ITEM),
        sitting=SITTING,
        quorum=QUORUM,
        attendance=array(component("Attendance", typed(AttendanceEntry))),
        floor=array(FLOOR_REQUEST),
        timer=nullable(reply(started_at=DATETIME, seconds=INT, label=OPT_STR, warning_seconds=INT)),
        speaker_request_id=OPT_INT,
        question_id=OPT_INT,
        questions=array(QUESTION),
        votes=array(VOTE),
        officials=array(reply(id=INT, full_name=STR, position=STR)),
        server_time=DATETIME,
        me={**typed(ViewerState), "description": "A delegate's own part: the votes voted in and still open"},
    ),
)
RECORD = component(
    "SessionRecord",
    reply(
        council=STR,
        time_zone={**STR, "description": "IANA zone the record's times are printed in"},
        heading=STR,
        title=OPT_STR,
        place=OPT_STR,
        starts_on=DATE,
        ends_on=DATE,
        status=choices(SessionStatus),
        agenda=array(LIVE_AGENDA_ITEM),
        attendance=array(
            reply(day=DATE, total=INT, counts=mapping(INT), delegates=array(typed(RecordedAttendance)))
        ),
        votes=array(VOTE),
        questions=array(QUESTION),
        speeches=array(
            reply(
                full_name=STR,
                kind=choices(SpeechKind),
                agenda_item_id=OPT_INT,
                started_at=OPT_DATETIME,
                ended_at=OPT_DATETIME,
                seconds=OPT_INT,
            )
        ),
        seal=reply(audit_entries=INT, chain_intact=BOOL, last_seq=OPT_INT, last_hash=OPT_STR),
        generated_at=DATETIME,
    ),
)
VOTE_BALLOTS = component(
    "VoteBallots", reply(vote_id=INT, status=choices(VoteStatus), ballots=array(NAMED_BALLOT))
)
BALLOT_ACK = component("BallotAck", reply(vote_id=INT, ballot_id=STR, recorded=enum([True]), duplicate=BOOL))
CARD_CHECK_IN = component("CardCheckIn", typed(CardCheckIn))
