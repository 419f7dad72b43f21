"""The migrations build exactly the tables the models describe: a model changed without its migration (or a
migration that differs from its model) fails here, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from agenda import db as storage
from agenda.models import Base
from agenda.models.search import is_modelled


def test_the_database_at_head_is_what_the_models_say(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, parent: type_ != "table" or is_modelled(name),
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_archive_migration_goes_down_and_up_again(engine: Engine) -> None:
    from alembic import command

    command.downgrade(storage.alembic_config(engine), "0009")
    assert storage.current_revision(engine) == "0009"
    storage.upgrade(engine)
    assert storage.current_revision(engine) == storage.head_revision(engine)
    test_the_database_at_head_is_what_the_models_say(engine)
