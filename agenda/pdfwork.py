"""Work on PDF files, without the database: checking an upload, extracting text, converting Word files,
stamping confidential copies, the cover and the session pack, and rendering pages to images.

Two libraries, each for what it does best (measured: ``bench/extract_text.py``, ``docs/benchmarks.md``):
- **pypdf** (pure Python) is the gate: it opens the upload under decoding limits (decompression bombs),
  reads metadata, merges the watermark and assembles the pack.
- **pypdfium2** (Google's PDFium) extracts the text of every page — several times faster than pypdf, with
  the same Vietnamese text — and renders pages to PNG/WebP for readers without a PDF plugin.
  PDFium is not thread-safe: every call into it holds ``_PDFIUM`` (one call at a time per process; the
  ctypes calls release the GIL, so the event loop keeps running while a page is processed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from fpdf import FPDF, XPos, YPos
from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from agenda.errors import DomainError

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving
MB = 1024 * 1024

_PDFIUM = threading.Lock()  # PDFium allows one call at a time in the whole process


# ---------------------------------------------------------------------------------------------
# Limits and refusals
# ---------------------------------------------------------------------------------------------


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


@dataclass(frozen=True)
class Limits:
    """What an upload may be. ``from_env`` reads ``KYHOP_DOCUMENT_MAX_BYTES`` / ``KYHOP_DOCUMENT_MAX_PAGES``."""

    max_bytes: int = 50 * MB
    max_pages: int = 2000
    max_stream_bytes: int = 64 * MB  # one decoded content stream (pypdf's decoder limits)
    max_decoded_bytes: int = 512 * MB  # all content streams and forms of the document together
    max_image_pixels: int = 150_000_000  # one image (width × height): rendering decodes it whole
    max_page_text: int = 200_000  # characters kept per page for search
    convert_seconds: int = 180  # LibreOffice conversion of a Word file

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_bytes=_env_int("KYHOP_DOCUMENT_MAX_BYTES", cls.max_bytes),
            max_pages=_env_int("KYHOP_DOCUMENT_MAX_PAGES", cls.max_pages),
        )


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{max(1, n // 1024)} KB"


class Refused(DomainError):
    """An uploaded file that cannot become a document; nothing of it is stored."""

    def __init__(self, vi: str, en: str, *, code: str, status: int = 400) -> None:
        super().__init__(vi, en, code=code, field="file", status=status)


def _damaged() -> Refused:
    return Refused(
        "Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất lại tệp PDF từ phần mềm soạn thảo rồi tải lên lại.",
        "The PDF file is damaged or unreadable. Export the PDF again from the editor and upload it again.",
        code="pdf_damaged",
    )


def _bomb(what_vi: str, what_en: str) -> Refused:
    return Refused(
        f"Tệp PDF bị từ chối: {what_vi} vượt quá giới hạn an toàn (có thể là tệp “bom giải nén”).",
        f"The PDF is refused: {what_en} exceeds the safety limit (possibly a decompression bomb).",
        code="pdf_bomb",
    )


# ---------------------------------------------------------------------------------------------
# What kind of file is it?
# ---------------------------------------------------------------------------------------------

WORD_TYPES = {"docx", "doc", "odt"}
_KIND_NAMES = {
    "png": ("ảnh PNG", "a PNG image"),
    "jpeg": ("ảnh JPEG", "a JPEG image"),
    "gif": ("ảnh GIF", "a GIF image"),
    "zip": ("tệp nén ZIP", "a ZIP archive"),
    "text": ("văn bản thuần", "plain text"),
    "html": ("trang HTML", "an HTML page"),
    "xlsx": ("bảng tính Excel", "an Excel spreadsheet"),
    "pptx": ("bản trình chiếu", "a presentation"),
    "unknown": ("không rõ loại", "of an unknown kind"),
    "empty": ("rỗng", "empty"),
}


def sniff(content: bytes) -> str:
    """The real kind of a file from its first bytes, whatever its name says."""
    head = content[:2048]
    if not content:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # the old Word (OLE) format
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unknown"


def _zip_kind(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    return "zip"


def refuse_not_pdf(kind: str, filename: str) -> Refused:
    vi, en = _KIND_NAMES.get(kind, _KIND_NAMES["unknown"])
    named_pdf = filename.lower().endswith(".pdf")
    lead_vi = f"Tệp “{filename}” mang đuôi .pdf nhưng" if named_pdf else f"Tệp “{filename}”"
    lead_en = f"“{filename}” is named .pdf but" if named_pdf else f"“{filename}”"
    return Refused(
        f"{lead_vi} không phải PDF (nội dung là {vi}). Chỉ nhận tệp PDF hoặc Word (.docx).",
        f"{lead_en} is not a PDF (its content is {en}). Only PDF or Word (.docx) files are accepted.",
        code="not_pdf",
    )


# ---------------------------------------------------------------------------------------------
# Word → PDF with LibreOffice
# ---------------------------------------------------------------------------------------------


def office_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(content: bytes, kind: str, limits: Limits) -> bytes:
    """A Word document as PDF, converted by LibreOffice (headless, own profile, time-limited)."""
    binary = office_binary()
    if binary is None:
        raise Refused(
            "Máy chủ chưa cài LibreOffice nên không tự chuyển được tệp Word. Hãy chuyển sang PDF trước: "
            "trong Word chọn Tệp → Lưu thành → PDF (File → Save As → PDF), rồi tải tệp PDF lên.",
            "LibreOffice is not installed on the server, so Word files cannot be converted. Convert it "
            "first: in Word choose File → Save As → PDF, then upload the PDF.",
            code="word_not_converted",
        )
    with tempfile.TemporaryDirectory(prefix="kyhop-convert-") as tmp:
        source = Path(tmp) / f"document.{kind}"
        source.write_bytes(content)
        profile = Path(tmp) / "profile"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(
                command,
                capture_output=True,
                timeout=limits.convert_seconds,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise Refused(
                "Chuyển tệp Word sang PDF quá lâu. Hãy tự lưu thành PDF (Tệp → Lưu thành → PDF) rồi tải lên.",
                "Converting the Word file took too long. Save it as PDF yourself (File → Save As → PDF).",
                code="word_conversion_failed",
            ) from None
        result = Path(tmp) / "document.pdf"
        if not result.exists() or result.stat().st_size == 0:
            raise Refused(
                "Không chuyển được tệp Word sang PDF (tệp có thể bị hỏng). Hãy mở bằng Word và lưu thành "
                "PDF (Tệp → Lưu thành → PDF).",
                "The Word file could not be converted to PDF (it may be damaged). Open it in Word and "
                "save it as PDF (File → Save As → PDF).",
                code="word_conversion_failed",
            )
        return result.read_bytes()


# ---------------------------------------------------------------------------------------------
# The gate: is this a readable, safe PDF?
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    title: str | None
    author: str | None
    texts: tuple[str, ...] = field(repr=False)


@contextlib.contextmanager
def _decoding_limits(limits: Limits) -> Iterator[None]:
    """pypdf's decoders stop with LimitReachedError past these sizes (a bomb never inflates in memory)."""
    cap = limits.max_stream_bytes
    with apply_configuration(
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        array_based_stream_maximum_output_length=cap,
        image_maximum_buffer_size=cap,
        stream_decoding_work_maximum_length=cap * 2,
    ):
        yield


