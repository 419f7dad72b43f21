"""The tables as the database has them (reflected, so an older schema is backed up as it is), the order in
which they can be filled, and what a snapshot must not be taken of."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, ForeignKeyConstraint, MetaData, Table, func, select, text
from sqlalchemy.schema import sort_tables, sort_tables_and_constraints

from agenda.errors import DomainError
from agenda.models import VoteStatus
from agenda.models.search import is_modelled

SKIPPED = frozenset({"alembic_version"})  # the restore writes its own, by running the migrations
# The search index is not backed up: the engine's own tables (``fts_*``) and what they were built from
# (``search_entry``) are rebuilt by the restore from the records (``search_page`` keeps the signed copies'
# text, so it is kept).
INDEX_TABLES = frozenset({"search_entry"})
# Columns naming a stored file: a foreign key guards the first two, none the attachment of a question.
FILE_REFERENCES = (
    ("document_version", "sha256"),
    ("session_pack", "sha256"),
    ("question", "attachment_sha256"),
)


def reflect(conn: Connection) -> dict[str, Table]:
    metadata = MetaData()
    metadata.reflect(conn)
    return {
        name: table
        for name, table in metadata.tables.items()
        if name not in SKIPPED and name not in INDEX_TABLES and is_modelled(name)
    }


@dataclass(frozen=True)
class LoadPlan:
    """Tables in an order where every row's parents come first, and the foreign-key columns that must be
    filled afterwards: a table pointing at itself (a council's parent) or a cycle (a document and its
    current version), written NULL first and set once every row is in."""

    tables: tuple[Table, ...]
    later: dict[str, tuple[str, ...]]  # table → columns set after every table is filled


def load_plan(tables: Iterable[Table]) -> LoadPlan:
    tables = list(tables)
    cyclic: set[ForeignKeyConstraint] = set()
    for table, constraints in sort_tables_and_constraints(tables):  # type: ignore[no-untyped-call]
        if table is None:
            cyclic.update(c for c in constraints if isinstance(c, ForeignKeyConstraint))
    for table in tables:
        cyclic.update(c for c in table.foreign_key_constraints if c.referred_table is table)
    deferred = {c for c in cyclic if all(col.nullable for col in c.columns)}
    later: dict[str, tuple[str, ...]] = {}
    for constraint in deferred:
        name = constraint.table.name
        later[name] = tuple(dict.fromkeys((*later.get(name, ()), *(c.name for c in constraint.columns))))

    def skip(foreign_key: Any) -> bool:  # (called with each ForeignKey, whatever its annotation says)
        return foreign_key.constraint in deferred

    ordered = sort_tables(tables, skip_fn=skip)
    return LoadPlan(tuple(ordered), later)


def primary_key(table: Table) -> list[Column[object]]:
    return list(table.primary_key.columns) or list(table.columns)


def row_count(conn: Connection, tables: Iterable[Table]) -> int:
    return sum(conn.scalar(select(func.count()).select_from(t)) or 0 for t in tables)


def refuse_open_secret_votes(conn: Connection, tables: dict[str, Table]) -> None:
    """A snapshot is not taken while a secret vote is open: its sealed ballots would leave the machine in a
    file that outlives the vote, and a database restored from it would hold a vote no key can count
    (``docs/operations.md``, ``docs/secret-ballot.md``)."""
    vote, sealed = tables.get("vote"), tables.get("sealed_ballot")
    open_ids: list[int] = []
    if vote is not None and {"secret", "status", "id"} <= set(vote.c.keys()):
        open_ids = list(
            conn.scalars(
                select(vote.c.id).where(vote.c.secret.is_(True), vote.c.status == VoteStatus.OPEN.value)
            )
        )
    if not open_ids and sealed is not None:
        open_ids = list(conn.scalars(select(sealed.c.vote_id).distinct()))
    if open_ids:
        listed = ", ".join(str(i) for i in sorted(open_ids))
        raise DomainError(
            f"Đang có cuộc bỏ phiếu kín chưa kết thúc (số {listed}): không sao lưu lúc này — các phiếu kín đã "
            "niêm phong sẽ nằm trong tệp sao lưu, và cơ sở dữ liệu khôi phục từ đó có một cuộc bỏ phiếu không "
            "thể kiểm. Hãy sao lưu sau khi kết thúc hoặc hủy cuộc bỏ phiếu.",
            f"A secret vote is open (no. {listed}): no backup now — its sealed ballots would be carried into "
            "the backup file, and a database restored from it would hold a vote no key can count. Back up "
            "once the vote is closed or cancelled.",
            code="secret_vote_open",
            status=409,
        )


def reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL: each serial column's sequence continues after the highest id restored."""
    for table in tables:
        for column in table.columns:
            sequence = conn.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            )
            if sequence:
                top = conn.scalar(select(func.max(column)))
                conn.execute(
                    text("SELECT setval(:s, :v, :called)"),
                    {"s": sequence, "v": top if top is not None else 1, "called": top is not None},
                )


def drop_everything(conn: Connection) -> None:
    """PostgreSQL, inside the restore's transaction: the schema's tables and the audit trail's trigger
    function, so the migrations can build the archive's schema afresh."""
    metadata = MetaData()
    metadata.reflect(conn)
    quote = conn.dialect.identifier_preparer.quote
    for name in metadata.tables:
        conn.execute(text(f"DROP TABLE IF EXISTS {quote(name)} CASCADE"))
    conn.execute(text("DROP FUNCTION IF EXISTS kyhop_audit_append_only() CASCADE"))
