"""Word (DOCX, DOC, ODT) to PDF with LibreOffice, when it is installed, under a time limit."""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
from pathlib import Path

from agenda.pdf.limits import Limits, Refused


def office_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _office_limits(seconds: int) -> None:
    """In LibreOffice's process (started from a check worker, which is single-threaded): the worker's address
    space limit lifted (LibreOffice maps gigabytes it never touches), CPU time up to the conversion's time."""
    _, as_hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (as_hard, as_hard))
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = seconds if cpu_hard == resource.RLIM_INFINITY else min(seconds, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard))


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
                preexec_fn=lambda: _office_limits(limits.convert_seconds),
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
