"""A folder of historical resolutions imported: each file one record (origin import) with its signed copy,
whole or not at all; a re-run skips what is there; an interrupted or killed run resumes without duplicates;
bad files and bad CSV rows refused with their reasons in the journal — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import functools
import io
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import db as storage
from agenda.archive.importer.journal import Outcome, Status, read_journal
from agenda.archive.importer.metadata import read_metadata
from agenda.archive.importer.record import IMPORT_GAP_REASON
from agenda.archive.importer.run import ImportOptions, ImportReport, Progress, list_files, run_import
from agenda.archive.importer.specimens import Specimen, resolution_pdf, scanned_copy
from agenda.council import terms
from agenda.models import AuditEntry, Council, CouncilLevel, Resolution, ResolutionOrigin, StoredFile


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


@pytest.fixture
def home(factory: sessionmaker[DbSession]) -> int:
    with storage.transaction(factory) as db:
        council = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân tỉnh Quảng Ninh",
                "HĐND tỉnh Quảng Ninh",
                "Quảng Ninh",
                CouncilLevel.PROVINCE,
            ),
            is_home=True,
        )
        return council.id


@functools.cache
def province_pdf(serial: int, year: int = 2026, pages: int = 2, title: str | None = None) -> bytes:
    return resolution_pdf(
        Specimen(
            issuer=("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH"),
            number=f"{serial:02d}/{year}/NQ-HĐND",
            place="Quảng Ninh",
            adopted_on=dt.date(year, 7, 15),
            title=title or f"Quy định chính sách hỗ trợ số {serial} trên địa bàn tỉnh Quảng Ninh",
            pages=pages,
        )
    )


@functools.cache
def district_pdf() -> bytes:
    return resolution_pdf(
        Specimen(
            issuer=("HỘI ĐỒNG NHÂN DÂN", "QUẬN NGÔ QUYỀN"),
            number="12/NQ-HĐND",
            place="Ngô Quyền",
            adopted_on=dt.date(2023, 8, 30),
            title="Về việc phát động phong trào thi đua trong hoạt động của HĐND quận",
            pages=1,
        )
    )


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(province_pdf(40))))
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def folder_of(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "luu-tru"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return folder


def run(factory: sessionmaker[DbSession], folder: Path, tmp_path: Path, **options: Any) -> ImportReport:
    stop = options.pop("stop", None)
    on_outcome = options.pop("on_outcome", None)
    metadata = options.pop("metadata", None)
    return run_import(
        factory,
        list_files(folder, besides=options.pop("besides", None)),
        metadata=metadata,
        options=ImportOptions(journal_dir=tmp_path / "journal", jobs=2, **options),
        stop=stop,
        on_outcome=on_outcome,
    )


def by_file(report: ImportReport) -> dict[str, Outcome]:
    return {o.file: o for o in report.outcomes}


def count(factory: sessionmaker[DbSession], what: Any) -> int:
    with storage.transaction(factory) as db:
        return int(db.scalar(select(func.count()).select_from(what)) or 0)


def test_a_folder_becomes_records_with_their_signed_copies_and_a_rerun_skips_all(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, {f"2026/nq-{n:02d}.pdf": province_pdf(n) for n in (1, 2, 5)})
    report = run(factory, folder, tmp_path)
    assert (report.progress.imported, report.progress.skipped, report.progress.refused) == (3, 0, 0)
    assert report.progress.pages == 6 and report.progress.pages_per_second > 0
    with storage.transaction(factory) as db:
        records = {r.number: r for r in db.scalars(select(Resolution))}
        assert sorted(records) == ["01/2026/NQ-HĐND", "02/2026/NQ-HĐND", "05/2026/NQ-HĐND"]
        fifth = records["05/2026/NQ-HĐND"]
        assert fifth.origin is ResolutionOrigin.IMPORT and fifth.council_id == home and fifth.normative
        assert fifth.adopted_on == dt.date(2026, 7, 15) and fifth.effective_on == dt.date(2026, 7, 25)
        assert fifth.title == "Quy định chính sách hỗ trợ số 5 trên địa bàn tỉnh Quảng Ninh"
        assert (fifth.signed_filename, fifth.signed_pages) == ("nq-05.pdf", 2)
        assert db.get(StoredFile, fifth.signed_sha256) is not None
        assert fifth.gap_reason == IMPORT_GAP_REASON  # 03 and 04 are not in the folder
        assert records["02/2026/NQ-HĐND"].gap_reason is None
        assert (
            len(db.scalars(select(AuditEntry).where(AuditEntry.action == "resolution.imported")).all()) == 3
        )
    journal = read_journal(report.journal)
    assert sorted(o.file for o in journal if o.status is Status.IMPORTED) == [
        "2026/nq-01.pdf",
        "2026/nq-02.pdf",
        "2026/nq-05.pdf",
    ]
    again = run(factory, folder, tmp_path)
    assert (again.progress.imported, again.progress.skipped) == (0, 3)
    assert all(o.code == "already_imported" for o in again.outcomes)
    assert count(factory, Resolution) == 3


def test_an_interrupted_import_stops_after_the_file_being_written_and_a_rerun_resumes(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, {f"nq-{n:02d}.pdf": province_pdf(n) for n in range(1, 9)})
    stop = threading.Event()

    def after_three(outcome: Outcome, progress: Progress) -> None:
        if progress.imported == 3:
            stop.set()

    first = run(factory, folder, tmp_path, stop=stop, on_outcome=after_three, batch=1)  # a file a transaction
    assert first.progress.interrupted and first.progress.imported == 3 and first.progress.done == 3
    assert count(factory, Resolution) == 3
    second = run(factory, folder, tmp_path)
    assert (second.progress.imported, second.progress.skipped, second.progress.refused) == (5, 3, 0)
    with storage.transaction(factory) as db:
        numbers = list(db.scalars(select(Resolution.number)))
    assert sorted(numbers) == [f"{n:02d}/2026/NQ-HĐND" for n in range(1, 9)]


def test_a_killed_import_leaves_no_half_record_and_resumes_without_duplicates(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, {f"nq-{n:02d}.pdf": province_pdf(n) for n in range(1, 7)})

    class Killed(BaseException):
        pass

    def die_after_two(outcome: Outcome, progress: Progress) -> None:
        if progress.imported == 2:
            raise Killed

    with pytest.raises(Killed):
        run(factory, folder, tmp_path, on_outcome=die_after_two, batch=1)
    assert count(factory, Resolution) == 2 and count(factory, StoredFile) == 2
    resumed = run(factory, folder, tmp_path)
    assert (resumed.progress.imported, resumed.progress.skipped) == (4, 2)
    assert count(factory, Resolution) == 6 and count(factory, StoredFile) == 6


def test_bad_files_are_refused_with_their_reasons_and_the_others_imported(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    folder = folder_of(
        tmp_path,
        {
            "tot.pdf": province_pdf(1),
            "mat-khau.pdf": encrypted_pdf(),
            "rac.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 20,
            "ghi-chu.txt": "Danh mục nghị quyết".encode(),
            "trung-so.pdf": province_pdf(1, title="Một nghị quyết khác mang cùng số 01"),
            "sai-nam.pdf": _wrong_year(),
            "tot2-ban-sao.pdf": province_pdf(1),
        },
    )
    report = run(factory, folder, tmp_path)
    outcomes = by_file(report)
    assert outcomes["tot.pdf"].status is Status.IMPORTED
    assert outcomes["mat-khau.pdf"].code == "pdf_encrypted" and "mật khẩu" in (
        outcomes["mat-khau.pdf"].vi or ""
    )
    assert outcomes["rac.pdf"].code == "pdf_damaged"
    assert outcomes["ghi-chu.txt"].status is Status.REFUSED and outcomes["ghi-chu.txt"].en
    assert outcomes["trung-so.pdf"].code == "duplicate_number" and "01/2026/NQ-HĐND" in (
        outcomes["trung-so.pdf"].en or ""
    )
    assert outcomes["sai-nam.pdf"].status is Status.REFUSED and "2025" in (outcomes["sai-nam.pdf"].en or "")
    assert outcomes["tot2-ban-sao.pdf"].status is Status.SKIPPED  # the same bytes as tot.pdf
    assert count(factory, Resolution) == 1 and count(factory, StoredFile) == 1  # nothing of the refused kept
    journal = {o.file: o for o in read_journal(report.journal)}
    assert journal["mat-khau.pdf"].status is Status.REFUSED and journal["mat-khau.pdf"].vi


def _wrong_year() -> bytes:
    """A normative number of 2025 on a resolution dated 2026."""
    return resolution_pdf(
        Specimen(
            issuer=("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH"),
            number="09/2025/NQ-HĐND",
            place="Quảng Ninh",
            adopted_on=dt.date(2026, 3, 2),
            title="Về việc sai năm trong số",
            pages=1,
        )
    )


def test_a_historical_district_council_is_named_in_the_refusal_and_created_only_on_request(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, {"ngo-quyen.pdf": district_pdf()})
    refused = by_file(run(factory, folder, tmp_path))["ngo-quyen.pdf"]
    assert refused.code == "unknown_council" and "HỘI ĐỒNG NHÂN DÂN QUẬN NGÔ QUYỀN" in (refused.vi or "")
    assert "--create-councils" in (refused.en or "")
    assert count(factory, Council) == 1
    imported = by_file(run(factory, folder, tmp_path, create_councils=True))["ngo-quyen.pdf"]
    assert imported.status is Status.IMPORTED and imported.number == "12/NQ-HĐND"
    with storage.transaction(factory) as db:
        district = db.scalars(select(Council).where(Council.level == CouncilLevel.DISTRICT)).one()
        assert (district.name, district.short_name) == (
            "Hội đồng nhân dân quận Ngô Quyền",
            "HĐND quận Ngô Quyền",
        )
        assert district.abolished_on == dt.date(2025, 7, 1) and not district.is_home
        record = db.scalars(select(Resolution)).one()
        assert record.council_id == district.id and not record.normative


@pytest.mark.usefixtures("no_tesseract")
def test_a_scanned_file_is_flagged_and_imported_from_its_csv_row_while_bad_rows_are_refused(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    scan = scanned_copy(province_pdf(3, pages=1), scale=0.5)
    folder = folder_of(
        tmp_path,
        {
            "quet.pdf": scan,
            "quet-khong-csv.pdf": scanned_copy(province_pdf(4, pages=1), scale=0.5),
            "ngay-sai.pdf": province_pdf(6),
            "hdnd-la.pdf": province_pdf(7),
        },
    )
    csv_text = (
        "Tệp;Số, ký hiệu;Ngày thông qua;HĐND;Trích yếu;Người ký\n"
        "quet.pdf;03/2026/NQ-HĐND;15/07/2026;HĐND tỉnh Quảng Ninh;Về việc hoà giải ở cơ sở;Nguyễn Văn Thành\n"
        "ngay-sai.pdf;;31/02/2026;;;\n"
        "hdnd-la.pdf;;;HĐND tỉnh Hoà Bình;;\n"
    )
    (tmp_path / "meta.csv").write_text(csv_text, encoding="utf-8")
    metadata = read_metadata((tmp_path / "meta.csv").read_bytes())
    report = run(factory, folder, tmp_path, metadata=metadata)
    outcomes = by_file(report)
    scanned = outcomes["quet.pdf"]
    assert scanned.status is Status.IMPORTED and scanned.scanned and not scanned.ocr
    unread = outcomes["quet-khong-csv.pdf"]  # (Tesseract hidden from the PATH: the report says so)
    assert unread.code == "scanned_no_text" and unread.scanned and "OCR" in (unread.en or "")
    assert "chưa cài Tesseract" in (unread.vi or "") and "not installed" in (unread.en or "")
    assert report.summary()["ocr_available"] is False and "not available" in report.summary()["ocr"]["en"]
    assert "Không có nhận dạng chữ" in report.summary()["ocr"]["vi"]
    assert outcomes["ngay-sai.pdf"].code == "csv_row" and "Line 3" in (outcomes["ngay-sai.pdf"].en or "")
    assert outcomes["hdnd-la.pdf"].code == "unknown_council" and "Hòa Bình" in (
        outcomes["hdnd-la.pdf"].vi or ""
    )
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        assert record.title == "Về việc hòa giải ở cơ sở" and record.signer_name == "Nguyễn Văn Thành"


@pytest.mark.ocr
@pytest.mark.usefixtures("tesseract")
def test_a_scanned_first_page_is_read_by_ocr_when_tesseract_is_installed(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    folder = folder_of(
        tmp_path,
        {
            "quet.pdf": scanned_copy(province_pdf(3, pages=1), scale=2.0),
            "quet-quan.pdf": scanned_copy(district_pdf(), scale=2.0),
        },
    )
    report = run(factory, folder, tmp_path, create_councils=True)
    assert report.ocr_available and report.summary()["ocr"]["en"] == "OCR by Tesseract, Vietnamese."
    outcome = by_file(report)["quet.pdf"]
    assert outcome.ocr and outcome.scanned and outcome.status is Status.IMPORTED
    assert outcome.number == "03/2026/NQ-HĐND"
    district = by_file(report)["quet-quan.pdf"]
    assert district.ocr and district.status is Status.IMPORTED and district.number == "12/NQ-HĐND"
    with storage.transaction(factory) as db:
        records = {r.number: r for r in db.scalars(select(Resolution))}
        assert records["03/2026/NQ-HĐND"].adopted_on == dt.date(2026, 7, 15)
        assert "Quy định chính sách hỗ trợ số 3" in records["03/2026/NQ-HĐND"].title
        assert records["12/NQ-HĐND"].adopted_on == dt.date(2023, 8, 30)
        council = db.get(Council, records["12/NQ-HĐND"].council_id)
        assert council is not None and council.short_name == "HĐND quận Ngô Quyền"


def test_a_file_name_written_decomposed_finds_its_csv_row_and_is_stored_composed(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    decomposed = unicodedata.normalize("NFD", "nghị-quyết-hòa-giải.pdf")
    folder = folder_of(tmp_path, {decomposed: province_pdf(8)})
    metadata = read_metadata("tệp,trích yếu\nnghị-quyết-hòa-giải.pdf,Về công tác hòa giải\n".encode())
    outcome = by_file(run(factory, folder, tmp_path, metadata=metadata))["nghị-quyết-hòa-giải.pdf"]
    assert outcome.status is Status.IMPORTED
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        assert record.title == "Về công tác hòa giải" and record.signed_filename == "nghị-quyết-hòa-giải.pdf"


def test_a_council_chosen_for_the_import_refuses_a_file_of_another_known_council(
    factory: sessionmaker[DbSession], home: int, tmp_path: Path
) -> None:
    with storage.transaction(factory) as db:
        other = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân xã Yên Tử", "HĐND xã Yên Tử", "Yên Tử", CouncilLevel.COMMUNE
            ),
        ).id
    folder = folder_of(tmp_path, {"nq.pdf": province_pdf(1)})
    outcome = by_file(run(factory, folder, tmp_path, council_id=other))["nq.pdf"]
    assert outcome.code == "issuer_mismatch" and "TỈNH QUẢNG NINH" in (outcome.vi or "")
