"""The calls of a session, made through browsers whose every answer a :class:`Conformance` checks — set-up,
the council, accounts and cards, the agenda, documents and reading, the sitting with its attendance, floor,
questions and votes, the record, signing in and out (``test_answers_match_the_document.py``). An operation
added to the API is called here too: the test fails until it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.testclient import TestClient

from agenda import db as storage
from agenda.pdf import typeset
from session_server.api.setup import setup_token
from session_server.app import create_app
from session_server.settings import Settings
from tests.conftest import ADMIN, ARCHIVIST, CHAIR, DELEGATE, SECRETARY, Browser
from tests.session_server.api.conformance import Conformance

PDF = typeset.text_pdf("TỜ TRÌNH Về dự toán ngân sách", ["Hội đồng nhân dân tỉnh xem xét, quyết định."] * 30)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text[:500]
    return (
        response.json() if response.headers.get("content-type", "").startswith("application/json") else None
    )


def form(client: Browser, path: str, content: bytes, name: str, **fields: Any) -> Any:
    return client.client.post(
        path,
        files={"file": (name, content, "application/pdf")},
        data={k: str(v) for k, v in fields.items()},
        headers={"x-csrf-token": client.csrf},
    )


class Hall:
    """The browsers of the scenario, each watched by the same :class:`Conformance`."""

    def __init__(self, app: Any, conformance: Conformance) -> None:
        self.app = app
        self.conformance = conformance
        self.clients: list[TestClient] = []

    def browser(self, who: tuple[str, str] | None = None) -> Browser:
        client = TestClient(self.app)
        self.clients.append(client)
        self.conformance.watch(client)
        browser = Browser(client)
        return browser.login(who) if who else browser

    def close(self) -> None:
        for client in self.clients:
            client.close()


def act(client: Browser, sid: int, name: str, **data: Any) -> Any:
    return ok(client.post(f"/api/sessions/{sid}/actions/{name}", data))["result"]


def council_and_accounts(hall: Hall, small: dict[str, Any]) -> None:
    visitor, admin, secretary = hall.browser(), hall.browser(ADMIN), hall.browser(SECRETARY)
    for path in [
        "/api/me",
        "/api/setup",
        "/api/council",
        "/api/council/in-office?on=2026-12-10",
        "/api/delegates",
    ]:
        ok(visitor.get(path))
    ok(visitor.get(f"/api/delegates/{small['mandate_ids'][0]}"))
    ok(secretary.get(f"/api/delegates/{small['mandate_ids'][0]}"))  # staff: contact details too
    ok(secretary.get("/api/delegates?all=1"))
    for extension in ("csv", "xlsx"):  # the list as files (agenda/opendata/exports)
        ok(visitor.get(f"/api/delegates.{extension}"))
        ok(secretary.get(f"/api/delegates.{extension}?all=1&lang=en"))
    ok(visitor.get("/api/organizations?kind=committee"))
    ok(visitor.get(f"/api/organizations/{small['ban_id']}"))
    ok(secretary.get("/api/officials?all=1"))
    ok(visitor.get("/api/sessions"))

    ok(admin.get("/api/councils"))
    other = ok(
        admin.post(
            "/api/councils", {"name": "HĐND xã Gia Viễn", "place_name": "Gia Viễn", "level": "commune"}
        ),
        201,
    )
    ok(admin.get(f"/api/councils/{other['id']}"))
    ok(admin.patch(f"/api/councils/{other['id']}", {"short_name": "HĐND xã Gia Viễn"}))
    term = ok(admin.post(f"/api/councils/{other['id']}/terms", {"number": 1, "starts_on": "2026-03-15"}), 201)
    ok(admin.patch(f"/api/terms/{term['id']}", {"seats": 25}))

    ok(admin.get("/api/users"))
    user = ok(
        admin.post(
            "/api/users", {"username": "daibieu2", "display_name": "Đại biểu 2", "roles": ["delegate"]}
        ),
        201,
    )
    ok(admin.patch(f"/api/users/{user['id']}", {"display_name": "Đại biểu hai"}))
    delegate_id = small["user_ids"][DELEGATE[0]]
    card = ok(secretary.post(f"/api/users/{delegate_id}/cards", {"days": 30}), 201)
    ok(secretary.get(f"/api/cards?user_id={delegate_id}"))
    ok(hall.browser().post("/api/auth/card", {"token": card["signin_url"].split("#card=", 1)[1]}))
    ok(secretary.post(f"/api/cards/{card['id']}/revoke"))
    ok(secretary.delete(f"/api/users/{delegate_id}/sign-in-delay"))

    added = ok(secretary.post("/api/delegates", {"full_name": "Vũ Thị Hoa", "seat_label": "A09"}), 201)
    ok(secretary.patch(f"/api/delegates/{added['id']}", {"occupation": "Giáo viên"}))
    org = ok(secretary.post("/api/organizations", {"kind": "committee", "name": "Ban Văn hóa – Xã hội"}), 201)
    ok(secretary.patch(f"/api/organizations/{org['id']}", {"description": "Thẩm tra văn hóa, xã hội"}))
    member = ok(
        secretary.post(f"/api/organizations/{org['id']}/members", {"person_id": added["person_id"]}), 201
    )
    ok(secretary.patch(f"/api/memberships/{member['id']}", {"role": "deputy"}))
    ok(secretary.delete(f"/api/memberships/{member['id']}"))
    ok(secretary.delete(f"/api/organizations/{org['id']}"))
    official = ok(
        secretary.post(
            "/api/officials",
            {"full_name": "Bùi Văn Nam", "position": "Giám đốc Sở Tài chính", "agency": "Sở Tài chính"},
        ),
        201,
    )
    ok(secretary.patch(f"/api/officials/{official['id']}", {"agency": "Sở Tài chính tỉnh"}))

    session = ok(
        secretary.post("/api/sessions", {"starts_on": "2027-03-01", "title": "Kỳ họp chuyên đề"}), 201
    )
    sid = session["id"]
    ok(secretary.patch(f"/api/sessions/{sid}", {"place": "Hội trường"}))
    with_item = ok(secretary.post(f"/api/sessions/{sid}/items", {"title": "Khai mạc"}), 201)
    ok(secretary.post(f"/api/sessions/{sid}/items", {"title": "Báo cáo", "depth": 0}), 201)
    agenda = ok(secretary.get(f"/api/sessions/{sid}"))["agenda"]
    order = [{"id": i["id"], "depth": 0} for i in reversed(agenda)]
    ok(secretary.put(f"/api/sessions/{sid}/items/order", {"items": order}))
    ok(secretary.patch(f"/api/agenda-items/{with_item['agenda'][0]['id']}", {"presenter": "Chủ tọa"}))
    ok(secretary.delete(f"/api/agenda-items/{with_item['agenda'][0]['id']}"))
    ok(secretary.post(f"/api/sessions/{sid}/publish"))
    ok(secretary.post(f"/api/sessions/{sid}/unpublish"))
    ok(secretary.delete(f"/api/sessions/{sid}"))


def documents_and_reading(hall: Hall, sid: int) -> None:
    secretary, delegate = hall.browser(SECRETARY), hall.browser(DELEGATE)
    public = ok(form(secretary, f"/api/sessions/{sid}/documents", PDF, "to-trinh.pdf", title="Tờ trình"), 201)
    secret = ok(
        form(
            secretary,
            f"/api/sessions/{sid}/documents",
            PDF,
            "mat.pdf",
            title="Kết luận",
            access="confidential",
            publish="true",
        ),
        201,
    )
    ok(form(secretary, f"/api/documents/{public['id']}/versions", PDF, "to-trinh-2.pdf"), 201)
    ok(secretary.patch(f"/api/documents/{public['id']}", {"title": "Tờ trình dự toán"}))
    ok(secretary.post(f"/api/documents/{public['id']}/publish"))
    ok(secretary.post(f"/api/documents/{public['id']}/withdraw", {"reason": "Sửa số liệu"}))
    ok(secretary.post(f"/api/sessions/{sid}/documents/publish", {}))
    draft = ok(form(secretary, f"/api/sessions/{sid}/documents", PDF, "nhap.pdf", title="Bản nháp"), 201)
    ok(secretary.delete(f"/api/documents/{draft['id']}"))

    did = public["id"]
    ok(delegate.get(f"/api/sessions/{sid}/documents"))
    ok(delegate.get(f"/api/documents/{did}"))
    ok(delegate.get(f"/api/documents/{did}/file"))
    etag = delegate.get(f"/api/documents/{did}/file").headers["etag"]
    assert delegate.get(f"/api/documents/{did}/file", headers={"if-none-match": etag}).status_code == 304
    assert delegate.get(f"/api/documents/{did}/file", headers={"range": "bytes=0-99"}).status_code == 206
    ok(delegate.get(f"/api/documents/{did}/versions/1/file"))
    ok(delegate.get(f"/api/sessions/{sid}/pack.pdf"))
    ok(delegate.get(f"/api/documents/{did}/pages/1.png?width=300"))
    ok(delegate.get(f"/api/documents/{did}/pages/1.webp?width=300&version=1"))
    ok(delegate.get(f"/api/documents/{did}/text?page=1"))
    ok(delegate.get(f"/api/documents/{secret['id']}/text"))  # confidential: the reader's copy, stamped
    ok(delegate.get(f"/api/documents/{did}/search?q=ngan sach"))
    ok(delegate.post(f"/api/documents/{did}/progress", {"page": 1, "pages_seen": [1]}))
    note = ok(
        delegate.post(
            f"/api/documents/{did}/notes",
            {"client_id": "ghi-chu-01", "page": 1, "text": "Xem lại", "rects": [[0.1, 0.1, 0.5, 0.2]]},
        ),
        201,
    )
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ok(
        delegate.post(
            f"/api/documents/{did}/notes", {"client_id": "ghi-chu-01", "page": 2, "updated_at": later}
        )
    )
    ok(delegate.patch(f"/api/notes/{note['id']}", {"color": "yellow"}))
    ok(delegate.get(f"/api/documents/{did}/notes"))
    since = ok(delegate.get(f"/api/sessions/{sid}/notes"))["server_time"]
    ok(delegate.delete(f"/api/notes/{note['id']}"))
    ok(delegate.get(f"/api/sessions/{sid}/notes?since={since}"))
    ok(secretary.get(f"/api/sessions/{sid}/read-receipts"))

    stamped = delegate.get(f"/api/documents/{secret['id']}/file").content
    ok(secretary.get(f"/api/documents/{secret['id']}/copies"))
    ok(form(secretary, "/api/documents/trace", stamped, "ro-ri.pdf"))


def sitting(hall: Hall, small: dict[str, Any]) -> None:
    sid = small["session_id"]
    secretary, delegate, chair = hall.browser(SECRETARY), hall.browser(DELEGATE), hall.browser(CHAIR)
    admin, visitor = hall.browser(ADMIN), hall.browser()
    agenda = ok(secretary.get(f"/api/sessions/{sid}"))["agenda"]
    ok(secretary.get(f"/api/sessions/{sid}/opening"))  # outside the session's dates: the warning
    act(secretary, sid, "sitting.open", confirm=True)
    act(secretary, sid, "sitting.undo_opening")  # nothing happened yet: undone
    act(secretary, sid, "sitting.open", confirm=True)
    ok(secretary.get(f"/api/sessions/{sid}/opening"))
    act(secretary, sid, "sitting.options", allow_absent_voting=True)
    act(secretary, sid, "item.current", item_id=agenda[1]["id"])
    act(delegate, sid, "attendance.check_in")
    act(
        secretary,
        sid,
        "attendance.mark",
        person_id=small["person_ids"][2],
        status="excused",
        reason="Đi công tác",
    )
    card = ok(admin.post(f"/api/users/{small['user_ids'][CHAIR[0]]}/cards", {}), 201)
    act(secretary, sid, "attendance.card", card=card["signin_url"])

    act(delegate, sid, "floor.request", kind="speak")
    request_id = ok(secretary.get(f"/api/sessions/{sid}/live"))["floor"][0]["id"]
    act(secretary, sid, "floor.give", request_id=request_id, seconds=120)
    act(secretary, sid, "floor.end")
    act(chair, sid, "floor.request", kind="rebut", item_id=agenda[1]["id"])
    act(chair, sid, "floor.withdraw", request_id=ok(chair.get(f"/api/sessions/{sid}/live"))["floor"][0]["id"])
    act(secretary, sid, "timer.start", seconds=60, label="Giải lao")

    officials = ok(visitor.get("/api/officials"))["officials"]
    asked = [
        act(delegate, sid, "question.file", official_id=officials[0]["id"], text=f"Câu hỏi {n}")[
            "question_id"
        ]
        for n in range(3)
    ]
    filed = delegate.client.post(
        f"/api/sessions/{sid}/questions",
        data={"official_id": str(officials[0]["id"]), "text": "Câu hỏi kèm tài liệu"},
        files={"file": ("bang-chung.pdf", PDF, "application/pdf")},
        headers={"x-csrf-token": delegate.csrf},
    )
    with_file = ok(filed, 201)["question_id"]
    ok(visitor.get(f"/api/sessions/{sid}/questions"))  # the public: stubs
    ok(secretary.get(f"/api/sessions/{sid}/questions"))
    ok(delegate.get(f"/api/questions/{with_file}/attachment"))
    act(secretary, sid, "questions.arrange", groups={str(asked[0]): "Y tế"}, selected=[asked[0], asked[1]])
    act(secretary, sid, "question.answer_start", question_id=asked[0])
    act(secretary, sid, "question.answer", question_id=asked[0], answer="Sở sẽ rà soát.")
    act(secretary, sid, "question.written", question_id=asked[1])
    act(secretary, sid, "question.written_answer", question_id=asked[1], answer="Trả lời bằng văn bản.")
    act(delegate, sid, "question.withdraw", question_id=asked[2])

    named = act(secretary, sid, "vote.open", title="Thông qua Nghị quyết", agenda_item_id=agenda[1]["id"])[
        "vote_id"
    ]
    ok(delegate.get(f"/api/sessions/{sid}/live"))  # a delegate's snapshot: with `me`, a vote open
    act(delegate, sid, "ballot.cast", vote_id=named, ballot_id="phieu-0001", choice="yes")
    act(chair, sid, "ballot.cast", vote_id=named, ballot_id="phieu-0002", choice="no")
    act(secretary, sid, "vote.close", vote_id=named)
    ok(visitor.get(f"/api/sessions/{sid}/votes/{named}/ballots"))
    cancelled = act(
        secretary, sid, "vote.open", title="Biểu quyết lại", repeat_of_id=named, rule="two_thirds"
    )["vote_id"]
    act(secretary, sid, "vote.cancel", vote_id=cancelled)
    rating = act(
        secretary,
        sid,
        "vote.open",
        title="Lấy phiếu tín nhiệm",
        kind="confidence_rating",
        official_ids=[officials[0]["id"]],
    )["vote_id"]
    subject = ok(visitor.get(f"/api/sessions/{sid}/live"))["votes"][-1]["subjects"][0]["key"]
    act(delegate, sid, "ballot.cast", vote_id=rating, ballot_id="phieu-0003", choice={subject: "high"})
    act(secretary, sid, "vote.close", vote_id=rating)
    ok(visitor.get(f"/api/sessions/{sid}/live"))
    ok(visitor.get(f"/api/sessions/{sid}/record"))
    ok(visitor.get(f"/api/sessions/{sid}/record.pdf"))
    for listed in ("votes", "ballots", "attendance"):
        for extension in ("csv", "xlsx"):
            ok(visitor.get(f"/api/sessions/{sid}/{listed}.{extension}"))
    act(admin, sid, "session.close")


def signing_in_and_out(hall: Hall) -> None:
    admin = hall.browser(ADMIN)
    changed = ok(
        admin.post("/api/auth/password", {"current_password": ADMIN[1], "new_password": "mat-khau-moi-2026"})
    )
    admin.csrf = changed["csrf_token"]  # a new sign-in session for this browser
    ok(admin.post("/api/auth/logout"))


def first_run(conformance: Conformance, tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    engine.dispose()
    hall = Hall(create_app(Settings(database_url=url, secret_key="test-secret")), conformance)
    body = {
        "token": setup_token("test-secret"),
        "council": {"name": "Hội đồng nhân dân tỉnh Hà Nam", "place_name": "Hà Nam", "level": "province"},
        "term": {"number": 17, "starts_on": "2026-03-15"},
        "admin": {"username": "quantri", "password": "mat-khau-quan-tri"},
    }
    ok(hall.browser().post("/api/setup", body), 201)
    hall.close()


def metrics(hall: Hall, small: dict[str, Any]) -> None:
    """The dashboard: figures, a drill-down, criteria kept in versions, scores, the annual report; the public
    delegate page."""
    secretary, delegate, visitor = hall.browser(SECRETARY), hall.browser(DELEGATE), hall.browser()
    council = small["council_id"]
    base = f"/api/metrics/councils/{council}"
    criterion = {"unit_type": "committee", "measure": "supervisions", "target": 2, "weight": 30}
    first = ok(
        secretary.post(
            f"{base}/criteria",
            {"valid_from": "2026-01-01", "title": "Tiêu chí thi đua", "criteria": [criterion]},
        ),
        201,
    )
    ok(delegate.get(f"{base}/criteria"))
    ok(delegate.get(f"/api/metrics/criteria/{first['id']}"))
    changed = {
        "valid_from": "2027-06-01",
        "title": "Tiêu chí thi đua",
        "criteria": [{**criterion, "weight": 40}],
    }
    later = ok(secretary.put(f"/api/metrics/criteria/{first['id']}", changed))
    assert later["id"] != first["id"]
    copy = ok(secretary.post(f"/api/metrics/criteria/{later['id']}/copy", {"valid_from": "2028-01-01"}), 201)
    ok(secretary.delete(f"/api/metrics/criteria/{copy['id']}"))
    ok(delegate.get(f"{base}/figures?year=2026"))
    ok(delegate.get(f"{base}/drill?year=2026&measure=supervisions&level=council"))
    ok(delegate.get(f"{base}/scores?year=2026"))
    ok(secretary.get(f"{base}/report.xlsx?year=2026"))
    ok(secretary.get(f"{base}/report.pdf?term_id={small['term_id']}"))
    ok(visitor.get(f"/api/public/delegates/{small['person_ids'][0]}/record"))


def archive(hall: Hall, small: dict[str, Any]) -> None:
    """The archivist's work: records typed in, numbered, related, the signed copy, the yearly list."""
    archivist, staff = hall.browser(ARCHIVIST), hall.browser(SECRETARY)
    council_id = small["council_id"]
    first = ok(
        archivist.post(
            "/api/archive/resolutions",
            {
                "council_id": council_id,
                "title": "Nghị quyết về dự toán ngân sách năm 2026",
                "adopted_on": "2025-12-09",
            },
        ),
        201,
    )["resolution"]
    second = ok(
        archivist.post(
            "/api/archive/resolutions",
            {
                "council_id": council_id,
                "title": "Nghị quyết bãi bỏ Điều 2 Nghị quyết về dự toán",
                "adopted_on": "2026-07-15",
                "normative": True,
                "number": "05/2026/NQ-HĐND",
                "gap_reason": "Số 01–04 cấp cho các nghị quyết kỳ họp trước",
            },
        ),
        201,
    )["resolution"]
    ok(archivist.patch(f"/api/archive/resolutions/{first['id']}", {"field": "Tài chính - Ngân sách"}))
    ok(archivist.post(f"/api/archive/resolutions/{first['id']}/number", {}))
    ok(archivist.delete(f"/api/archive/resolutions/{first['id']}/number"))
    ok(
        archivist.post(
            f"/api/archive/resolutions/{first['id']}/number", {"number": "12/NQ-HĐND", "gap_reason": "x"}
        )
    )
    ok(form(archivist, f"/api/archive/resolutions/{first['id']}/signed", PDF, "12-NQ-HDND.pdf"))
    ok(staff.get(f"/api/archive/resolutions/{first['id']}/signed.pdf"))
    related = ok(
        archivist.post(
            f"/api/archive/resolutions/{second['id']}/relations",
            {"target_id": first["id"], "kind": "repeals", "parts": ["Điều 2"], "effective_on": "2026-08-01"},
        ),
        201,
    )
    ok(staff.get(f"/api/archive/resolutions/{first['id']}?on=2026-08-02"))
    ok(staff.get("/api/archive/resolutions?waiting=1"))
    ok(staff.get(f"/api/archive/resolutions?council_id={council_id}&year=2026&q=bãi bỏ&on=2026-08-02"))
    ok(staff.get(f"/api/archive/councils/{council_id}/ended?year=2026"))
    ok(staff.get(f"/api/archive/councils/{council_id}/ended.xlsx?year=2026"))
    ok(staff.get(f"/api/archive/councils/{council_id}/ended.pdf?year=2026"))
    ok(archivist.patch(f"/api/archive/resolutions/{first['id']}", {"published_on": "2025-12-20"}))
    public = f"/api/public/resolutions/{council_id}/2025/12-NQ-HDND"
    ok(hall.browser().get(public))
    ok(hall.browser().get(f"{public}/copy.pdf"))
    ok(hall.browser().get(f"{public}/akn.xml"))
    ok(staff.get(f"/api/archive/resolutions/{second['id']}/akn.xml"))
    ok(hall.browser().get(f"{public}/pages/1.png?width=300"))
    ok(hall.browser().get(f"{public}/pages/1/marks?q=hội đồng"))
    ok(hall.browser().get("/api/archive/search?q=12/NQ-HĐND&year=2025&sort=relevance"))
    ok(staff.get("/api/archive/search?q=ngan sach&status=in_force&typing=1"))
    ok(staff.get("/api/archive/search?q=ngân sách&scope=public&page=2"))
    ok(hall.browser().get("/api/archive/search.atom?q=ngan sach"))
    ok(hall.browser().get("/api/archive/search.csv?q=ngan sach&year=2025"))
    ok(staff.get("/api/archive/search.xlsx?q=ngân sách&lang=en"))
    ok(hall.browser().get(f"/api/public/councils/{council_id}/resolutions.atom"))
    ok(archivist.delete(f"/api/archive/relations/{related['relations'][0]['id']}"))
    oparl(hall, council_id)


