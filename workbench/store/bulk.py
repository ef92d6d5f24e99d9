"""Rows in bulk: the driver's own row tuples and integer columns as numpy arrays for reads,
the driver's executemany (or PostgreSQL's COPY) for inserts."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Table
from sqlalchemy.sql import Executable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def plain_rows(session: Session, statement: Executable) -> list[tuple[Any, ...]]:
    """`driver_rows` within an ORM session's transaction."""
    return driver_rows(session.connection(), statement)


def driver_rows(connection: Connection, statement: Executable) -> list[tuple[Any, ...]]:
    """Every row as the database driver's tuple: building SQLAlchemy Row objects for
    100,000 rows of plain integers costs more than reading them."""
    result = connection.execute(statement)
    # The collector would walk every object of the process again and again while 100,000
    # tuples of numbers (which hold no cycles) are made: a third of the read's time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return list(result.cursor.fetchall())
    finally:
        if collecting:
            gc.enable()
        result.close()


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
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            converters.append((index, convert))
    if converters:
        rows = _converted(rows, converters)
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    target = quote(table.name)
    if dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    # A page cache that holds the table's indexes while they grow (SQLite's default is
    # 2 MB): a third less time for 100,000 rows. Only for this insert; the memory is
    # taken as pages are read.
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        connection.exec_driver_sql(f"INSERT INTO {target} ({names}) VALUES ({marks})", list(rows))
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache or 0)}")


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
