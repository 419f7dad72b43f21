"""The writer's batches: several files in one transaction, a savepoint each — a file refused in the middle of a
batch is absent and the others are imported (a council it created rolled back with it), the audit chain
stays whole, and a batch whose COMMIT fails is neither in the database nor in the journal, so a re-run
imports it once — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import audit
from agenda import db as storage
from agenda.archive.importer import writer as writer_module
from agenda.archive.importer.journal import Status, read_journal
from agenda.archive.importer.specimens import Specimen, resolution_pdf
from agenda.models import Council, Resolution, StoredFile
from tests.agenda.archive.importer.test_import import (  # noqa: F401 - files_dir and home: fixtures
    by_file,
    count,
    files_dir,
    folder_of,
    home,
    province_pdf,
    run,
)

ONE_BATCH = {"batch": 50, "batch_seconds": 60.0}  # every file of these small folders in one transaction


def le_chan(number: str, adopted_on: dt.date, title: str) -> bytes:
    return resolution_pdf(
        Specimen(
            issuer=("HỘI ĐỒNG NHÂN DÂN", "QUẬN LÊ CHÂN"),
            number=number,
            place="Lê Chân",
            adopted_on=adopted_on,
            title=title,
            pages=1,
        )
    )


@pytest.mark.usefixtures("home")
def test_a_file_refused_in_the_middle_of_a_batch_is_absent_and_the_others_are_imported(
    factory: sessionmaker[DbSession], tmp_path: Path
) -> None:
    folder = folder_of(
        tmp_path,
        {
            "a-01.pdf": province_pdf(1),
            "b-trung-so.pdf": province_pdf(1, title="Một nghị quyết khác mang cùng số 01"),
            # creates the district council, then is refused (its number's year is not its date's):
            "c-sai-nam.pdf": le_chan("07/2021/NQ-HĐND", dt.date(2022, 3, 1), "Về việc sai năm"),
            "d-02.pdf": province_pdf(2),
            "e-le-chan.pdf": le_chan("08/NQ-HĐND", dt.date(2022, 4, 1), "Về việc thi đua năm 2022"),
        },
    )
    report = run(factory, folder, tmp_path, create_councils=True, **ONE_BATCH)
    outcomes = by_file(report)
    assert {name: o.status for name, o in outcomes.items()} == {
        "a-01.pdf": Status.IMPORTED,
        "b-trung-so.pdf": Status.REFUSED,
        "c-sai-nam.pdf": Status.REFUSED,
        "d-02.pdf": Status.IMPORTED,
        "e-le-chan.pdf": Status.IMPORTED,
    }
    assert outcomes["b-trung-so.pdf"].code == "duplicate_number"
    with storage.transaction(factory) as db:
        numbers = sorted(db.scalars(select(Resolution.number)))
        assert numbers == ["01/2026/NQ-HĐND", "02/2026/NQ-HĐND", "08/NQ-HĐND"]
        districts = db.scalars(select(Council).where(Council.name.like("%Lê Chân"))).all()
        assert len(districts) == 1  # created once: by e, after c's savepoint took its creation back
        record = db.scalars(select(Resolution).where(Resolution.number == "08/NQ-HĐND")).one()
        assert record.council_id == districts[0].id
        assert audit.verify(db).ok  # the entries of the refused files' savepoints left no gap in the chain
    assert count(factory, StoredFile) == 3
    journal = {o.file: o.status for o in read_journal(report.journal)}
    assert journal == {name: o.status for name, o in outcomes.items()}


@pytest.mark.usefixtures("home")
def test_a_batch_whose_commit_fails_is_neither_kept_nor_journaled_and_a_rerun_imports_it_once(
    factory: sessionmaker[DbSession], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of(tmp_path, {f"nq-{n:02d}.pdf": province_pdf(n) for n in range(1, 5)})
    engine = factory.kw["bind"]
    state = {"wrote": False, "failed": False}
    write_import = writer_module.write_import

    def noting(*args: Any, **kwargs: Any) -> Resolution:
        state["wrote"] = True
        return write_import(*args, **kwargs)

    def fail_once(connection: Any) -> None:
        if state["wrote"] and not state["failed"]:
            state["failed"] = True
            raise OperationalError("COMMIT", None, Exception("disk I/O error"))

    monkeypatch.setattr(writer_module, "write_import", noting)
    event.listen(engine, "commit", fail_once)
    try:
        with pytest.raises(OperationalError):
            run(factory, folder, tmp_path, **ONE_BATCH)
    finally:
        event.remove(engine, "commit", fail_once)
    assert state["failed"]
    assert count(factory, Resolution) == 0 and count(factory, StoredFile) == 0
    (journal,) = (tmp_path / "journal").glob("*.jsonl")
    assert read_journal(journal) == []  # nothing of the batch told as imported
    again = run(factory, folder, tmp_path, **ONE_BATCH)
    assert (again.progress.imported, again.progress.skipped) == (4, 0)
    assert count(factory, Resolution) == 4
