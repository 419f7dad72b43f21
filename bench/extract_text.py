"""Text extraction: pypdf against pypdfium2 (and pdfminer.six when installed) on the same Vietnamese PDFs.

    .venv/bin/python -m bench.extract_text [--runs 5] [--write-docs]

The corpus is typeset here with fpdf2 and the bundled DejaVu font from the Vietnamese prose in
``shared/seeds/*.txt`` (tờ trình, báo cáo, dự thảo nghị quyết of 2 to 60 pages, with a running header and
page numbers, as ``agenda.pdf.typeset.text_pdf`` makes them). For each library it measures pages per second
(the median of ``--runs`` passes over the whole corpus, each pass opening every file and extracting every
page) and checks the text that comes back against what was typeset: NFC-normalised words found
(recall) and returned that were typeset (precision), and the count of letters with Vietnamese diacritics
(ă â đ ê ô ơ ư and the five tones). ``--write-docs`` puts the figures under "Text extraction" in
``docs/benchmarks.md`` (that section only; others are left as they are).
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import platform
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from agenda.pdf import reader, typeset  # noqa: E402

SEEDS = [REPO.parent / "shared" / "seeds"]
DOCS = REPO / "docs" / "benchmarks.md"
OUT = REPO / "bench" / "out"
SECTION = "## Text extraction"

# (title, how many times the seed prose is repeated) — from a two-page tờ trình to a 60-page báo cáo
SHAPES = [
    ("TỜ TRÌNH Về việc ban hành Nghị quyết quy định mức chi hỗ trợ hoạt động của Hội đồng nhân dân", 1),
    ("DỰ THẢO NGHỊ QUYẾT Về kế hoạch đầu tư công trung hạn giai đoạn 2026–2030", 2),
    ("BÁO CÁO THẨM TRA của Ban Kinh tế – Ngân sách về dự toán ngân sách địa phương năm 2027", 4),
    ("BÁO CÁO Tình hình thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2026", 8),
    ("BÁO CÁO Kết quả giám sát chuyên đề về công tác tiếp công dân, giải quyết khiếu nại, tố cáo", 14),
    ("TÀI LIỆU THAM KHẢO Tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp", 24),
]


@dataclass(frozen=True)
class Sample:
    name: str
    content: bytes
    pages: int
    expected: str  # everything typeset, in order (title, paragraphs, headers and page numbers)


def seed_texts() -> list[str]:
    for folder in SEEDS:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    raise SystemExit("No seed texts found in shared/seeds/")


def build_corpus() -> list[Sample]:
    seeds = seed_texts()
    samples = []
    for index, (title, repeat) in enumerate(SHAPES):
        order = seeds[index % len(seeds) :] + seeds[: index % len(seeds)]
        paragraphs = [p.strip() for text in order * repeat for p in text.split("\n") if p.strip()]
        header = "HĐND tỉnh Ninh Bình khóa XVII — Kỳ họp thứ 3"
        content = typeset.text_pdf(
            title, paragraphs, author="Văn phòng Đoàn ĐBQH và HĐND tỉnh", header=header
        )
        pages = len(reader.open_reader(content).pages)
        furniture = " ".join(f"{header} Trang {n}" for n in range(1, pages + 1))
        samples.append(
            Sample(f"doc{index + 1}-{pages}p.pdf", content, pages, " ".join([title, *paragraphs, furniture]))
        )
    return samples


# ---------------------------------------------------------------------------------------------
# The libraries
# ---------------------------------------------------------------------------------------------


def with_pypdf(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def with_pypdfium2(content: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        out = []
        for page in document:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        document.close()


def with_pdfminer(content: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return [
        "".join(el.get_text() for el in page if isinstance(el, LTTextContainer))
        for page in extract_pages(io.BytesIO(content))
    ]


def libraries() -> dict[str, Callable[[bytes], list[str]]]:
    found: dict[str, Callable[[bytes], list[str]]] = {"pypdf": with_pypdf, "pypdfium2": with_pypdfium2}
    try:
        import pdfminer  # noqa: F401

        found["pdfminer.six"] = with_pdfminer
    except ImportError:
        pass
    return found


def version_of(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


# ---------------------------------------------------------------------------------------------
# Correctness
# ---------------------------------------------------------------------------------------------

_VIETNAMESE_BASES = set("ăâđêôơưĂÂĐÊÔƠƯ")


def diacritic_letters(text: str) -> int:
    """Letters carrying a Vietnamese mark: a tone or ă â đ ê ô ơ ư (counted on NFC text)."""
    count = 0
    for ch in unicodedata.normalize("NFC", text):
        if ch in _VIETNAMESE_BASES or any(
            unicodedata.combining(c) for c in unicodedata.normalize("NFD", ch)[1:]
        ):
            count += 1
    return count


def words(text: str) -> collections.Counter[str]:
    return collections.Counter(unicodedata.normalize("NFC", text).split())


def accuracy(expected: str, got: str) -> dict[str, float]:
    want, have = words(expected), words(got)
    common = sum((want & have).values())
    return {
        "recall": common / max(1, sum(want.values())),
        "precision": common / max(1, sum(have.values())),
        "diacritics": diacritic_letters(got) / max(1, diacritic_letters(expected)),
        "nfc": float(unicodedata.is_normalized("NFC", got)),
    }


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def measure(extract: Callable[[bytes], list[str]], corpus: list[Sample], runs: int) -> dict[str, Any]:
    pages = sum(s.pages for s in corpus)
    rates = []
    texts: list[list[str]] = []
    for _ in range(runs):
        started = time.perf_counter()
        texts = [extract(s.content) for s in corpus]
        rates.append(pages / (time.perf_counter() - started))
    checks = [accuracy(s.expected, "\n".join(t)) for s, t in zip(corpus, texts, strict=True)]
    page_counts_ok = all(len(t) == s.pages for s, t in zip(corpus, texts, strict=True))
    worst = {key: min(c[key] for c in checks) for key in ("recall", "precision", "nfc")}
    worst["diacritics"] = max((c["diacritics"] for c in checks), key=lambda v: abs(v - 1.0))
    correct = (
        page_counts_ok
        and worst["recall"] >= 0.999
        and worst["precision"] >= 0.999
        and abs(worst["diacritics"] - 1.0) <= 0.001
    )
    return {
        "pages_per_s_median": statistics.median(rates),
        "pages_per_s_min": min(rates),
        "pages_per_s_max": max(rates),
        "runs": runs,
        "worst": worst,
        "page_counts_ok": page_counts_ok,
        "correct": correct,
    }


def run(runs: int) -> dict[str, Any]:
    import os

    load_before = round(os.getloadavg()[0], 2)  # other work on the machine slows every library alike
    corpus = build_corpus()
    results = {}
    for name, extract in libraries().items():
        extract(corpus[0].content)  # warm up imports and caches
        results[name] = measure(extract, corpus, runs)
        results[name]["version"] = version_of(name)
        print(
            f"{name:13} {results[name]['pages_per_s_median']:9.1f} pages/s  correct={results[name]['correct']}  "
            f"worst={results[name]['worst']}",
            flush=True,
        )
    correct = {n: r for n, r in results.items() if r["correct"] and n in ("pypdf", "pypdfium2")}
    kept = max(correct, key=lambda n: correct[n]["pages_per_s_median"]) if correct else "pypdf"
    return {
        "corpus": [{"name": s.name, "pages": s.pages, "bytes": len(s.content)} for s in corpus],
        "pages": sum(s.pages for s in corpus),
        "results": results,
        "kept": kept,
        "machine": {
            "python": platform.python_version(),
            "cpu": _cpu(),
            "cores": _cores(),
            "load_before": load_before,
        },
        "date": time.strftime("%Y-%m-%d"),
    }


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def markdown(report: dict[str, Any]) -> str:
    lines = [
        SECTION,
        "",
        f"`python -m bench.extract_text --runs {next(iter(report['results'].values()))['runs']} --write-docs` — "
        f"{report['date']}, {report['machine']['cpu']}, {report['machine']['cores']} cores, "
        f"Python {report['machine']['python']}; load average {report['machine']['load_before']} when it "
        "started (other work on the machine lowers every figure alike: compare the libraries, not runs).",
        "",
        f"Corpus: {len(report['corpus'])} Vietnamese PDFs typeset with fpdf2 + DejaVu from `shared/seeds/*.txt` "
        f"({', '.join(str(c['pages']) for c in report['corpus'])} pages; {report['pages']} pages in all). "
        "Each pass opens every file and extracts every page; pages/s is the median of the passes. "
        "Correctness compares NFC-normalised words with what was typeset (worst file shown) and counts "
        "letters with Vietnamese diacritics (1.000 = every one came back).",
        "",
        "| library | version | pages/s (median) | min–max | word recall | word precision | diacritics | "
        "NFC | correct |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, r in report["results"].items():
        w = r["worst"]
        lines.append(
            f"| {name} | {r['version']} | {r['pages_per_s_median']:.0f} | {r['pages_per_s_min']:.0f}–"
            f"{r['pages_per_s_max']:.0f} | {w['recall']:.4f} | {w['precision']:.4f} | {w['diacritics']:.4f} | "
            f"{'yes' if w['nfc'] == 1.0 else 'no'} | {'yes' if r['correct'] else 'no'} |"
        )
    results = report["results"]
    speedup = results["pypdfium2"]["pages_per_s_median"] / results["pypdf"]["pages_per_s_median"]
    lines += [
        "",
        f"**Kept: {report['kept']}** for the text of every page (search, the reader's text view) — "
        f"pypdfium2 is {speedup:.1f}× pypdf here. pypdf stays the gate (opening under decoding limits, "
        "encryption, page count, metadata), stamps confidential copies and assembles the session pack; "
        "pdfminer.six, when installed, is measured for reference only.",
        "",
    ]
    return "\n".join(lines)


def write_docs(text: str) -> None:
    """Replace our section of docs/benchmarks.md, or add it at the end; other sections stay as they are."""
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if SECTION in current:
        before, rest = current.split(SECTION, 1)
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following >= 0 else ""
        current = before + text.rstrip() + "\n" + ("\n" + after if after else "")
    else:
        current = current.rstrip() + "\n\n" + text.rstrip() + "\n"
    DOCS.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    report = run(max(1, args.runs))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "extract_text.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    text = markdown(report)
    print(text)
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
