"""The metrics API: the dashboard's JSON, the XLSX and the PDF show the same numbers; the drill-down sums to
the figure; bad input is a 4xx; the public delegate page shows named ballots only."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pypdf
import pytest
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import clock
from agenda import db as storage
from agenda.metrics.measures import MEASURES
from agenda.models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    Attendance,
    AttendanceStatus,
    NamedChoice,
    Organiser,
    ParticipantRole,
    Recommendation,
    RecommendationKind,
    Vote,
    VoteKind,
    VoteParticipation,
    VoteStatus,
)
from tests.conftest import DELEGATE, SECRETARY


@pytest.fixture(autouse=True)
def after_the_session() -> Iterator[None]:
    """Today is after the small council's December session (its attendance and votes are in the past)."""
    with clock.frozen(dt.datetime(2026, 12, 20, 3)):
        yield


def _records(factory: sessionmaker[DbSession], small: dict[str, Any]) -> None:
    council, term, people = small["council_id"], small["term_id"], small["person_ids"]
    with storage.transaction(factory) as db:
        for n, (kind, unit) in enumerate(
            [(ActivityKind.SUPERVISION, small["ban_id"]), (ActivityKind.VOTER_CONTACT, small["group_id"])]
        ):
            day = dt.date(2026, 5, 10 + n)
            act = Activity(
                council_id=council,
                term_id=term,
                kind=kind,
                organiser=Organiser.GROUP,
                organization_id=unit,
                title=f"Hoạt động {n}",
                starts_on=day,
                ends_on=day,
                completed_on=day,
                voters=120,
            )
            act.participants = [ActivityParticipant(person_id=people[n], role=ParticipantRole.LEAD)]
            db.add(act)
            db.flush()
        db.add(
            Recommendation(
                council_id=council,
                term_id=term,
                activity_id=act.id,
                kind=RecommendationKind.RECOMMENDATION,
                text="Sửa đường liên xã",
                raised_on=dt.date(2026, 5, 11),
                forwarded_on=dt.date(2026, 5, 20),
                answered_on=dt.date(2026, 6, 1),
            )
        )
        sid = small["session_id"]
        db.add(
            Attendance(
                session_id=sid,
                person_id=people[0],
                day=dt.date(2026, 12, 10),
                status=AttendanceStatus.PRESENT,
            )
        )
        db.add(
            Attendance(
                session_id=sid,
                person_id=people[1],
                day=dt.date(2026, 12, 10),
                status=AttendanceStatus.EXCUSED,
            )
        )
        for number, secret in ((1, False), (2, True)):
            vote = Vote(
                session_id=sid,
                number=number,
                kind=VoteKind.MOTION,
                title=f"Biểu quyết {number}",
                secret=secret,
                options=[{"key": "yes", "label": "Tán thành"}],
                subjects=[{"key": "motion", "label": "Nghị quyết"}],
                rule="majority",
                fraction="1/2",
                strict=True,
                status=VoteStatus.CLOSED,
                total_in_office=5,
            )
            db.add(vote)
            db.flush()
            db.add(VoteParticipation(vote_id=vote.id, person_id=people[0], ballot_key=f"k{number}"))
            if not secret:
                db.add(NamedChoice(vote_id=vote.id, person_id=people[0], subject="motion", option="yes"))


