"""The archivist's workspace in a browser: a vote adopts the draft resolution of the budget in a sitting; the
archivist finds it waiting, gives it the next number and uploads the signed copy; a later resolution repeals
its article 2 from a date, chosen in the picker by typing its number; on the day before the first is in
force, on the day after partly out of force, with the repealing act named — in Vietnamese, then in English."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from agenda import clock
from agenda.accounts import users
from agenda.accounts.users import UserInput
from agenda.db import transaction
from agenda.documents import upload
from agenda.models import AgendaItem, AgendaItemKind, Session
from agenda.pdf import typeset
from agenda.sitting import attendance, ballots, opening, votes
from tests.browser.conftest import LiveServer
from tests.opendata.akn_schema import valid
from tests.session_server.api.test_permalinks import qr_of_first_page

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}


def council_id(server: LiveServer) -> int:
    with transaction(server.factory) as db:
        return int(db.get(Session, server.ids["session_id"]).term.council_id)


def draft_file(folder: Path) -> Path:
    other = folder / "khac.pdf"
    other.write_bytes(typeset.text_pdf("Một tệp khác", ["Không phải nghị quyết."]))
    return other


def adopt_the_budget(server: LiveServer) -> None:
    """The sitting opens, three of the four delegates check in and adopt the draft by 3 of 4."""
    with transaction(server.factory) as db:
        session = db.get(Session, server.ids["session_id"])
        opening.open_sitting(db, session, None, opening.SittingOpening(confirm=True))
        for person in server.ids["people"][:3]:
            attendance.check_in(db, session, person, method="tablet", actor=None)
        item = db.scalars(select(AgendaItem).where(AgendaItem.kind == AgendaItemKind.RESOLUTION)).one()
        draft = typeset.text_pdf("DỰ THẢO NGHỊ QUYẾT Về dự toán ngân sách năm 2027", ["Điều 1.", "Điều 2."])
        processed = upload.process_upload(upload.Upload("du-thao.pdf", "application/pdf", draft))
        fields = upload.DocumentFields.parse(
            {
                "title": "Dự thảo Nghị quyết về dự toán ngân sách năm 2027",
                "doc_type": "du_thao_nghi_quyet",
                "agenda_item_id": item.id,
            }
        )
        upload.add_document(db, session, fields, processed, "du-thao.pdf", None)
        vote = votes.open_vote(
            db,
            session,
            votes.VoteOpening.parse({"title": "Thông qua Nghị quyết dự toán", "agenda_item_id": item.id}),
            None,
        )
    for i, person in enumerate(server.ids["people"][:3]):
        with transaction(server.factory) as db:
            session = db.get(Session, server.ids["session_id"])
            ballot = ballots.Ballot.parse(
                {"vote_id": vote.id, "ballot_id": f"archive-ballot-{i}", "choice": "yes"}
            )
            ballots.cast_ballot(db, session, person, ballot, None)
    with transaction(server.factory) as db:
        session = db.get(Session, server.ids["session_id"])
        votes.close_vote(db, session, votes.VoteRef(vote.id), None)
        users.create_user(
            db,
            UserInput.parse(
                {
                    "username": "luutru",
                    "display_name": "Lê Văn Lưu",
                    "password": "luutru2026",
                    "roles": ["archivist"],
                }
            ),
        )
    server.passwords["luutru"] = "luutru2026"


def test_a_vote_to_a_numbered_resolution_and_its_force_on_both_sides_of_a_repeal(
    screens: Any, hall: LiveServer, tmp_path: Path, shots: Path
) -> None:
    adopt_the_budget(hall)
    _, page = screens.signed_in("luutru", DESKTOP)
    page.goto("/archive/?waiting=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lưu trữ nghị quyết")
    expect(page.locator("#filter-waiting")).to_be_checked()  # (the address says waiting=1: the page set it)
    waiting = page.locator(".resolution-pick", has_text="dự toán ngân sách năm 2027")
    expect(waiting).to_contain_text("Chưa có số")
    waiting.click()
    detail = page.locator("#detail")
    expect(detail.locator("#dossier")).to_contain_text("Dự thảo nghị quyết")
    expect(detail.locator("#vote-result")).to_contain_text("Thông qua")
    detail.get_by_text("Đại biểu đã biểu quyết (3)").click()
    expect(detail.locator("#voters li")).to_have_count(3)
    expect(detail.locator("#voters")).to_contain_text("Tán thành")
    expect(page.locator("#number-input")).to_have_value("01/NQ-HĐND")
    page.get_by_role("button", name="Cấp số").click()
    expect(detail.locator("#detail-heading")).to_have_text("01/NQ-HĐND")

    signed = tmp_path / "01-NQ-HDND.pdf"
    signed.write_bytes(
        typeset.text_pdf("NGHỊ QUYẾT Về dự toán ngân sách năm 2027", ["Điều 1.", "Điều 2.", "Điều 3."])
    )
    page.locator("#signed-file").set_input_files(str(signed))
    page.get_by_role("button", name="Tải lên bản đã ký (PDF)").click()
    expect(page.locator("#signed-link")).to_contain_text("Tải bản đã ký")
    record_id = page.locator("#signed-link").get_attribute("href").split("/")[-2]  # type: ignore[union-attr]
    expect(page.locator("#akn-link")).to_have_attribute(
        "href", f"/api/archive/resolutions/{record_id}/akn.xml"
    )

    # A later resolution, typed in, repeals article 2 from a date.
    adopted = clock.today(clock.DEFAULT_TIME_ZONE) + dt.timedelta(days=5)
    repeal_on = adopted + dt.timedelta(days=20)
    page.get_by_role("button", name="Thêm nghị quyết").click()
    dialog = page.locator("#new-dialog")
    dialog.get_by_label("Trích yếu").fill("Nghị quyết bãi bỏ Điều 2 Nghị quyết về dự toán ngân sách năm 2027")
    dialog.get_by_label("Ngày thông qua").fill(adopted.isoformat())
    dialog.get_by_label("Số, ký hiệu").fill("02/NQ-HĐND")
    dialog.get_by_role("button", name="Lưu").click()
    expect(detail.locator("#detail-heading")).to_have_text("02/NQ-HĐND")
    page.get_by_text("Thêm quan hệ", exact=True).first.click()
    page.locator("#relation-kind").select_option("repeals")
    page.locator("#relation-target").fill("01/NQ")
    page.locator("#relation-options li", has_text="01/NQ-HĐND").click()
    page.locator("#relation-parts").fill("Điều 2")
    page.locator("#relation-effective").fill(repeal_on.isoformat())
    page.get_by_role("button", name="Thêm quan hệ").last.click()
    expect(page.locator("#relations")).to_contain_text("bãi bỏ")

    page.locator("#relations a", has_text="01/NQ-HĐND").click()
    expect(detail.locator("#detail-heading")).to_have_text("01/NQ-HĐND")
    expect(page.locator("#relations")).to_contain_text("bị bãi bỏ bởi")
    page.locator("#filter-on").fill((repeal_on - dt.timedelta(days=1)).isoformat())
    expect(page.locator(".force h3")).to_contain_text("Còn hiệu lực")
    page.locator("#filter-on").fill((repeal_on + dt.timedelta(days=1)).isoformat())
    expect(page.locator(".force h3")).to_contain_text("Hết hiệu lực một phần")
    expect(page.locator("#force-why")).to_contain_text("Điều 2 bị bãi bỏ bởi Nghị quyết 02/NQ-HĐND")
    page.locator("#filter-waiting").uncheck()
    expect(page.locator(".resolution-pick")).to_have_count(2)
    page.mouse.move(0, 0)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "archive-workspace.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Published: the permanent address is open to anyone, and the QR on the copy leads back to it.
    page.get_by_text("Thông tin nghị quyết", exact=True).click()
    page.locator("#meta-form input[name=published_on]").fill(clock.today(clock.DEFAULT_TIME_ZONE).isoformat())
    page.locator("#meta-form").get_by_role("button", name="Lưu").click()
    permalink = page.locator("#permalink")
    expect(permalink).to_be_visible()
    address = permalink.get_attribute("href")
    assert address == f"/nq/{council_id(hall)}/{clock.today(clock.DEFAULT_TIME_ZONE).year}/01-NQ-HDND"
    _, citizen = screens.open(DESKTOP)
    citizen.goto(address)
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Nghị quyết 01/NQ-HĐND")
    akn = f"/api/public/resolutions/{council_id(hall)}/{clock.today(clock.DEFAULT_TIME_ZONE).year}/01-NQ-HDND/akn.xml"
    expect(citizen.locator("#akn-link")).to_have_attribute("href", akn)
    valid(citizen.request.get(hall.url + akn).body())  # Akoma Ntoso 3.0, as the link downloads it
    with citizen.expect_download() as download:
        citizen.locator("#copy-link").click()
    copy = tmp_path / "copy.pdf"
    download.value.save_as(copy)
    assert qr_of_first_page(copy.read_bytes()) == [hall.url + address]
    citizen.goto(qr_of_first_page(copy.read_bytes())[0])
    expect(citizen.locator("#history")).to_contain_text("Còn hiệu lực")
    citizen.locator("#check-file").set_input_files(str(copy))
    expect(citizen.locator("#check-result")).to_have_text(
        "Tệp này đúng là bản sao có mã QR tải từ trang này."
    )
    citizen.locator("#check-file").set_input_files(str(signed))
    expect(citizen.locator("#check-result")).to_have_text("Tệp này đúng là bản gốc được lưu trữ.")
    citizen.locator("#check-file").set_input_files(str(draft_file(tmp_path)))
    expect(citizen.locator("#check-result")).to_have_text("Tệp này KHÔNG khớp với bản lưu trữ.")
    citizen.screenshot(path=str(shots / "archive-public.png"))

    # On a tablet in portrait and on a phone, nothing runs off the side.
    for viewport in ({"width": 820, "height": 1180}, {"width": 1024, "height": 768}):
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), viewport
    citizen.set_viewport_size({"width": 390, "height": 844})
    assert citizen.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), citizen.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"
        ".slice(0, 8)"
    )

    page.set_viewport_size(DESKTOP)
    page.locator(".lang-switch").click()
    expect(page.locator(".force h3")).to_contain_text("Partly no longer in force")
    expect(page.locator("#force-why")).to_contain_text("Điều 2 repealed by Nghị quyết 02/NQ-HĐND")
