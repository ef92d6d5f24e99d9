"""The `workbench` command line: a thin shell over the core library (imports stay lazy)."""

from workbench.cli.base import main, run

__all__ = ["main", "run"]
