"""Prose for the demo's documents and agendas, from the real Vietnamese seed texts (``shared/seeds``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


# Sentences naming real people, other councils or dates would read oddly in a fictional province.
_UNSUITABLE = re.compile(
    r"\d{4}|\d+/\d+|[Qq]uận|[Tt]hành phố|Hải Phòng|Hà Nội|[Đđ]ồng chí|\b(?:[Ôô]ng|[Bb]à)\b|"
    r"Ảnh|Nguồn|thi đua|Bằng khen|[Hh]ội nghị|\ufffd"
)


_LEADING = re.compile(r"^(Đồng thời|Bên cạnh đó|Ngoài ra|Theo đó),\s*")


FALLBACK_PROSE = [
    "HĐND nâng cao chất lượng, đổi mới hoạt động tiếp xúc cử tri, tiếp công dân; tăng cường theo dõi, đôn đốc việc "
    "giải quyết kiến nghị của cử tri, tạo chuyển biến để HĐND các cấp thực sự là cơ quan đại diện cho ý chí, "
    "nguyện vọng và quyền làm chủ của Nhân dân.",
    "Đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin trong hoạt động của HĐND, tổ chức kỳ họp số, số hóa dữ "
    "liệu, hồ sơ nghị quyết và theo dõi việc thực hiện nghị quyết trên các phần mềm điện tử.",
]


def seed_sentences(seed_dir: Path) -> list[str]:
    """Whole, self-contained sentences from the seed texts (none if the directory is absent)."""
    if not seed_dir.is_dir():
        return []
    out: list[str] = []
    for path in sorted(seed_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for paragraph in text.splitlines():
            for sentence in re.split(r"(?<=[.;!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])", " ".join(paragraph.split())):
                sentence = sentence.replace("/.", "")
                if _LEADING.match(sentence):
                    sentence = _LEADING.sub("", sentence)
                    sentence = sentence[:1].upper() + sentence[1:]
                if (
                    60 <= len(sentence) <= 500
                    and sentence[0].isupper()
                    and sentence.endswith(".")
                    and not _UNSUITABLE.search(sentence)
                    and sentence not in out
                ):
                    out.append(sentence)
    return out


class Prose:
    """Hands out seed sentences by keyword, each at most once, else a built-in sentence."""

    def __init__(self, sentences: list[str]) -> None:
        self.unused = list(sentences)

    def pick(self, keywords: Iterable[str], fallback: str) -> str:
        for sentence in self.unused:
            if any(k.lower() in sentence.lower() for k in keywords):
                self.unused.remove(sentence)
                return sentence
        return fallback
