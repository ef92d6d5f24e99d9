"""Alembic environment: runs workbench migrations on the engine the caller hands over."""

from alembic import context
from sqlalchemy import create_engine, text

from workbench.store import tables
from workbench.store.models import Base

config = context.config
tables.add_top_level_name_index()  # the one index that names both dialects' options
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # `alembic` on the command line: -x url=...
        engine = create_engine(context.get_x_argument(as_dictionary=True)["url"])
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two processes opening an old project at once: the second waits here, then
            # finds the schema at head and has nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(8354179)"))
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs batch mode to alter tables
        )
        context.run_migrations()


run_migrations_online()
