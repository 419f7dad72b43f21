"""The secret ballot's key: each secret choice is sealed under a key of its vote, kept outside the database
and destroyed when the vote closes (``docs/secret-ballot.md``).

A participation row ("this delegate voted") and the sealed choice are committed together — so an
acknowledged ballot survives a crash — and the storage links them (SQLite's write-ahead log keeps every
commit's pages; PostgreSQL's ``xmin`` names the transaction of every row version). What it links is a
ciphertext: AES-256-GCM under a random key of that vote, in a file of the key folder, never in the
database. The close opens every sealed ballot, writes the tally once, deletes the sealed rows and — once
that has committed — overwrites and removes the key. From then on no one, the operator included, can
open a ballot: the database holds who voted and the sums, nothing between.

The key folder: ``KYHOP_BALLOT_KEYS_DIR``, else ``ballot-keys/`` beside a SQLite database, else
``var/ballot-keys/<host>-<port>-<database>`` (one folder per database: the sweep at start removes the keys
of votes its database does not have open).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.errors import DomainError
from agenda.models import SealedBallot, Vote, VoteStatus

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12
ORPHAN_AGE = dt.timedelta(minutes=10)  # a key of no vote: an opening that rolled back (or not yet committed)
_KEY_FILE = re.compile(r"^vote-(\d+)\.key$")
_PENDING = "kyhop_keys_to_destroy"  # in DbSession.info: vote ids whose key goes once the transaction commits


class KeyRing:
    """The key folder of one database: one file per open secret vote, readable by the server's user only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of_database(cls, database_url: str) -> KeyRing:
        explicit = os.environ.get("KYHOP_BALLOT_KEYS_DIR")
        if explicit:
            return cls(Path(explicit))
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return cls(Path(url.database).resolve().parent / "ballot-keys")
        name = "-".join(
            str(part) for part in (url.host or "local", url.port or "", url.database or "") if part
        )
        return cls(Path("var") / "ballot-keys" / re.sub(r"[^A-Za-z0-9_.-]", "_", name))

    @classmethod
    def of(cls, db: DbSession) -> KeyRing:
        return cls.of_database(db.get_bind().engine.url.render_as_string(hide_password=True))

    def path(self, vote_id: int) -> Path:
        return self.folder / f"vote-{vote_id}.key"

    def create(self, vote_id: int) -> None:
        """A fresh key for ``vote_id``, on disk (synced) before the opening commits: a ballot acknowledged
        later can always be counted, even after a crash. Replaces a left-over file of the same id."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        final = self.path(vote_id)
        temporary = final.with_name(f".{final.name}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, AESGCM.generate_key(bit_length=KEY_BYTES * 8))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, final)
        _sync_folder(self.folder)

    def key(self, vote_id: int) -> AESGCM | None:
        try:
            raw = self.path(vote_id).read_bytes()
        except FileNotFoundError:
            return None
        return AESGCM(raw) if len(raw) == KEY_BYTES else None

    def destroy(self, vote_id: int) -> bool:
        """Overwrite the key and remove it; True if there was one."""
        path = self.path(vote_id)
        try:
            fd = os.open(path, os.O_WRONLY)
        except FileNotFoundError:
            return False
        try:
            os.write(fd, b"\0" * KEY_BYTES)
            os.fsync(fd)
        finally:
            os.close(fd)
        path.unlink(missing_ok=True)
        _sync_folder(self.folder)
        return True

    def vote_ids(self) -> dict[int, float]:
        """The votes with a key here, and when each key was written (seconds since the epoch)."""
        if not self.folder.is_dir():
            return {}
        found = {}
        for file in self.folder.iterdir():
            match = _KEY_FILE.match(file.name)
            if match:
                found[int(match.group(1))] = file.stat().st_mtime
        return found


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def associated_data(vote_id: int) -> bytes:
    """Bound into every sealed ballot of ``vote_id``: a ciphertext moved to another vote does not open."""
    return f"kyhop-secret-ballot:{vote_id}".encode()


def open_key(db: DbSession, vote_id: int) -> None:
    """Make the key of a secret vote being opened (in the opening's transaction)."""
    KeyRing.of(db).create(vote_id)


def sealer(db: DbSession, vote: Vote) -> AESGCM:
    """The key that seals the ballots of an open secret vote — or a refusal, before anything is written,
    when it is gone: no ballot is acknowledged that could not be counted."""
    key = KeyRing.of(db).key(vote.id)
    if key is None:
        raise _key_missing()
    return key


def seal(key: AESGCM, vote: Vote, choices: dict[str, str]) -> bytes:
    """One ballot sealed: the index of the chosen option for each subject in the vote's order, one byte
    each (every ballot of a vote has the same length), under a fresh nonce."""
    options = [o["key"] for o in vote.options]
    plain = bytes(options.index(choices[s["key"]]) for s in vote.subjects)
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + key.encrypt(nonce, plain, associated_data(vote.id))


def count_sealed(db: DbSession, vote: Vote, cast: int) -> dict[str, dict[str, int]]:
    """Open every sealed ballot of ``vote`` (at its close) and count them: ``{subject: {option: n}}``.
    Refused when the key is gone, a ballot does not open, or their number is not the number who voted."""
    key = KeyRing.of(db).key(vote.id)
    if key is None:
        raise _key_missing()
    options = [o["key"] for o in vote.options]
    subjects = [s["key"] for s in vote.subjects]
    out = {s: {o: 0 for o in options} for s in subjects}
    sealed = list(db.scalars(select(SealedBallot.sealed).where(SealedBallot.vote_id == vote.id)))
    if len(sealed) != cast:
        raise _not_countable(f"{len(sealed)} phiếu kín / {cast} người đã bỏ phiếu", f"{len(sealed)} / {cast}")
    for raw in sealed:
        try:
            plain = key.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data(vote.id))
        except InvalidTag:
            raise _not_countable("một phiếu kín đã bị sửa", "a sealed ballot was altered") from None
        if len(plain) != len(subjects) or any(i >= len(options) for i in plain):
            raise _not_countable("một phiếu kín không đúng dạng", "a sealed ballot is malformed")
        for subject, index in zip(subjects, plain, strict=True):
            out[subject][options[index]] += 1
    return out


