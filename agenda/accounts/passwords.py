"""Passwords: Argon2id hashes, their policy, and signing in with one — checked (slow, on purpose) apart
from the short write that opens the sign-in (:func:`verify`, then :func:`signed_in_with`)."""

from __future__ import annotations

import concurrent.futures
import os
import sys
import threading
from dataclasses import dataclass
from typing import Any, Self

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.models import User

# Argon2id with the cost of RFC 9106's "low memory" profile (3 passes over 64 MiB) in one lane: one thread
# per check, where the library's default of four lanes runs four and takes every core of a tablet-hall
# server while it checks. KYHOP_FAST_PASSWORD_HASH=1 selects the cheapest parameters — for test suites
# only, where hundreds of accounts are made and thrown away. (Hashes made with other parameters still
# verify: they carry their own, and are made anew at the next sign-in.)
_hasher = (
    PasswordHasher.from_parameters(profiles.CHEAPEST)
    if os.environ.get("KYHOP_FAST_PASSWORD_HASH") == "1"
    else PasswordHasher(time_cost=3, memory_cost=65536, parallelism=1)
)
ARGON2_NICENESS = 10  # the checking threads' nice value above the server's (Linux: per thread)


def _lower_priority() -> None:
    """Run this thread (one of the checkers) below the server's priority. On Linux a thread has a nice value
    of its own (setpriority of its thread id); elsewhere this would lower the whole process, so not there."""
    if sys.platform == "linux":
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + ARGON2_NICENESS)


# Every Argon2 computation runs on one of these threads — at most cores − 1 at once (the others wait their
# turn), at a lower priority: a flood of sign-ins can take one core, and even a server confined to one core
# runs its ballots first.
_CHECKERS = concurrent.futures.ThreadPoolExecutor(
    max(1, (os.cpu_count() or 2) - 1), thread_name_prefix="argon2", initializer=_lower_priority
)


# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("kyhop-timing-equaliser")
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _CHECKERS.submit(_hasher.hash, password).result()


def check_password_policy(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            field="password",
        )
    if len(password) > 256:
        raise DomainError("Mật khẩu quá dài.", "The password is too long.", field="password")
    return password


@dataclass(frozen=True)
class Credentials:
    """A username and password as typed (the username trimmed and in lower case; anything but text, or a
    password over 256 characters, reads as none)."""

    username: str
    password: str | None

    @classmethod
    def parse(cls, data: Any) -> Self:
        body = Fields(data).data
        username, password = body.get("username"), body.get("password")
        name = username.strip().lower() if isinstance(username, str) else ""
        ok = isinstance(password, str) and len(password) <= 256
        return cls(name if len(name) <= 80 else "", password if ok and isinstance(password, str) else None)


@dataclass(frozen=True)
class Verified:
    """A password found right: what the short write of signing in needs (``new_hash``: the password
    hashed anew with today's parameters, when the stored hash is older)."""

    user_id: int
    stored_hash: str
    new_hash: str | None


def matches(stored: str, password: str | None) -> bool:
    """Whether ``password`` is the one ``stored`` is the hash of (Argon2: slow, on purpose)."""
    if password is None:
        return False
    try:
        return _CHECKERS.submit(_hasher.verify, stored, password).result()
    except (VerificationError, InvalidHashError):
        return False


def verify(db: DbSession, credentials: Credentials) -> Verified | None:
    """The active account's password checked (same cost for an unknown username), or None. Argon2, slow
    on purpose: run it in a read-only transaction, never while holding the write lock;
    :func:`signed_in_with` then does the write."""
    user = (
        db.scalar(select(User).where(User.username == credentials.username)) if credentials.username else None
    )
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    password = credentials.password
    if password is None or not matches(stored, password):
        return None
    if user is None or not user.is_active or not user.password_hash:
        return None
    rehashed = hash_password(password) if _hasher.check_needs_rehash(stored) else None
    return Verified(user.id, stored, rehashed)


def signed_in_with(db: DbSession, verified: Verified) -> User | None:
    """The account ``verified`` found, if it is still active with that password (a short write: a newer
    hash of the password is stored), else None."""
    user = db.get(User, verified.user_id)
    if user is None or not user.is_active or user.password_hash != verified.stored_hash:
        return None
    if verified.new_hash is not None:
        user.password_hash = verified.new_hash
    return user


def authenticate(db: DbSession, username: Any, password: Any) -> User | None:
    """The active user with this username and password, or None (same cost either way); both steps in
    one transaction (scripts and tests; the server verifies apart, :func:`verify`)."""
    verified = verify(db, Credentials.parse({"username": username, "password": password}))
    return signed_in_with(db, verified) if verified is not None else None
