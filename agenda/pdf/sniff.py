"""What kind of file is it? The first bytes (and, for a ZIP, its parts) tell a PDF from a Word file, an image
or anything else."""

from __future__ import annotations

import io
import zipfile

from agenda.pdf.limits import Refused

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


def word_magic(content: bytes) -> bool:
    """Whether the file may be a Word document (a ZIP or an OLE file), i.e. may need converting."""
    return content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))


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
