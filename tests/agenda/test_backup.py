"""Back up and restore (issue 12): one archive holds the database as it stood at one moment — stored files
included — and restores into an empty database whole, or not at all; on SQLite and PostgreSQL, and from
one to the other."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from agenda import audit, filestore
from agenda import db as storage
from agenda.backup import backup, restore
from agenda.backup.archive import ArchiveReader
from agenda.backup.tables import reflect
from agenda.documents import upload as document_upload
from agenda.errors import DomainError
from agenda.models import Document, Official, Person, Question, Session, SessionEvent, Vote, VoteStatus
from agenda.pdf import typeset
from agenda.sitting import votes
from tests.agenda.sitting.test_sitting import act, ballot, build_hall, open_and_check_in
from tests.conftest import build_small_council


@pytest.fixture
def other_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second database of the same kind, empty — not even migrated."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'kyhop.sqlite'}"
    else:
        yield request.getfixturevalue("postgres_schema_url")


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def add_document(factory: Any, session_id: int, title: str) -> tuple[int, bytes, bytes]:
    """A document with two versions (the document points at its current version: a cycle of references);
    its id and the two PDFs."""
    first = typeset.text_pdf(title, ["Dự thảo lần một về dự toán ngân sách địa phương."])
    second = typeset.text_pdf(title, ["Dự thảo lần hai, đã tiếp thu ý kiến thẩm tra của Ban."])
    processed = [
        document_upload.process_upload(document_upload.Upload(f"{title}.pdf", "application/pdf", pdf))
        for pdf in (first, second)
    ]
    with storage.transaction(factory) as db:
        session = db.get(Session, session_id)
        assert session is not None
        fields = document_upload.DocumentFields.parse({"title": title})
        document = document_upload.add_document(db, session, fields, processed[0], "du-thao.pdf", None)
        document_upload.add_version(db, document, processed[1], "du-thao-2.pdf", None)
        return document.id, first, second


def everything(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the schema's own bookkeeping aside), in a stable order."""
    engine = storage.make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted((tuple(row) for row in conn.execute(table.select())), key=repr)
                for name, table in sorted(reflect(conn).items())
            }
    finally:
        engine.dispose()


_opened: list[Engine] = []


