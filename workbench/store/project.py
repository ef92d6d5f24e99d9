"""The Project facade: opens a store, runs transactions, and answers read queries."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    OperationalError,
    ProgrammingError,
)

from workbench.domain import (
    CodingInfo,
    EventInfo,
    TranscriptDoc,
    TranscriptSummary,
)
from workbench.errors import ProjectError
from workbench.store import tables
from workbench.store.engine import (
    BUSY_TIMEOUT_MS,
    SCHEMA_REVISION,
    could_not_connect,
    driver_reason,
    is_known_revision,
    is_project,
    lost_connection,
    make_engine,
    migrate,
    project_revision,
    project_url,
)
from workbench.text.order import natural_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from workbench.store import models as m

# The ORM (sqlalchemy.orm and the models) is imported by the first session, not here: read
# paths that a short command takes (`transcripts list`) query the Core tables without it.

ACTOR_ENV = "WORKBENCH_USER"  # the name the log records when no coder is given
CODER_NAME_MAX = 100  # the column's length: PostgreSQL refuses longer
ACTOR_MAX = 100


def default_actor() -> str:
    """Who the audit log names when the user does not say: $WORKBENCH_USER or the login."""
    try:
        return os.environ.get(ACTOR_ENV) or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


@dataclass
class _Transaction:
    """How far a `Project.session` transaction got: its block done, its COMMIT sent."""

    committing: bool = False


class Project:
    """One project store. Every write runs in one transaction: all of it lands or none."""

    def __init__(self, engine: Engine, location: str, actor: str | None = None):
        self.engine = engine
        self.location = location
        self.actor = (actor or default_actor())[:ACTOR_MAX]  # the audit log's column
        # Set by a front end whose actor is the login: checks it (the anonymisation gate)
        # when the log first names it, inside that write, so a refusal leaves nothing.
        self.screen_actor: Callable[[str], str] | None = None
        self._session_factory: sessionmaker[Session] | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def init(cls, value: str | None = None, actor: str | None = None) -> Project:
        """Create a new project (a SQLite file or an empty PostgreSQL database/schema)."""
        url = project_url(value)
        path = _sqlite_path(url)
        if path is not None:
            if path.exists() and path.stat().st_size > 0:
                raise ProjectError(f"{path} exists already; choose another path")
            if not path.parent.is_dir():
                raise ProjectError(f"folder {path.parent} does not exist")
        engine = _connect(url)
        if is_project(engine):
            raise ProjectError(f"{_display(url)} is a workbench project already")
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:  # kept in the file: set once, here
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        try:
            migrate(engine)
        except ProgrammingError as error:  # e.g. a PostgreSQL schema that does not exist
            reason = driver_reason(error)
            raise ProjectError(f"cannot create a project at {_display(url)}: {reason}") from error
        project = cls(engine, _display(url), actor)
        with project.session() as session:
            project.log(session, "project.init", _display(url))
        return project

    @classmethod
    def open(cls, value: str | None = None, actor: str | None = None) -> Project:
        """Open an existing project, upgrading its schema if it is older than this program."""
        url = project_url(value)
        path = _sqlite_path(url)
        if path is not None and not path.exists():
            raise ProjectError(f"no project at {path}; create one with `workbench init -p {path}`")
        engine = _connect(url)
        found, revision = project_revision(engine)
        if not found:
            raise ProjectError(f"{_display(url)} is not a workbench project")
        if revision != SCHEMA_REVISION:
            _check_upgradable(revision, _display(url))
            _upgrade(engine, revision, _display(url))
        return cls(engine, _display(url), actor)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sessions(self) -> Session:
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker

            import workbench.store.models  # noqa: F401  (every table mapped before a session)

            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._session_factory()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        transaction = _Transaction()
        with self._store_errors(transaction), self._sessions() as session, session.begin():
            yield session
            session.flush()  # the block's changes sent: what fails from here on is the COMMIT
            transaction.committing = True

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A transaction on a Core connection, for reads that need no ORM objects (and so
        none of the ORM's set-up: what makes a short command start fast)."""
        with self._store_errors(), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _store_errors(self, transaction: _Transaction | None = None) -> Iterator[None]:
        """The database's refusals and failures that a user can act on (busy, unwritable,
        the server gone or its connection lost), as one-line ProjectErrors; `transaction`
        says whether the failure came at its COMMIT (a `reading` one writes nothing)."""
        try:
            yield
        except DBAPIError as error:
            if isinstance(error, OperationalError) and _is_busy(error):
                raise ProjectError(
                    f"{self.location} is busy: another program has been writing to it for "
                    f"{BUSY_TIMEOUT_MS // 1000} s (a long import?); try again when it is done"
                ) from error
            if could_not_connect(error):  # the server went away while the project was open
                raise ProjectError(
                    f"cannot connect to the database server of {self.location} "
                    f"({driver_reason(error)}): the transaction could not begin, so none of it "
                    "was saved; try again once the server is back"
                ) from error
            committing = transaction is not None and transaction.committing
            _raise_if_unusable(error, self.location, committing)
            raise

    @contextmanager
    def writing(self, changes_codebook: bool = True) -> Iterator[Session]:
        """A transaction that holds the writer lock before its first read, so that what it
        checks stays true until it commits.

        On SQLite it begins with BEGIN IMMEDIATE: one writer at a time, and none reads a
        codebook that another is changing. On PostgreSQL it takes the project's codebook
        lock: exclusive for a codebook change (and a transcript's removal), shared for a
        coding (codings run side by side; a merge, retire or removal waits for them, and
        they for it). Waiting for the lock is bounded by the busy timeout (SQLite retries
        until then); then the one-line "busy".
        """
        with self.session() as session:
            take_write_lock(session, exclusive=changes_codebook)
            yield session

    def log(
        self,
        session: Session,
        action: str,
        target: str = "",
        detail: str = "",
        why: str = "",
        actor: str | None = None,
    ) -> None:
        from workbench.store import models as m

        if actor is None and self.screen_actor is not None:
            self.actor = self.screen_actor(self.actor)[:ACTOR_MAX]
            self.screen_actor = None
        session.add(
            m.Event(actor=actor or self.actor, action=action, target=target, detail=detail, why=why)
        )

    # -- reading -----------------------------------------------------------------------------

    def change_token(self) -> tuple[int, int, int]:
        """Changes when the codebook, anyone's codings or a coder's history change (the
        newest event, coding action and coding): cheap enough to ask on every screen switch."""
        newest = [
            select(func.coalesce(func.max(table.c.id), 0)).scalar_subquery()
            for table in (tables.event, tables.coding_action, tables.coding)
        ]
        with self.reading() as connection:
            event, action, coding = connection.execute(select(*newest)).one()
            return int(event), int(action), int(coding)

    def row_counts(self) -> dict[str, int]:
        """Rows per table: what tests compare before and after a refused operation."""
        with self.reading() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table)) or 0
                for table in tables.metadata.sorted_tables
            }

    def transcripts(self) -> list[TranscriptSummary]:
        utterance, attribute = tables.utterance.c, tables.attribute.c
        transcript = tables.transcript.c
        with self.reading() as connection:
            utterances: dict[int, int] = {
                tid: count
                for tid, count in connection.execute(
                    select(utterance.transcript_id, func.count()).group_by(utterance.transcript_id)
                )
            }
            attributes: dict[int, dict[str, str]] = {}
            for tid, name, value in connection.execute(
                select(attribute.transcript_id, attribute.name, attribute.value).order_by(
                    attribute.id
                )
            ):
                attributes.setdefault(tid, {})[name] = value
            rows = connection.execute(
                select(
                    transcript.id,
                    transcript.name,
                    transcript.source_name,
                    transcript.source_format,
                    transcript.words,
                    func.length(transcript.text),
                )
            ).all()
            # Ordered here, not by the database: its collation varies between servers.
            rows = sorted(rows, key=lambda row: natural_key(row[1]))
            return [
                TranscriptSummary(
                    name=name,
                    source_name=source,
                    source_format=fmt,
                    words=words,
                    characters=chars,
                    utterances=utterances.get(tid, 0),
                    attributes=attributes.get(tid, {}),
                )
                for tid, name, source, fmt, words, chars in rows
            ]

    def transcript(self, name: str) -> TranscriptDoc:
        from workbench.store.document_rows import read_document

        with self.reading() as connection:
            return read_document(connection, name)

    def documents(self, names: Iterable[str]) -> dict[str, TranscriptDoc]:
        """Several transcripts' texts and utterances in three queries, by name."""
        from workbench.store.document_rows import read_documents

        with self.reading() as connection:
            return {doc.name: doc for doc in read_documents(connection, set(names))}

    def codings(
        self, coders: list[str] | None = None, transcripts: list[str] | None = None
    ) -> list[CodingInfo]:
        """Codings (optionally of some coders / transcripts) with code paths, in text order."""
        from workbench.store.document_rows import coding_infos

        with self.reading() as connection:
            return coding_infos(connection, coders, transcripts)

    def coders(self) -> list[str]:
        with self.reading() as connection:
            return sorted(connection.scalars(select(tables.coder.c.name)), key=natural_key)

    def attribute_names(self) -> list[str]:
        """The transcript attributes the project has (group, number, year...)."""
        with self.reading() as connection:
            names = connection.scalars(select(tables.attribute.c.name).distinct())
            return sorted(names, key=natural_key)

    def events(self, action_prefix: str = "") -> list[EventInfo]:
        event = tables.event.c
        query = select(event.at, event.actor, event.action, event.target, event.detail, event.why)
        if action_prefix:
            query = query.where(event.action.startswith(action_prefix))
        with self.reading() as connection:
            return [EventInfo(*row) for row in connection.execute(query.order_by(event.id))]

    def setting(self, key: str, default: str = "") -> str:
        return self.settings([key]).get(key, default)

    def settings(self, keys: Iterable[str]) -> dict[str, str]:
        """The values of those of `keys` that are set, by key, in one read."""
        with self.reading() as connection:
            return read_settings(connection, keys)


