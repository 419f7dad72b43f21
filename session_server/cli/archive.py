"""``kyhop archive …``: the resolution archive from the command line, one function per command.

- ``kyhop archive import DIR [--csv META.csv] [--jobs N] [--council-id ID] [--create-councils]`` — a folder
  of resolution PDFs into the archive (:mod:`agenda.archive.importer`), with a progress bar (rate, time
  left; plain lines when the output is not a terminal). Ctrl+C stops after the file being written and
  prints the report; running it again resumes (what was imported is skipped by SHA-256).

- ``kyhop archive close-ended`` — the daily run of implementation tracking: every resolution wholly out of
  force on its council's today (a repeal or replacement that has come into effect, a term that has run out)
  closes its open tasks, with the reason (:func:`agenda.archive.tracking.closing.close_all_ended`). Run it
  every day (a systemd timer or cron, after midnight in the council's time zone); twice changes nothing.

- ``kyhop archive reindex`` — rebuild the archive's search index from the records (:func:`agenda.archive.search.
  maintain.reindex`), with a progress bar; the index is otherwise kept current with every change.

Other archive commands add their ``_add_…`` function to :func:`add_archive_parser`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from agenda import db as storage
from agenda.errors import DomainError
from agenda.filestore import root_for

if TYPE_CHECKING:  # (the importer is loaded when the command runs)
    from agenda.archive.importer.journal import Outcome
    from agenda.archive.importer.run import ImportReport, Progress


def add_archive_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    archive = sub.add_parser("archive", help="The resolution archive").add_subparsers(
        dest="archive_command", required=True
    )
    _add_import(archive, common)
    _add_close_ended(archive, common)
    _add_reindex(archive, common)


# --- kyhop archive close-ended --------------------------------------------------------------------------


def _add_close_ended(archive: Any, common: argparse.ArgumentParser) -> None:
    close = archive.add_parser(
        "close-ended",
        parents=[common],
        help="Close the open tasks of every resolution no longer in force (run daily)",
    )
    close.set_defaults(func=cmd_close_ended)


def cmd_close_ended(args: argparse.Namespace) -> int:
    from agenda.archive.tracking.closing import close_all_ended
    from session_server.cli.database import engine_of

    with storage.transaction(storage.session_factory(engine_of(args))) as db:
        closed = close_all_ended(db, actor="kyhop archive close-ended")
    print(
        f"Đã đóng {closed} nhiệm vụ của các nghị quyết hết hiệu lực toàn bộ. / "
        f"Closed {closed} tasks of resolutions no longer in force."
    )
    return 0


# --- kyhop archive import -------------------------------------------------------------------------------


def _add_import(archive: Any, common: argparse.ArgumentParser) -> None:
    command = archive.add_parser(
        "import",
        parents=[common],
        help="Import a folder of historical resolution PDFs (header read from the first page, or a CSV)",
    )
    command.add_argument("folder", metavar="DIR", help="the folder of PDFs (sub-folders included)")
    command.add_argument("--csv", metavar="META.csv", help="the files' details, over what the pages say")
    command.add_argument("--jobs", type=int, default=0, help="files read at once (default: one per core)")
    command.add_argument(
        "--council-id",
        type=int,
        help="the issuing council of files that do not say (and the one all must be)",
    )
    command.add_argument(
        "--create-councils",
        action="store_true",
        help="create unknown historical district councils (quận, huyện, thị xã) for the archive",
    )
    command.add_argument(
        "--journal-dir",
        metavar="DIR",
        help="where the JSON-lines journal goes (default: imports/ beside files/)",
    )
    command.set_defaults(func=cmd_archive_import)


class ProgressLine:
    """A bar with the rate and the time left, redrawn on a terminal; a plain line now and then otherwise.
    Each refusal is printed as it happens."""

    WIDTH = 30

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.last = 0.0

    def show(self, outcome: Outcome, progress: Progress) -> None:
        if outcome.status == "refused":
            self._clear()
            print(f"✗ {outcome.file}: {outcome.vi} / {outcome.en}", file=self.out)
        now = time.monotonic()
        final = progress.done == progress.total
        if not final and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        left = progress.seconds_left
        eta = "—" if left is None else _duration(left)
        filled = int(self.WIDTH * progress.done / max(1, progress.total))
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {progress.done}/{progress.total} · "
            f"{progress.files_per_second:.1f} tệp/s files/s · {progress.pages_per_second:.0f} trang/s pages/s · "
            f"còn / left {eta}"
        )
        if self.tty:
            self.out.write("\r" + line + "\x1b[K")
            self.out.flush()
        else:
            print(line, file=self.out)

    def _clear(self) -> None:
        if self.tty:
            self.out.write("\r\x1b[K")

    def end(self) -> None:
        if self.tty:
            self.out.write("\n")


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _stop_on_interrupt(stop: threading.Event, out: TextIO) -> Any:
    """The first Ctrl+C sets ``stop`` (the import finishes the file it is writing); a second one aborts."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print(
            "\nĐang dừng sau tệp đang ghi … (Ctrl+C lần nữa để thôi ngay) / Stopping after the file being "
            "written … (Ctrl+C again to abort)",
            file=out,
        )

    return signal.signal(signal.SIGINT, handler)


