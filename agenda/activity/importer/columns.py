"""The columns of an activities sheet and of a recommendations sheet (Vietnamese headers; the English ones are
read too), and the words a cell may use for a kind, an organiser, an outcome."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from agenda.models import ActivityKind, Organiser, Outcome, RecommendationKind


class Table(enum.StrEnum):
    ACTIVITIES = "activities"
    RECOMMENDATIONS = "recommendations"


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    required: bool = False


ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("council", "Hội đồng nhân dân", "Council", True),
    Column("external_id", "Mã hoạt động", "Activity code", True),
    Column("kind", "Loại hoạt động", "Kind", True),
    Column("organiser", "Chủ thể tổ chức", "Organiser"),
    Column("organization", "Cơ quan tổ chức", "Organising body"),
    Column("lead", "Đại biểu chủ trì", "Lead delegate"),
    Column("title", "Tên hoạt động", "Title", True),
    Column("thematic", "Chuyên đề", "Thematic"),
    Column("subjects", "Đối tượng", "Subjects"),
    Column("plan", "Kế hoạch, nội dung", "Plan"),
    Column("place", "Địa điểm", "Place"),
    Column("starts_on", "Ngày bắt đầu", "Start date", True),
    Column("ends_on", "Ngày kết thúc", "End date"),
    Column("completed_on", "Ngày hoàn thành", "Date completed"),
    Column("conclusions", "Kết luận", "Conclusions"),
    Column("voters", "Số cử tri", "Voters"),
    Column("citizens", "Số lượt công dân", "Citizens"),
    Column("cases", "Số vụ việc", "Cases"),
    Column("participants", "Thành phần tham gia", "Participants"),
)

RECOMMENDATION_COLUMNS: tuple[Column, ...] = (
    Column("council", "Hội đồng nhân dân", "Council", True),
    Column("external_id", "Mã kiến nghị", "Recommendation code", True),
    Column("activity", "Mã hoạt động", "Activity code"),
    Column("term", "Nhiệm kỳ (khóa)", "Term (number)"),
    Column("kind", "Phân loại", "Classification"),
    Column("field", "Lĩnh vực", "Field"),
    Column("text", "Nội dung kiến nghị", "Recommendation", True),
    Column("raised_on", "Ngày nêu", "Date raised", True),
    Column("addressee", "Cơ quan nhận", "Addressee"),
    Column("forwarded_on", "Ngày chuyển", "Date forwarded"),
    Column("due_on", "Hạn trả lời", "Due date"),
    Column("answered_on", "Ngày trả lời", "Date answered"),
    Column("answer", "Nội dung trả lời", "Answer"),
    Column("outcome", "Kết quả giải quyết", "Outcome"),
    Column("outcome_on", "Ngày có kết quả", "Date of outcome"),
)

COLUMNS: Mapping[Table, tuple[Column, ...]] = {
    Table.ACTIVITIES: ACTIVITY_COLUMNS,
    Table.RECOMMENDATIONS: RECOMMENDATION_COLUMNS,
}
SHEET_TITLES: Mapping[Table, str] = {Table.ACTIVITIES: "Hoạt động", Table.RECOMMENDATIONS: "Kiến nghị"}
# The header that tells one table from the other.
MARKERS: Mapping[Table, str] = {Table.ACTIVITIES: "kind", Table.RECOMMENDATIONS: "text"}


def normalized(text: str) -> str:
    """A name or header as compared: NFC, single spaces, any case."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def header_map(table: Table) -> dict[str, Column]:
    return {normalized(name): c for c in COLUMNS[table] for name in (c.vi, c.en, c.key)}


def table_of(headers: list[str]) -> Table | None:
    """The table these headers are of (activities name a kind; recommendations a text), or None."""
    for table in (Table.RECOMMENDATIONS, Table.ACTIVITIES):
        wanted = next(c for c in COLUMNS[table] if c.key == MARKERS[table])
        names = {normalized(n) for n in (wanted.vi, wanted.en)}
        if any(normalized(h) in names for h in headers):
            if table is Table.RECOMMENDATIONS and not any(
                normalized(h) in {normalized("Mã kiến nghị"), normalized("Recommendation code")}
                for h in headers
            ):
                continue
            return table
    return None


def _words(pairs: Mapping[str, enum.StrEnum]) -> dict[str, enum.StrEnum]:
    return {normalized(k): v for k, v in pairs.items()} | {normalized(str(v)): v for v in pairs.values()}


KINDS = _words(
    {
        "giám sát": ActivityKind.SUPERVISION,
        "khảo sát": ActivityKind.SURVEY,
        "tiếp xúc cử tri": ActivityKind.VOTER_CONTACT,
        "tiếp công dân": ActivityKind.CITIZEN_RECEPTION,
        "giải trình": ActivityKind.EXPLANATION,
        "phiên giải trình": ActivityKind.EXPLANATION,
    }
)
ORGANISERS = _words(
    {
        "HĐND": Organiser.COUNCIL,
        "Hội đồng nhân dân": Organiser.COUNCIL,
        "Thường trực": Organiser.STANDING,
        "Thường trực HĐND": Organiser.STANDING,
        "Ban": Organiser.COMMITTEE,
        "Tổ": Organiser.GROUP,
        "Tổ đại biểu": Organiser.GROUP,
        "Đại biểu": Organiser.DELEGATE,
    }
)
REC_KINDS = _words({"kiến nghị": RecommendationKind.RECOMMENDATION, "ý kiến": RecommendationKind.OPINION})
OUTCOMES = _words(
    {
        "đã giải quyết": Outcome.RESOLVED,
        "giải quyết một phần": Outcome.PARTLY,
        "chưa giải quyết": Outcome.UNRESOLVED,
    }
)
YES = {normalized(w) for w in ("có", "x", "yes", "true", "1", "chuyên đề")}
NO = {normalized(w) for w in ("không", "no", "false", "0", "")}
