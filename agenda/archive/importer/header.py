"""The first page of a resolution, read as Decree 30/2020/NĐ-CP (art. 8 and Annex I) lays it out — pure.

    HỘI ĐỒNG NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH QUẢNG NINH                  Độc lập - Tự do - Hạnh phúc
    Số: 05/2026/NQ-HĐND          Quảng Ninh, ngày 15 tháng 7 năm 2026
                          NGHỊ QUYẾT
          Quy định mức chi hỗ trợ … (the trích yếu, one or more lines)
               HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH
                   KHÓA XIV, KỲ HỌP THỨ 20

The two columns of the header come out of text extraction in either order — column after column, or
interleaved line by line (a table in the word processor) — so the issuer is what remains of the part above
"NGHỊ QUYẾT" once the motto, the number, the place and date and the rules (-----) are taken out. The
trích yếu runs from "NGHỊ QUYẾT" to the session line ("HỘI ĐỒNG NHÂN DÂN … KHÓA …"), a rule or the first
"Căn cứ". A normative resolution (quy phạm pháp luật) is one whose number carries its year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from agenda.errors import DomainError
from agenda.text import canonical, nfc

_MOTTO = re.compile(
    r"C[ỘO]NG\s+H[ÒOÀ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|Đ[ộo]c\s+l[ậa]p\s*[-–—]\s*T[ựu]\s+do\s*[-–—]\s*H[ạa]nh\s+ph[úu]c",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"S[ốo]\s*(?:[:.]\s*)?(?P<number>\d{1,4}\s*/\s*(?:\d{4}\s*/\s*)?NQ\s*[-–—]\s*H[ĐD]ND(?:\s*[-–—]\s*[A-ZĐ0-9]+)?)"
)
_DATED = re.compile(
    r"(?P<place>[^\n,:]{2,60}?)\s*,\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_KIND = re.compile(
    r"^[ \t]*(?P<kind>NGHỊ\s+QUYẾT|QUYẾT\s+ĐỊNH|KẾ\s+HOẠCH|BÁO\s+CÁO|TỜ\s+TRÌNH)[ \t]*$", re.MULTILINE
)
_RULE = re.compile(r"^[\s\-–—_=.*~]*$")  # a line of only ----- / ____ (the rules under the header parts)
_SESSION = re.compile(r"^(?:HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|HĐND)\b.*|^KHÓA\b.*|^KỲ\s+HỌP\b.*")
_ISSUER = re.compile(r"^(?:HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|HĐND)\s+(?P<rest>\S.*)$", re.IGNORECASE)
_TERM = re.compile(
    r"KHÓA\s+(?P<term>[IVXLC]+)\b.*?KỲ\s+HỌP\s+(?:THỨ\s+)?(?P<sitting>[\wÀ-ỹ]+)", re.IGNORECASE
)
_BASES = re.compile(r"^[ \t]*(?:Căn\s+cứ|QUYẾT\s+NGHỊ)", re.MULTILINE)
HEAD_LIMIT = 6000  # characters of a page without legal bases read for its header
_YEARED = re.compile(r"^\s*\d{1,4}\s*/\s*\d{4}\s*/")


@dataclass(frozen=True)
class Header:
    """What the first page says. ``issuer`` as printed, on one line ("HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH");
    ``number`` as printed ("05/2026/NQ-HĐND"), checked later against the date (``numbering``)."""

    issuer: str
    number: str | None
    place: str | None
    adopted_on: dt.date | None
    title: str
    session_line: str | None = None

    @property
    def normative(self) -> bool:
        return self.number is not None and is_normative_number(self.number)


def is_normative_number(number: str) -> bool:
    """A normative resolution's number carries its year: "05/2026/NQ-HĐND"; any other "12/NQ-HĐND"."""
    return _YEARED.match(number) is not None


