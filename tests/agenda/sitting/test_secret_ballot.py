"""The secret ballot against someone who holds every byte of the database — the attacks themselves.

An operator who copies a running server's folder (the SQLite file and its write-ahead log), or who can read
PostgreSQL's pages (``pageinspect``, the ``xmin`` of every row version, dead ones included), rebuilds the
database as it stood after each commit and compares one state with the next: who took part, and what the
stored tally gained, in the same transaction. On the code before ``agenda.sitting.secrecy`` this linked
every delegate of these tests to their choice. Now each choice is sealed under a key kept outside the
database and destroyed when the vote closes; the tally is written once, at the close.
"""

from __future__ import annotations

import sqlite3
import struct
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select, text

from agenda import db as storage
from agenda.models import AuditEntry, SealedBallot, SecretTally, Session, Vote, VoteStatus
from agenda.sitting import ballots, secrecy, votes
from tests.agenda.sitting.test_sitting import act, ballot, build_hall, open_and_check_in, refused

CHOICES = [  # six delegates, each a different pair of choices on two officials
    ("low", "high"),
    ("normal", "low"),
    ("high", "normal"),
    ("low", "low"),
    ("normal", "high"),
    ("high", "high"),
]

Link = dict[int, dict[str, str]]  # person -> {subject: option}, as an attacker reconstructs it


def run_secret_rating(factory: Any) -> tuple[dict[str, Any], int, dict[int, dict[str, str]]]:
    """Six delegates rate two officials, one ballot per transaction (each commit its own), and the vote
    closes. Returns the hall, the vote and what each delegate really chose."""
    hall = build_hall(factory, delegates=6)
    open_and_check_in(factory, hall, 6)
    first, second = hall["official_ids"]
    subjects = (f"official-{first}", f"official-{second}")
    vote_id = act(
        factory,
        hall,
        votes.open_vote,
        votes.VoteOpening.parse(
            {"kind": "confidence_rating", "title": "Lấy phiếu tín nhiệm", "official_ids": [first, second]}
        ),
        None,
    ).id
    truth = {}
    for i, pair in enumerate(CHOICES):
        person = hall["people"][i]
        truth[person] = dict(zip(subjects, pair, strict=True))
        ballot(factory, hall, person, vote_id, truth[person], f"secret-ballot-{i:03d}")
    act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    return hall, vote_id, truth


def assert_counted_right(factory: Any, vote_id: int, truth: dict[int, dict[str, str]]) -> None:
    expected = Counter((s, o) for choice in truth.values() for s, o in choice.items())
    with factory() as db:
        stored = {
            (r.subject, r.option): r.count
            for r in db.scalars(select(SecretTally).where(SecretTally.vote_id == vote_id))
        }
        vote = db.get(Vote, vote_id)
        assert vote is not None and vote.status == VoteStatus.CLOSED
    assert {k: n for k, n in stored.items() if n} == dict(expected)


# --- SQLite: every committed state the write-ahead log still holds ---------------------------------------


def wal_states(path: Path) -> list[bytes]:
    """Each state of the database after a commit still in its WAL, as a database image of its own."""
    main = path.read_bytes()
    wal = Path(f"{path}-wal").read_bytes()
    _magic, _version, page_size, _seq, salt1, salt2, _c1, _c2 = struct.unpack(">8I", wal[:32])
    pages: dict[int, bytes] = {}
    states = []
    offset = 32
    while offset + 24 + page_size <= len(wal):
        page, commit_size, s1, s2 = struct.unpack(">4I", wal[offset : offset + 16])
        if (s1, s2) != (salt1, salt2):
            break  # the rest of the file is left over from before the log was last restarted
        pages[page] = wal[offset + 24 : offset + 24 + page_size]
        offset += 24 + page_size
        if commit_size:
            image = bytearray(main[: commit_size * page_size].ljust(commit_size * page_size, b"\0"))
            for number, data in pages.items():
                if number <= commit_size:
                    image[(number - 1) * page_size : number * page_size] = data
            image[18:20] = b"\x01\x01"  # read it as a plain file, without looking for a log beside it
            states.append(bytes(image))
    return states


