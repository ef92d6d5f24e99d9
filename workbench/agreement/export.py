"""An agreement report as CSV (the figures of its tables, one row per code plus pooled) or JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from workbench.agreement.report import AgreementReport
from workbench.agreement.table import csv_table
from workbench.text.csvwrite import csv_rows


def report_csv(report: AgreementReport, long: bool = False) -> str:
    """The report's CSV: every figure the tables show, as `agreement.table.csv_table` lays
    it out (wide, or one row per figure with `long`)."""
    table = csv_table(report, long)
    return csv_rows([table.headers, *(row.cells for row in table.rows)])


def report_json(report: AgreementReport) -> dict[str, Any]:
    """The whole report as plain JSON-ready data (coefficients as {value, note})."""
    return asdict(report) | {"outside_note": report.outside_note}