def read_settings(connection: Connection, keys: Iterable[str]) -> dict[str, str]:
    """`Project.settings` within a read that reads more."""
    setting = tables.setting.c
    query = select(setting.key, setting.value).where(setting.key.in_(set(keys)))
    return {str(key): str(value) for key, value in connection.execute(query)}


# The codebook's PostgreSQL advisory lock: this key with the project's schema (advisory
# locks belong to the whole database, and one database may hold several projects).
CODEBOOK_LOCK_KEY = 0x636F6465  # "code"
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout


def take_write_lock(session: Session, exclusive: bool = True) -> None:
    """Take the writer lock as the transaction's first statement (see `Project.writing`)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # pysqlite opens its transaction only before a write; opened here by hand, the
        # lock is held from the first read (and the busy timeout bounds the wait).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    connection.execute(text(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}"))
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    connection.execute(
        text(f"SELECT {function}(:key, hashtext(current_schema()))"),
        {"key": CODEBOOK_LOCK_KEY},
    )


def _is_busy(error: OperationalError) -> bool:
    """Whether the database refused because another program holds its lock too long."""
    if getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return "database is locked" in str(error.orig)


def transcript_by_name(session: Session, name: str) -> m.Transcript:
    from workbench.store import models as m

    row = session.scalar(select(m.Transcript).where(m.Transcript.name == name))
    if row is None:
        raise ProjectError(f"no transcript named '{name}'")
    return row


def coder_by_name(session: Session, name: str, create: bool = False) -> m.Coder:
    """The coder named `name` without the spaces around it (" anna " is anna), or as written
    if an older version stored the name so; `create` adds one that is missing."""
    from workbench.store import models as m

    row = session.scalar(select(m.Coder).where(m.Coder.name == name))
    if row is None and name != name.strip():
        name = name.strip()
        row = session.scalar(select(m.Coder).where(m.Coder.name == name))
    if row is None:
        if not create:
            raise ProjectError(f"no coder named '{name}'")
        if not name.strip() or len(name) > CODER_NAME_MAX:
            raise ProjectError(f"a coder name has 1 to {CODER_NAME_MAX} characters")
        # Another process may add the same coder at this moment: insert unless it is there.
        # (A savepoint would not do: on pysqlite, releasing one can commit everything.)
        # The dialects' own INSERT, imported here: loading PostgreSQL's costs every process.
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql

            session.execute(postgresql.insert(m.Coder).values(name=name).on_conflict_do_nothing())
        else:
            from sqlalchemy.dialects import sqlite

            session.execute(sqlite.insert(m.Coder).values(name=name).on_conflict_do_nothing())
        row = session.scalars(select(m.Coder).where(m.Coder.name == name)).one()
    return row


def _connect(url: str) -> Engine:
    try:
        engine = make_engine(url)
    except (ArgumentError, ImportError, ValueError) as error:  # no such driver, bad port
        raise ProjectError(f"cannot use the database URL {_display(url)}: {error}") from error
    try:
        with engine.connect():
            pass
    except DatabaseError as error:  # unreachable server, or a file that is no database
        _raise_if_unusable(error, _display(url))  # e.g. a WAL project in a read-only folder
        reason, database = driver_reason(error), make_url(url).database
        if engine.dialect.name == "postgresql" and f'database "{database}" does not' in reason:
            raise ProjectError(
                f"cannot open {_display(url)}: the database '{database}' does not exist on the "
                f"server; create it first (createdb {database})"
            ) from error
        raise ProjectError(f"cannot open {_display(url)}: {reason}") from error
    return engine


def _check_upgradable(revision: str | None, shown: str) -> None:
    """Refuse, in one line, a schema revision this program cannot upgrade from: none, an
    empty one, a newer one or one it has never heard of."""
    if not revision or not revision.strip():
        raise ProjectError(
            f"{shown} records no schema revision (alembic_version holds none): it was "
            "not made by workbench, or another program changed it"
        )
    if _is_newer(revision):
        raise ProjectError(
            f"{shown} was made by a newer workbench (schema {revision[:20]}; this "
            f"one knows up to {SCHEMA_REVISION}): upgrade workbench to open it"
        )
    if not is_known_revision(revision):
        raise ProjectError(
            f"{shown} has schema revision '{revision[:20]}', which no workbench made (this "
            f"one knows up to {SCHEMA_REVISION}): it was changed by another program"
        )


def _is_newer(revision: str) -> bool:
    """Whether `revision` is a number above SCHEMA_REVISION, compared as digits: int() of
    a few thousand digits raises."""
    if not (revision.isascii() and revision.isdigit()):
        return False
    digits, head = revision.lstrip("0"), SCHEMA_REVISION.lstrip("0")
    return (len(digits), digits) > (len(head), head)


# SQLite's read-only file or folder; PostgreSQL's read-only transaction, missing privilege.
_UNWRITABLE_SQLSTATES = {"25006", "42501"}


def _upgrade(engine: Engine, revision: str | None, shown: str) -> None:
    """Bring an older project to SCHEMA_REVISION. All steps run in one transaction, so a
    failed one leaves the project at `revision`; the failure is one line that says so."""
    try:
        migrate(engine)
    except Exception as error:  # a step the database refused, or a step's own code
        if isinstance(error, DBAPIError):
            reason = driver_reason(error)
            if _is_unwritable(error):
                reason = (
                    f"it cannot be written ({reason}): check that its file and folder are "
                    "writable, or use a copy"
                )
        else:
            first = (str(error).strip().splitlines() or [""])[0]
            reason = f"{type(error).__name__}: {first} (--debug says where)"
        raise ProjectError(
            f"could not upgrade {shown} from schema {revision} to {SCHEMA_REVISION} (it is "
            f"left as it was): {reason}"
        ) from error


def _is_unwritable(error: DBAPIError) -> bool:
    """Whether the database refused `error`'s write because the project cannot be written
    (a read-only file, folder or server)."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    return "readonly database" in driver_reason(error) or sqlstate in _UNWRITABLE_SQLSTATES


