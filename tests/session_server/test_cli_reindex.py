"""``kyhop archive reindex``: the search index rebuilt from the records, with a progress line, after an
import that indexed each file as it was written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete

from agenda import db as storage
from agenda.archive.search import service
from agenda.archive.search.engines import engine_for
from agenda.archive.search.request import SearchRequest
from agenda.archive.search.service import search
from agenda.models import SearchEntry
from session_server.cli import main
from tests.agenda.archive.importer.test_import import folder_of, province_pdf


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def found(engine: Engine, q: str) -> int:
    with storage.transaction(storage.session_factory(engine)) as db:
        return search(db, SearchRequest.parse({"q": q}), public=False, day=dt.date(2026, 12, 3)).total


def test_an_imported_file_is_found_and_the_index_can_be_rebuilt(
    database_url: str, engine: Engine, small_council: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    folder = folder_of(tmp_path, {"ninh-binh-01.pdf": province_pdf(1), "ninh-binh-02.pdf": province_pdf(2)})
    (tmp_path / "meta.csv").write_text(
        "file,council,title\nninh-binh-01.pdf,HĐND tỉnh Ninh Bình,Về việc hoà giải ở cơ sở\n"
        "ninh-binh-02.pdf,HĐND tỉnh Ninh Bình,Về chính sách hỗ trợ\n",
        encoding="utf-8",
    )
    journal = ["--journal-dir", str(tmp_path / "journal")]
    csv = ["--csv", str(tmp_path / "meta.csv")]
    assert main(["archive", "import", str(folder), "--database", database_url, *csv, *journal]) == 0
    assert found(engine, '"hòa giải ở cơ sở"') == 1  # written "hoà" in the CSV: the other tone placement
    assert found(engine, '"hoa giai o co so"') == 1
    with storage.transaction(storage.session_factory(engine)) as db:
        engine_for(db).clear(db)
        db.execute(delete(SearchEntry))
    service.forget()  # the index wiped behind the archive's back: the searches kept for its generation go too
    assert found(engine, '"hoa giai o co so"') == 0
    capsys.readouterr()
    assert main(["archive", "reindex", "--database", database_url]) == 0
    out = capsys.readouterr().out
    assert "2/2" in out and "Đã lập lại chỉ mục tìm kiếm của 2 nghị quyết" in out
    assert "Rebuilt the search index of 2 resolutions" in out
    assert found(engine, '"hoa giai o co so"') == 1
