"""A whole live sitting in headless Chromium: the secretary's console, three delegate tablets, the projector
and the check-in kiosk, each with its own websocket — including a tablet that loses its network mid-vote.

The hall has four delegates in office, so three present reach the quorum of 2/3 (3 of 4) and three "Tán
thành" pass a motion (more than half of 4). Screenshots go to a temporary folder, or to
$KYHOP_SCREENSHOTS_DIR (see test_screenshots.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from agenda import clock
from agenda.accounts import users
from agenda.accounts.users import UserInput
from agenda.council import delegates, items, officials, sessions, terms
from agenda.council.delegates import DelegateInput
from agenda.council.items import AgendaItemInput
from agenda.council.officials import OfficialInput
from agenda.council.sessions import SessionInput, SessionPatch
from agenda.council.terms import CouncilInput, TermInput
from tests.browser.conftest import LiveServer, serve
from tests.browser.hall import PASSWORD, PORTRAIT, PROJECTOR, TABLET, Screens, open_sitting

pytestmark = pytest.mark.browser

TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def connected(page: Any) -> None:
    expect(page.locator("#conn")).to_have_attribute("data-status", "open")


def cast(page: Any, option: str) -> None:
    """Tap an option, then confirm: the two steps of a ballot on the tablet."""
    page.locator(".ballot-option", has_text=re.compile(f"^{option}$")).click()
    expect(page.locator(".confirm-choice")).to_have_text(f"Bạn chọn: {option}")
    page.get_by_role("button", name="Xác nhận gửi phiếu").click()


def file_question(tablet: Any, official: str, text: str, attachment: str | None = None) -> None:
    """Fill in and send a phiếu chất vấn on a tablet, with a PDF attached if ``attachment`` names one."""
    tablet.get_by_text("Gửi phiếu chất vấn", exact=True).first.click()
    tablet.get_by_label("Người bị chất vấn").select_option(label=official)
    tablet.get_by_label("Nội dung chất vấn").fill(text)
    if attachment:
        tablet.get_by_label("Tài liệu kèm theo (không bắt buộc)").set_input_files(
            {"name": attachment, "mimeType": "application/pdf", "buffer": TINY_PDF}
        )
    tablet.get_by_role("button", name="Gửi phiếu chất vấn").click()


def live_state(page: Any, session_id: int) -> dict[str, Any]:
    return page.evaluate("id => fetch(`/api/sessions/${id}/live`).then(r => r.json())", session_id)


def test_a_whole_sitting_from_opening_to_closing(screens: Screens, hall: LiveServer, shots: Path) -> None:
    sid = hall.ids["session_id"]

    # The secretary opens the live console and the sitting (khai mạc).
    _, console = screens.signed_in("thuky")
    console.goto(f"/console/live.html?session={sid}")
    connected(console)
    expect(console.locator("#session-status")).to_contain_text("Đã công bố")
    open_sitting(console)
    expect(console.locator("#session-status")).to_contain_text("Đang họp")
    expect(console.locator("#current-item")).to_contain_text("Khai mạc kỳ họp")
    quorum = console.locator("#quorum .quorum")
    expect(quorum).to_contain_text("Có mặt 0/4")
    expect(quorum).to_have_attribute("data-ok", "false")

    # The hall's big screen needs no sign-in for a public session.
    _, projector = screens.open(PROJECTOR)
    projector.goto(f"/projector.html?session={sid}")
    connected(projector)
    expect(projector.locator("#pj-heading")).to_contain_text("Kỳ họp thứ 1")
    expect(projector.locator("#pj-quorum")).to_contain_text("Có mặt 0/4")
    expect(projector.locator("#pj-seating li.seat")).to_have_count(4)

    # Three delegates: by password (landscape tablet), by QR card (portrait), by password.
    c1, t1 = screens.signed_in("daibieu1")
    t1.goto(f"/tablet.html?session={sid}")
    c2, t2 = screens.open(PORTRAIT)
    t2.goto(f"/signin.html#card={hall.issue_card('daibieu2')}")
    t2.wait_for_url(re.compile(rf"/tablet\.html\?session={sid}$"))  # the open sitting's page, at once
    c3, t3 = screens.signed_in("daibieu3")
    t3.goto(f"/tablet.html?session={sid}")
    for tablet, name in [(t1, "Nguyễn Văn An"), (t2, "Trần Thị Bình"), (t3, "Lê Hoàng Cường")]:
        connected(tablet)
        expect(tablet.locator(".who-name")).to_have_text(name)
        if tablet is not t2:  # scanning the card in the hall has already checked the delegate in
            tablet.get_by_role("button", name="Điểm danh").click()
        expect(tablet.locator("#my-attendance")).to_contain_text("Đã điểm danh lúc")
    expect(quorum).to_contain_text("Có mặt 3/4")
    expect(quorum).to_have_attribute("data-ok", "true")
    expect(quorum).to_contain_text("Đủ số đại biểu để tiến hành")
    expect(projector.locator("#pj-quorum .quorum")).to_have_attribute("data-ok", "true")
    expect(projector.locator("#pj-seating li.seat-present")).to_have_count(3)

    # The fourth is away on duty: excused, with the reason.
    console.get_by_role("button", name="Có lý do…: Phạm Thu Dung").click()
    console.get_by_label("Lý do vắng mặt").fill("Đi công tác")
    console.locator("dialog").get_by_role("button", name="Có lý do…").click()
    row = console.locator(f".attendance-row[data-person-id='{hall.ids['people'][3]}']")
    expect(row.locator(".badge")).to_have_text("Vắng có lý do")
    expect(row).to_contain_text("Đi công tác")
    expect(projector.locator("#pj-seating li.seat-excused")).to_have_count(1)

    # A question with an attachment, filed on a tablet and answered at the sitting.
    console.get_by_label("Chuyển đến nội dung").select_option(label="2. Chất vấn và trả lời chất vấn")
    console.get_by_role("button", name="Chuyển", exact=True).click()
    expect(console.locator("#current-item")).to_contain_text("Chất vấn và trả lời chất vấn")
    expect(t1.locator(".agenda-row.is-current")).to_contain_text("Chất vấn và trả lời chất vấn")
    file_question(
        t1,
        "Ngô Thị Mai — Giám đốc Sở Y tế",
        "Tiến độ xây dựng trạm y tế xã Tân Lập đến nay ra sao?",
        "bang-chung.pdf",
    )
    mine = t1.locator("#my-questions .question")
    expect(mine).to_have_count(1)
    expect(mine.locator(".badge")).to_have_text("Đã gửi")
    expect(mine).to_contain_text("Tài liệu kèm theo: bang-chung.pdf")
    question = console.locator("#questions .question")
    expect(question).to_contain_text("Nguyễn Văn An chất vấn Ngô Thị Mai (Giám đốc Sở Y tế)")
    question.get_by_role("button", name="Mời trả lời").click()
    expect(question.locator(".badge")).to_have_text("Đang trả lời")
    expect(projector.locator("#pj-speaker")).to_have_text("Trả lời chất vấn: Ngô Thị Mai")
    expect(projector.locator("#pj-countdown")).to_have_text(re.compile(r"^0[23]:\d\d$"))
    question.get_by_label("Tóm tắt nội dung trả lời").fill("Trạm y tế sẽ hoàn thành trong quý II năm 2027.")
    question.get_by_role("button", name="Ghi nhận trả lời").click()
    expect(mine.locator(".badge")).to_have_text("Đã trả lời")
    expect(mine.locator(".question-answer")).to_contain_text("hoàn thành trong quý II năm 2027")
    expect(projector.locator("#pj-timer")).to_be_hidden()

    # A second question: grouped, moved up, selected, then left for a written answer within 20 days.
    file_question(t2, "Đỗ Văn Hùng — Chủ tịch UBND xã", "Khi nào nâng cấp đường liên thôn Tân Lập – Tân Hòa?")
    expect(question).to_have_count(2)
    second = console.locator("#questions .question").nth(1)
    expect(second).to_contain_text("Trần Thị Bình chất vấn Đỗ Văn Hùng")
    second.get_by_label("Nhóm vấn đề").fill("Giao thông nông thôn")
    second.get_by_label("Nhóm vấn đề").press("Enter")
    expect(t2.locator("#my-questions .question")).to_contain_text("Nhóm vấn đề: Giao thông nông thôn")
    second.get_by_role("button", name="Chuyển phiếu số 2 lên").click()
    first = console.locator("#questions .question").first
    expect(first).to_contain_text("Trần Thị Bình chất vấn Đỗ Văn Hùng")
    first.get_by_role("button", name="Chọn chất vấn tại phiên họp").click()
    expect(first.locator(".badge")).to_have_text("Được chọn chất vấn")
    first.get_by_role("button", name="Trả lời bằng văn bản").click()
    due = (clock.today(clock.DEFAULT_TIME_ZONE) + dt.timedelta(days=21)).strftime(
        "%d/%m/%Y"
    )  # 20 days after the closing day
    expect(first.locator(".question-due")).to_have_text(f"Trả lời bằng văn bản, hạn {due}")
    expect(t2.locator("#my-questions .question-due")).to_have_text(f"Trả lời bằng văn bản, hạn {due}")

    # A delegate asks to speak; the chair gives the floor with the timer.
    t2.get_by_role("button", name="Đăng ký phát biểu").click()
    expect(t2.locator(".queue-position")).to_have_text("vị trí số 1 trong danh sách chờ")
    console.get_by_role("button", name="Mời Trần Thị Bình phát biểu").click()
    expect(t2.locator("#my-turn")).to_contain_text("Bạn đang phát biểu")
    expect(t2.locator("#my-timer")).to_have_text(re.compile(r"^0[67]:\d\d$"))
    expect(projector.locator("#pj-speaker")).to_have_text("Phát biểu: Trần Thị Bình")
    expect(console.locator("#console-timer")).to_have_text(re.compile(r"^0[67]:\d\d$"))
    console.get_by_role("button", name="Kết thúc phát biểu").click()
    expect(t2.locator("#my-turn")).to_have_count(0)

    # A named vote on a resolution.
    console.get_by_label("Chuyển đến nội dung").select_option(
        label="3. Nghị quyết về dự toán ngân sách năm 2027"
    )
    console.get_by_role("button", name="Chuyển", exact=True).click()
    expect(console.locator("#current-item")).to_contain_text("dự toán ngân sách")
    vote_form = console.locator("#vote-form")
    vote_form.get_by_label("Nội dung biểu quyết").fill("Thông qua Nghị quyết về dự toán ngân sách năm 2027")
    expect(vote_form.get_by_label("Phương án 1 (tán thành)")).to_have_value("Tán thành")
    vote_form.get_by_role("button", name="Mở biểu quyết").click()
    expect(console.locator("#vote-current .vote-title")).to_have_text(
        "Thông qua Nghị quyết về dự toán ngân sách năm 2027"
    )
    pj_vote = projector.locator("#pj-vote")
    expect(pj_vote).to_contain_text("Đang biểu quyết")
    expect(pj_vote.locator(".tally-cast")).to_have_text("Đã bỏ phiếu: 0/3")
    for tablet in (t1, t2, t3):
        expect(tablet.locator(".ballot-option")).to_have_count(3)
    boxes = [tablet.locator(".ballot-option").first.bounding_box() for tablet in (t1, t2)]
    assert all(box is not None and box["height"] >= 64 for box in boxes), boxes  # thumb-sized
    t2.screenshot(path=str(shots / "sitting-tablet-portrait.png"))

    cast(t1, "Tán thành")
    expect(t1.locator("#ballot-done")).to_contain_text("Đã ghi nhận phiếu của bạn")
    expect(pj_vote.locator("[data-option=yes] .bar-count")).to_have_text("1")
    expect(projector.locator("#pj-seating li.seat-vote-0")).to_have_count(1)

    # Tablet 2 loses its network mid-vote: the ballot waits on the tablet, then arrives exactly once.
    c2.set_offline(True)
    expect(t2.locator("#conn")).to_have_attribute("data-status", "offline")
    cast(t2, "Tán thành")
    expect(t2.locator("#ballot-pending")).to_contain_text("đã được lưu trên máy")
    store_key = f"kyhop.ballots.{sid}.{hall.ids['people'][1]}"
    saved = t2.evaluate("key => localStorage.getItem(key)", store_key)
    assert saved and json.loads(saved)[str(live_state(console, sid)["votes"][0]["id"])]["choice"] == "yes"
    expect(pj_vote.locator(".tally-cast")).to_have_text("Đã bỏ phiếu: 1/3")
    c2.set_offline(False)
    connected(t2)
    expect(t2.locator("#ballot-done")).to_contain_text("Đã ghi nhận phiếu của bạn")
    expect(pj_vote.locator(".tally-cast")).to_have_text("Đã bỏ phiếu: 2/3")
    assert t2.evaluate("key => localStorage.getItem(key)", store_key) is None

    # Tablet 3's websocket drops; it reconnects with ?since= and votes afterwards.
    sockets: list[str] = []
    t3.on("websocket", lambda ws: sockets.append(ws.url))
    assert (
        t3.evaluate("() => { window.kyhopLive.simulateDrop(); return window.kyhopLive.status; }")
        == "reconnecting"
    )
    connected(t3)
    assert re.search(r"[?&]since=\d+", sockets[-1]), sockets  # it asked for the events it missed
    cast(t3, "Tán thành")
    expect(t3.locator("#ballot-done")).to_be_visible()
    expect(pj_vote.locator("[data-option=yes] .bar-count")).to_have_text("3")
    expect(pj_vote.locator(".tally-cast")).to_have_text("Đã bỏ phiếu: 3/3")
    expect(console.locator("#vote-current .tally-cast")).to_have_text("Đã bỏ phiếu: 3/3")

    # A lost acknowledgement: the same ballot is sent again after a reload; the server counts it once.
    frames: list[str] = []
    t2.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    t2.evaluate("([key, value]) => localStorage.setItem(key, value)", [store_key, saved])
    t2.reload()
    connected(t2)
    t2.wait_for_function("key => localStorage.getItem(key) === null", arg=store_key)
    assert any('"duplicate":true' in f for f in frames), frames
    expect(t2.locator("#ballot-done")).to_be_visible()
    assert live_state(console, sid)["votes"][0]["cast"] == 3

    # The vote survives a reload of the tablet (me.voted).
    t1.reload()
    connected(t1)
    expect(t1.locator("#ballot-done")).to_contain_text("Đã ghi nhận phiếu của bạn")
    expect(t1.locator(".ballot-option")).to_have_count(0)
    projector.screenshot(path=str(shots / "sitting-projector-vote.png"))
    console.evaluate("window.scrollTo(0, 0)")
    console.screenshot(path=str(shots / "sitting-console.png"))

    console.get_by_role("button", name="Kết thúc biểu quyết").click()
    console.locator("dialog").get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(pj_vote).to_contain_text("Kết quả biểu quyết")
    expect(pj_vote.locator(".result-sentence")).to_have_text(
        "3/3 đại biểu có mặt tán thành, chiếm 75% tổng số đại biểu"
    )
    expect(pj_vote.locator(".verdict")).to_have_text("THÔNG QUA")
    expect(console.locator("#vote-results .verdict")).to_have_text("THÔNG QUA")
    expect(t3.locator("#vote-panel .verdict")).to_have_text("THÔNG QUA")
    expect(vote_form.get_by_label("Phương án 1 (tán thành)")).to_have_value(
        "Tán thành"
    )  # the form is ready again
    expect(vote_form.get_by_label("Nội dung biểu quyết")).to_have_value("")
    projector.screenshot(path=str(shots / "sitting-projector-result.png"))

    # A ballot left on a tablet after its vote closed is refused when sent, and the delegate is told.
    vote_id = live_state(console, sid)["votes"][0]["id"]
    late_key = f"kyhop.ballots.{sid}.{hall.ids['people'][2]}"
    late = {str(vote_id): {"vote_id": vote_id, "ballot_id": "late-ballot-0001", "choice": "no"}}
    t3.evaluate("([key, value]) => localStorage.setItem(key, value)", [late_key, json.dumps(late)])
    t3.reload()
    connected(t3)
    expect(t3.locator("#flash")).to_have_text(
        re.compile(  # (either refusal applies: closed, and voted already)
            r"^(Cuộc biểu quyết đã kết thúc\.|Đại biểu đã biểu quyết trong cuộc biểu quyết này\.)$"
        )
    )
    expect(t3.locator("#flash")).to_have_class(re.compile(r"flash-error"))
    t3.wait_for_function("key => localStorage.getItem(key) === null", arg=late_key)
    assert live_state(console, sid)["votes"][0]["cast"] == 3

    # A secret confidence rating: the projector shows only how many have voted until the close.
    console.get_by_label("Chuyển đến nội dung").select_option(label="4. Lấy phiếu tín nhiệm")
    console.get_by_role("button", name="Chuyển", exact=True).click()
    vote_form.get_by_label("Hình thức").select_option("confidence_rating")
    expect(vote_form.get_by_label("Bỏ phiếu kín")).to_be_checked()
    vote_form.get_by_label("Nội dung biểu quyết").fill("Lấy phiếu tín nhiệm người giữ chức vụ do HĐND bầu")
    vote_form.get_by_label("Ngô Thị Mai — Giám đốc Sở Y tế").check()
    vote_form.get_by_label("Đỗ Văn Hùng — Chủ tịch UBND xã").check()
    vote_form.get_by_role("button", name="Mở biểu quyết").click()
    expect(pj_vote.locator(".tally-cast")).to_have_text("Đã bỏ phiếu: 0/3")
    for tablet, levels in [(t1, ["Tín nhiệm cao", "Tín nhiệm"]), (t2, ["Tín nhiệm", "Tín nhiệm thấp"])]:
        rows = tablet.locator(".rating-row")
        expect(rows).to_have_count(2)
        for i, level in enumerate(levels):
            rows.nth(i).get_by_text(level, exact=True).click()
        tablet.get_by_role("button", name="Tiếp tục").click()
        expect(tablet.locator(".confirm-list li")).to_have_count(2)
        tablet.get_by_role("button", name="Xác nhận gửi phiếu").click()
        expect(tablet.locator("#ballot-done")).to_contain_text("Đã ghi nhận phiếu của bạn")
    t3.screenshot(path=str(shots / "sitting-tablet-rating.png"))
    expect(pj_vote.locator(".tally-cast")).to_have_text("Đã bỏ phiếu: 2/3")
    expect(pj_vote.locator(".vbar")).to_have_count(0)  # no per-option counts while secret
    expect(projector.locator("#pj-seating li.seat-voted")).to_have_count(
        0
    )  # a secret ballot never colours a seat
    expect(console.locator("#vote-current .tally-cast")).to_have_text("Đã bỏ phiếu: 2/3")
    expect(console.locator("#vote-current .vbar")).to_have_count(0)
    projector.screenshot(path=str(shots / "sitting-projector-secret.png"))
    console.get_by_role("button", name="Kết thúc biểu quyết").click()
    console.locator("dialog").get_by_role("button", name="Kết thúc biểu quyết").click()
    result = pj_vote.locator(".result-confidence")
    expect(result.locator("tbody tr")).to_have_count(2)
    expect(result.locator("tbody tr").first).to_contain_text("Ngô Thị Mai")
    expect(result).to_contain_text("Không thuộc trường hợp phải xử lý")

    # Bế mạc.
    console.get_by_role("button", name="Bế mạc").click()
    console.locator("dialog").get_by_role("button", name="Bế mạc").click()
    expect(console.locator("#session-status")).to_contain_text("Đã bế mạc")
    expect(t1.locator("#me")).to_contain_text("Kỳ họp đã bế mạc.")
    expect(projector.locator("#pj-item-big")).to_contain_text("Kỳ họp đã bế mạc")
    for context in (c1, c2, c3):
        context.close()


def test_the_kiosk_checks_a_delegate_in_by_card(screens: Screens, hall: LiveServer, shots: Path) -> None:
    sid = hall.ids["session_id"]
    context, console = screens.signed_in("thuky")
    console.goto(f"/console/live.html?session={sid}")
    connected(console)
    open_sitting(console)
    expect(console.locator("#quorum")).to_contain_text("Có mặt 0/4")

    kiosk = context.new_page()
    kiosk.goto(f"/kiosk.html?session={sid}")
    connected(kiosk)
    field = kiosk.get_by_label("Quét thẻ đại biểu")
    expect(field).to_be_focused()
    has_detector = kiosk.evaluate("'BarcodeDetector' in window && !!navigator.mediaDevices")
    expect(kiosk.locator("#kiosk-camera")).to_be_visible() if has_detector else expect(
        kiosk.locator("#kiosk-camera")
    ).to_be_hidden()

    # A USB scanner types the card's address and Enter.
    token = hall.issue_card("daibieu1")
    field.press_sequentially(f"{hall.url}/signin.html#card={token}")
    field.press("Enter")
    expect(kiosk.locator("#kiosk-result")).to_have_text("Chào mừng đại biểu Nguyễn Văn An — đã điểm danh")
    expect(field).to_have_value("")
    expect(field).to_be_focused()
    expect(kiosk.locator("#kiosk-quorum")).to_contain_text("Có mặt 1/4")
    row = console.locator(f".attendance-row[data-person-id='{hall.ids['people'][0]}']")
    expect(row.locator(".badge")).to_have_text("Có mặt")
    expect(console.locator("#quorum")).to_contain_text("Có mặt 1/4")
    kiosk.screenshot(path=str(shots / "kiosk.png"))

    # The same card again, then something that is not a card.
    field.fill(token)
    field.press("Enter")
    expect(kiosk.locator("#kiosk-result")).to_have_text("Đại biểu Nguyễn Văn An đã điểm danh trước đó")
    kiosk.locator("h1").click()  # the operator touches the screen: the field takes the focus back
    expect(field).to_be_focused()
    field.fill("xin chào")
    field.press("Enter")
    expect(kiosk.locator("#kiosk-result .kiosk-error, #kiosk-result.kiosk-error")).to_have_count(1)
    expect(console.locator("#quorum")).to_contain_text("Có mặt 1/4")


def test_a_closed_sitting_is_not_shown_to_an_anonymous_projector(screens: Screens, hall: LiveServer) -> None:
    from agenda.db import transaction
    from agenda.models import Session

    with transaction(hall.factory) as db:
        session = db.get(Session, hall.ids["session_id"])
        sessions.update_session(db, session, SessionPatch.parse({"is_public": False}))
    _, projector = screens.open(PROJECTOR)
    projector.goto(f"/projector.html?session={hall.ids['session_id']}")
    expect(projector.locator("#conn")).to_have_attribute("data-status", "refused")
    expect(projector.locator("#pj-heading")).to_have_text(
        "Phiên họp này không công khai — vui lòng đăng nhập."
    )


def test_a_filed_question_is_seen_by_its_author_and_the_console_not_by_the_hall(
    screens: Screens, hall: LiveServer
) -> None:
    sid = hall.ids["session_id"]
    _, console = screens.signed_in("thuky")
    console.goto(f"/console/live.html?session={sid}")
    _, projector = screens.open(PROJECTOR)
    projector.goto(f"/projector.html?session={sid}")
    _, author = screens.signed_in("daibieu1")
    author.goto(f"/tablet.html?session={sid}")
    _, other = screens.signed_in("daibieu2")
    other.goto(f"/tablet.html?session={sid}")
    for page in (console, projector, author, other):
        connected(page)

    file_question(
        author,
        "Ngô Thị Mai — Giám đốc Sở Y tế",
        "Vì sao trạm y tế thôn Đông chưa có bác sĩ?",
        "danh-sach-ho-dan.pdf",
    )
    question = console.locator("#questions .question")
    expect(question).to_contain_text("Nguyễn Văn An chất vấn Ngô Thị Mai (Giám đốc Sở Y tế)")
    expect(question).to_contain_text("Tài liệu kèm theo: danh-sach-ho-dan.pdf")

    # The hall's screens hold only that a question was filed; the author's tablet, even reloaded, all of it.
    held = "() => JSON.stringify(window.kyhopLive.state.questions)"
    for page in (projector, other):
        page.wait_for_function("() => window.kyhopLive.state.questions.length === 1")
        assert "thôn Đông" not in page.evaluate(held) and "danh-sach" not in page.evaluate(held)
        assert set(page.evaluate("() => Object.keys(window.kyhopLive.state.questions[0])")) == {
            "id",
            "status",
            "position",
        }
    expect(other.locator("#my-questions .question")).to_have_count(0)
    author.reload()
    mine = author.locator("#my-questions .question")
    expect(mine).to_contain_text("Vì sao trạm y tế thôn Đông chưa có bác sĩ?")
    expect(mine).to_contain_text("Tài liệu kèm theo: danh-sach-ho-dan.pdf")

    # Selected for the sitting: public from then on (the evidence stays off the broadcast).
    question.get_by_role("button", name="Chọn chất vấn tại phiên họp").click()
    expect(mine.locator(".badge")).to_have_text("Được chọn chất vấn")
    projector.wait_for_function("() => window.kyhopLive.state.questions[0].text !== undefined")
    assert "danh-sach" not in projector.evaluate(held)
    expect(mine).to_contain_text("Tài liệu kèm theo: danh-sach-ho-dan.pdf")


# ---- A full hall, for the screenshots ---------------------------------------------------------

ROWS = "ABCDE"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thu", "Hoàng", "Thanh", "Đức"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
]


def _seed_full_hall(factory: Any) -> dict[str, Any]:
    """60 seats in five rows of twelve; every delegate has an account (the first with a password)."""
    from agenda.db import transaction

    today = clock.today(clock.DEFAULT_TIME_ZONE)
    with transaction(factory) as db:
        home = terms.create_council(
            db,
            CouncilInput.parse(
                {
                    "name": "Hội đồng nhân dân thành phố Hải Phòng",
                    "short_name": "HĐND thành phố Hải Phòng",
                    "place_name": "Hải Phòng",
                    "level": "province",
                }
            ),
            is_home=True,
        )
        term = terms.create_term(
            db,
            home,
            TermInput.parse(
                {"number": 17, "starts_on": (today - dt.timedelta(days=300)).isoformat(), "seats": 60}
            ),
        )
        mandates = []
        for i in range(60):
            name = f"{FAMILY[i % 12]} {MIDDLE[i % 8]} {GIVEN[(i * 7) % len(GIVEN)]}"
            mandates.append(
                delegates.add_delegate(
                    db,
                    term,
                    DelegateInput.parse(
                        {"full_name": name, "seat_label": f"{ROWS[i // 12]}{i % 12 + 1:02d}"}
                    ),
                )
            )
        for name, position in [
            ("Lê Hoàng Cường", "Chủ tịch UBND thành phố"),
            ("Ngô Thị Mai", "Giám đốc Sở Y tế"),
        ]:
            officials.add_official(
                db,
                home,
                OfficialInput.parse(
                    {
                        "full_name": name,
                        "position": position,
                        "agency": "UBND thành phố",
                        "started_on": "2026-01-01",
                    }
                ),
            )
        session = sessions.create_session(
            db,
            term,
            SessionInput.parse(
                {
                    "number": 3,
                    "starts_on": today.isoformat(),
                    "ends_on": (today + dt.timedelta(days=2)).isoformat(),
                    "place": "Trung tâm Hội nghị thành phố",
                    "title": "Kỳ họp thường lệ cuối năm 2026",
                }
            ),
        )
        for title, kind in [
            ("Khai mạc kỳ họp", "procedural"),
            ("Báo cáo tình hình kinh tế – xã hội năm 2026", "report"),
            ("Nghị quyết về dự toán ngân sách địa phương năm 2027", "resolution"),
            ("Chất vấn và trả lời chất vấn", "questioning"),
            ("Bế mạc kỳ họp", "procedural"),
        ]:
            items.add_agenda_item(db, session, AgendaItemInput.parse({"title": title, "kind": kind}))
        sessions.publish_session(db, session)
        users.create_user(
            db,
            UserInput.parse(
                {
                    "username": "thuky",
                    "display_name": "Nguyễn Thị Thu",
                    "password": "thuky2026",
                    "roles": ["secretary"],
                }
            ),
        )
        for i, mandate in enumerate(mandates):
            users.create_user(
                db,
                UserInput.parse(
                    {
                        "username": f"db{i + 1:02d}",
                        "display_name": mandate.person.full_name,
                        "password": PASSWORD if i == 0 else None,
                        "roles": ["delegate"],
                        "person_id": mandate.person_id,
                    }
                ),
            )
        return {"session_id": session.id, "people": [m.person_id for m in mandates]}


class Bot:
    """A delegate's tablet without a screen: signs in by card over HTTP (which also checks them in)."""

    def __init__(self, server: LiveServer, username: str) -> None:
        import httpx

        self.client = httpx.Client(base_url=server.url, timeout=10)
        self.csrf = self.client.get("/api/me").json()["csrf_token"]
        answer = self.post("/api/auth/card", {"token": server.issue_card(username)})
        self.csrf = answer["csrf_token"]

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.client.post(path, json=body, headers={"x-csrf-token": self.csrf})
        assert response.status_code < 300, response.text
        return response.json()

    def act(self, session_id: int, action: str, **data: Any) -> Any:
        return self.post(f"/api/sessions/{session_id}/actions/{action}", data)

    def close(self) -> None:
        self.client.close()


