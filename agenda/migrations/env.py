"""Alembic environment: the engine comes from ``agenda.db.upgrade`` (or the URL on the command line)."""

from alembic import context

from agenda.db import make_engine
from agenda.models import Base
from agenda.models.search import is_modelled

config = context.config
engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=lambda name, type_, parent: type_ != "table" or is_modelled(name),
    )
    context.run_migrations()
