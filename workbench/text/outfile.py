"""Writing an output file so that it cannot destroy a project: refused targets, no silent
overwrite, and a temporary file moved into place so a failed write leaves the old file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from workbench.errors import WorkbenchError

SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def project_file(location: str) -> Path | None:
    """The SQLite file of a `-p` value, or None for a database URL."""
    return None if "://" in location else Path(location).expanduser()


def check_target(out: Path, *, protect: Iterable[Path] = (), force: bool = False) -> None:
    """Refuse `out` if it is a protected file (the project, with its -wal/-shm/-journal, or an
    input of the command), a folder, any SQLite database, or, without `force`, a file that
    exists already."""
    target = out.expanduser().resolve()  # a symlink to the project is the project
    for path in protect:
        own = path.expanduser().resolve()
        if target == own or target in {own.with_name(own.name + s) for s in SQLITE_COMPANIONS}:
            raise WorkbenchError(
                f"{out} is the project (or an input of this command); choose another file name"
            )
    if target.is_dir():
        raise WorkbenchError(f"{out} is a folder; name a file in it")
    if not target.exists():
        return
    if not target.is_file():
        raise WorkbenchError(f"{out} is not a regular file; choose another file name")
    if _is_sqlite(target):
        raise WorkbenchError(
            f"{out} is a SQLite database (a project?): it is never overwritten; choose another "
            "file name"
        )
    if not force:
        raise WorkbenchError(f"{out} exists already; pass --force to replace it")


def write_file(
    out: Path, data: bytes | str, *, protect: Iterable[Path] = (), force: bool = False
) -> None:
    """Check `out` (see `check_target`), then write `data` (text as UTF-8, line ends as given)
    beside it and move it into place."""
    protect = list(protect)
    check_target(out, protect=protect, force=force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(payload)
        os.replace(partial, out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise WorkbenchError(f"cannot write {out}: {error.strerror}") from error
    except BaseException:  # ctrl+c or a bug between the write and the move: no stray file
        partial.unlink(missing_ok=True)
        raise


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