def test_screenshots_of_a_full_hall(chromium: Any, tmp_path: Path, shots: Path) -> None:
    with serve(tmp_path, _seed_full_hall) as server:
        screens = Screens(chromium, server)
        server.passwords.update({"thuky": "thuky2026", "db01": PASSWORD})
        try:
            _full_hall(screens, server, shots)
        finally:
            screens.close()
        assert not screens.problems, screens.problems


def _full_hall(screens: Screens, server: LiveServer, shots: Path) -> None:
    sid = server.ids["session_id"]
    _, console = screens.signed_in("thuky")
    console.goto(f"/console/live.html?session={sid}")
    connected(console)
    open_sitting(console)
    expect(console.locator("#session-status")).to_contain_text("Đang họp")
    _, tablet = screens.signed_in("db01")
    tablet.goto(f"/tablet.html?session={sid}")
    connected(tablet)
    tablet.get_by_role("button", name="Điểm danh").click()

    absent = {7, 19, 30, 44, 58}  # never came
    excused = {12, 35}
    bots = {i: Bot(server, f"db{i + 1:02d}") for i in range(1, 60) if i not in absent | excused}
    try:
        _vote_in_a_full_hall(screens, server, shots, console, tablet, bots, excused)
    finally:
        for bot in bots.values():
            bot.close()


