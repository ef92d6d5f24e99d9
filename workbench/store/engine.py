"""Project locations, database engines and migrations (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError

from workbench.errors import ProjectError
from workbench.resources import schema_dir

DEFAULT_PROJECT = "workbench.db"
PROJECT_ENV = "WORKBENCH_PROJECT"
BUSY_TIMEOUT_MS = 10_000


def project_url(value: str | None = None) -> str:
    """A SQLAlchemy URL for a `-p` value: a URL as given, or a SQLite file path."""
    value = value or os.environ.get(PROJECT_ENV) or DEFAULT_PROJECT
    if "://" in value:
        try:
            url = make_url(value)
        except (ArgumentError, ValueError) as error:  # e.g. a port that is not a number
            shown = re.sub(r"//[^@/]*@", "//", value)  # no password in the message
            raise ProjectError(f"cannot use the database URL {shown}: {error}") from None
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    # Built, not formatted: a '?' or '%' in a file name is part of the name, not of the URL.
    path = str(Path(value).expanduser().resolve())
    return URL.create("sqlite", database=path).render_as_string(hide_password=False)


@contextmanager
def scratch_schema(server_url: str, prefix: str = "wb") -> Iterator[str]:
    """A project location in a new, empty PostgreSQL schema on `server_url`, dropped on exit.

    For tests and benchmarks that need a throwaway PostgreSQL project.
    """
    url = make_url(project_url(server_url))
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def refuses_value(error: BaseException) -> bool:
    """Whether `error` is the database refusing a value (too long for its column, a
    character it cannot hold): bad input rather than a bug."""
    return isinstance(error, DataError)


def driver_reason(error: DBAPIError) -> str:
    """The driver's own first line, without SQLAlchemy's statement and link."""
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)


def could_not_connect(error: BaseException) -> bool:
    """Whether `error` is a failed attempt to connect to the database server (down, being
    restarted, out of the network's reach, or refusing the login): psycopg gives the
    attempt's connection (`pgconn`) to such an error, and to no other."""
    return isinstance(error, DBAPIError) and getattr(error.orig, "pgconn", None) is not None


def lost_connection(error: BaseException) -> bool:
    """Whether `error` is the connection to the database server lost during a command (the
    server restarted, the network dropped, an admin ended the session): the environment,
    not a bug. SQLAlchemy's own disconnect test decides, for every driver; it has also
    discarded the pool's connections, so the next transaction connects anew."""
    return isinstance(error, DBAPIError) and error.connection_invalidated


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    # A server connection that died while idle in the pool (a restart while the TUI sat
    # open) is replaced at checkout, before a transaction uses it: pre-ping, one round trip.
    server = make_url(url).get_backend_name() != "sqlite"
    engine = create_engine(url, future=True, pool_pre_ping=server)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(schema_dir() / "migrations"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema revision, all of it or none of it."""
    from alembic import command

    if engine.dialect.name != "sqlite":  # PostgreSQL's DDL is transactional already
        command.upgrade(_alembic_config(engine), "head")
        return
    migrating = transactional_engine(str(engine.url))
    try:
        command.upgrade(_alembic_config(migrating), "head")
    finally:
        migrating.dispose()


def transactional_engine(url: str) -> Engine:
    """A SQLite engine whose transactions hold DDL too, and take the write lock at once.

    Python's sqlite3 runs CREATE and DROP outside any transaction, so a migration killed
    half-way (a table rebuilt by copy-and-move) would leave the file between two schemas.
    Here every transaction is an explicit BEGIN IMMEDIATE: a migration is all or nothing,
    and two processes opening an old project at once upgrade it one after the other.
    """
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _manual_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


# The newest migration in schema/migrations; a test checks it against Alembic's own view.
# Knowing it here lets opening a current project skip importing Alembic (a third of a second).
SCHEMA_REVISION = "0009"


def is_project(engine: Engine) -> bool:
    return "alembic_version" in inspect(engine).get_table_names()


def project_revision(engine: Engine) -> tuple[bool, str | None]:
    """Whether the database holds a project, and the revision its schema is at.

    One query on a project: the catalog (a costly first query on PostgreSQL) is asked only
    when reading the revision fails, to tell a database without a project from an error.
    """
    try:
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            return True, revision.scalar()
    except DBAPIError:
        if is_project(engine):
            raise
        return False, None


def head_revision() -> str:
    """The newest revision as Alembic sees it in schema/migrations."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(schema_dir() / "migrations")).get_current_head()
    if head is None:
        raise ProjectError("schema/migrations holds no revision")
    return head


def is_known_revision(revision: str) -> bool:
    """Whether `revision` is one of schema/migrations' revisions (imports Alembic)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(schema_dir() / "migrations"))
    return any(script.revision == revision for script in scripts.walk_revisions())
