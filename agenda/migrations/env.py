"""Alembic environment: the engine comes from ``agenda.db.upgrade`` (or the URL on the command line)."""

from alembic import context

from agenda.db import make_engine
from agenda.models import Base

config = context.config
engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
