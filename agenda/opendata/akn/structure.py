"""A resolution's text cut into its parts, as Decree 30/2020/NĐ-CP lays a resolution out — pure.

Before the first article: the preamble (the header, "Căn cứ …", "Xét Tờ trình …", "QUYẾT NGHỊ:"). Then the
articles, "Điều 1.", "Điều 2." …; in an article its clauses (khoản) "1.", "2." …; in a clause, or straight in
the article, its points (điểm) "a)", "b)" … in the Vietnamese order of letters (a b c d đ e g h i k …). After
the articles: the closing (the signature "TM. HỘI ĐỒNG NHÂN DÂN", "Nơi nhận:"), and anything after a second
"Điều 1." (a regulation issued with the resolution, numbered from 1 again), kept as text.

A marker counts only in its place in the sequence: "Điều 141 của Luật" at the start of a line wrapped from the
sentence before is not an article (no full stop after the number, and 141 is not the next article), nor is
"3." a clause before "2.". A text with no "Điều 1." has no structure: it is one block, paragraph by
paragraph. Lines broken by the PDF inside a sentence are joined again: a line that does not end a sentence
(. : ; ! ?) goes on in the next one, unless the next one starts a part."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

ARTICLE = re.compile(r"^Điều\s+(?P<n>\d{1,3})\s*[.:](?:\s+(?P<rest>\S.*))?$")
CLAUSE = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<rest>\S.*)$")
POINT = re.compile(r"^(?P<letter>[a-zđ])\)\s+(?P<rest>\S.*)$")
CLOSING = re.compile(r"^(?:Nơi nhận\b|TM\.|T/M\b|KT\.)", re.IGNORECASE)
PAGE_NUMBER = re.compile(
    r"^(?:(?:Trang|Page)\s+\d+(?:\s*(?:/|của|of)\s*\d+)?|-\s*\d+\s*-|\d+)$", re.IGNORECASE
)
LETTERS = "abcdđeghiklmnopqrstuvxy"  # the letters points are named by, in order
_ENDS_SENTENCE = tuple(".:;!?")
_HEADING = re.compile(r"^(?:Chương\s|Mục\s+\d|Điều\s+\d+\s*[.:])")  # a line of its own
_STARTS_PARAGRAPH = re.compile(r"^(?:[-–•+]\s|Căn cứ\b|Xét\b|Chương\s|Điều\s+\d+\s*[.:])")


@dataclass
class Point:
    letter: str
    paragraphs: list[str]


@dataclass
class Clause:
    number: int
    paragraphs: list[str]  # the clause's own words (its introduction when it has points)
    points: list[Point] = field(default_factory=list)


@dataclass
class Article:
    number: int
    heading: str | None  # the words after "Điều N." on its line, when more follows
    paragraphs: list[str]  # before its first clause or point
    parts: list[Clause | Point] = field(default_factory=list)


@dataclass
class Structure:
    preamble: list[str]
    articles: list[Article]
    closing: list[str]

    @property
    def structured(self) -> bool:
        return bool(self.articles)


def lines_of(text: str) -> list[str]:
    """The text's non-empty lines in NFC, spaces collapsed — without the pages' furniture: a page number
    ("Trang 2", "Trang 2/5", "- 2 -") and a line repeated right after itself (a running header)."""
    normal = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for raw in normal.splitlines():
        line = " ".join(raw.split())
        if line and not PAGE_NUMBER.match(line) and (not out or out[-1] != line):
            out.append(line)
    return out


def join_pages(pages: list[str]) -> str:
    """The pages' texts as one, without a running header: the first line when every page (two or more) starts
    with the same one."""
    firsts = {next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages}
    if len(pages) < 2 or len(firsts) != 1 or firsts == {""}:
        return "\n".join(pages)
    (header,) = firsts
    kept = []
    for page in pages:
        lines = page.splitlines()
        first = next(i for i, line in enumerate(lines) if line.strip())
        kept.append("\n".join(lines[first + 1 :] if lines[first].strip() == header else lines))
    return "\n".join(kept)


def paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs: a line that does not end a sentence goes on in the next — unless either is
    a title in capitals or a heading ("Chương", "Mục", "Điều N."), or the next starts a paragraph of its own (a
    dash, "Căn cứ", "Xét")."""
    out: list[str] = []
    open_ = False
    for line in lines:
        if open_ and out and not _title(line) and not _STARTS_PARAGRAPH.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        open_ = not line.endswith(_ENDS_SENTENCE) and not _title(line) and not _HEADING.match(line)
    return out


