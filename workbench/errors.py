"""Errors the user can act on: each renders as one line naming the file and line."""

from __future__ import annotations

from collections.abc import Iterable

# Everything str.splitlines() splits at, shown as its escape instead.
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(text: str) -> str:
    """`text` (a name or value quoted in a message) with every line break shown escaped, so
    that it cannot split a one-line error in two."""
    return text.translate(_LINE_BREAKS)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """'; did you mean 'X'?' naming the choices closest to a mistyped `name`, or ''."""
    import difflib  # only when a name is wrong

    by_fold = {choice.casefold(): choice for choice in choices}
    wanted = name.strip().casefold()
    # A fragment of a longer name ("Funding" for "Projectised funding") is close too.
    close = [by_fold[c] for c in by_fold if len(wanted) >= 3 and wanted in c]
    close += [by_fold[c] for c in difflib.get_close_matches(wanted, by_fold, n=3, cutoff=0.75)]
    close = list(dict.fromkeys(close))[:3]
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{one_line(c)}'" for c in close) + "?"


class WorkbenchError(Exception):
    """Bad input or a refused operation; the CLI prints it as one line and exits 2."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.source is not None:
            where = f"{self.source}:{self.line}: " if self.line is not None else f"{self.source}: "
        return f"{where}{self.message}"


class IngestError(WorkbenchError):
    """A transcript file that cannot be read or parsed."""


class AnonymisationError(WorkbenchError):
    """A transcript that still contains identifiers, with every place they were found."""


class CodebookError(WorkbenchError):
    """An invalid codebook file or codebook operation; `field` names the value refused (a
    code's "name", "key", "colour", "why"), so that a form can put the cursor there."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ):
        super().__init__(message, source=source, line=line)
        self.field = field


class CodingError(WorkbenchError):
    """An invalid coding (offsets outside the text, offset drift, unknown code...)."""


class ProjectError(WorkbenchError):
    """A project that cannot be opened or a name that does not exist in it."""