def open_reader(content: bytes) -> PdfReader:
    try:
        return PdfReader(io.BytesIO(content), strict=False)
    except LimitReachedError:
        raise _bomb("cấu trúc tệp", "the file structure") from None
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError):
        raise _damaged() from None


def check_size(content: bytes, limits: Limits) -> None:
    if len(content) > limits.max_bytes:
        raise Refused(
            f"Tệp quá lớn ({_size(len(content))}; tối đa {_size(limits.max_bytes)}). Hãy giảm dung lượng "
            "(nén ảnh, tách tệp) rồi tải lên lại.",
            f"The file is too large ({_size(len(content))}; at most {_size(limits.max_bytes)}). Reduce it "
            "(compress images, split the file) and upload again.",
            code="file_too_large",
            status=413,
        )


def check_pdf(content: bytes, limits: Limits, filename: str = "tệp") -> PdfFacts:
    """Everything a PDF must pass to become a document; refuses with the reason, else its facts and text."""
    check_size(content, limits)
    kind = sniff(content)
    if kind != "pdf":
        raise refuse_not_pdf(kind, filename)
    with _decoding_limits(limits):
        reader = open_reader(content)
        if reader.is_encrypted:
            raise Refused(
                "Tệp PDF được đặt mật khẩu hoặc mã hóa. Hãy mở tệp, bỏ mật khẩu (hoặc in ra PDF mới) rồi "
                "tải lên lại.",
                "The PDF is password-protected or encrypted. Open it, remove the password (or print it "
                "to a new PDF) and upload again.",
                code="pdf_encrypted",
            )
        page_count = _page_count(reader)
        if page_count == 0:
            raise Refused("Tệp PDF không có trang nào.", "The PDF has no pages.", code="pdf_empty")
        if page_count > limits.max_pages:
            raise Refused(
                f"Tệp PDF có {page_count} trang, vượt quá giới hạn {limits.max_pages} trang. Hãy tách thành "
                "nhiều tài liệu.",
                f"The PDF has {page_count} pages, more than the limit of {limits.max_pages}. Split it into "
                "several documents.",
                code="pdf_too_many_pages",
                status=413,
            )
        _guard_streams(reader, limits)
        title, author = _metadata(reader)
    texts = extract_texts(content, limits)
    if len(texts) != page_count:
        raise _damaged()
    return PdfFacts(page_count=page_count, title=title, author=author, texts=tuple(texts))