def read_state(
    image: bytes, folder: Path, vote_id: int
) -> tuple[set[int], Counter[tuple[str, str]], set[bytes]]:
    """Who took part, the stored tally and the sealed ballots of ``vote_id`` in one database image."""
    file = folder / "state.sqlite"
    file.write_bytes(image)
    conn = sqlite3.connect(f"file:{file}?immutable=1", uri=True)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        voters = {
            p for (p,) in conn.execute("SELECT person_id FROM vote_participation WHERE vote_id=?", (vote_id,))
        }
        tally: Counter[tuple[str, str]] = Counter()
        for subject, option, count in conn.execute(
            "SELECT subject, option, count FROM secret_tally WHERE vote_id=?", (vote_id,)
        ):
            tally[(subject, option)] = count
        sealed: set[bytes] = set()
        if "sealed_ballot" in tables:
            sealed = {
                s for (s,) in conn.execute("SELECT sealed FROM sealed_ballot WHERE vote_id=?", (vote_id,))
            }
    finally:
        conn.close()
    return voters, tally, sealed


def link_by_commits(
    states: list[tuple[set[int], Counter[tuple[str, str]], set[bytes]]],
) -> tuple[Link, dict[int, set[bytes]], int]:
    """The attack: a commit that added one voter and changed the tally tells that voter's choice. Returns
    the links, the sealed ballots that arrived with each voter, and how many voters arrived one by one."""
    links: Link = {}
    sealed_of: dict[int, set[bytes]] = {}
    alone = 0
    for (voters0, tally0, sealed0), (voters1, tally1, sealed1) in zip(states, states[1:], strict=False):
        new = voters1 - voters0
        if len(new) != 1:
            continue
        (voter,) = new
        alone += 1
        gained = {subject: option for (subject, option), n in (tally1 - tally0).items() if n > 0}
        if gained:
            links[voter] = gained
        sealed_of[voter] = sealed1 - sealed0
    return links, sealed_of, alone


def keys_lying_around(*folders: Path) -> list[bytes]:
    """Every file under ``folders`` that could be a 256-bit key — what an attacker tries on a ciphertext."""
    found = []
    for folder in folders:
        for file in folder.rglob("*"):
            if file.is_file() and file.stat().st_size in (32, 44, 64):
                found.append(file.read_bytes()[:32])
    return found


def opens(sealed: bytes, keys: list[bytes], vote_id: int) -> bool:
    for key in keys:
        try:
            AESGCM(key).decrypt(sealed[:12], sealed[12:], secrecy.associated_data(vote_id))
        except (InvalidTag, ValueError):
            continue
        return True
    return False


def test_the_write_ahead_log_links_no_delegate_to_a_choice(tmp_path: Path, ballot_keys: Path) -> None:
    path = tmp_path / "hall.sqlite"
    engine = storage.make_engine(f"sqlite:///{path}")
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    _hall, vote_id, truth = run_secret_rating(factory)
    # The server is still running: the attacker copies its folder, log and all.
    states = [read_state(image, tmp_path, vote_id) for image in wal_states(path)]
    engine.dispose()
    links, sealed_of, alone = link_by_commits(states)
    assert alone == len(truth)  # the log held every ballot's commit apart: the attack had what it needs…
    assert links == {}  # …and links nobody to a choice
    assert all(len(s) == 1 for s in sealed_of.values())  # each ballot is sealed, in its voter's commit,
    keys = keys_lying_around(tmp_path, ballot_keys)
    assert not any(opens(s, keys, vote_id) for sealed in sealed_of.values() for s in sealed)  # for good
    assert_counted_right(factory, vote_id, truth)


# --- PostgreSQL: every row version on the heap pages, with the transaction that wrote it ------------------