def _vote_in_a_full_hall(
    screens: Screens,
    server: LiveServer,
    shots: Path,
    console: Any,
    tablet: Any,
    bots: dict[int, Bot],
    excused: set[int],
) -> None:
    import uuid

    sid = server.ids["session_id"]
    for i in sorted(excused):
        console.get_by_role("button", name=f"Có lý do…: {_name(console, server, i)}").click()
        console.get_by_label("Lý do vắng mặt").fill("Đi công tác nước ngoài")
        console.locator("dialog").get_by_role("button", name="Có lý do…").click()
    expect(console.locator("#quorum")).to_contain_text(f"Có mặt {len(bots) + 1}/60")
    bots[22].act(sid, "floor.request", kind="speak")
    bots[40].act(sid, "floor.request", kind="rebut")

    console.get_by_role("button", name="Nội dung tiếp theo →").click()
    console.get_by_role("button", name="Nội dung tiếp theo →").click()
    expect(console.locator("#current-item")).to_contain_text("dự toán ngân sách")
    console.locator("#vote-form").get_by_label("Nội dung biểu quyết").fill(
        "Thông qua Nghị quyết về dự toán ngân sách địa phương năm 2027"
    )
    console.locator("#vote-form").get_by_role("button", name="Mở biểu quyết").click()
    expect(tablet.locator(".ballot-option")).to_have_count(3)
    vote_id = live_state(console, sid)["votes"][0]["id"]
    choices = ["yes"] * 40 + ["no"] * 4 + ["abstain"] * 2
    for (_, bot), choice in zip(sorted(bots.items()), choices, strict=False):
        bot.act(sid, "ballot.cast", vote_id=vote_id, ballot_id=str(uuid.uuid4()), choice=choice)
    _, projector = screens.open(PROJECTOR)
    projector.goto(f"/projector.html?session={sid}")
    connected(projector)
    expect(projector.locator("#pj-vote .tally-cast")).to_have_text(
        f"Đã bỏ phiếu: {len(choices)}/{len(bots) + 1}"
    )
    expect(projector.locator("#pj-seating li.seat")).to_have_count(60)
    projector.screenshot(path=str(shots / "projector-vote.png"))
    tablet.screenshot(path=str(shots / "tablet-vote.png"))
    tablet.set_viewport_size(PORTRAIT)
    tablet.screenshot(path=str(shots / "tablet-vote-portrait.png"))
    tablet.set_viewport_size(TABLET)
    console.evaluate("window.scrollTo(0, 0)")
    console.mouse.move(0, 0)
    console.screenshot(path=str(shots / "console-live.png"))

    cast(tablet, "Tán thành")
    expect(tablet.locator("#ballot-done")).to_be_visible()
    console.get_by_role("button", name="Kết thúc biểu quyết").click()
    console.locator("dialog").get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(projector.locator("#pj-vote .verdict")).to_have_text("THÔNG QUA")
    expect(projector.locator("#pj-vote .result-sentence")).to_contain_text("41/")
    projector.screenshot(path=str(shots / "projector-result.png"))

    request = next(f for f in live_state(console, sid)["floor"] if f["status"] == "waiting")
    console.get_by_role("button", name=f"Mời {request['full_name']} phát biểu").click()
    expect(projector.locator("#pj-countdown")).to_have_text(re.compile(r"^0[67]:\d\d$"))
    projector.screenshot(path=str(shots / "projector-speaker.png"))