def _title(line: str) -> bool:
    return line.upper() == line and any(ch.isalpha() for ch in line)


def _next_letter(points: list[Point]) -> str | None:
    if not points:
        return LETTERS[0]
    index = LETTERS.find(points[-1].letter)
    return LETTERS[index + 1] if 0 <= index < len(LETTERS) - 1 else None


class _Builder:
    """Reads the lines one by one, each into the part it belongs to."""

    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.articles: list[Article] = []
        self.closing: list[str] = []
        self.closed = False
        self.pending: list[str] = []  # the lines of the part being read
        self.heading_line: str | None = None

    def flush(self, *, more: bool = False) -> None:
        """The lines read so far into the paragraphs of the part they belong to; ``more``: a part of the same
        article follows."""
        lines, self.pending = self.pending, []
        if self.closed:
            self.closing += lines
            return
        if not self.articles:
            self.preamble += lines
            return
        article = self.articles[-1]
        if self.heading_line is not None:
            # "Điều N. Words" — a heading when more follows, else the article's one sentence.
            if lines or article.parts or more:
                article.heading = self.heading_line
            else:
                lines = [self.heading_line]
            self.heading_line = None
        texts = paragraphs(lines)
        last = article.parts[-1] if article.parts else None
        if last is None:
            article.paragraphs += texts
        elif isinstance(last, Clause) and last.points:
            last.points[-1].paragraphs += texts
        else:
            last.paragraphs += texts

    def read(self, line: str) -> None:
        if self.closed:
            self.pending.append(line)
            return
        article = ARTICLE.match(line)
        if article is not None:
            number = int(article["n"])
            if number == len(self.articles) + 1:
                self.flush()
                self.articles.append(Article(number, None, []))
                self.heading_line = article["rest"]
                return
            if number == 1 and self.articles:  # numbered from 1 again: a regulation issued with it
                self.close(line)
                return
        if not self.articles:
            self.pending.append(line)
            return
        if CLOSING.match(line):
            self.close(line)
            return
        if self.start_part(line):
            return
        self.pending.append(line)

    def start_part(self, line: str) -> bool:
        """A clause or point, when the line starts the next one of its sequence."""
        current = self.articles[-1]
        clauses = [p for p in current.parts if isinstance(p, Clause)]
        clause = CLAUSE.match(line)
        if clause is not None and int(clause["n"]) == len(clauses) + 1:
            self.flush(more=True)
            current.parts.append(Clause(int(clause["n"]), [], []))
            self.pending.append(clause["rest"])
            return True
        point = POINT.match(line)
        if point is None:
            return False
        last = current.parts[-1] if current.parts else None
        holder = (
            last.points if isinstance(last, Clause) else [p for p in current.parts if isinstance(p, Point)]
        )
        if point["letter"] != _next_letter(holder):
            return False
        self.flush(more=True)
        made = Point(point["letter"], [])
        if isinstance(last, Clause):
            last.points.append(made)
        else:
            current.parts.append(made)
        self.pending.append(point["rest"])
        return True

    def close(self, line: str) -> None:
        self.flush()
        self.closed = True
        self.pending.append(line)

    def done(self) -> Structure:
        self.flush()
        return Structure(paragraphs(self.preamble), self.articles, paragraphs(self.closing))


def parse(text: str) -> Structure:
    """The structure of a resolution's text (no articles: the whole text as the preamble's paragraphs, to be
    exported as one block)."""
    builder = _Builder()
    for line in lines_of(text):
        builder.read(line)
    return builder.done()