def heap_rows(conn: Any, table: str) -> list[tuple[int, list[bytes | None]]]:
    """(xmin, the raw columns) of every tuple on ``table``'s pages — live, dead and not yet vacuumed."""
    blocks = conn.execute(text("SELECT pg_relation_size(CAST(:t AS regclass)) / 8192"), {"t": table}).scalar()
    rows = []
    for block in range(int(blocks or 0)):
        for xmin, attrs in conn.execute(
            text(
                "SELECT t_xmin, t_attrs FROM public.heap_page_item_attrs("
                "public.get_raw_page(:t, CAST(:b AS int)), CAST(:t AS regclass)) WHERE t_xmin IS NOT NULL"
            ),
            {"t": table, "b": block},
        ):
            rows.append((int(xmin), [bytes(a) if a is not None else None for a in attrs]))
    return rows


def as_int(raw: bytes | None) -> int:
    assert raw is not None
    return int.from_bytes(raw[:4], "little")


def as_text(raw: bytes | None) -> str:
    assert raw is not None
    if raw[0] & 1:  # a short varlena: one byte of header
        return raw[1:].decode()
    return raw[4:].decode()


def xmin_links(conn: Any, schema: str, vote_id: int) -> tuple[Link, dict[int, set[bytes]]]:
    """The attack: a tally row version written by the transaction that wrote a participation row is that
    delegate's choice; a sealed ballot written by it is their ciphertext."""
    voter_of = {}
    for xmin, (_id, vote, person, _key) in heap_rows(conn, f"{schema}.vote_participation"):
        if as_int(vote) == vote_id:
            voter_of[xmin] = as_int(person)
    links: Link = {}
    for xmin, (vote, subject, option, _count) in heap_rows(conn, f"{schema}.secret_tally"):
        if as_int(vote) == vote_id and xmin in voter_of:
            links.setdefault(voter_of[xmin], {})[as_text(subject)] = as_text(option)
    sealed_of: dict[int, set[bytes]] = {}
    exists = conn.execute(text("SELECT to_regclass(:t)"), {"t": f"{schema}.sealed_ballot"}).scalar()
    if exists:
        for xmin, (_id, vote, sealed) in heap_rows(conn, f"{schema}.sealed_ballot"):
            if as_int(vote) == vote_id and xmin in voter_of and sealed is not None:
                sealed_of.setdefault(voter_of[xmin], set()).add(sealed[1:] if sealed[0] & 1 else sealed[4:])
    return links, sealed_of


