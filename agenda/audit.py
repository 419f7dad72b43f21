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

from sqlalchemy import select, text
from sqlalchemy.orm import Session as DbSession

from agenda.models import AuditEntry, utcnow

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x6B79686F70  # "kyhop": serialises appends across PostgreSQL connections
_TAIL_KEY = "kyhop_audit_tail"


def entry_hash(seq: int, at: dt.datetime, session_id: int | None, actor: str | None, action: str,
               detail: dict[str, Any], prev_hash: str) -> str:
    canonical = json.dumps([seq, at.isoformat(timespec="microseconds"), session_id, actor, action, detail, prev_hash],
                           ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def append(db: DbSession, action: str, detail: dict[str, Any], *, actor: str | None = None,
           session_id: int | None = None) -> AuditEntry:
    """Add the next entry of the chain. The first append of a transaction takes the chain's lock (held
    to commit) and reads the tail; later appends in the same transaction continue from memory, so a
    batch of ballots writes its entries in one go when it commits."""
    transaction = db.get_nested_transaction() or db.get_transaction()  # a savepoint may roll back
    tail = db.info.get(_TAIL_KEY)
    if tail is None or tail[0] is not transaction:
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
        last = db.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        tail = (transaction, last.seq if last else 0, last.hash if last else GENESIS)
    _, last_seq, prev = tail
    seq = last_seq + 1
    at = utcnow()
    detail = json.loads(json.dumps(detail, default=str))  # as it will read back from the database
    entry = AuditEntry(seq=seq, at=at, session_id=session_id, actor=actor, action=action, detail=detail,
                       prev_hash=prev, hash=entry_hash(seq, at, session_id, actor, action, detail, prev))
    db.add(entry)
    db.info[_TAIL_KEY] = (transaction, seq, entry.hash)
    return entry


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
        rows = list(db.scalars(select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq)
                               .limit(batch)))
        if not rows:
            return Verdict(count, None, None)
        for entry in rows:
            if entry.seq != expected_seq:
                return Verdict(count, expected_seq, f"entry {expected_seq} is missing")
            if entry.prev_hash != prev:
                return Verdict(count, entry.seq, "prev_hash does not match the previous entry")
            if entry.hash != entry_hash(entry.seq, entry.at, entry.session_id, entry.actor, entry.action, entry.detail,
                                        entry.prev_hash):
                return Verdict(count, entry.seq, "hash does not match the entry's content")
            prev = entry.hash
            expected_seq += 1
            count += 1
            last_seq = entry.seq
