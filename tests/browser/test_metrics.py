"""The dashboard follows the records (issue 16's "done when"): a Ban records a supervision; a Tổ records a
voter-contact meeting with two recommendations, forwards one, which is answered but not resolved; the
dashboard's numbers change accordingly; the drill-down opens the records; a criterion's weight changes and the
ranking follows; the annual report downloads as XLSX and PDF with the same figures."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from agenda.db import transaction
from agenda.models import (
    Activity,
    ActivityKind,
    Council,
    CriteriaVersion,
    Criterion,
    Organiser,
    Organization,
    OrganizationKind,
    Recommendation,
    RecommendationKind,
    TargetPer,
    Term,
    UnitType,
)
from tests.browser.conftest import PASSWORDS, VIEWPORT, LiveServer, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(Path(tmp_path_factory.mktemp("metrics"))) as live:
        yield live


def _units(live: LiveServer) -> dict[str, int]:
    """The seed's Ban and Tổ, a second Ban, and the criteria: each Ban 1 supervision (30) and 1 survey (10)."""
    with transaction(live.factory) as db:
        council = db.scalars(select(Council).where(Council.is_home.is_(True))).one()
        term = db.scalars(select(Term).where(Term.council_id == council.id)).one()
        second = Organization(term_id=term.id, kind=OrganizationKind.COMMITTEE, name="Ban Văn hóa – Xã hội")
        db.add(second)
        version = CriteriaVersion(
            council_id=council.id, valid_from=dt.date(2026, 1, 1), title="Tiêu chí 2026"
        )
        version.criteria = [
            Criterion(unit_type=UnitType.COMMITTEE, measure=m, target=1, per=TargetPer.YEAR, weight=w)
            for m, w in (("supervisions", 30), ("surveys", 10))
        ]
        db.add(version)
        db.flush()
        orgs = {o.name: o.id for o in db.scalars(select(Organization).where(Organization.term_id == term.id))}
        return {
            "council": council.id,
            "term": term.id,
            "ban": orgs["Ban Pháp chế"],
            "ban2": second.id,
            "group": orgs["Tổ đại biểu số 1"],
        }


def _activity(live: LiveServer, ids: dict[str, int], unit: str, kind: ActivityKind, title: str) -> int:
    day = dt.date(2026, 9, 15)
    with transaction(live.factory) as db:
        act = Activity(
            council_id=ids["council"],
            term_id=ids["term"],
            kind=kind,
            organiser=Organiser.COMMITTEE,
            organization_id=ids[unit],
            title=title,
            starts_on=day,
            ends_on=day,
            completed_on=day,
            voters=85,
        )
        db.add(act)
        db.flush()
        return act.id


def _council_figure(page: Any, measure: str) -> Any:
    return page.locator(f'#council-table button[data-measure="{measure}"]')


def test_the_dashboard_follows_the_records(chromium: Any, server: LiveServer, tmp_path: Path) -> None:
    ids = _units(server)
    context = chromium.new_context(
        viewport=VIEWPORT, locale="vi-VN", base_url=server.url, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/signin.html")
        page.get_by_label("Tên đăng nhập", exact=True).fill("thuky")
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORDS["thuky"])
        page.locator("#password-form[data-ready]").wait_for(state="attached")
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(lambda url: "/signin.html" not in url)
        page.goto("/metrics/")
        page.locator("body[data-ready]").wait_for(state="attached")
        expect(_council_figure(page, "supervisions")).to_have_text("0")

        _activity(server, ids, "ban", ActivityKind.SUPERVISION, "Giám sát việc thi hành pháp luật về đất đai")
        _activity(server, ids, "ban2", ActivityKind.SURVEY, "Khảo sát trường học vùng cao")
        meeting = _activity(
            server, ids, "group", ActivityKind.VOTER_CONTACT, "Tiếp xúc cử tri phường Lê Chân"
        )
        with transaction(server.factory) as db:
            for n, text in enumerate(("Sửa đường liên phường", "Thêm điểm trường mầm non")):
                db.add(
                    Recommendation(
                        council_id=ids["council"],
                        term_id=ids["term"],
                        activity_id=meeting,
                        kind=RecommendationKind.RECOMMENDATION,
                        text=text,
                        raised_on=dt.date(2026, 9, 15),
                        addressee="UBND thành phố" if n == 0 else None,
                        forwarded_on=dt.date(2026, 9, 20) if n == 0 else None,
                        answered_on=dt.date(2026, 10, 5) if n == 0 else None,
                        answer="Đã đưa vào kế hoạch 2027" if n == 0 else None,
                    )
                )
        page.reload()
        page.locator("body[data-ready]").wait_for(state="attached")
        expected = {
            "supervisions": "1",
            "surveys": "1",
            "voter_contacts": "1",
            "voters_met": "85",
            "recommendations_raised": "2",
            "recommendations_forwarded": "1",
            "recommendations_answered": "1",
            "recommendations_resolved": "0",
        }
        for measure, value in expected.items():
            expect(_council_figure(page, measure)).to_have_text(value)

        _council_figure(page, "recommendations_raised").click()
        dialog = page.locator("#drill-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#drill-table tbody tr")).to_have_count(2)
        expect(dialog).to_contain_text("Thêm điểm trường mầm non")
        dialog.get_by_role("button", name="Đóng").click()

        first = page.locator('#ranking-table tbody tr[data-type="committee"]').first
        expect(first).to_contain_text("Ban Pháp chế")  # 30 points to 10
        page.get_by_label("Trọng số: Khảo sát").fill("50")
        page.locator("#criteria-form[data-ready]").wait_for(state="attached")
        page.get_by_role("button", name="Lưu tiêu chí").click()
        expect(page.locator("#flash")).to_contain_text("Đã lưu tiêu chí")
        expect(page.locator('#ranking-table tbody tr[data-type="committee"]').first).to_contain_text(
            "Ban Văn hóa"
        )

        shown = {m: _council_figure(page, m).inner_text() for m in expected}
        with page.expect_download() as started:
            page.locator("#download-xlsx").click()
        book = openpyxl.load_workbook(io.BytesIO(Path(started.value.path()).read_bytes()))
        rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
        labels = {
            "supervisions": "Giám sát",
            "voters_met": "Lượt cử tri dự",
            "recommendations_raised": "Kiến nghị tiếp nhận",
            "recommendations_resolved": "Kiến nghị đã giải quyết",
        }
        in_sheet = {r[1]: r[2] for r in rows if isinstance(r[0], int)}
        for measure, text in labels.items():
            assert str(in_sheet[text]) == shown[measure]
        with page.expect_download() as started:
            page.locator("#download-pdf").click()
        pdf = pypdf.PdfReader(io.BytesIO(Path(started.value.path()).read_bytes()))
        text = "\n".join(p.extract_text() for p in pdf.pages)
        for measure, label in labels.items():
            assert re.search(rf"{re.escape(label)}\s+{shown[measure]}\b", text), label
        assert "Ban Văn hóa" in text
    finally:
        context.close()