def oparl(hall: Hall, council_id: int) -> None:
    """OParl 1.1: the System, the bodies, a body, a list with a filter, an object."""
    anyone = hall.browser()
    ok(anyone.get("/oparl/v1/"))
    ok(anyone.get("/oparl/v1/body?limit=5"))
    ok(anyone.get(f"/oparl/v1/body/{council_id}"))
    papers = ok(anyone.get(f"/oparl/v1/body/{council_id}/paper?modified_since=2026-01-01T00:00:00Z"))
    ok(anyone.get(papers["data"][0]["id"].removeprefix("http://testserver")))


def tracking(hall: Hall, small: dict[str, Any]) -> None:
    """Implementation tracking: a resolution's tasks, a milestone, a report with its PDF, the overdue list,
    CSV out and back in (a preview, then the import)."""
    archivist, staff = hall.browser(ARCHIVIST), hall.browser(SECRETARY)
    record = ok(
        archivist.post(
            "/api/archive/resolutions",
            {
                "council_id": small["council_id"],
                "title": "Nghị quyết về phát triển giao thông",
                "adopted_on": "2026-06-10",
                "number": "31/NQ-HĐND",
                "gap_reason": "Số trước cấp ngoài hệ thống",
            },
        ),
        201,
    )["resolution"]
    tasks = f"/api/archive/resolutions/{record['id']}/tasks"
    root = ok(archivist.post(tasks, {"title": "Đầu tư hạ tầng", "deadline": "2026-01-31"}), 201)
    child = ok(archivist.post(tasks, {"title": "Đường 477", "parent_id": root["id"], "weight": 2}), 201)
    ok(archivist.patch(f"/api/archive/tasks/{child['id']}", {"progress": 30, "agency": None}))
    ok(staff.get(tasks))
    ok(staff.get(f"/api/archive/tasks/{root['id']}"))
    ok(staff.get(f"/api/archive/tracking/resolutions?council_id={small['council_id']}"))
    ok(staff.get("/api/archive/tracking/overdue?agency=s"))
    detail = ok(
        archivist.post(
            f"/api/archive/tasks/{child['id']}/milestones", {"title": "Khảo sát", "due": "2026-09-01"}
        ),
        201,
    )
    ok(archivist.patch(f"/api/archive/milestones/{detail['milestones'][0]['id']}", {"done_on": "2026-08-30"}))
    ok(archivist.delete(f"/api/archive/milestones/{detail['milestones'][0]['id']}"))
    reported = ok(
        form(
            archivist,
            f"/api/archive/tasks/{child['id']}/reports",
            PDF,
            "bc.pdf",
            dated="2026-08-01",
            text="Đã khởi công",
            progress=40,
        ),
        201,
    )
    ok(staff.get(reported["reports"][0]["attachment"]["url"]))
    ok(archivist.delete(f"/api/archive/task-reports/{reported['reports'][0]['id']}"))
    exported = staff.get(f"/api/archive/tracking/tasks.csv?resolution_id={record['id']}")
    assert exported.status_code == 200
    ok(staff.get(f"/api/archive/tracking/tasks.xlsx?resolution_id={record['id']}"))
    for commit in ("false", "true"):
        sent = {"file": ("nv.csv", exported.content, "text/csv")}
        ok(
            archivist.client.post(
                "/api/archive/tracking/import",
                files=sent,
                data={"commit": commit},
                headers={"x-csrf-token": archivist.csrf},
            )
        )
    ok(archivist.delete(f"/api/archive/tasks/{root['id']}"))