def factory_of(url: str) -> Any:
    engine = storage.make_engine(url)
    _opened.append(engine)
    return storage.session_factory(engine)


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Engines opened by a test are closed after it (PostgreSQL then drops its schema at once)."""
    yield
    while _opened:
        _opened.pop().dispose()


def test_a_backup_restores_every_row_and_file_into_an_empty_database(
    database_url: str,
    factory: Any,
    small_council: dict[str, Any],
    other_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document_id, first, second = add_document(factory, small_council["session_id"], "Dự thảo nghị quyết")
    report = backup(database_url, tmp_path / "sao-luu.tar")
    assert report.files == 2 and report.rows["person"] == 6 and not report.missing_files

    restored = restore(other_url, tmp_path / "sao-luu.tar")

    assert everything(other_url) == everything(database_url)
    assert restored.files == 2 and restored.revision == report.revision
    other = factory_of(other_url)
    with other() as db:
        document = db.get(Document, document_id)
        assert document is not None and document.current_version_id is not None
        versions = {v.number: filestore.load(db, v.sha256) for v in document.versions}
        assert versions == {1: first, 2: second}
        # The disk cache of the new machine starts empty and is filled from the restored database.
        monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "new-machine-files"))
        cache = filestore.FileCache(filestore.root_for(other_url))
        served = {
            v.number: cache.ensure(v.sha256, v.size, lambda v=v: filestore.load(db, v.sha256)).read_bytes()
            for v in document.versions
        }
        assert served == {1: first, 2: second}
        verdict = audit.verify(db)
        assert verdict.ok and verdict.entries > 0
    with storage.transaction(other) as db:  # ids go on after the restored ones (PostgreSQL's sequences)
        db.add(Person(full_name="Người mới sau khôi phục"))
        db.flush()


@pytest.mark.postgres
def test_an_archive_of_sqlite_restores_into_postgresql_and_back(
    tmp_path: Path, postgres_schema_url: str
) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    engine = storage.make_engine(source)
    _opened.append(engine)
    storage.upgrade(engine)
    council = build_small_council(storage.session_factory(engine))
    add_document(storage.session_factory(engine), council["session_id"], "Tờ trình")
    backup(source, tmp_path / "from-sqlite.tar")
    restore(postgres_schema_url, tmp_path / "from-sqlite.tar")
    assert everything(postgres_schema_url) == everything(source)

    backup(postgres_schema_url, tmp_path / "from-postgres.tar")
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    restore(back, tmp_path / "from-postgres.tar")
    assert everything(back) == everything(source)
    with factory_of(back)() as db:
        assert audit.verify(db).ok


def test_a_backup_taken_while_a_writer_commits_is_one_moment(
    database_url: str, factory: Any, small_council: dict[str, Any], tmp_path: Path
) -> None:
    """The writer commits a person and a file together; the tables are read one after another, with a
    big one between those two: every archive holds both rows of a commit or neither."""
    with storage.transaction(factory) as db:
        db.execute(
            insert(SessionEvent),
            [
                {
                    "session_id": small_council["session_id"],
                    "version": 1000 + i,
                    "type": "x",
                    "data": {"i": i},
                }
                for i in range(20000)
            ],
        )
    committed = [0]
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            with storage.transaction(factory) as db:
                n = committed[0] + 1
                db.add(Person(full_name=f"writer-{n}"))
                filestore.put(db, f"writer-{n}".encode())
            committed[0] = n

    writer = threading.Thread(target=write)
    writer.start()
    moved = 0
    try:
        for attempt in range(3):
            before = committed[0]
            backup(database_url, tmp_path / f"during-{attempt}.tar")
            moved += committed[0] > before
    finally:
        stop.set()
        writer.join()
    assert moved, "the writer committed nothing while the backups ran"
    for attempt in range(3):
        people, files = archived_writes(tmp_path / f"during-{attempt}.tar")
        assert people == files


def archived_writes(path: Path) -> tuple[set[str], set[str]]:
    reader = ArchiveReader(path)
    try:
        reader.verify()
        tables = {t.name: t for t in reader.manifest.tables}
        names = [c for c, _ in tables["person"].columns]
        people = {dict(zip(names, row, strict=True))["full_name"] for row in reader.lines(tables["person"])}
        files = {reader.file(sha).decode() for sha in reader.manifest.files}
    finally:
        reader.close()
    return {p for p in people if p.startswith("writer-")}, {f for f in files if f.startswith("writer-")}


def rewrite(path: Path, change: Callable[[dict[str, bytes]], None], *, rehash: bool = True) -> None:
    """Edit an archive's members in place; with ``rehash`` the manifest is made to agree with the edit
    (someone who knows the format), else it still lists the old hashes."""
    with tarfile.open(path) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    change(members)
    manifest = json.loads(members.pop("manifest.json"))
    if rehash:
        manifest["members"] = {name: filestore.sha256(content) for name, content in members.items()}
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(path, "w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def flip_a_byte(members: dict[str, bytes]) -> None:
    raw = bytearray(members["tables/person.jsonl"])
    raw[10] ^= 0x01
    members["tables/person.jsonl"] = bytes(raw)


def swap_a_file(members: dict[str, bytes]) -> None:
    name = next(n for n in members if n.startswith("files/"))
    members[name] = b"%PDF-1.7 another file under the same name"


def drop_a_table(members: dict[str, bytes]) -> None:
    del members["tables/mandate.jsonl"]


def duplicate_a_row(members: dict[str, bytes]) -> None:
    """The hashes agree, the rows do not fit: a person twice (the restore fails half-way through)."""
    lines = members["tables/person.jsonl"].splitlines(keepends=True)
    members["tables/person.jsonl"] += lines[0]
    manifest = json.loads(members["manifest.json"])
    for table in manifest["tables"]:
        if table["name"] == "person":
            table["rows"] += 1
    members["manifest.json"] = json.dumps(manifest).encode()


def newer_schema(members: dict[str, bytes]) -> None:
    manifest = json.loads(members["manifest.json"])
    manifest["revision"] = "9999"
    members["manifest.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("damage", "rehash", "code", "says"),
    [
        (flip_a_byte, False, "bad_backup", "was altered or damaged"),
        (swap_a_file, True, "bad_backup", "does not match its name"),
        (drop_a_table, False, "bad_backup", "members missing or extra"),
        (duplicate_a_row, True, "bad_backup", "rows do not fit the schema"),
        (newer_schema, True, "backup_too_new", "newer than this code"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_is_written(
    database_url: str,
    engine: Engine,
    factory: Any,
    small_council: dict[str, Any],
    tmp_path: Path,
    damage: Callable[[dict[str, bytes]], None],
    rehash: bool,
    code: str,
    says: str,
) -> None:
    add_document(factory, small_council["session_id"], "Báo cáo")
    archive = tmp_path / "hong.tar"
    backup(database_url, archive)
    rewrite(archive, damage, rehash=rehash)
    with storage.transaction(factory) as db:
        db.add(Person(full_name="Thêm sau khi sao lưu"))  # still there: the database was not touched
    before = everything(database_url)
    engine.dispose()  # the server is stopped

    with pytest.raises(DomainError) as refused:
        restore(database_url, archive, force=True)

    assert refused.value.code == code and says in refused.value.en
    assert everything(database_url) == before
    assert not [p.name for p in tmp_path.iterdir() if ".restore-" in p.name]


def test_a_truncated_or_foreign_file_is_refused(database_url: str, other_url: str, tmp_path: Path) -> None:
    engine = storage.make_engine(database_url)
    _opened.append(engine)
    storage.upgrade(engine)
    build_small_council(storage.session_factory(engine))
    archive = tmp_path / "a.tar"
    backup(database_url, archive)
    raw = archive.read_bytes()
    for name, content in [("half.tar", raw[: len(raw) // 2]), ("notes.tar", b"not an archive\n")]:
        (tmp_path / name).write_bytes(content)
        with pytest.raises(DomainError) as refused:
            restore(other_url, tmp_path / name)
        assert refused.value.code == "bad_backup"
    with pytest.raises(DomainError) as missing:
        restore(other_url, tmp_path / "khong-co.tar")
    assert missing.value.code == "not_found"
    assert storage.current_revision(factory_of(other_url).kw["bind"]) is None


def test_restore_over_a_database_that_is_not_empty_needs_force(
    database_url: str, engine: Engine, factory: Any, small_council: dict[str, Any], tmp_path: Path
) -> None:
    archive = tmp_path / "truoc-ky-hop.tar"
    backup(database_url, archive)
    snapshot = everything(database_url)
    with storage.transaction(factory) as db:
        db.add(Person(full_name="Thêm sau khi sao lưu"))
    after = everything(database_url)
    engine.dispose()  # the server is stopped

    with pytest.raises(DomainError) as refused:
        restore(database_url, archive)
    assert refused.value.code == "not_empty" and "--force" in refused.value.en
    assert everything(database_url) == after

    restore(database_url, archive, force=True)
    assert everything(database_url) == snapshot
    with pytest.raises(DomainError) as exists:
        backup(database_url, archive)  # an earlier backup is never overwritten
    assert exists.value.code == "exists"


def test_a_sqlite_database_in_use_is_not_restored_over(tmp_path: Path) -> None:
    """A server still running holds the SQLite file open: replacing it under the server would lose what the
    server writes next, or mix its log into the restored file. Refused, and the file left as it was."""
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    running = storage.make_engine(url)
    storage.upgrade(running)
    build_small_council(storage.session_factory(running))
    backup(url, tmp_path / "a.tar")
    before = everything(url)
    with running.connect() as conn:  # the server's connection, open (idle: between two requests)
        conn.exec_driver_sql("SELECT 1")
        conn.commit()
        with pytest.raises(DomainError) as refused:
            restore(url, tmp_path / "a.tar", force=True)
        assert refused.value.code == "in_use" and "stop the server" in refused.value.en
    running.dispose()
    assert everything(url) == before


def test_files_referenced_but_not_stored_are_reported(
    database_url: str, factory: Any, small_council: dict[str, Any], tmp_path: Path
) -> None:
    lost = filestore.sha256(b"an attachment that was never stored")
    with storage.transaction(factory) as db:
        official = db.scalar(select(Official.id))
        assert official is not None
        db.add(
            Question(
                session_id=small_council["session_id"],
                person_id=small_council["person_ids"][0],
                official_id=official,
                text="Chất vấn về tiến độ giải ngân vốn đầu tư công",
                position=1,
                attachment_sha256=lost,
            )
        )
    assert backup(database_url, tmp_path / "a.tar").missing_files == (lost,)


def open_secret_vote(factory: Any) -> tuple[dict[str, Any], int]:
    """A confidence rating (always secret) open, one delegate's ballot sealed."""
    hall = build_hall(factory, delegates=3)
    open_and_check_in(factory, hall, 3)
    first, second = hall["official_ids"]
    opening = votes.VoteOpening.parse(
        {"kind": "confidence_rating", "title": "Lấy phiếu tín nhiệm", "official_ids": [first, second]}
    )
    vote_id = act(factory, hall, votes.open_vote, opening, None).id
    choice = {f"official-{first}": "high", f"official-{second}": "low"}
    ballot(factory, hall, hall["people"][0], vote_id, choice, "secret-ballot-001")
    return hall, vote_id