def _raise_if_unusable(error: DBAPIError, shown: str, committing: bool = False) -> None:
    """A one-line ProjectError if `error` comes from where the project is rather than from
    the command (a folder or file that cannot be written, the server's connection lost),
    else nothing. `committing`: the connection was lost while the transaction committed."""
    if getattr(error.orig, "sqlite_errorname", None) == "SQLITE_READONLY_DIRECTORY":
        # WAL mode: every connection, even one that only reads, creates or opens the
        # `-wal` and `-shm` files beside the project (a read-only open does not help).
        folder, name = Path(shown).parent, Path(shown).name
        raise ProjectError(
            f"{shown} cannot be opened: its folder {folder} cannot be written, and SQLite "
            f"keeps {name}-wal and {name}-shm beside the project even to read it: make the "
            "folder writable (the file's own permission is not enough), or copy the project "
            "to a folder you can write"
        ) from error
    if lost_connection(error):
        # The rollback on the way out finds the connection gone too, and its error hides
        # the one that says why ("terminating connection due to administrator command").
        while isinstance(error.__context__, DBAPIError) and lost_connection(error.__context__):
            error = error.__context__
        if committing:
            raise ProjectError(
                f"lost the connection to the database server of {shown} while it committed "
                f"({driver_reason(error)}): the change may or may not be saved; look (workbench "
                "log) before trying again"
            ) from error
        raise ProjectError(
            f"lost the connection to the database server of {shown} ({driver_reason(error)}): "
            "the server rolled back the unfinished transaction, so none of it was saved; "
            "try again"
        ) from error
    if _is_unwritable(error):
        raise ProjectError(
            f"{shown} cannot be written ({driver_reason(error)}): check that its file and folder "
            "are writable, or use a copy"
        ) from error


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def _display(url: str) -> str:
    """The project as the user named it: a file's path, or the URL without its password and
    with `postgresql://` as typed (not the driver `project_url` chose)."""
    path = _sqlite_path(url)
    if path is not None:
        return str(path)
    parsed = make_url(url)._replace(password=None)  # `set` leaves a password None as it was
    if parsed.drivername == "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)
