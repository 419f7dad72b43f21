"""What an imported file writes: its record in one INSERT (with its number and signed copy), its three audit
entries in one statement, its search index once — the same rows as making the record, numbering it, storing
its copy and indexing it one step after another — and a file refused in a batch leaves no index rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import audit, filestore
from agenda import db as storage
from agenda.archive import resolutions
from agenda.archive.importer.issuers import Issuers
from agenda.archive.importer.journal import Status
from agenda.archive.importer.reading import Prepared, prepare
from agenda.archive.importer.record import IMPORT_GAP_REASON, write_import
from agenda.archive.search import maintain
from agenda.archive.search.request import SearchRequest
from agenda.archive.search.service import search
from agenda.archive.values import ResolutionInput
from agenda.models import AuditEntry, Resolution, ResolutionOrigin, SearchEntry, SearchPage
from agenda.pdf.limits import Limits
from agenda.text import canonical
from tests.agenda.archive.importer.test_batches import ONE_BATCH
from tests.agenda.archive.importer.test_import import (  # noqa: F401 - files_dir and home: fixtures
    by_file,
    files_dir,
    folder_of,
    home,
    province_pdf,
    run,
)

TODAY = dt.date(2026, 12, 6)


def staff_search(factory: sessionmaker[DbSession], q: str) -> list[int]:
    with storage.transaction(factory) as db:
        return [
            hit.record.id for hit in search(db, SearchRequest.parse({"q": q}), public=False, day=TODAY).hits
        ]


@pytest.mark.usefixtures("home")
def test_a_batch_indexes_every_imported_file_s_pages_and_a_refused_file_leaves_no_index_rows(
    factory: sessionmaker[DbSession], tmp_path: Path
) -> None:
    folder = folder_of(
        tmp_path,
        {
            "a-01.pdf": province_pdf(1, pages=3),
            "b-trung-so.pdf": province_pdf(1, title="Một nghị quyết khác về nuôi ong lấy mật"),
            "c-02.pdf": province_pdf(2, pages=2, title="Quy định về bảo tồn rừng ngập mặn ven biển"),
        },
    )
    report = run(factory, folder, tmp_path, **ONE_BATCH)
    outcomes = by_file(report)
    assert [outcomes[name].status for name in ("a-01.pdf", "b-trung-so.pdf", "c-02.pdf")] == [
        Status.IMPORTED,
        Status.REFUSED,
        Status.IMPORTED,
    ]
    with storage.transaction(factory) as db:
        records = {r.id: r for r in db.scalars(select(Resolution))}
        assert set(db.scalars(select(SearchEntry.resolution_id))) == set(records)
        for record in records.values():
            pages = db.scalars(
                select(SearchPage).where(SearchPage.resolution_id == record.id).order_by(SearchPage.position)
            ).all()
            assert [(p.source, p.page_number) for p in pages] == [
                ("signed", n) for n in range(1, (record.signed_pages or 0) + 1)
            ]
            assert all(p.text == canonical(p.text) and p.text for p in pages)
        assert db.scalar(select(SearchPage.id).where(SearchPage.resolution_id.not_in(records))) is None
    assert staff_search(factory, "nuoi ong lay mat") == []  # the refused file's words are nowhere
    assert staff_search(factory, "rung ngap man") == [outcomes["c-02.pdf"].resolution_id]
    assert set(staff_search(factory, "dia ban tinh quang ninh")) == set(records)


@pytest.mark.usefixtures("home")
def test_an_imported_file_is_one_insert_of_its_record_one_of_its_audit_entries_and_its_index_written_once(
    factory: sessionmaker[DbSession], tmp_path: Path
) -> None:
    folder = folder_of(tmp_path, {f"nq-{n:02d}.pdf": province_pdf(n) for n in range(1, 4)})
    statements: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(" ".join(statement.split()[:3]))

    engine = factory.kw["bind"]
    event.listen(engine, "before_cursor_execute", note)
    try:
        report = run(factory, folder, tmp_path, **ONE_BATCH)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert report.progress.imported == 3
    assert statements.count("INSERT INTO resolution") == 3
    assert not [s for s in statements if s.startswith("UPDATE resolution")]
    assert statements.count("INSERT INTO audit_entry") == 3  # (three entries each)
    assert statements.count("INSERT INTO search_entry") == 3
    assert not [s for s in statements if s.startswith(("DELETE FROM search", "SELECT search"))]
    with storage.transaction(factory) as db:
        assert audit.verify(db).ok
        actions = [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        assert actions[-9:] == ["resolution.created", "resolution.numbered", "resolution.imported"] * 3


def _snapshot(db: DbSession, record: Resolution) -> dict[str, Any]:
    """What the database holds of ``record`` (ids and times aside), and what its words find."""
    skip = {"id", "created_at", "updated_at"}
    row = {c.key: getattr(record, c.key) for c in Resolution.__table__.columns if c.key not in skip}
    since = db.scalar(
        select(AuditEntry.seq)
        .where(AuditEntry.action == "resolution.created")
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    )
    entries = db.scalars(select(AuditEntry).where(AuditEntry.seq >= since).order_by(AuditEntry.seq))
    entry = db.get_one(SearchEntry, record.id)
    pages = db.scalars(
        select(SearchPage).where(SearchPage.resolution_id == record.id).order_by(SearchPage.id)
    )
    found = {
        q: [
            hit.record.id == record.id
            for hit in search(db, SearchRequest.parse({"q": q}), public=False, day=TODAY).hits
        ]
        for q in ("ho tro so 7", "quang ninh", "can cu luat", "hoi dong nhan dan", "07/2026/NQ-HĐND")
    }
    return {
        "row": row,
        "audit": [(e.action, {k: v for k, v in e.detail.items() if k != "resolution_id"}) for e in entries],
        "entry": (entry.meta, entry.private_pages),
        "pages": [(p.position, p.source, p.page_number, p.public, p.text) for p in pages],
        "found": found,
    }


def _step_by_step(db: DbSession, prepared: Prepared, council_id: int) -> Resolution:
    """The record made as the importer made it before: created, numbered, its copy stored and audited, then
    indexed again with the copy's pages."""
    values = prepared.values
    record = resolutions.create_resolution(
        db,
        ResolutionInput(
            council_id=council_id,
            title=values.title,
            adopted_on=values.adopted_on,
            normative=values.normative,
        ),
        origin=ResolutionOrigin.IMPORT,
    )
    resolutions.assign_number(db, record, values.number, gap_reason=IMPORT_GAP_REASON)
    record.signed_sha256 = filestore.put(db, prepared.processed.pdf)
    record.signed_filename = prepared.name
    record.signed_pages = prepared.processed.facts.page_count
    db.flush()
    audit.append(
        db,
        "resolution.imported",
        {
            "resolution_id": record.id,
            "file": prepared.name,
            "sha256": record.signed_sha256,
            "pages": record.signed_pages,
            "scanned": prepared.scanned,
            "ocr": prepared.ocr,
        },
    )
    maintain.refresh(db, record, signed_texts=prepared.processed.facts.texts)
    return record


class _RolledBack(Exception):
    pass


def test_an_imported_record_is_the_same_rows_as_made_step_by_step(
    factory: sessionmaker[DbSession],
    home: int,  # noqa: F811 - the fixture
) -> None:
    content = province_pdf(7, pages=3)
    prepared = prepare("nq-07.pdf", content, filestore.sha256(content), None, Limits(), None)
    snapshots = []
    for way in ("step by step", "at once"):
        try:
            with storage.transaction(factory) as db:
                if way == "at once":
                    record = write_import(db, prepared, Issuers(db, create=False), council_id=home)
                else:
                    record = _step_by_step(db, prepared, home)
                snapshots.append(_snapshot(db, record))
                raise _RolledBack
        except _RolledBack:
            pass
    before, after = snapshots
    assert after["row"]["number"] == "07/2026/NQ-HĐND" and after["row"]["signed_pages"] == 3
    assert [action for action, _ in after["audit"]] == [
        "resolution.created",
        "resolution.numbered",
        "resolution.imported",
    ]
    assert after["found"]["ho tro so 7"] == [True]
    assert after == before
