"""``kyhop roster``: the template, an import refused whole with every wrong row printed, a preview, the import,
and an export imported again changing nothing — from the command line, after ``kyhop init``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from agenda import db as storage
from agenda.models import Mandate
from session_server.cli import main
from tests.agenda.council.roster.sheets import HEADERS, delegates, xlsx
from tests.session_server.test_cli_init import FLAGS


def _seats(url: str) -> int:
    with storage.session_factory(storage.make_engine(url))() as db:
        return int(db.scalar(select(func.count()).select_from(Mandate)) or 0)


def test_template_import_and_export_from_the_command_line(
    database_url: str, tmp_path: Path, capsys: Any
) -> None:
    assert main(["init", "--database", database_url, *FLAGS, "--admin-password", "mat-khau-quan-tri"]) == 0
    template = tmp_path / "mau.xlsx"
    assert main(["roster", "template", str(template)]) == 0 and template.stat().st_size > 0

    rows = delegates(10)
    rows[6][2] = "không rõ"
    wrong = tmp_path / "sai.xlsx"
    wrong.write_bytes(xlsx(rows, HEADERS))
    capsys.readouterr()
    assert main(["roster", "import", "--database", database_url, str(wrong)]) == 2
    out = capsys.readouterr().out
    assert "Dòng 8, cột “Năm sinh”" in out and "Nothing was written" in out
    assert _seats(database_url) == 0

    rows[6][2] = 1970
    right = tmp_path / "dung.xlsx"
    right.write_bytes(xlsx(rows, HEADERS))
    assert main(["roster", "import", "--preview", "--database", database_url, str(right)]) == 0
    assert "10 thêm mới" in capsys.readouterr().out and _seats(database_url) == 0
    assert main(["roster", "import", "--database", database_url, str(right)]) == 0
    assert _seats(database_url) == 10

    exported = tmp_path / "dai-bieu.csv"
    assert main(["roster", "export", "--database", database_url, str(exported)]) == 0
    capsys.readouterr()
    assert main(["roster", "import", "--database", database_url, str(exported)]) == 0
    assert "0 thêm mới, 0 thay đổi, 10 không đổi, 0 lỗi" in capsys.readouterr().out
