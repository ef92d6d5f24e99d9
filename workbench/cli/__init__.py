"""The `workbench` command line: a thin shell over the core library (imports stay lazy)."""

from workbench.cli import agreement as agreement
from workbench.cli import (
    anonymise,
    codebook,
    codings,
    demo,
    exchange,
    history,
    memos,
    methods,
    transcripts,
)
from workbench.cli import assist as assist
from workbench.cli import html_report as html_report
from workbench.cli import reports as reports
from workbench.cli import saturation as saturation
from workbench.cli import suggest as suggest
from workbench.cli import tui as tui_commands
from workbench.cli.base import main

__all__ = [
    "anonymise",
    "codebook",
    "codings",
    "demo",
    "exchange",
    "history",
    "main",
    "memos",
    "methods",
    "transcripts",
    "tui_commands",
]