def test_no_backup_while_a_secret_vote_is_open(
    database_url: str, factory: Any, tmp_path: Path, ballot_keys: Path, other_url: str
) -> None:
    """The sealed ballots of an open vote are not carried into a file that outlives the vote (nor, ever,
    its key: that lives outside the database); once it is closed, the backup is taken."""
    hall, vote_id = open_secret_vote(factory)
    assert list(ballot_keys.iterdir())

    with pytest.raises(DomainError) as refused:
        backup(database_url, tmp_path / "trong-luc-bo-phieu.tar")
    assert refused.value.code == "secret_vote_open" and str(vote_id) in refused.value.en
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tar", ".part"))]

    act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    backup(database_url, tmp_path / "sau-bo-phieu.tar")
    with tarfile.open(tmp_path / "sau-bo-phieu.tar") as tar:
        assert not any("key" in name for name in tar.getnames())
    restore(other_url, tmp_path / "sau-bo-phieu.tar")
    with factory_of(other_url)() as db:
        vote = db.get(Vote, vote_id)
        assert vote is not None and vote.status == VoteStatus.CLOSED


def test_restore_destroys_the_ballot_keys_of_the_database_it_replaces(
    database_url: str, engine: Engine, factory: Any, other_url: str, tmp_path: Path, ballot_keys: Path
) -> None:
    source = storage.make_engine(other_url)
    _opened.append(source)
    storage.upgrade(source)
    build_small_council(storage.session_factory(source))
    backup(other_url, tmp_path / "a.tar")
    _, vote_id = open_secret_vote(factory)
    assert (ballot_keys / f"vote-{vote_id}.key").exists()
    engine.dispose()

    report = restore(database_url, tmp_path / "a.tar", force=True)

    assert report.keys_destroyed == (vote_id,)
    assert not (ballot_keys / f"vote-{vote_id}.key").exists()
    with factory_of(database_url)() as db:
        assert db.scalar(select(func.count()).select_from(Vote)) == 0
        assert dt.datetime.fromisoformat(report.created_at) <= dt.datetime.now(dt.UTC)


def test_the_archive_is_found_by_its_search_after_a_restore(
    database_url: str, factory: Any, small_council: dict[str, Any], other_url: str, tmp_path: Path
) -> None:
    """The search index is not in the backup: the restore builds it again from the records."""
    import datetime as dt

    from agenda.archive import resolutions
    from agenda.archive.search.request import SearchRequest
    from agenda.archive.search.service import search
    from agenda.archive.values import ResolutionInput

    with storage.transaction(factory) as db:
        resolutions.create_resolution(
            db,
            ResolutionInput(
                council_id=small_council["council_id"],
                title="Nghị quyết về phòng chống sạt lở bờ sông",
                adopted_on=dt.date(2026, 7, 1),
            ),
        )
    backup(database_url, tmp_path / "sao-luu.tar")
    restore(other_url, tmp_path / "sao-luu.tar")
    with factory_of(other_url)() as db:
        found = search(
            db, SearchRequest.parse({"q": "sat lo bo song"}), public=False, day=dt.date(2026, 12, 3)
        )
    assert [h.record.title for h in found.hits] == ["Nghị quyết về phòng chống sạt lở bờ sông"]