def _page_count(reader: PdfReader) -> int:
    try:
        return len(reader.pages)
    except LimitReachedError:
        raise _bomb("cây trang", "the page tree") from None
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        raise _damaged() from None


def _metadata(reader: PdfReader) -> tuple[str | None, str | None]:
    try:
        info = reader.metadata
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError):
        return None, None
    if info is None:
        return None, None

    def clean(value: Any) -> str | None:
        text = " ".join(str(value).split())[:300] if value else ""
        return text or None

    try:
        return clean(info.title), clean(info.author)
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError):
        return None, None


def _guard_streams(reader: PdfReader, limits: Limits) -> None:
    """Decode every stream of the file under the limits — page contents, forms, fonts, annotation
    appearances, patterns: whatever PDFium might inflate later — and check image sizes without decoding
    them. A stream pypdf cannot decode (an exotic filter) is left to PDFium; only a limit refuses."""
    budget = _Budget(limits)
    try:
        for generation, numbers in list(reader.xref.items()):
            for number in list(numbers):
                stream = reader.get_object(IndirectObject(number, generation, reader))
                if isinstance(stream, StreamObject):
                    budget.stream(stream)
    except LimitReachedError:
        raise _bomb("dữ liệu nén trong tệp", "the compressed data in the file") from None
    except Refused:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError):
        raise _damaged() from None


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