def print_report(report: ImportReport, out: TextIO) -> None:
    p = report.progress
    print(
        f"Đã nhập {p.imported}, bỏ qua {p.skipped} (đã có), từ chối {p.refused} — {p.done}/{p.total} tệp trong "
        f"{_duration(p.elapsed)} ({p.files_per_second:.1f} tệp/s, {p.pages_per_second:.0f} trang/s)"
        + (", đã dừng giữa chừng: chạy lại để tiếp tục" if p.interrupted else "")
        + ".",
        file=out,
    )
    print(
        f"Imported {p.imported}, skipped {p.skipped} (already there), refused {p.refused} — {p.done}/{p.total} "
        f"files in {_duration(p.elapsed)} ({p.files_per_second:.1f} files/s, {p.pages_per_second:.0f} pages/s)"
        + (", interrupted: run it again to resume" if p.interrupted else "")
        + ".",
        file=out,
    )
    refused = [o for o in report.outcomes if o.status == "refused"]
    if refused:
        print("Từ chối / Refused:", file=out)
        for outcome in refused:
            print(f"  {outcome.file}: {outcome.vi}\n  {' ' * len(outcome.file)}  {outcome.en}", file=out)
    if p.scanned:
        print(f"Bản quét / Scanned: {p.scanned}. {report.ocr_vi} / {report.ocr_en}", file=out)
    print(f"Nhật ký / Journal: {report.journal}", file=out)


def cmd_archive_import(args: argparse.Namespace) -> int:
    from agenda.archive.importer.metadata import Metadata, read_metadata
    from agenda.archive.importer.run import ImportOptions, list_files, run_import

    url = storage.database_url(args.database)
    folder = Path(args.folder)
    csv_path = Path(args.csv) if args.csv else None
    metadata = Metadata()
    if csv_path is not None:
        try:
            metadata = read_metadata(csv_path.read_bytes())
        except OSError as error:
            raise DomainError(
                f"Không đọc được tệp CSV {csv_path} ({error.strerror}).",
                f"The CSV file {csv_path} cannot be read ({error.strerror}).",
                code="csv_unreadable",
                field="csv",
            ) from None
    files = list_files(folder, besides=csv_path)
    journal_dir = Path(args.journal_dir) if args.journal_dir else root_for(url).parent / "imports"
    options = ImportOptions(
        council_id=args.council_id,
        create_councils=args.create_councils,
        jobs=max(0, args.jobs),
        journal_dir=journal_dir,
        source=str(folder),
        csv=csv_path.name if csv_path is not None else None,
        actor="cli:archive-import",
    )
    out = sys.stderr
    print(f"Nhập {len(files)} tệp từ {folder} / Importing {len(files)} files from {folder}", file=out)
    engine = storage.make_engine(url)
    factory = storage.session_factory(engine)
    stop = threading.Event()
    bar = ProgressLine(out)
    previous = _stop_on_interrupt(stop, out)
    try:
        report = run_import(
            factory, files, metadata=metadata, options=options, stop=stop, on_outcome=bar.show
        )
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.end()
        engine.dispose()
    print_report(report, sys.stdout)
    if report.progress.interrupted:
        return 130
    return 1 if report.progress.refused else 0


# --- kyhop archive reindex ------------------------------------------------------------------------------


def _add_reindex(archive: Any, common: argparse.ArgumentParser) -> None:
    command = archive.add_parser(
        "reindex",
        parents=[common],
        help="Rebuild the archive's search index from the records (kept current otherwise)",
    )
    command.set_defaults(func=cmd_reindex)


def cmd_reindex(args: argparse.Namespace) -> int:
    from agenda.archive.search.maintain import reindex
    from session_server.cli.database import engine_of

    out = sys.stdout
    started = time.monotonic()
    tty = out.isatty()

    def show(done: int, total: int) -> None:
        elapsed = max(1e-6, time.monotonic() - started)
        rate = done / elapsed
        left = _duration((total - done) / rate) if rate else "—"
        filled = int(ProgressLine.WIDTH * done / max(1, total))
        line = (
            f"[{'#' * filled}{'.' * (ProgressLine.WIDTH - filled)}] {done}/{total} nghị quyết resolutions · "
            f"{rate:.0f}/s · còn / left {left}"
        )
        if tty:
            out.write("\r" + line + "\x1b[K")
            out.flush()
        else:
            print(line, file=out)

    count = reindex(storage.session_factory(engine_of(args)), progress=show)
    if tty:
        out.write("\n")
    print(
        f"Đã lập lại chỉ mục tìm kiếm của {count} nghị quyết trong {_duration(time.monotonic() - started)}. / "
        f"Rebuilt the search index of {count} resolutions in {_duration(time.monotonic() - started)}.",
        file=out,
    )
    return 0
