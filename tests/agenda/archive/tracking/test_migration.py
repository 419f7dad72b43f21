"""The tracking migration (0011) goes down to the archive (0010) and up again to exactly the models."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from agenda import db as storage
from tests.agenda.test_migrations import (
    test_the_database_at_head_is_what_the_models_say as models_match,
)


def test_the_tracking_migration_goes_down_and_up_again(engine: Engine) -> None:
    command.downgrade(storage.alembic_config(engine), "0010")
    assert storage.current_revision(engine) == "0010"
    assert "task" not in inspect(engine).get_table_names()
    storage.upgrade(engine)
    assert {"task", "task_milestone", "task_report"} <= set(inspect(engine).get_table_names())
    models_match(engine)