class _Budget:
    """Decoded bytes so far, against the document's limit."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0

    def stream(self, stream: StreamObject) -> None:
        if stream.get("/Subtype") == "/Image":
            self._check_image(stream)
            return
        try:
            size = len(stream.get_data())
        except LimitReachedError:
            raise
        except Exception:  # noqa: BLE001 - undecodable here; PDFium decides whether the file is readable
            return
        self.total += size
        if self.total > self.limits.max_decoded_bytes:
            raise _bomb("tổng dung lượng sau giải nén", "the total decompressed size")

    def _check_image(self, image: StreamObject) -> None:
        width, height = (_resolved(image.get(key, 0)) for key in ("/Width", "/Height"))
        if not isinstance(width, int) or not isinstance(height, int) or width < 0 or height < 0:
            raise _damaged()
        if width * height > self.limits.max_image_pixels:
            raise _bomb(f"một ảnh {width}×{height} điểm ảnh", f"an image of {width}×{height} pixels")


# ---------------------------------------------------------------------------------------------
# Text of every page (PDFium)
# ---------------------------------------------------------------------------------------------


def _clean_text(text: str, limit: int) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufffe", "")
    return text[:limit]


@contextlib.contextmanager
def _pdfium_document(content: bytes) -> Iterator[pdfium.PdfDocument]:
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError:
            raise _damaged() from None
    try:
        yield document
    finally:
        with _PDFIUM:
            document.close()


def extract_texts(content: bytes, limits: Limits | None = None) -> list[str]:
    """The text of each page, in order. The lock is taken per page so renders can interleave."""
    limit = (limits or Limits()).max_page_text
    texts: list[str] = []
    with _pdfium_document(content) as document:
        with _PDFIUM:
            count = len(document)
        for index in range(count):
            with _PDFIUM:
                page = document[index]
                textpage = page.get_textpage()
                try:
                    texts.append(_clean_text(textpage.get_text_range(), limit))
                finally:
                    textpage.close()
                    page.close()
    return texts


def extract_texts_pypdf(content: bytes, limits: Limits | None = None) -> list[str]:
    """The same with pypdf (kept for the benchmark and as a fallback)."""
    limit = (limits or Limits()).max_page_text
    with _decoding_limits(limits or Limits()):
        reader = open_reader(content)
        return [_clean_text(page.extract_text() or "", limit) for page in reader.pages]


# ---------------------------------------------------------------------------------------------
# Typesetting with fpdf2 (DejaVu carries every Vietnamese letter)
# ---------------------------------------------------------------------------------------------


class _Typeset(FPDF):
    """An A4 page with an optional running header and a page number at the foot."""

    running: str | None = None

    def header(self) -> None:
        if self.running:
            self.set_font("DejaVu", size=8)
            self.set_y(8)
            self.cell(0, 4, self.running[:110], align="C")
            self.set_y(self.t_margin)
            self.set_font("DejaVu", size=11)

    def footer(self) -> None:
        if self.running:
            self.set_font("DejaVu", size=8)
            self.set_y(-12)
            self.cell(0, 4, f"Trang {self.page_no()}", align="C")


def _fpdf(*, running: str | None = None) -> _Typeset:
    pdf = _Typeset(format="A4")
    pdf.running = running
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_font("DejaVu", size=11)
    # A fixed creation date keeps the output reproducible (same input → same bytes → same ETag).
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return pdf


def _para(pdf: FPDF, width: float, height: float, text: str, **options: Any) -> None:
    """A paragraph; the next one starts at the left margin below it."""
    pdf.multi_cell(width, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, **options)


def _output(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def text_pdf(
    title: str, paragraphs: Sequence[str], *, author: str | None = None, header: str | None = None
) -> bytes:
    """Plain text typeset as an A4 PDF: a bold title, then paragraphs; header and page numbers on every page.

    Used for sample and demo documents (and the benchmark corpus)."""
    pdf = _fpdf(running=header or title)
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_top_margin(16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    _para(pdf, 0, 8, title, align="C")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=11)
    for paragraph in paragraphs:
        _para(pdf, 0, 6, paragraph)
        pdf.ln(2)
    return _output(pdf)


# ---------------------------------------------------------------------------------------------
# Confidential copies: a visible diagonal stamp on every page
# ---------------------------------------------------------------------------------------------


def stamp_text(full_name: str, at: dt.datetime) -> str:
    """'MẬT — Nguyễn Văn An — 28/11/2026 14:05' (``at`` in UTC, shown in Vietnam time)."""
    local = (
        at.replace(tzinfo=dt.UTC).astimezone(VIETNAM_TIME)
        if at.tzinfo is None
        else at.astimezone(VIETNAM_TIME)
    )
    return f"MẬT — {full_name} — {local:%d/%m/%Y %H:%M}"


def _overlay(sizes: Sequence[tuple[float, float]], text: str) -> bytes:
    """One overlay page per page size: the stamp across the diagonal, and along the bottom edge."""
    pdf = _fpdf()
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    for width_pt, height_pt in sizes:
        width, height = width_pt * 25.4 / 72, height_pt * 25.4 / 72  # points → mm
        pdf.add_page(format=(width, height))
        diagonal = math.hypot(width, height)
        pdf.set_font("DejaVu", "B", 10)
        size = max(8.0, min(60.0, 10 * 0.75 * diagonal / max(1.0, pdf.get_string_width(text))))
        pdf.set_font("DejaVu", "B", size)
        line = size * 25.4 / 72  # the font size in mm
        angle = math.degrees(math.atan2(height, width))
        with pdf.local_context(fill_opacity=0.25, text_color=(200, 0, 0)):
            with pdf.rotation(angle, x=width / 2, y=height / 2):
                text_width = pdf.get_string_width(text)
                # text() takes absolute coordinates (set_x would read a negative x from the right edge)
                pdf.text(width / 2 - text_width / 2, height / 2 + line * 0.35, text)
        pdf.set_font("DejaVu", "", 7)
        with pdf.local_context(fill_opacity=0.8, text_color=(160, 0, 0)):
            pdf.set_xy(4, height - 6)
            pdf.cell(width - 8, 4, text, align="C")
    return _output(pdf)


def _rotation_matrix(rotate: int, width: float, height: float) -> tuple[float, ...]:
    """The ``cm`` matrix drawing something laid out upright (as the page is shown) onto a page with
    ``/Rotate`` ``rotate``, whose (unrotated) box is ``width`` × ``height``."""
    return {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, 1, -1, 0, width, 0),
        180: (-1, 0, 0, -1, width, height),
        270: (0, -1, 1, 0, 0, height),
    }[rotate % 360]


def watermark(content: bytes, text: str) -> bytes:
    """The PDF with ``text`` stamped on every page, as it is shown (rotated pages included).

    The stamp is one form XObject per page size, drawn over each page by a small content stream added
    after the page's own (wrapped in q … Q): nothing of the original is re-parsed or re-encoded, so a
    2,000-page document is stamped in seconds and grows by a few kilobytes."""
    writer = PdfWriter(clone_from=open_reader(content))
    shown: list[tuple[float, float, float, float, int]] = []
    for page in writer.pages:
        box = page.cropbox
        rotate = int(page.get("/Rotate", 0) or 0) % 360
        width, height = float(box.width), float(box.height)
        shown.append((float(box.left), float(box.bottom), width, height, rotate))
    sizes = sorted({_shown_size(w, h, r) for _, _, w, h, r in shown})
    overlay = PdfReader(io.BytesIO(_overlay(sizes, text)))
    forms = {size: _form_xobject(writer, overlay.pages[i], size) for i, size in enumerate(sizes)}
    names = {size: NameObject(f"/KyhopStamp{i}") for i, size in enumerate(sizes)}
    for page, (left, bottom, width, height, rotate) in zip(writer.pages, shown, strict=True):
        size = _shown_size(width, height, rotate)
        _draw_over(
            writer, page, names[size], forms[size], _rotation_matrix(rotate, width, height), left, bottom
        )
    writer.add_metadata({"/Subject": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shown_size(width: float, height: float, rotate: int) -> tuple[float, float]:
    return (round(height, 2), round(width, 2)) if rotate in (90, 270) else (round(width, 2), round(height, 2))


def _form_xobject(writer: PdfWriter, page: Any, size: tuple[float, float]) -> IndirectObject:
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(size[0]), FloatObject(size[1])]
            ),
            NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
        }
    )
    return writer._add_object(form)


def _draw_over(
    writer: PdfWriter,
    page: Any,
    name: NameObject,
    form: IndirectObject,
    matrix: tuple[float, ...],
    left: float,
    bottom: float,
) -> None:
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[name] = form
    a, b, c, d, e, f = matrix
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ q {a} {b} {c} {d} {e + left:.3f} {f + bottom:.3f} cm {name} Do Q\n".encode())
    contents = page.get("/Contents")
    existing = (
        []
        if contents is None
        else (list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents])
    )
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)]
    )


# ---------------------------------------------------------------------------------------------
# The session pack: cover, then every document, with an outline
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackDocument:
    title: str
    content: bytes
    page_count: int
    label: str = ""  # e.g. "Tờ trình"


@dataclass(frozen=True)
class PackSection:
    """An agenda item ('2.1', title) and its documents; ``number`` empty for documents of no item."""

    number: str
    title: str
    documents: tuple[PackDocument, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Cover:
    council: str  # "HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH"
    term: str  # "KHÓA XVII, NHIỆM KỲ 2026–2031"
    heading: str  # "Kỳ họp thứ 1 HĐND tỉnh Ninh Bình khóa XVII"
    title: str | None
    dates: str  # "Từ ngày 10/12/2026 đến ngày 12/12/2026"
    place: str | None
    agenda: tuple[tuple[str, int, str], ...]  # (number, depth, title)
    url: str  # the QR code's target


def _qr_png(url: str) -> io.BytesIO:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def cover_pdf(
    cover: Cover, sections: Sequence[PackSection], first_pages: dict[tuple[int, int], int]
) -> bytes:
    """The cover: council, session, dates, place, QR code, then the numbered agenda and the documents with
    the page each starts on in the pack (``first_pages[(section, document)]``; 0 while not yet known)."""
    pdf = _fpdf()
    pdf.set_title(f"Tài liệu {cover.heading}")
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    _para(pdf, 120, 7, cover.council, align="C")
    pdf.set_font("DejaVu", "", 11)
    _para(pdf, 120, 6, cover.term, align="C")
    pdf.image(_qr_png(cover.url), x=pdf.w - pdf.r_margin - 40, y=12, w=40, h=40)
    pdf.set_xy(pdf.w - pdf.r_margin - 44, 53)
    pdf.set_font("DejaVu", "", 7)
    _para(pdf, 48, 3.5, "Quét mã để mở kỳ họp trên máy tính bảng", align="C")
    pdf.set_y(62)
    pdf.set_font("DejaVu", "B", 20)
    _para(pdf, 0, 11, "TÀI LIỆU KỲ HỌP", align="C")
    pdf.set_font("DejaVu", "B", 14)
    _para(pdf, 0, 8, cover.heading, align="C")
    if cover.title:
        pdf.set_font("DejaVu", "", 12)
        _para(pdf, 0, 7, cover.title, align="C")
    pdf.set_font("DejaVu", "", 11)
    _para(pdf, 0, 7, cover.dates, align="C")
    if cover.place:
        _para(pdf, 0, 7, f"Địa điểm: {cover.place}", align="C")
    pdf.set_font("DejaVu", "", 8)
    _para(pdf, 0, 5, cover.url, align="C")
    pdf.ln(5)
    pdf.set_font("DejaVu", "B", 13)
    _para(pdf, 0, 8, "CHƯƠNG TRÌNH KỲ HỌP", align="C")
    pdf.ln(2)
    docs_by_heading = {(s.number, s.title): (i, s) for i, s in enumerate(sections)}
    for number, depth, title in cover.agenda:
        indent = 8.0 * depth
        pdf.set_x(pdf.l_margin + indent)
        pdf.set_font("DejaVu", "B" if depth == 0 else "", 11)
        _para(pdf, 0, 6, f"{number}. {title}")
        found = docs_by_heading.get((number, title))
        if found is not None:
            _cover_documents(pdf, found[0], found[1], first_pages, indent + 6)
    for index, section in enumerate(sections):
        if not section.number:  # documents attached to no agenda item
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 11)
            _para(pdf, 0, 6, section.title)
            _cover_documents(pdf, index, section, first_pages, 6)
    return _output(pdf)


def _cover_documents(
    pdf: FPDF, index: int, section: PackSection, first_pages: dict[tuple[int, int], int], indent: float
) -> None:
    pdf.set_font("DejaVu", "", 9.5)
    for d_index, document in enumerate(section.documents):
        page = first_pages.get((index, d_index), 0)
        label = f"{document.label}: " if document.label else ""
        pdf.set_x(pdf.l_margin + indent)
        _para(pdf, 0, 5, f"– {label}{document.title} (tr. {page if page else '…'})")


def _count_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def build_pack(cover: Cover, sections: Sequence[PackSection]) -> tuple[bytes, int]:
    """The pack and its page count. The cover is laid out twice: once to know its length, then with the
    page numbers of the documents filled in."""
    first_pages: dict[tuple[int, int], int] = {}
    cover_bytes = cover_pdf(cover, sections, first_pages)
    for _ in range(3):
        cover_pages = _count_pages(cover_bytes)
        page = cover_pages + 1
        first_pages = {}
        for s_index, section in enumerate(sections):
            for d_index, document in enumerate(section.documents):
                first_pages[(s_index, d_index)] = page
                page += document.page_count
        cover_bytes = cover_pdf(cover, sections, first_pages)
        if _count_pages(cover_bytes) == cover_pages:
            break
    return _assemble(cover, cover_bytes, sections)


def _assemble(cover: Cover, cover_bytes: bytes, sections: Sequence[PackSection]) -> tuple[bytes, int]:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover_bytes)), import_outline=False)
    writer.add_outline_item(title="Trang bìa và chương trình kỳ họp", page_number=0)
    page = len(writer.pages)
    for section in sections:
        if not section.documents:
            continue
        parent = writer.add_outline_item(title=section.heading, page_number=page)
        for document in section.documents:
            writer.append(open_reader(document.content), import_outline=False)
            label = f"{document.label}: " if document.label else ""
            writer.add_outline_item(title=f"{label}{document.title}", page_number=page, parent=parent)
            page = len(writer.pages)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata(
        {"/Title": f"Tài liệu {cover.heading}", "/Author": cover.council.title(), "/Producer": "Kỳ họp số"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def outline_titles(content: bytes) -> list[Any]:
    """The pack's outline as nested lists of titles (for checks and tests)."""
    reader = PdfReader(io.BytesIO(content))

    def walk(items: list[Any]) -> list[Any]:
        return [walk(item) if isinstance(item, list) else item.title for item in items]

    return walk(reader.outline)


# ---------------------------------------------------------------------------------------------
# Pages as images (readers without a PDF plugin)
# ---------------------------------------------------------------------------------------------

IMAGE_FORMATS = {"png": "image/png", "webp": "image/webp"}


def render_page(content: bytes, page_number: int, width: int, fmt: str = "png") -> bytes:
    """Page ``page_number`` (1-based) rendered ``width`` pixels wide, as PNG or WebP."""
    with _pdfium_document(content) as document:
        with _PDFIUM:
            count = len(document)
            if not 1 <= page_number <= count:
                raise DomainError(
                    f"Tài liệu không có trang {page_number} (có {count} trang).",
                    f"The document has no page {page_number} (it has {count}).",
                    code="not_found",
                    status=404,
                )
            page = document[page_number - 1]
            try:
                scale = width / max(1.0, page.get_width())
                image = page.render(scale=scale, may_draw_forms=True).to_pil()
            finally:
                page.close()
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, format="WEBP", quality=82, method=4)
    else:
        image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