@pytest.mark.postgres
def test_xmin_and_the_heap_pages_link_no_delegate_to_a_choice(
    postgres_schema_url: str, tmp_path: Path, ballot_keys: Path
) -> None:
    engine = storage.make_engine(postgres_schema_url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    _hall, vote_id, truth = run_secret_rating(factory)
    schema = postgres_schema_url.rsplit("%3D", 1)[1]
    with engine.connect() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public"))
        conn.commit()
        conn.execute(text(f'SET search_path TO "{schema}", public'))  # pageinspect's own functions need it
        links, sealed_of = xmin_links(conn, schema, vote_id)
        rows = conn.execute(
            text(f'SELECT xmin::text::bigint FROM "{schema}".vote_participation WHERE vote_id = :v'),
            {"v": vote_id},
        ).all()
    engine.dispose()
    assert len(rows) == len(truth)
    assert links == {}
    assert set(sealed_of) == set(truth)  # each voter's transaction wrote their sealed ballot…
    keys = keys_lying_around(tmp_path, ballot_keys)
    assert not any(opens(s, keys, vote_id) for sealed in sealed_of.values() for s in sealed)  # …for good
    assert_counted_right(factory, vote_id, truth)


# --- The key's life: made at the opening, used while the vote is open, destroyed at its close ------------


def test_the_key_lives_outside_the_database_while_the_vote_is_open(factory: Any, ballot_keys: Path) -> None:
    hall = build_hall(factory, delegates=3)
    open_and_check_in(factory, hall, 3)
    vote_id = act(
        factory, hall, votes.open_vote, votes.VoteOpening.parse({"title": "Kín", "secret": True}), None
    ).id
    (key_file,) = ballot_keys.rglob("*.key")
    assert key_file.stat().st_mode & 0o077 == 0  # the server's own: nobody else on the machine reads it
    for i, choice in enumerate(["yes", "yes", "no"]):
        ballot(factory, hall, hall["people"][i], vote_id, choice, f"kin-{i:05d}")
    with factory() as db:
        sealed = list(db.scalars(select(SealedBallot.sealed).where(SealedBallot.vote_id == vote_id)))
        assert len(sealed) == 3 and len({len(s) for s in sealed}) == 1  # one size: the length tells nothing
        assert (
            db.scalar(select(func.count()).select_from(SecretTally).where(SecretTally.vote_id == vote_id))
            == 0
        )
    act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    assert not key_file.exists()
    with factory() as db:
        vote = db.get(Vote, vote_id)
        assert vote is not None and vote.result is not None
        assert {line["option"]: line["count"] for line in vote.result["options"]} == {
            "yes": 2,
            "no": 1,
            "abstain": 0,
        }
        assert db.scalar(select(func.count(SealedBallot.id)).where(SealedBallot.vote_id == vote_id)) == 0
        cast = list(db.scalars(select(AuditEntry.detail).where(AuditEntry.action == "ballot.cast")))
        assert cast and all(set(d) == {"vote_id", "person_id"} for d in cast)  # who voted, never how


def test_a_cancelled_vote_destroys_its_key_and_a_closed_vote_is_not_counted_without_it(
    factory: Any, ballot_keys: Path
) -> None:
    hall = build_hall(factory, delegates=3)
    open_and_check_in(factory, hall, 3)
    opening = votes.VoteOpening.parse({"title": "Kín", "secret": True})
    cancelled = act(factory, hall, votes.open_vote, opening, None).id
    ballot(factory, hall, hall["people"][0], cancelled, "yes", "huy-00001")
    act(factory, hall, votes.cancel_vote, votes.VoteRef(cancelled), None)
    assert list(ballot_keys.rglob("*.key")) == []

    lost = act(factory, hall, votes.open_vote, opening, None).id
    ballot(factory, hall, hall["people"][0], lost, "yes", "mat-00001")
    for key in ballot_keys.rglob("*.key"):
        key.unlink()  # the key folder lost (a disk replaced mid-vote): nothing may be counted from guesses
    error = refused(factory, hall, votes.close_vote, votes.VoteRef(lost), None)
    assert (error.status, error.code) == (409, "ballot_key_missing") and "khóa" in error.vi
    later = refused(
        factory,
        hall,
        lambda db, s: ballots.cast_ballot(
            db,
            s,
            hall["people"][1],
            ballots.Ballot.parse({"vote_id": lost, "ballot_id": "mat-00002", "choice": "no"}),
            None,
        ),
    )
    assert later.code == "ballot_key_missing"  # and no ballot is acknowledged that could not be counted
    act(factory, hall, votes.cancel_vote, votes.VoteRef(lost), None)  # what the secretary does then


def test_the_sweep_at_start_destroys_the_keys_of_votes_no_longer_open(
    factory: Any, ballot_keys: Path
) -> None:
    hall = build_hall(factory, delegates=2)
    open_and_check_in(factory, hall, 2)
    opening = votes.VoteOpening.parse({"title": "Kín", "secret": True})
    closed = act(factory, hall, votes.open_vote, opening, None).id
    ring = secrecy.KeyRing.of_database(str(factory.kw["bind"].url))
    left_over = ring.path(closed).read_bytes()
    act(factory, hall, votes.close_vote, votes.VoteRef(closed), None)
    ring.path(closed).write_bytes(left_over)  # a crash between the close's commit and the key's removal
    still_open = act(factory, hall, votes.open_vote, opening, None).id
    assert secrecy.sweep(factory) == [closed]
    assert not ring.path(closed).exists() and ring.path(still_open).exists()
    with storage.transaction(factory) as db:
        session = db.get(Session, hall["session_id"])
        assert session is not None
        votes.close_vote(db, session, votes.VoteRef(still_open), None)
    assert not ring.path(still_open).exists()
