"""Writing output files so that they cannot destroy a project: refused targets, no silent
overwrite, and temporary files moved into place so a failed write leaves the old files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import suppress
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


def check_targets(
    outs: Iterable[Path], *, protect: Iterable[Path] = (), force: bool = False
) -> None:
    """`check_target` for each of `outs`, and refuse one file named twice: the second
    would replace the first."""
    protect = list(protect)
    seen: set[Path] = set()
    for out in outs:
        check_target(out, protect=protect, force=force)
        resolved = out.expanduser().resolve()
        if resolved in seen:
            raise WorkbenchError(f"{out} is named twice; give each output its own file")
        seen.add(resolved)


def write_file(
    out: Path, data: bytes | str, *, protect: Iterable[Path] = (), force: bool = False
) -> None:
    """Check `out` (see `check_target`), then write `data` (text as UTF-8, line ends as given)
    beside it and move it into place."""
    write_files([(out, data)], protect=protect, force=force)


def write_files(
    outputs: Sequence[tuple[Path, bytes | str]],
    *,
    protect: Iterable[Path] = (),
    force: bool = False,
) -> None:
    """Write every (target, data) of `outputs` all or nothing: each target checked (see
    `check_target`), each written beside its target, and moved into place only when every
    one is complete. A failed write (a full disk, a folder that cannot be written) leaves
    every target as it was, and no partial file behind; so does a failed move (a file
    open in another program, on Windows): the targets moved before it are put back."""
    check_targets([out for out, _ in outputs], protect=protect, force=force)
    partials: list[tuple[Path, Path]] = []
    try:
        for out, data in outputs:
            partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
            partials.append((partial, out))
            try:
                partial.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            except OSError as error:
                raise _cannot_write(out, error) from error
        _move_all(partials)
    finally:  # a failure, ctrl+c or a bug before every move is done: no stray partial file
        for partial, _ in partials:
            partial.unlink(missing_ok=True)


def _move_all(partials: list[tuple[Path, Path]]) -> None:
    """Move each partial file onto its target, the old target kept aside (beside it, as
    `.NAME.PID.old`) until every move is done; if one fails, the targets moved before it get
    their old versions back."""
    moved: list[tuple[Path, Path | None]] = []  # (target, its old version set aside)
    try:
        for number, (partial, out) in enumerate(partials, 1):
            # The last move needs no way back (one file is replaced in one step, as ever).
            last = number == len(partials)
            aside = out.with_name(f".{out.name}.{os.getpid()}.old")
            kept = None if last or not out.exists() else aside
            try:
                if kept is not None:
                    os.replace(out, kept)
                    moved.append((out, kept))
                os.replace(partial, out)
                if kept is None and not last:  # a new file: taken away only once it is ours
                    moved.append((out, None))
            except OSError as error:
                raise _cannot_write(out, error) from error
    except BaseException:
        for out, kept in reversed(moved):
            # Best effort: an old version that cannot go back stays beside its target.
            with suppress(OSError):
                if kept is None:
                    out.unlink(missing_ok=True)
                else:
                    os.replace(kept, out)
        raise
    for _, kept in moved:
        if kept is not None:
            kept.unlink(missing_ok=True)


def _cannot_write(out: Path, error: OSError) -> WorkbenchError:
    return WorkbenchError(f"cannot write {out}: {error.strerror or error}")


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
