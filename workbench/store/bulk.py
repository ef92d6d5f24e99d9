"""Rows in bulk: the driver's own row tuples and integer columns as numpy arrays for reads,
the driver's executemany (or PostgreSQL's COPY) for inserts."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from sqlalchemy.orm import Session


def plain_rows(session: Session, statement: Executable) -> list[tuple[Any, ...]]:
    """`driver_rows` within an ORM session's transaction."""
    return driver_rows(session.connection(), statement)


def driver_rows(connection: Connection, statement: Executable) -> list[tuple[Any, ...]]:
    """Every row as the database driver's tuple: building SQLAlchemy Row objects for
    100,000 rows of plain integers costs more than reading them."""
    result = connection.execute(statement)
    try:
        with collector_paused():
            return list(result.cursor.fetchall())
    finally:
        result.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while 100,000 rows' tuples and lists (which hold no cycles)
    are made: the collector would walk every object of the process again and again, a
    third of a bulk read's time and of an import's validation."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def int_array(rows: Iterable[Sequence[Any]], width: int) -> npt.NDArray[np.int64]:
    """(n, width) int64 array of rows holding `width` integers each (straight from the
    values: numpy probing each SQLAlchemy Row by key costs 40 times more)."""
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64)
    return flat.reshape(-1, width)


BULK_CACHE_KIB = 64 * 1024


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (values of `columns`, in that order) in the session's transaction.

    Past SQLAlchemy's per-row parameter handling, which costs more than the insert: the
    driver's executemany on SQLite, COPY on PostgreSQL. Values the column type converts on
    the way in (SQLite's datetimes as text) go through the dialect's own converter, once
    per distinct value."""
    with ChunkedInsert(session, table, columns, threaded=False) as insert:
        insert.add(rows)


class ChunkedInsert:
    """`insert_rows` for rows that come chunk by chunk, all in the session's transaction.

    On PostgreSQL each chunk's COPY runs in a thread while the caller makes the next: the
    server's work on each row (its indexes, and the foreign-key triggers that fire per row
    at the end of the COPY: most of an import's time there) then runs on another core than
    the caller's Python. The caller must not use the session between `add` and `wait`;
    leaving the `with` waits for the last chunk and raises its error. `suffix` ends every
    row (values the rows share, such as when they were made)."""

    def __init__(
        self,
        session: Session,
        table: Table,
        columns: Sequence[str],
        *,
        suffix: tuple[Any, ...] = (),
        threaded: bool = True,
    ):
        self.suffix = suffix
        self.connection = connection = session.connection()
        dialect = connection.dialect
        self.postgresql = dialect.name == "postgresql"
        self.converters: list[tuple[int, Callable[[Any], Any]]] = []
        for index, name in enumerate(columns):
            convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                self.converters.append((index, convert))
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in columns)
        target = quote(table.name)
        if self.postgresql:
            self.statement = f"COPY {target} ({names}) FROM STDIN"
        else:
            self.statement = (
                f"INSERT INTO {target} ({names}) VALUES ({', '.join('?' * len(columns))})"
            )
        self.threaded = threaded and self.postgresql
        self._pending: Future[None] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._cache: int | None = None

    def __enter__(self) -> ChunkedInsert:
        if not self.postgresql:
            # A page cache that holds the table's indexes while they grow (SQLite's default
            # is 2 MB): a third less time for 100,000 rows. Only for this insert; the
            # memory is taken as pages are read.
            self._cache = int(self.connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
            self.connection.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        try:
            if error is None:
                self.wait()
            elif self._pending is not None:  # the session is ours again before it rolls back
                self._pending.exception()
        finally:
            if self._executor is not None:
                self._executor.shutdown()
            if self._cache is not None:
                self.connection.exec_driver_sql(f"PRAGMA cache_size = {self._cache}")

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        """Insert these rows after those added before (on PostgreSQL, once these are in)."""
        if not rows:
            return
        if self.suffix:
            rows = [(*row, *self.suffix) for row in rows]
        if self.converters:
            rows = _converted(rows, self.converters)
        self.wait()
        if not self.postgresql:
            self.connection.exec_driver_sql(self.statement, list(rows))
        elif not self.threaded:
            self._copy(rows)
        else:
            if self._executor is None:
                # Imported here: most commands that import this module insert nothing.
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(1, thread_name_prefix="copy")
            self._pending = self._executor.submit(self._copy, rows)

    def wait(self) -> None:
        """Until the rows added are in; raises the database's error if it refused them."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def _copy(self, rows: Sequence[Sequence[Any]]) -> None:
        driver = self.connection.connection.driver_connection
        dbapi_error = self.connection.dialect.loaded_dbapi.Error
        try:
            with driver.cursor().copy(self.statement) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
        except dbapi_error as error:
            # Wrapped as SQLAlchemy wraps every other statement's error, so that the
            # store's one-line answers (read-only, busy, a refused value, the server's
            # connection lost: the pool's pre-ping replaces it) apply to it too.
            lost = self.connection.dialect.is_disconnect(error, driver, None)
            raise DBAPIError.instance(
                self.statement, None, error, dbapi_error, connection_invalidated=lost
            ) from error


def _converted(
    rows: Sequence[Sequence[Any]], converters: list[tuple[int, Callable[[Any], Any]]]
) -> list[tuple[Any, ...]]:
    """The rows with each converted column's values as the dialect stores them (each
    distinct value converted once: a bulk insert's rows share one timestamp)."""
    out = [tuple(row) for row in rows]
    for index, convert in converters:
        done: dict[Any, Any] = {}
        for value in {row[index] for row in out}:
            done[value] = convert(value)
        out = [(*row[:index], done[row[index]], *row[index + 1 :]) for row in out]
    return out
