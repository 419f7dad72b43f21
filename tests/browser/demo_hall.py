"""The demo council (``kyhop demo``) on a server of its own, for the layout tests: fifty delegates, the demo's
longest agenda titles, presenters and names, its published documents; ``Chair`` runs the sitting over HTTP
as the secretary, and the texts below are longer than anything the demo has, up to what the API accepts."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import LiveServer

# As long as the API allows (an item or a vote title: 500 characters; a timer's label: 200; a presenter: 300).
LONG_TITLE = (
    "Xem xét, thông qua Nghị quyết về việc điều chỉnh, bổ sung danh mục các dự án cần thu hồi đất, các dự án "
    "chuyển mục đích sử dụng đất trồng lúa, đất rừng phòng hộ, đất rừng đặc dụng để thực hiện các công trình, "
    "dự án phát triển kinh tế – xã hội vì lợi ích quốc gia, công cộng trên địa bàn tỉnh năm 2027, kèm theo "
    "danh mục chi tiết các dự án đầu tư công trung hạn giai đoạn 2026–2030 được điều chỉnh, bổ sung và kế "
    "hoạch vốn của các chương trình mục tiêu quốc gia được phân bổ cho các huyện, thị xã và thành phố thuộc tỉnh"
)[:500]
LONG_LABEL = (
    "Trả lời chất vấn: Nguyễn Thị Phương Thảo Nguyên — Phó Giám đốc phụ trách Sở Nông nghiệp và Môi trường, "
    "Trưởng Ban Chỉ đạo các chương trình mục tiêu quốc gia về xây dựng nông thôn mới của tỉnh Ninh Bình"
)[:200]
LONG_VOTE = ("Thông qua " + LONG_TITLE)[:500]
LONG_PRESENTER = (
    "Chánh án Tòa án nhân dân tỉnh; Viện trưởng Viện kiểm sát nhân dân tỉnh; Giám đốc Sở Tài chính; Giám đốc "
    "Sở Nông nghiệp và Môi trường; Giám đốc Sở Xây dựng; Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh; "
    "Chánh Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh; Trưởng Ban Kinh tế – Ngân sách"
)[:300]  # as long as the API takes a presenter


def seed_demo(factory: Any) -> dict[str, Any]:
    """The demo as ``kyhop demo`` builds it today, and what its longest texts are."""
    from sqlalchemy import select

    from agenda import clock
    from agenda.db import transaction
    from agenda.demo.build import build_demo
    from agenda.models import Session

    with transaction(factory) as db:
        summary = build_demo(db, today=clock.today(clock.DEFAULT_TIME_ZONE))
        session = db.scalars(select(Session).where(Session.id == summary.upcoming_session_id)).one()
        items = sorted(session.items, key=lambda i: i.position)
        longest = max(items, key=lambda i: len(i.title))
        delegate = next(login for login in summary.logins if login.who.startswith("Đại biểu"))
        return {
            "session_id": session.id,
            "longest_item": {"id": longest.id, "title": longest.title},
            "delegate": (delegate.username, delegate.password),
            "delegate_name": delegate.who.removeprefix("Đại biểu ").split(" (")[0],
        }


class Chair:
    """The secretary's console without a screen: signed in over HTTP, taking live actions."""

    def __init__(self, server: LiveServer) -> None:
        import httpx

        self.session_id = server.ids["session_id"]
        self.client = httpx.Client(base_url=server.url, timeout=20)
        self.csrf = self.client.get("/api/me").json()["csrf_token"]
        self.csrf = self.post("/api/auth/login", {"username": "thuky", "password": "thuky2026"})["csrf_token"]

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.client.post(path, json=body, headers={"x-csrf-token": self.csrf})
        assert response.status_code < 300, response.text
        return response.json()

    def act(self, action: str, **data: Any) -> Any:
        return self.post(f"/api/sessions/{self.session_id}/actions/{action}", data)

    def live(self) -> Any:
        return self.client.get(f"/api/sessions/{self.session_id}/live").json()

    def longest_name(self) -> str:
        """The longest name of a delegate in the hall."""
        return str(max((row["full_name"] for row in self.live()["attendance"]), key=len))

    def add_item(self, title: str, presenter: str | None = None) -> int:
        """A new last agenda item; its id."""
        item = {"title": title, "kind": "resolution", "presenter": presenter}
        agenda = self.post(f"/api/sessions/{self.session_id}/items", item)
        return int(next(i["id"] for i in agenda["agenda"] if i["title"] == title))

    def open_with_most_present(self) -> None:
        """Khai mạc, most delegates present, two excused and the rest absent (every colour of the map)."""
        self.act("sitting.open", confirm=True)  # the demo session may not be today
        for i, row in enumerate(self.live()["attendance"]):
            if i % 10 == 3:
                self.act(
                    "attendance.mark", person_id=row["person_id"], status="excused", reason="Đi công tác"
                )
            elif i % 10 != 7:
                self.act("attendance.mark", person_id=row["person_id"], status="present")

    def open_vote(self, title: str, item_id: int, **options: Any) -> int:
        opened = self.act("vote.open", title=title, agenda_item_id=item_id, **options)
        return int(opened["result"]["vote_id"])

    def officials(self) -> list[int]:
        """The ids of the officials in office (a confidence rating names them all)."""
        answer = self.client.get("/api/officials").json()["officials"]
        return [int(o["id"]) for o in answer if o["in_office"]]

    def close(self) -> None:
        self.client.close()