def activity(hall: Hall, small: dict[str, Any]) -> None:
    """Activities between sessions: a Ban's supervision with a file, a Tổ's voter contact with a recommendation
    through its chain, a petition forwarded and resolved, the limits, the overdue list, an import."""
    secretary, staff = hall.browser(SECRETARY), hall.browser(ARCHIVIST)
    people = small["person_ids"]
    made = ok(
        secretary.post(
            "/api/activity/activities",
            {
                "kind": "supervision",
                "organiser": "committee",
                "organization_id": small["ban_id"],
                "title": "Giám sát thủ tục hành chính đất đai",
                "starts_on": "2026-09-14",
                "ends_on": "2026-09-18",
                "completed_on": "2026-09-18",
                "participants": [{"person_id": people[0], "role": "lead"}, people[2]],
            },
        ),
        201,
    )
    ok(
        secretary.patch(
            f"/api/activity/activities/{made['id']}", {"place": "UBND huyện", "participants": [people[0]]}
        )
    )
    with_file = ok(
        form(secretary, f"/api/activity/activities/{made['id']}/attachments", PDF, "bao-cao.pdf"), 201
    )
    ok(staff.get(with_file["attachments"][0]["url"]))
    ok(secretary.delete(with_file["attachments"][0]["url"]))
    meeting = ok(
        secretary.post(
            "/api/activity/activities",
            {
                "council_id": small["council_id"],
                "kind": "voter_contact",
                "organiser": "group",
                "organization_id": small["group_id"],
                "title": "Tiếp xúc cử tri trước kỳ họp",
                "starts_on": "2026-10-05",
                "completed_on": "2026-10-05",
                "voters": 90,
                "participants": [people[1]],
            },
        ),
        201,
    )
    rec = ok(
        secretary.post(
            "/api/activity/recommendations",
            {
                "activity_id": meeting["id"],
                "text": "Sửa đường liên xã",
                "raised_on": "2026-10-05",
                "kind": "opinion",
            },
        ),
        201,
    )
    steps = f"/api/activity/recommendations/{rec['id']}"
    ok(secretary.patch(steps, {"field": "Giao thông"}))
    ok(secretary.post(f"{steps}/classify", {"kind": "recommendation"}))
    ok(
        secretary.post(
            f"{steps}/forward",
            {"addressee": "UBND tỉnh", "forwarded_on": "2026-10-07", "due_on": "2026-11-07"},
        )
    )
    ok(secretary.post(f"{steps}/answer", {"answered_on": "2026-11-01", "answer": "Đã bố trí vốn"}))
    done = ok(secretary.post(f"{steps}/outcome", {"outcome": "unresolved", "outcome_on": "2026-11-02"}))
    assert done["stage_vi"] == "đã trả lời, chưa giải quyết"
    ok(secretary.post(f"{steps}/feedback", {"feedback": "Chưa đồng tình", "feedback_on": "2026-11-05"}))
    ok(secretary.post(f"{steps}/resupervise", {"resupervised_on": "2026-11-20"}))
    ok(staff.get(steps))
    ok(
        staff.get(
            f"/api/activity/recommendations?council_id={small['council_id']}&stage=unresolved&year=2026"
        )
    )
    ok(staff.get(f"/api/activity/activities/{meeting['id']}"))
    ok(
        staff.get(
            f"/api/activity/activities?kind=voter_contact&organization_id={small['group_id']}&year=2026"
        )
    )
    assert secretary.post(f"/api/activity/terms/{small['term_id']}/carry-over").status_code == 400
    admin = hall.browser(ADMIN)
    other = ok(
        admin.post(
            "/api/councils", {"name": "HĐND xã Nho Quan", "place_name": "Nho Quan", "level": "commune"}
        ),
        201,
    )
    old = ok(
        admin.post(
            f"/api/councils/{other['id']}/terms",
            {"number": 1, "starts_on": "2021-06-01", "ends_on": "2026-03-14"},
        ),
        201,
    )
    ok(admin.post(f"/api/councils/{other['id']}/terms", {"number": 2, "starts_on": "2026-03-15"}), 201)
    ok(secretary.post(f"/api/activity/terms/{old['id']}/carry-over"))
    ok(secretary.put("/api/activity/limits", {"kind": "reflection", "days": 20, "basis": "Quy chế"}))
    ok(staff.get("/api/activity/limits"))
    petition = ok(
        secretary.post(
            "/api/activity/petitions",
            {
                "kind": "complaint",
                "sender": "Bà Lê Thị Hoa",
                "subject": "Bồi thường",
                "received_on": "2026-10-01",
            },
        ),
        201,
    )
    ok(
        secretary.post(
            f"/api/activity/petitions/{petition['id']}/forward",
            {"addressee": "Sở TN&MT", "forwarded_on": "2026-10-02"},
        )
    )
    ok(
        secretary.post(
            f"/api/activity/petitions/{petition['id']}/resolve",
            {"resolved_on": "2026-10-20", "outcome": "resolved"},
        )
    )
    ok(staff.get(f"/api/activity/petitions/{petition['id']}"))
    ok(staff.get("/api/activity/petitions?late=1&year=2026"))
    ok(staff.get("/api/activity/overdue"))
    sheet = (
        "Hội đồng nhân dân,Mã hoạt động,Loại hoạt động,Cơ quan tổ chức,Tên hoạt động,Ngày bắt đầu,Ngày hoàn thành\r\n"
        "HĐND tỉnh Ninh Bình,KS-01,khảo sát,Ban Pháp chế,Khảo sát trường học,02/10/2026,02/10/2026\r\n"
    ).encode()
    template = secretary.get("/api/activity/import/template.xlsx")
    assert template.status_code == 200
    ok(
        secretary.client.post(
            "/api/activity/import",
            files={"file": ("mau.xlsx", template.content, template.headers["content-type"])},
            data={"commit": "false"},
            headers={"x-csrf-token": secretary.csrf},
        )
    )
    for commit in ("false", "true"):
        ok(
            secretary.client.post(
                "/api/activity/import",
                files={"file": ("hd.csv", sheet, "text/csv")},
                data={"commit": commit},
                headers={"x-csrf-token": secretary.csrf},
            )
        )
    ok(secretary.delete(f"/api/activity/petitions/{petition['id']}"))
    ok(secretary.delete(steps))
    ok(secretary.delete(f"/api/activity/activities/{made['id']}"))


