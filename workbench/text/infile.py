"""Reading an input file the user named: a regular file only, so that a named pipe, a device
or a folder is refused at once instead of blocking the import or reading without end."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workbench.errors import WorkbenchError

# Never blocks on open: a FIFO without a writer would otherwise hang before fstat can refuse it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_regular_file(
    path: Path, error: type[WorkbenchError] = WorkbenchError, cannot_read: str = "cannot read file"
) -> bytes:
    """The bytes of the file at `path`, which must be a regular file (or a link to one).

    Every failure is `error("<cannot_read>: <why>")` naming the file. The kind of file is
    checked before it is opened (opening some devices does something) and again on the
    open file, so a file swapped in between is refused too.
    """
    source = str(path)
    try:
        _check_regular(os.stat(path).st_mode, source, error, cannot_read)
        descriptor = os.open(path, _OPEN_FLAGS)
        with os.fdopen(descriptor, "rb") as handle:
            _check_regular(os.fstat(handle.fileno()).st_mode, source, error, cannot_read)
            return handle.read()
    except OSError as exc:
        raise error(f"{cannot_read}: {exc.strerror or exc}", source=source) from None


def check_regular_file(
    path: Path, error: type[WorkbenchError] = WorkbenchError, cannot_read: str = "cannot read file"
) -> None:
    """Refuse `path` unless it is a regular file (or a link to one), as `read_regular_file`
    does, for a reader that opens the file itself (a zip archive, a database, a file's head)."""
    try:
        _check_regular(os.stat(path).st_mode, str(path), error, cannot_read)
    except OSError as exc:
        raise error(f"{cannot_read}: {exc.strerror or exc}", source=str(path)) from None


def _check_regular(mode: int, source: str, error: type[WorkbenchError], cannot_read: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a special file"
    raise error(f"{cannot_read}: it is {kind}, not a regular file", source=source)
