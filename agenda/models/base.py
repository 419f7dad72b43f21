"""The declarative base of every model, its naming convention, and how enums are stored."""

from __future__ import annotations

import enum

from sqlalchemy import (
    Enum,
    MetaData,
    Table,
)
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(cls: type[enum.Enum]) -> Enum:
    """An enum column stored as the value (a short English word); a CHECK constraint keeps it honest."""
    return Enum(
        cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        length=32,
        validate_strings=True,
    )


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, for bulk statements that skip the ORM (the ballot and audit inserts)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