def roster(hall: Hall) -> None:
    """The council's lists to and from a spreadsheet: the template, the exports, a preview, an import."""
    secretary = hall.browser(SECRETARY)
    for path in ["/api/roster/template.xlsx", "/api/roster/delegates.csv", "/api/roster/officials.csv"]:
        ok(secretary.get(path))
    exported = secretary.get("/api/roster/export.xlsx")
    assert exported.status_code == 200
    sheet = ("danh-sach.xlsx", exported.content, exported.headers["content-type"])
    for path in ["/api/roster/preview", "/api/roster/import"]:
        ok(secretary.client.post(path, files={"file": sheet}, headers={"x-csrf-token": secretary.csrf}))


def imports(hall: Hall, small: dict[str, Any]) -> None:
    """An import of historical PDFs from the browser: created, a file sent, started, polled, stopped; then
    listed among the past imports, and its report."""
    import time

    from tests.agenda.archive.importer.test_import import province_pdf

    archivist = hall.browser(ARCHIVIST)
    body = {"council_id": small["council_id"], "source": "Lưu trữ 2016"}
    job = ok(archivist.post("/api/archive/imports", body), 201)["id"]
    sent = archivist.client.post(
        f"/api/archive/imports/{job}/files",
        files={"file": ("nq-01.pdf", province_pdf(1), "application/pdf")},
        headers={"x-csrf-token": archivist.csrf},
    )
    ok(sent, 201)
    ok(archivist.post(f"/api/archive/imports/{job}/start"), 202)
    deadline = time.monotonic() + 60
    while ok(archivist.get(f"/api/archive/imports/{job}"))["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.1)
    ok(archivist.post(f"/api/archive/imports/{job}/stop"))
    name = ok(archivist.get(f"/api/archive/imports/{job}"))["journal_name"]
    listed = ok(archivist.get("/api/archive/imports"))["imports"]
    assert name in [p["name"] for p in listed]
    ok(archivist.get(f"/api/archive/imports/journals/{name}?status=imported"))