def _name(page: Any, server: LiveServer, index: int) -> str:
    person = server.ids["people"][index]
    return page.locator(f".attendance-row[data-person-id='{person}'] .att-name").inner_text()


# ---- The client's bookkeeping, in the browser -------------------------------------------------

APPLY_EVENTS = """async () => {
  const { applyEvent } = await import("/lib/live-events.js");
  const { newBallotId } = await import("/lib/live.js");
  const { timerNow } = await import("/lib/clock.js");
  const state = {
    session: { status: "in_progress" }, sitting: {}, quorum: { present: 0 }, floor: [], questions: [], votes: [],
    attendance: [{ person_id: 1, full_name: "Nguyễn Văn An", seat_label: "A01", status: null }],
    me: { person_id: 1, voted: [], can_vote: [] }, timer: null,
  };
  applyEvent(state, "attendance", { row: { person_id: 1, status: "present", late: false }, quorum: { present: 1 } });
  applyEvent(state, "vote.opened", { vote: { id: 5, number: 1, status: "open", secret: false, cast: 0, ballots: [],
    options: [{ key: "yes" }, { key: "no" }], subjects: [{ key: "motion" }] } });
  const canVote = [...state.me.can_vote];
  // One ballot per event, or a batch of the ballots since the last event: both update the seating map.
  applyEvent(state, "vote.progress", { vote_id: 5, cast: 1, counts: { motion: { yes: 1, no: 0 } },
    ballot: { person_id: 2, choice: { motion: "yes" } } });
  applyEvent(state, "vote.progress", { vote_id: 5, cast: 2, counts: { motion: { yes: 1, no: 1 } },
    ballots: [{ person_id: 1, subject: "motion", option: "no" }] });
  applyEvent(state, "vote.progress", { vote_id: 6, cast: 1 });  // an unknown vote is ignored
  applyEvent(state, "agenda", { status: "in_progress", agenda: [{ id: 9, number: "1", title: "Khai mạc" }] });
  const now = Date.now();
  const timer = { started_at: new Date(now - 50000).toISOString(), seconds: 60, warning_seconds: 10, label: "x" };
  return {
    row: state.attendance[0], quorum: state.quorum, canVote, voted: state.me.voted,
    ballots: state.votes[0].ballots.map((b) => `${b.person_id}:${b.option}`).sort(), cast: state.votes[0].cast,
    timer: timerNow(timer, now), over: timerNow(timer, now + 15000), id: newBallotId(), agenda: state.agenda,
  };
}"""


def test_the_client_applies_events_as_the_protocol_says(page) -> None:
    page.goto("/signin.html")
    out = page.evaluate(APPLY_EVENTS)
    assert out["row"] == {
        "person_id": 1,
        "full_name": "Nguyễn Văn An",
        "seat_label": "A01",
        "status": "present",
        "late": False,
    }  # the event's row keeps the name and seat from the snapshot
    assert out["quorum"] == {"present": 1}
    assert out["canVote"] == [5] and out["voted"] == [5]
    assert out["ballots"] == ["1:no", "2:yes"] and out["cast"] == 2
    assert out["timer"]["text"] == "00:10" and out["timer"]["warning"] and not out["timer"]["over"]
    assert out["over"]["text"] == "+00:05" and out["over"]["over"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,64}", out["id"])
    assert out["agenda"] == [{"id": 9, "number": "1", "title": "Khai mạc"}]