def test_the_dashboard_the_xlsx_and_the_pdf_show_the_same_numbers(
    visitor: Any, factory: sessionmaker[DbSession], small_council: dict[str, Any]
) -> None:
    _records(factory, small_council)
    client = visitor().login(SECRETARY)
    base = f"/api/metrics/councils/{small_council['council_id']}"
    client.post(
        f"{base}/criteria",
        {
            "valid_from": "2026-01-01",
            "title": "Tiêu chí",
            "criteria": [{"unit_type": "committee", "measure": "supervisions", "target": 2, "weight": 30}],
        },
    )
    shown = client.get(f"{base}/figures?year=2026").json()
    totals = shown["council"]["values"]
    assert (totals["supervisions"], totals["voter_contacts"], totals["voters_met"]) == (1, 1, 120)
    assert (totals["recommendations_raised"], totals["recommendations_answered"]) == (1, 1)
    assert totals["recommendations_resolved"] == 0  # answered is not resolved
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/report.xlsx?year=2026").content))
    sheet = book.active
    assert sheet is not None
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    in_sheet = {r[1]: r[2] for r in rows if isinstance(r[0], int) and r[1] in {m.vi for m in MEASURES}}
    assert in_sheet == {m.vi: totals[m.name] for m in MEASURES}
    units = {r[0]: r for r in rows if r[0] in {u["name"] for u in shown["units"]}}
    for unit in shown["units"]:
        assert units[unit["name"]][2:4] == (unit["values"]["supervisions"], unit["values"]["surveys"])
    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"{base}/report.pdf?year=2026").content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for m in MEASURES:
        assert re.search(rf"{re.escape(m.vi)}\s+{totals[m.name]}\b", text), m.vi
    assert "Ban Pháp chế" in text and "Nguyễn Văn An" in text
    scores = client.get(f"{base}/scores?year=2026").json()["scores"]
    ban = next(s for s in scores if s["key"] == small_council["ban_id"])
    assert (ban["points"], ban["rank"]) == (15.0, 1)
    assert "15" in text


def test_the_drill_down_opens_the_records_of_a_figure(
    visitor: Any, factory: sessionmaker[DbSession], small_council: dict[str, Any]
) -> None:
    _records(factory, small_council)
    client = visitor().login(DELEGATE)
    base = f"/api/metrics/councils/{small_council['council_id']}"
    unit = client.get(
        f"{base}/drill?year=2026&measure=voters_met&level=unit&key={small_council['group_id']}"
    ).json()
    assert unit["total"] == 120 and [r["title"] for r in unit["records"]] == ["Hoạt động 1"]
    person = small_council["person_ids"][0]
    present = client.get(
        f"{base}/drill?year=2026&measure=sittings_present&level=delegate&key={person}"
    ).json()
    assert present["total"] == 1 and present["records"][0]["kind"] == "sitting"


def test_bad_input_is_refused_with_a_message(visitor: Any, small_council: dict[str, Any]) -> None:
    client = visitor().login(SECRETARY)
    base = f"/api/metrics/councils/{small_council['council_id']}"
    assert client.get(f"{base}/figures?year=3000").status_code == 400
    assert client.get(f"{base}/figures?term_id=999").status_code == 404
    assert client.get("/api/metrics/councils/999/figures").status_code == 404
    assert client.get(f"{base}/drill?measure=golf").status_code == 404
    assert client.get(f"{base}/drill?measure=speeches&level=delegate").status_code == 400
    bad = client.post(
        f"{base}/criteria",
        {
            "valid_from": "2026-01-01",
            "title": "x",
            "criteria": [{"unit_type": "group", "measure": "surveys", "target": 0, "weight": 5}],
        },
    )
    assert bad.status_code == 400 and bad.json()["error"]["message_en"]


def test_the_public_page_shows_named_ballots_only(
    visitor: Any, factory: sessionmaker[DbSession], small_council: dict[str, Any]
) -> None:
    _records(factory, small_council)
    person = small_council["person_ids"][0]
    record = visitor().get(f"/api/public/delegates/{person}/record").json()
    assert [v["title"] for v in record["named_votes"]] == ["Biểu quyết 1"]
    assert record["named_votes"][0]["choices"] == [{"subject": "Nghị quyết", "option": "Tán thành"}]
    assert record["figures"]["values"]["sittings_present"] == 1
    assert "votes_taken_part" in record["figures"]["values"]
    assert visitor().get("/api/public/delegates/99999/record").status_code == 404