def discard_sealed(db: DbSession, vote: Vote) -> None:
    """After the count: the sealed ballots go, and the key once the transaction has committed."""
    db.execute(delete(SealedBallot).where(SealedBallot.vote_id == vote.id))
    destroy_after_commit(db, vote.id)


def destroy_after_commit(db: DbSession, vote_id: int) -> None:
    """Destroy the key of ``vote_id`` when ``db``'s transaction commits (not if it rolls back: the vote is
    then still open, and its ballots still need the key)."""
    pending: list[tuple[KeyRing, int]] = db.info.setdefault(_PENDING, [])
    pending.append((KeyRing.of(db), vote_id))


@event.listens_for(DbSession, "after_commit")
def _destroy_pending(db: DbSession) -> None:
    for ring, vote_id in db.info.pop(_PENDING, []):
        ring.destroy(vote_id)


@event.listens_for(DbSession, "after_rollback")
def _keep_pending(db: DbSession) -> None:
    db.info.pop(_PENDING, None)


def sweep(factory: sessionmaker[DbSession], *, now: float | None = None) -> list[int]:
    """At the server's start: destroy the keys of votes that are no longer open — a crash between a close's
    commit and its key's removal — and of votes that do not exist (an opening that rolled back) once older
    than ``ORPHAN_AGE``. Returns the votes whose key it destroyed."""
    with factory() as db:
        ring = KeyRing.of(db)
        found = ring.vote_ids()
        if not found:
            return []
        open_ids = set(
            db.scalars(
                select(Vote.id).where(
                    Vote.id.in_(found), Vote.status == VoteStatus.OPEN, Vote.secret.is_(True)
                )
            )
        )
        known = set(db.scalars(select(Vote.id).where(Vote.id.in_(found))))
    moment = time.time() if now is None else now
    gone = []
    for vote_id, written in sorted(found.items()):
        if vote_id in open_ids:
            continue
        if vote_id not in known and moment - written < ORPHAN_AGE.total_seconds():
            continue  # perhaps an opening another process has not committed yet
        if ring.destroy(vote_id):
            gone.append(vote_id)
    return gone


def _key_missing() -> DomainError:
    return DomainError(
        "Không còn khóa của cuộc bỏ phiếu kín này (thư mục khóa bị mất?): không thể nhận hay kiểm phiếu. "
        "Hãy hủy cuộc biểu quyết và mở lại.",
        "The key of this secret ballot is gone (the key folder lost?): ballots can be neither taken nor "
        "counted. Cancel the vote and open it again.",
        code="ballot_key_missing",
        status=409,
    )


def _not_countable(vi: str, en: str) -> DomainError:
    return DomainError(
        f"Không thể kiểm phiếu kín: {vi}.",
        f"The secret ballot cannot be counted: {en}.",
        code="not_countable",
        status=409,
    )