def _refused(vi: str, en: str, code: str) -> DomainError:
    return DomainError(vi, en, code=code, field="file")


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def _date(match: re.Match[str]) -> dt.date:
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise _refused(
            f"Ngày ban hành “{match.group().strip()}” không có thật.",
            f"The date “{match.group().strip()}” does not exist.",
            "header_bad_date",
        ) from None


def parse_header(first_page: str) -> Header:
    """The header of a resolution from the text of its first page; refused (with what is missing) when the
    page is not a resolution's or its issuer or trích yếu cannot be read."""
    text = nfc(first_page).replace("\r", "\n")
    bases = _BASES.search(text)  # the header ends before the legal bases: only it is made canonical
    text = canonical(text[: bases.start()] if bases else text[:HEAD_LIMIT])
    kind = _KIND.search(text)
    if kind is None:
        raise _refused(
            "Trang đầu không có tên loại “NGHỊ QUYẾT” theo thể thức Nghị định 30/2020/NĐ-CP: không đọc được "
            "phần đầu của nghị quyết (hãy ghi thông tin của tệp vào tệp CSV).",
            "The first page has no “NGHỊ QUYẾT” type line as Decree 30/2020 lays it out: the resolution's "
            "header cannot be read (give the file's details in a CSV file).",
            "header_not_found",
        )
    if " ".join(kind["kind"].split()) != "NGHỊ QUYẾT":
        name = " ".join(kind["kind"].split())
        raise _refused(
            f"Văn bản là “{name}”, không phải nghị quyết.",
            f"The document is a “{name}”, not a resolution.",
            "not_a_resolution",
        )
    head, body = text[: kind.start()], text[kind.end() :]
    number = _NUMBER.search(head)
    head = _NUMBER.sub("\n", head)
    head = _MOTTO.sub("\n", head)
    dated = _DATED.search(head)
    adopted_on = _date(dated) if dated else None
    place = " ".join(dated["place"].split()) if dated else None
    head = _DATED.sub("\n", head)
    issuer = " ".join(line for line in _lines(head) if line and not _RULE.match(line))
    if not _ISSUER.match(issuer):
        raise _refused(
            f"Không đọc được cơ quan ban hành ở đầu trang (đọc được: “{issuer[:120]}”): nghị quyết của HĐND "
            "ghi “HỘI ĐỒNG NHÂN DÂN” và tên địa phương.",
            f"The issuing council cannot be read from the top of the page (found: “{issuer[:120]}”): a "
            "council's resolution prints “HỘI ĐỒNG NHÂN DÂN” and the place's name.",
            "header_no_issuer",
        )
    title_lines: list[str] = []
    session_lines: list[str] = []
    for line in _lines(body):
        if not line and not title_lines:
            continue
        if session_lines:
            if _RULE.match(line) or line.startswith("Căn cứ"):
                break
            session_lines.append(line)
            if _TERM.search(" ".join(session_lines)):
                break
            continue
        if not line or line.startswith("Căn cứ") or line.startswith("QUYẾT NGHỊ"):
            break
        if _SESSION.match(line):
            session_lines.append(line)
            continue
        if _RULE.match(line):
            if title_lines:
                continue  # the rule under the trích yếu; the session line follows
            continue
        title_lines.append(line)
    title = " ".join(title_lines).strip()
    if not title:
        raise _refused(
            "Không đọc được trích yếu của nghị quyết (dòng dưới “NGHỊ QUYẾT”).",
            "The resolution's summary (trích yếu, the line under “NGHỊ QUYẾT”) cannot be read.",
            "header_no_title",
        )
    return Header(
        issuer=issuer,
        number=" ".join(number["number"].split()) if number else None,
        place=place,
        adopted_on=adopted_on,
        title=title[:1000],
        session_line=" ".join(session_lines) or None,
    )


def issuer_rest(issuer: str) -> str | None:
    """ "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH" → "TỈNH QUẢNG NINH" (the level and place), else None."""
    match = _ISSUER.match(" ".join(issuer.split()))
    return match["rest"] if match else None
