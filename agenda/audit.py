"""The append-only, hash-chained audit trail.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any entry breaks every link after it. ``verify`` walks the chain and names the first
broken link. Entries about secret ballots record *that* a delegate voted, never the choice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session as DbSession

from agenda.clock import utcnow
from agenda.models import AuditEntry, User
from agenda.models.base import table_of

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x6B79686F70  # "kyhop": serialises appends across PostgreSQL connections
_TAIL_KEY = "kyhop_audit_tail"


def entry_hash(
    seq: int,
    at: dt.datetime,
    session_id: int | None,
    actor: str | None,
    action: str,
    detail: dict[str, Any],
    prev_hash: str,
) -> str:
    canonical = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), session_id, actor, action, detail, prev_hash],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def append(
    db: DbSession,
    action: str,
    detail: dict[str, Any],
    *,
    actor: str | None = None,
    session_id: int | None = None,
) -> AuditEntry:
    """Add the next entry of the chain. The first append of a transaction takes the chain's lock (held
    to commit) and reads the tail; later appends in the same transaction continue from memory."""
    transaction, last_seq, prev = _tail(db)
    seq, at, detail = last_seq + 1, utcnow(), _as_stored(detail)
    entry = AuditEntry(
        seq=seq,
        at=at,
        session_id=session_id,
        actor=actor,
        action=action,
        detail=detail,
        prev_hash=prev,
        hash=entry_hash(seq, at, session_id, actor, action, detail, prev),
    )
    db.add(entry)
    db.info[_TAIL_KEY] = (transaction, seq, entry.hash)
    return entry


def append_many(db: DbSession, entries: list[tuple[str, dict[str, Any], str | None, int | None]]) -> None:
    """Add several entries — (action, detail, actor, session id) each — in one INSERT (a batch of ballots)."""
    if not entries:
        return
    transaction, seq, prev = _tail(db)
    rows = []
    for action, detail, actor, session_id in entries:
        seq, at, detail = seq + 1, utcnow(), _as_stored(detail)
        digest = entry_hash(seq, at, session_id, actor, action, detail, prev)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "session_id": session_id,
                "actor": actor,
                "action": action,
                "detail": detail,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    db.execute(insert(table_of(AuditEntry)), rows)
    db.info[_TAIL_KEY] = (transaction, seq, prev)


def _tail(db: DbSession) -> tuple[Any, int, str]:
    """(transaction, seq, hash) of the chain's last entry, locking the chain on the first call of a transaction."""
    transaction = db.get_nested_transaction() or db.get_transaction()  # a savepoint may roll back
    tail: tuple[Any, int, str] | None = db.info.get(_TAIL_KEY)
    if tail is None or tail[0] is not transaction:
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
        last = db.execute(
            select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        tail = (transaction, last.seq if last else 0, last.hash if last else GENESIS)
    return tail


def _as_stored(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail as it will read back from the database."""
    return json.loads(json.dumps(detail, default=str))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Verdict:
    entries: int
    broken_at: int | None  # seq of the first entry that does not match
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(db: DbSession, batch: int = 5000) -> Verdict:
    prev = GENESIS
    expected_seq = 1
    count = 0
    last_seq = 0
    while True:
        rows = list(
            db.scalars(
                select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq).limit(batch)
            )
        )
        if not rows:
            return Verdict(count, None, None)
        for entry in rows:
            if entry.seq != expected_seq:
                return Verdict(count, expected_seq, f"entry {expected_seq} is missing")
            if entry.prev_hash != prev:
                return Verdict(count, entry.seq, "prev_hash does not match the previous entry")
            if entry.hash != entry_hash(
                entry.seq,
                entry.at,
                entry.session_id,
                entry.actor,
                entry.action,
                entry.detail,
                entry.prev_hash,
            ):
                return Verdict(count, entry.seq, "hash does not match the entry's content")
            prev = entry.hash
            expected_seq += 1
            count += 1
            last_seq = entry.seq


def verify_session(db: DbSession, session_id: int) -> Verdict:
    """The entries of one session: each matches its own content and is linked to the entry before it in
    the council's chain (whichever session that one belongs to). What the session's record shows — its
    cost grows with the session, not with every session the council has held (``verify`` walks them all;
    ``kyhop verify``)."""
    table = table_of(AuditEntry)
    rows = db.execute(
        select(
            table.c.seq,
            table.c.at,
            table.c.session_id,
            table.c.actor,
            table.c.action,
            table.c.detail,
            table.c.prev_hash,
            table.c.hash,
        )
        .where(table.c.session_id == session_id)
        .order_by(table.c.seq)
    ).all()
    hashes = {row.seq: row.hash for row in rows}
    outside = sorted({row.seq - 1 for row in rows} - set(hashes) - {0})
    for start in range(0, len(outside), 500):
        wanted = outside[start : start + 500]
        hashes.update(
            (seq, digest)
            for seq, digest in db.execute(select(table.c.seq, table.c.hash).where(table.c.seq.in_(wanted)))
        )
    for count, row in enumerate(rows):
        before = GENESIS if row.seq == 1 else hashes.get(row.seq - 1)
        if before is None:
            return Verdict(count, row.seq, f"entry {row.seq - 1} is missing")
        if row.prev_hash != before:
            return Verdict(count, row.seq, "prev_hash does not match the previous entry")
        if row.hash != entry_hash(
            row.seq, row.at, row.session_id, row.actor, row.action, row.detail, row.prev_hash
        ):
            return Verdict(count, row.seq, "hash does not match the entry's content")
    return Verdict(len(rows), None, None)


def actor_of(user: User | None) -> str | None:
    """The name the audit trail records for who made a change (None: the system)."""
    return user.username if user is not None else None
